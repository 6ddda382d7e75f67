// The dollar basis of a market-priced cost measure (costBasis "market"), as message data: the market figure the rule
// compares, what the records say was paid or declared, where the market figure came from, and the bills' pricing
// categories, so a finding can say "you paid $6.1M under commitment-based pricing; at list prices the same hours cost
// $9.4M".
import type { MeasureSpec, MessageData } from '../types';
import type { MeasureStore } from '../measure/store';
import { recordCounts } from '../measure/spec';
import { membersOf } from './contributions';
import { amountData } from './operators/shared';

/** The same measure at the declared (paid) basis, one object per measure so its tables are shared. */
function paidSpec(store: MeasureStore, spec: MeasureSpec): MeasureSpec {
  return store.memo(`paid-spec|${store.normal(spec).key}|${spec.scope}`, () => ({ ...spec, costBasis: 'declared' }));
}

/** Message data for a market-basis measure of model i, or null when no record counted has a cost at all. */
export function marketBasisData(
  store: MeasureStore,
  spec: MeasureSpec,
  name: string,
  i: number,
  restrict: boolean,
): MessageData | null {
  const n = store.normal(spec);
  if (!n.market) return null;
  const members = membersOf(store, spec, i) ?? [];
  const dev = store.ix.devKey[i];
  const sources: Record<string, number> = {};
  const pricing = new Set<string>();
  const paidBases = new Set<string>();
  let billed = 0;
  for (const k of members) {
    if (restrict && store.ix.devKey[k] !== dev) continue;
    const recs = store.ix.models[k].compute;
    const market = store.estimates.marketOf(k);
    if (!recs || !market) continue;
    recs.forEach((r, j) => {
      if (!recordCounts(n, r) || market[j].method === 'unknown') return;
      sources[market[j].method] = (sources[market[j].method] ?? 0) + 1;
      if (r.billing) {
        billed++;
        paidBases.add(r.billing.costBasis);
        for (const c of r.billing.pricingCategories ?? []) pricing.add(c);
      }
    });
  }
  if (Object.keys(sources).length === 0) return null;
  return {
    measure: name,
    description: spec.description,
    market: amountData(store.amount(spec, i, restrict)),
    paid: amountData(store.amount(paidSpec(store, spec), i, restrict)),
    sources: Object.keys(sources)
      .sort()
      .map((method) => ({ method, records: sources[method] })),
    billedRecords: billed,
    pricing: [...pricing].sort(),
    paidBases: [...paidBases].sort(),
  };
}
