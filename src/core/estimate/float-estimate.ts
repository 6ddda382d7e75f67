// One compute record's FLOP, cost and market cost as floats with a proven error bound, straight from the input
// numbers (no exact decimals, no method or detail text): what the verdict-only measure tables sum. The exact
// estimators (flop.ts, cost.ts, market-cost.ts, price-scale.ts) stay the source of truth; these follow the same
// cases in the same order, and a decision the bounds cannot prove falls back to them.
import { U, decErr, decFloat } from '../exact/bound';
import { ONE, cmp } from '../exact/decimal';
import type { ComputeRecord } from '../types';
import { marketPrices } from './cost';
import { FORWARD_ONLY_PHASES, peakOf } from './flop';
import type { ReferenceTables } from './reference';

/**
 * A record's amount as floats: low, high (NaN when open above: unknown) and one bound on |float − exact| for both.
 * Written in place by `RecordFloatEstimator` (no allocation per record).
 */
export interface FloatEstimate {
  lo: number;
  hi: number;
  err: number;
}

export function floatEstimate(): FloatEstimate {
  return { lo: 0, hi: 0, err: 0 };
}

/** Absolute slack for subnormal results (as in exact/bound.ts). */
const TINY = Number.MIN_VALUE;

/**
 * Bound on |x − d| where d is the exact value of the JSON number x (the shortest decimal that round-trips to x): x is
 * the double nearest d, so within half an ulp of it, which |x|·U (U = 2^-52) covers, and TINY below the normal range.
 */
export function inputErr(x: number): number {
  return Math.abs(x) * U + TINY;
}

/** The market price range (low and high $/h) at one accelerator and start, memoised per estimator. */
interface PriceRange {
  lo: number;
  hi: number;
}

export class RecordFloatEstimator {
  /** The price scale on price-derived costs (1 when absent), with its own bound; `unit` when it changes nothing. */
  private readonly k: number;
  private readonly kErr: number;
  private readonly unit: boolean;
  private readonly scaleDeclared: boolean;
  private readonly priceMemo = new Map<string, Map<string, PriceRange | null>>();
  // Scratch for products (mulApprox allocates its answer; these keep the hot path flat).
  private v = 0;
  private e = 0;

  constructor(private readonly ref: ReferenceTables) {
    const s = ref.priceScale;
    this.unit = s === undefined || cmp(s.k, ONE) === 0;
    this.k = this.unit ? 1 : decFloat(s!.k);
    this.kErr = this.unit ? 0 : decErr(this.k);
    this.scaleDeclared = s?.declared === true;
  }

  /** (a ± ea)·(b ± eb) into this.v / this.e (as mulApprox). */
  private mul(a: number, ea: number, b: number, eb: number): void {
    const v = a * b;
    const err = Math.abs(a) * eb + Math.abs(b) * ea + ea * eb + Math.abs(v) * U + TINY;
    this.v = v;
    this.e = Number.isFinite(v) && Number.isFinite(err) ? err : Infinity;
  }

  private point(out: FloatEstimate, v: number, err: number): void {
    out.lo = v;
    out.hi = v;
    out.err = err;
  }

  /** The record's FLOP (as estimateFlop). Assumes a valid record (exactly one amount; a known accelerator). */
  flop(rec: ComputeRecord, out: FloatEstimate): void {
    if (rec.flop !== undefined) return this.point(out, rec.flop, inputErr(rec.flop));
    if (rec.flopRange) {
      const r = rec.flopRange;
      out.lo = r.low;
      out.hi = r.high === undefined ? NaN : r.high;
      out.err = r.high === undefined ? inputErr(r.low) : Math.max(inputErr(r.low), inputErr(r.high));
      return;
    }
    if (rec.architecture) {
      const a = rec.architecture;
      const n = a.activeParameters ?? a.parameters;
      this.mul(n, inputErr(n), a.tokens, inputErr(a.tokens));
      if (a.flopPerParameterPerToken !== undefined) {
        const f = a.flopPerParameterPerToken;
        this.mul(f, inputErr(f), this.v, this.e);
      } else this.mul(FORWARD_ONLY_PHASES.has(rec.phase) ? 2 : 6, 0, this.v, this.e);
      return this.point(out, this.v, this.e);
    }
    const hw = rec.hardware!;
    const p = peakOf(hw, this.ref);
    if (!p) throw new Error(`no peak throughput for accelerator ${hw.accelerator}`);
    // count × (hours × 3600) × peak: the part utilization multiplies.
    this.mul(hw.hours, inputErr(hw.hours), 3600, 0);
    this.mul(hw.count, inputErr(hw.count), this.v, this.e);
    this.mul(this.v, this.e, p.peak, inputErr(p.peak));
    const base = this.v;
    const baseErr = this.e;
    if (hw.utilization === undefined) {
      const u = hw.utilizationRange;
      if (!u) throw new Error('hardware amount without utilization or utilizationRange');
      this.mul(base, baseErr, u.low, inputErr(u.low));
      const lo = this.v;
      const loErr = this.e;
      this.mul(base, baseErr, u.high, inputErr(u.high));
      out.lo = lo;
      out.hi = this.v;
      out.err = Math.max(loErr, this.e);
      return;
    }
    this.mul(base, baseErr, hw.utilization, inputErr(hw.utilization));
    this.point(out, this.v, this.e);
  }

  /** The market price range at an accelerator and training start (as marketPrices + priceInterval), or null. */
  private prices(accelerator: string, start: string): PriceRange | null {
    let byStart = this.priceMemo.get(accelerator);
    if (!byStart) this.priceMemo.set(accelerator, (byStart = new Map<string, PriceRange | null>()));
    let r = byStart.get(start);
    if (r === undefined) {
      const entries = marketPrices(this.ref, accelerator, start.slice(0, 7));
      if (entries.length === 0) r = null;
      else {
        let lo = Infinity;
        let hi = -Infinity;
        for (const e of entries) {
          lo = Math.min(lo, e.usdPerHour);
          hi = Math.max(hi, e.usdPerHour);
        }
        r = { lo, hi };
      }
      byStart.set(start, r);
    }
    return r;
  }

  /** accelerator-hours × [lo, hi] $/h, times the price scale, into out. */
  private hoursTimes(
    hw: NonNullable<ComputeRecord['hardware']>,
    lo: number,
    hi: number,
    out: FloatEstimate,
    scaled: boolean,
  ): void {
    this.mul(hw.count, inputErr(hw.count), hw.hours, inputErr(hw.hours));
    const h = this.v;
    const he = this.e;
    this.mul(h, he, lo, inputErr(lo));
    if (scaled) this.mul(this.v, this.e, this.k, this.kErr);
    out.lo = this.v;
    let err = this.e;
    if (hi !== lo) {
      this.mul(h, he, hi, inputErr(hi));
      if (scaled) this.mul(this.v, this.e, this.k, this.kErr);
      err = Math.max(err, this.e);
    }
    out.hi = hi !== lo ? this.v : out.lo;
    out.err = err;
  }

  /** A declared figure (point or range), times the scale when declared costs move with it. */
  private declared(lo: number, hi: number, out: FloatEstimate): void {
    const scaled = !this.unit && this.scaleDeclared;
    if (!scaled) {
      out.lo = lo;
      out.hi = hi;
      out.err = lo === hi ? inputErr(lo) : Math.max(inputErr(lo), inputErr(hi));
      return;
    }
    this.mul(lo, inputErr(lo), this.k, this.kErr);
    out.lo = this.v;
    let err = this.e;
    if (hi !== lo) {
      this.mul(hi, inputErr(hi), this.k, this.kErr);
      err = Math.max(err, this.e);
    }
    out.hi = hi !== lo ? this.v : out.lo;
    out.err = err;
  }

  /**
   * The record's cost under the price scale (as scaleCost(estimateCost(rec))): declared, accelerator-hours × a
   * declared price, × the market table at the start, or unknown (low 0, high open).
   */
  cost(rec: ComputeRecord, out: FloatEstimate): void {
    if (rec.costUsd !== undefined) return this.declared(rec.costUsd, rec.costUsd, out);
    if (rec.costUsdRange) return this.declared(rec.costUsdRange.low, rec.costUsdRange.high, out);
    const hw = rec.hardware;
    if (hw) {
      const price = rec.pricePerAcceleratorHourUsd;
      if (price !== undefined) return this.hoursTimes(hw, price, price, out, !this.unit);
      if (hw.accelerator !== undefined && rec.start !== undefined) {
        const p = this.prices(hw.accelerator, rec.start);
        if (p) return this.hoursTimes(hw, p.lo, p.hi, out, !this.unit);
      }
    }
    out.lo = 0;
    out.hi = NaN;
    out.err = TINY;
  }

  /**
   * The record's market-basis cost (as estimateMarketCost): a bill's list cost, else accelerator-hours × the market
   * table at the start, else its own cost (`cost`), all under the price scale as there.
   */
  market(rec: ComputeRecord, out: FloatEstimate): void {
    const list = rec.billing?.listCostUsd;
    // A bill whose ListCost column is empty reads as 0: no list price.
    if (list !== undefined && list > 0) {
      if (this.unit) return this.point(out, list, inputErr(list));
      this.mul(list, inputErr(list), this.k, this.kErr);
      return this.point(out, this.v, this.e);
    }
    const hw = rec.hardware;
    if (hw?.accelerator !== undefined && rec.start !== undefined) {
      const p = this.prices(hw.accelerator, rec.start);
      if (p) return this.hoursTimes(hw, p.lo, p.hi, out, !this.unit);
    }
    this.cost(rec, out);
  }
}
