// Every compute record's FLOP and cost as floats with error bounds, estimated once straight from the input numbers
// (estimate/float-estimate.ts: no exact decimals are made or kept), and each measure's own amounts summed from them
// (a phase filter and additions; no exact arithmetic).
import { addErr } from '../exact/bound';
import { floatEstimate, RecordFloatEstimator } from '../estimate/float-estimate';
import type { LineageIndex } from '../graph/lineage';
import type { ComputeRecord } from '../types';
import { FloatSums, sums } from './lineage-floats';
import type { Slab } from './slab';
import { NormalSpec, recordCounts } from './spec';

/**
 * Every compute record's FLOP and cost as floats with their conversion bounds, converted once and shared by all
 * measures (each measure only filters records by phase and sums).
 */
export interface RecordFloats {
  /** Records of model i are start[i] .. start[i+1]-1; a model with no compute list is `unknown`. */
  start: Int32Array;
  unknown: Uint8Array;
  /** Index into `phases`, times two, plus one for public synthetic data. */
  kind: Int32Array;
  phases: string[];
  flopLo: Float64Array;
  /** NaN when the high end is open (unknown). */
  flopHi: Float64Array;
  flopErr: Float64Array;
  costLo: Float64Array;
  costHi: Float64Array;
  costErr: Float64Array;
  /** Market-basis costs (costBasis "market"), added by market-floats.ts when a measure first needs them. */
  market?: { lo: Float64Array; hi: Float64Array; err: Float64Array };
}

export function recordFloats(ix: LineageIndex, est: RecordFloatEstimator, slab?: Slab): RecordFloats {
  const n = ix.models.length;
  const f64 = (k: number) => (slab ? slab.f64(k) : new Float64Array(k));
  const start = slab ? slab.i32(n + 1) : new Int32Array(n + 1);
  const unknown = slab ? slab.u8(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const recs = ix.models[i].compute;
    if (recs === undefined) unknown[i] = 1;
    start[i + 1] = start[i] + (recs ? recs.length : 0);
  }
  const total = start[n];
  const out: RecordFloats = {
    start,
    unknown,
    kind: slab ? slab.i32(total) : new Int32Array(total),
    phases: [],
    flopLo: f64(total),
    flopHi: f64(total),
    flopErr: f64(total),
    costLo: f64(total),
    costHi: f64(total),
    costErr: f64(total),
  };
  const phaseIdx = new Map<string, number>();
  const f = floatEstimate();
  for (let i = 0; i < n; i++) {
    const recs = ix.models[i].compute;
    if (recs === undefined) continue;
    for (let k = 0; k < recs.length; k++) {
      const r = start[i] + k;
      const rec = recs[k];
      let p = phaseIdx.get(rec.phase);
      if (p === undefined) {
        phaseIdx.set(rec.phase, (p = out.phases.length));
        out.phases.push(rec.phase);
      }
      out.kind[r] = p * 2 + (rec.syntheticDataPublic === true ? 1 : 0);
      est.flop(rec, f);
      out.flopLo[r] = f.lo;
      out.flopHi[r] = f.hi;
      out.flopErr[r] = f.err;
      est.cost(rec, f);
      out.costLo[r] = f.lo;
      out.costHi[r] = f.hi;
      out.costErr[r] = f.err;
    }
  }
  return out;
}

/** Which record kinds (see `RecordFloats.kind`) a measure counts, as recordCounts in spec.ts decides. */
function countedKinds(rf: RecordFloats, spec: NormalSpec): Uint8Array {
  const counts = new Uint8Array(rf.phases.length * 2);
  rf.phases.forEach((phase, p) => {
    for (let pub = 0; pub < 2; pub++) {
      counts[p * 2 + pub] = recordCounts(spec, { phase, syntheticDataPublic: pub === 1 } as ComputeRecord) ? 1 : 0;
    }
  });
  return counts;
}

/**
 * What a measure's own amounts are made of in this lineage: the quantity and which of the record kinds present it
 * counts. Measures with the same key have the same own amounts (their phase lists differ only by phases no record
 * has), so they share one table, and their lineage sums over the same edges too.
 */
export function ownKey(rf: RecordFloats, spec: NormalSpec): string {
  return `${spec.quantity}${spec.market ? '@market' : ''}|${countedKinds(rf, spec).join('')}`;
}

/** Own amounts as floats: like `ownAmount`, without building exact sums. */
function ownFloats(rf: RecordFloats, spec: NormalSpec, out: FloatSums): void {
  const counts = countedKinds(rf, spec);
  const flop = spec.quantity === 'flop';
  const market = !flop && spec.market ? rf.market : undefined;
  if (!flop && spec.market && !market) throw new Error('market costs not loaded (withMarketCosts)');
  const los = flop ? rf.flopLo : market ? market.lo : rf.costLo;
  const his = flop ? rf.flopHi : market ? market.hi : rf.costHi;
  const errs = flop ? rf.flopErr : market ? market.err : rf.costErr;
  const n = rf.unknown.length;
  for (let i = 0; i < n; i++) {
    if (rf.unknown[i] === 1) {
      out.missing[i] = 1;
      continue;
    }
    let lo = 0;
    let hi = 0;
    let err = 0;
    let open = false;
    for (let r = rf.start[i]; r < rf.start[i + 1]; r++) {
      if (counts[rf.kind[r]] === 0) continue;
      lo += los[r];
      err = addErr(lo, err, errs[r]);
      const h = his[r];
      if (h !== h) open = true;
      else {
        hi += h;
        err = addErr(hi, err, 0);
      }
    }
    // An unknown part makes the known high equal to the low (as in fromInterval).
    out.lo[i] = lo;
    out.hi[i] = open ? lo : hi;
    out.err[i] = err;
    out.missing[i] = open ? 1 : 0;
  }
}

/** Own amounts only: what own-scope measures read (no lineage pass). */
export function computeOwnTable(rf: RecordFloats, spec: NormalSpec, slab?: Slab): FloatSums {
  const own = sums(rf.unknown.length, slab);
  ownFloats(rf, spec, own);
  return own;
}
