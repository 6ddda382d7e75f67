// The market-basis cost of every compute record as floats with conversion bounds (costBasis "market" measures),
// added to the shared record floats the first time such a measure is read; the fast path then sums them as it sums
// the declared costs.
import { decErr, decFloat } from '../exact/bound';
import type { Interval } from '../exact/interval';
import type { LineageIndex } from '../graph/lineage';
import type { RecordFloats } from './own-floats';
import type { RecordEstimates } from './records';

/** Adds the market-basis cost of every record to `rf` (once). */
export function withMarketCosts(rf: RecordFloats, ix: LineageIndex, est: RecordEstimates): void {
  if (rf.market) return;
  const total = rf.costLo.length;
  const m = { lo: new Float64Array(total), hi: new Float64Array(total), err: new Float64Array(total) };
  for (let i = 0; i < ix.models.length; i++) {
    const list = est.marketOf(i);
    if (list === null) continue;
    for (let k = 0; k < list.length; k++) put(list[k].cost, m, rf.start[i] + k);
  }
  rf.market = m;
}

/** As recordFloats: the low, the high (NaN when open) and one error bound for both. */
function put(iv: Interval, m: { lo: Float64Array; hi: Float64Array; err: Float64Array }, r: number): void {
  const l = decFloat(iv.lo);
  m.lo[r] = l;
  let e = decErr(l);
  if (iv.hi === null) m.hi[r] = NaN;
  else {
    const h = decFloat(iv.hi);
    m.hi[r] = h;
    e = Math.max(e, decErr(h));
  }
  m.err[r] = e;
}
