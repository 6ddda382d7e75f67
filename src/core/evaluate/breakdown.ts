// Verdict counts per group of models: by publication year, developer organization or its country (`--by`).
// The same tables as `summarize`, counted over each group's models; a model lacking the field is in "unknown".
import type { LineageDocument, Model, Organization, Rule } from '../types';
import { releasedBy } from '../graph/released';
import { EvaluateOptions, Evaluator, readings, SummaryRow } from './engine';
import { EMPTY_REFERENCE } from '../estimate/reference';
import { withPriceScale } from '../estimate/price-scale';

export const BREAKDOWNS = ['year', 'organization', 'country'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface GroupSummary {
  /** The year, organization id or country; "unknown" when the model does not give it. */
  group: string;
  models: number;
  rules: SummaryRow[];
}

/**
 * The group of a model. Organization: the developer's parent when it names one (affiliateOf), so that a company's
 * labs count together; country: the developer organization's country.
 */
export function groupOf(m: Model, orgs: ReadonlyMap<string, Organization>, by: Breakdown): string {
  if (by === 'year') return m.released?.slice(0, 4) ?? 'unknown';
  const o = m.developer === undefined ? undefined : orgs.get(m.developer);
  if (by === 'organization') return o?.affiliateOf ?? m.developer ?? 'unknown';
  return o?.country ?? 'unknown';
}

export function summarizeBy(
  input: LineageDocument,
  rules: readonly Rule[],
  opts: EvaluateOptions,
  by: Breakdown,
): GroupSummary[] {
  const doc = opts.excludeUnreleased ? releasedBy(input, opts.asOf).doc : input;
  const ev = new Evaluator(doc, rules, opts.asOf, withPriceScale(opts.reference ?? EMPTY_REFERENCE, opts.priceScale));
  const wanted = opts.models ? new Set(opts.models) : null;
  const groups = new Map<string, Set<number>>();
  doc.models.forEach((m, i) => {
    if (wanted && !wanted.has(m.id)) return;
    const g = groupOf(m, ev.ix.orgs, by);
    if (!groups.has(g)) groups.set(g, new Set());
    groups.get(g)!.add(i);
  });
  const sel = opts.select ? new Set(opts.select) : null;
  const chosen = rules.filter((r) => !sel || sel.has(r.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Sorted by group name ("unknown" last); years sort in time order as strings.
  const keys = [...groups.keys()].sort((a, b) =>
    a === 'unknown' ? 1 : b === 'unknown' ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return keys.map((group) => {
    const idx = groups.get(group)!;
    const rows: SummaryRow[] = [];
    for (const rule of chosen) for (const interp of readings(rule)) rows.push(ev.summaryRow(rule, interp, idx));
    return { group, models: idx.size, rules: rows };
  });
}
