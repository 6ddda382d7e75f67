// Affiliate groups (organizations linked by affiliateOf, transitively, in either direction) and a group's annual
// revenue: "together with its affiliates" tests (CA SB 53, NY RAISE as amended) need the whole group's figure.
import { ZERO, add, cmp, fromNumber } from '../exact/decimal';
import type { Amount } from '../measure/amount';
import type { LineageIndex } from './lineage';

/** The organization and every organization linked to it by affiliateOf, sorted by id. */
export function affiliateGroup(ix: LineageIndex, org: string): string[] {
  const links = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    if (!links.has(a)) links.set(a, []);
    links.get(a)!.push(b);
  };
  for (const o of ix.orgs.values()) {
    if (o.affiliateOf !== undefined && o.affiliateOf !== o.id) {
      link(o.id, o.affiliateOf);
      link(o.affiliateOf, o.id);
    }
  }
  const seen = new Set<string>([org]);
  const stack = [org];
  while (stack.length > 0) {
    for (const next of links.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return [...seen].sort();
}

export interface GroupRevenue {
  /** null when no member of the group gives a figure for the year. */
  amount: Amount | null;
  /** How the figure was obtained, for the explanation. */
  basis: string;
}

/**
 * Revenue of `org` together with its affiliates for `year`. A figure counts as the group's unless it says
 * includesAffiliates: false (the lineage format defines revenueUsd as "together with affiliates"). Failing a group
 * figure, members' own figures are summed; a member without one leaves the sum a lower bound (high unknown).
 */
export function groupRevenue(ix: LineageIndex, org: string, year: number): GroupRevenue {
  const entry = (id: string) => ix.orgs.get(id)?.revenueUsd?.find((r) => r.year === year);
  const own = entry(org);
  if (own && own.includesAffiliates !== false) {
    const v = fromNumber(own.amount);
    return { amount: exact(v), basis: `${org}'s figure, taken as including its affiliates` };
  }
  const group = affiliateGroup(ix, org);
  let best: { id: string; amount: number } | undefined;
  for (const id of group) {
    const e = entry(id);
    if (
      id !== org &&
      e &&
      e.includesAffiliates !== false &&
      (!best || cmp(fromNumber(e.amount), fromNumber(best.amount)) > 0)
    ) {
      best = { id, amount: e.amount };
    }
  }
  if (best) return { amount: exact(fromNumber(best.amount)), basis: `group figure given by affiliate ${best.id}` };
  let sum = ZERO;
  const missing: string[] = [];
  const given: string[] = [];
  for (const id of group) {
    const e = entry(id);
    if (e) {
      sum = add(sum, fromNumber(e.amount));
      given.push(id);
    } else missing.push(id);
  }
  if (given.length === 0) return { amount: null, basis: `no figure for ${group.join(', ')}` };
  const amount: Amount = {
    lo: sum,
    hiKnown: sum,
    mid: missing.length > 0 ? null : sum,
    missing: missing.length,
    sample: missing.slice(0, 8),
    estimated: false,
  };
  const basis = `sum of own figures of ${given.join(', ')}${missing.length > 0 ? `; no figure for ${missing.join(', ')}, so this is a lower bound` : ''}`;
  return { amount, basis };
}

function exact(v: ReturnType<typeof fromNumber>): Amount {
  return { lo: v, hiKnown: v, mid: v, missing: 0, sample: [], estimated: false };
}
