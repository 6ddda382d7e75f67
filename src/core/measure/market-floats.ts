// The market-basis cost of every compute record as floats with error bounds (costBasis "market" measures), added to
// the shared record floats the first time such a measure is read; the fast path then sums them as it sums the
// declared costs.
import { floatEstimate, RecordFloatEstimator } from '../estimate/float-estimate';
import type { LineageIndex } from '../graph/lineage';
import type { RecordFloats } from './own-floats';
import type { Slab } from './slab';

/** Adds the market-basis cost of every record to `rf` (once). */
export function withMarketCosts(rf: RecordFloats, ix: LineageIndex, est: RecordFloatEstimator, slab?: Slab): void {
  if (rf.market) return;
  const total = rf.costLo.length;
  const f64 = (k: number) => (slab ? slab.f64(k) : new Float64Array(k));
  const m = { lo: f64(total), hi: f64(total), err: f64(total) };
  const f = floatEstimate();
  for (let i = 0; i < ix.models.length; i++) {
    const recs = ix.models[i].compute;
    if (recs === undefined) continue;
    for (let k = 0; k < recs.length; k++) {
      const r = rf.start[i] + k;
      est.market(recs[k], f);
      m.lo[r] = f.lo;
      m.hi[r] = f.hi;
      m.err[r] = f.err;
    }
  }
  rf.market = m;
}
