// Who contributed what to a lineage measure: per developer, the summed amount and the models counted. Built only
// when a finding is explained, by walking the model's ancestors once.
import { ancestors, LineageIndex } from '../graph/lineage';
import { Amount, ZERO_AMOUNT, plus } from '../measure/amount';
import type { DeveloperContribution, ExactNumber, IntervalOut, MeasureSpec } from '../types';
import { add, Dec, parseDec, ZERO } from '../exact/decimal';
import { exactOf } from '../format/numbers';
import type { MeasureStore } from '../measure/store';
import { recordCounts } from '../measure/spec';
import { intervalOut } from './compare';

/** Above this many ancestors the breakdown is left out (the totals are still exact). */
export const MAX_BREAKDOWN_ANCESTORS = 1000;

/** The models a measure counts for model i (null when there are too many to list). */
export function membersOf(store: MeasureStore, spec: MeasureSpec, i: number): number[] | null {
  const ix = store.ix;
  const n = store.normal(spec);
  if (spec.scope === 'own') return [i];
  const anc = ancestors(ix, i, (r) => n.relations.has(r), MAX_BREAKDOWN_ANCESTORS);
  if (anc === null) return null;
  let members = spec.scope === 'base-lineage' ? anc : [...anc, i];
  const dev = ix.devKey[i];
  if (spec.scope === 'developer-lineage') members = members.filter((k) => ix.devKey[k] === dev);
  if (spec.scope === 'other-lineage') members = members.filter((k) => ix.devKey[k] !== dev);
  return members;
}

/** How the counted amounts were obtained: declared, 6·N·D, hardware, market price… (sorted, distinct). */
export function methodsOf(
  store: MeasureStore,
  spec: MeasureSpec,
  i: number,
  members: number[] | null = membersOf(store, spec, i),
): string[] {
  if (!members) return [];
  const n = store.normal(spec);
  const out = new Set<string>();
  for (const k of members) {
    const recs = store.ix.models[k].compute;
    const est = store.estimates.of(k);
    const market = n.market ? store.estimates.marketOf(k) : null;
    if (!recs || !est) {
      out.add('unknown');
      continue;
    }
    recs.forEach((r, j) => {
      if (recordCounts(n, r))
        out.add(spec.quantity === 'flop' ? est[j].flop.method : market ? market[j].method : est[j].cost.method);
    });
  }
  return [...out].sort();
}

export function byDeveloper(
  store: MeasureStore,
  spec: MeasureSpec,
  i: number,
  members: number[] | null = membersOf(store, spec, i),
): DeveloperContribution[] | null {
  const ix: LineageIndex = store.ix;
  const t = store.table(spec);
  if (!members) return null;
  const sums = new Map<string, { amount: Amount; models: string[]; own: boolean }>();
  for (const k of members) {
    const key = ix.models[k].developer ?? '(developer not given)';
    // Own: the model's developer or an affiliate of it (the same developer key).
    const e = sums.get(key) ?? { amount: ZERO_AMOUNT, models: [], own: ix.devKey[k] === ix.devKey[i] };
    e.amount = plus(e.amount, t.own[k]);
    e.models.push(ix.models[k].id);
    sums.set(key, e);
  }
  return [...sums]
    .map(([developer, e]) => ({
      developer,
      own: e.own,
      amount: intervalOut(e.amount),
      models: e.models.length,
      sample: e.models.slice(0, 5),
    }))
    .sort((a, b) => b.amount.low.value - a.amount.low.value || (a.developer < b.developer ? -1 : 1));
}

/** Both of a measure's breakdowns for model i (its members walked once). */
export function breakdownOf(
  store: MeasureStore,
  spec: MeasureSpec,
  i: number,
): { methods: string[]; byDeveloper: DeveloperContribution[] | null } {
  const members = membersOf(store, spec, i);
  return { methods: methodsOf(store, spec, i, members), byDeveloper: byDeveloper(store, spec, i, members) };
}

/** What the developers after the first few contributed, together (a bounded breakdown's remainder). */
export interface BreakdownRest {
  developers: number;
  models: number;
  amount: IntervalOut;
}

/**
 * A breakdown cut to its `top` largest contributors (it is sorted largest first) and the sum of the rest, exact;
 * the rest's high and central are null when any of theirs is.
 */
export function boundBreakdown(
  list: readonly DeveloperContribution[],
  top: number,
): { top: DeveloperContribution[]; rest: BreakdownRest | null } {
  if (list.length <= top) return { top: [...list], rest: null };
  const rest = list.slice(top);
  const sum = (pick: (c: DeveloperContribution) => ExactNumber | null): ExactNumber | null => {
    let acc: Dec = ZERO;
    for (const c of rest) {
      const x = pick(c);
      if (x === null) return null;
      acc = add(acc, parseDec(x.exact)!);
    }
    return exactOf(acc);
  };
  return {
    top: list.slice(0, top),
    rest: {
      developers: rest.length,
      models: rest.reduce((n, c) => n + c.models, 0),
      amount: {
        low: sum((c) => c.amount.low)!,
        high: sum((c) => c.amount.high),
        central: sum((c) => c.amount.central),
      },
    },
  };
}
