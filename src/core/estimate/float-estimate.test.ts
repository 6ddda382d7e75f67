// The float estimates the verdict-only tables sum must contain the exact estimate within their bound, for every kind
// of record, at thresholds and one ulp either side, for huge and tiny values, and never decide a comparison the exact
// values contradict.
import { describe, expect, it } from 'vitest';
import { decErr, decFloat, provenSign } from '../exact/bound';
import { Dec, cmp, parseDec } from '../exact/decimal';
import type { Interval } from '../exact/interval';
import type { ComputeRecord } from '../types';
import { estimateCost } from './cost';
import { estimateFlop } from './flop';
import { floatEstimate, FloatEstimate, RecordFloatEstimator } from './float-estimate';
import { estimateMarketCost } from './market-cost';
import { parsePriceScale, scaleCost, withPriceScale } from './price-scale';
import { buildReference, ReferenceTables } from './reference';

const ref = buildReference({
  accelerators: {
    accelerators: [
      {
        id: 'nvidia-h100-sxm',
        name: 'NVIDIA H100 SXM5',
        defaultPrecision: 'bf16',
        peakFlopPerSecond: { bf16: 9.894e14, fp8: 1.979e15 },
      },
    ],
  },
  gpuPrices: {
    prices: [
      { accelerator: 'nvidia-h100-sxm', month: '2025-02', usdPerHour: 3.29, pricing: 'on-demand' },
      { accelerator: 'nvidia-h100-sxm', month: '2025-02', usdPerHour: 2.1, pricing: 'on-demand' },
      { accelerator: 'nvidia-h100-sxm', month: '2025-02', usdPerHour: 1.5, pricing: 'commit-3y' },
      { accelerator: 'nvidia-h100-sxm', month: '2025-06', usdPerHour: 0.1, pricing: 'on-demand' },
    ],
  },
});

/** The exact value of a double (its binary expansion as a decimal), not the shortest decimal that round-trips it. */
function exactOfDouble(x: number): Dec {
  if (x === 0) return { m: 0n, e: 0, f: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = expBits === 0 ? frac : frac | (1n << 52n);
  const exp = (expBits === 0 ? 1 : expBits) - 1075;
  const m = exp >= 0 ? mant << BigInt(exp) : mant * 5n ** BigInt(-exp);
  return { m: neg ? -m : m, e: exp >= 0 ? 0 : exp, f: x };
}

/** |a − b| ≤ c, decided on the mantissas alone (no float shadow). */
function within(a: Dec, b: Dec, c: Dec): boolean {
  const e = Math.min(a.e, b.e, c.e);
  const at = (d: Dec) => d.m * 10n ** BigInt(d.e - e);
  const d = at(a) - at(b);
  return (d < 0n ? -d : d) <= at(c);
}

function contains(f: FloatEstimate, exact: Interval): void {
  expect(f.err).toBeGreaterThanOrEqual(0);
  if (f.err === Infinity) return;
  expect(within(exactOfDouble(f.lo), exact.lo, exactOfDouble(f.err))).toBe(true);
  if (exact.hi === null) expect(Number.isNaN(f.hi)).toBe(true);
  else expect(within(exactOfDouble(f.hi), exact.hi, exactOfDouble(f.err))).toBe(true);
}

/** Never a proven sign the exact comparison contradicts. */
function decidesLikeExact(value: number, err: number, exact: Dec, threshold: string): number {
  const t = parseDec(threshold)!;
  const tf = decFloat(t);
  const s = provenSign(value, err, tf, decErr(tf));
  if (s !== 0) expect(s).toBe(cmp(exact, t));
  return s;
}

function checkFlop(rec: ComputeRecord, r: ReferenceTables = ref): FloatEstimate {
  const f = floatEstimate();
  new RecordFloatEstimator(r).flop(rec, f);
  contains(f, estimateFlop(rec, r).flop);
  return f;
}

function checkCost(rec: ComputeRecord, r: ReferenceTables = ref): FloatEstimate {
  const est = new RecordFloatEstimator(r);
  const f = floatEstimate();
  est.cost(rec, f);
  const paid = scaleCost(estimateCost(rec, r), r.priceScale);
  contains(f, paid.cost);
  const m = floatEstimate();
  est.market(rec, m);
  contains(m, estimateMarketCost(rec, r, paid).cost);
  return f;
}

const up = (x: number) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  v.setBigUint64(0, v.getBigUint64(0) + 1n);
  return v.getFloat64(0);
};
const down = (x: number) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  v.setBigUint64(0, v.getBigUint64(0) - 1n);
  return v.getFloat64(0);
};

describe('RecordFloatEstimator', () => {
  it('bounds declared amounts at a threshold and one ulp either side', () => {
    for (const x of [1e26, up(1e26), down(1e26), 1e23, up(1e23), down(1e23), 0.1, 3e25, 1e25 / 3]) {
      const f = checkFlop({ phase: 'pretraining', flop: x });
      decidesLikeExact(f.lo, f.err, estimateFlop({ phase: 'pretraining', flop: x }, ref).flop.lo, '1e26');
    }
    // One ulp above 1e26 is a different decimal, greater than 1e26: the float must not call it equal or below.
    const above = checkFlop({ phase: 'pretraining', flop: up(1e26) });
    expect(
      decidesLikeExact(
        above.lo,
        above.err,
        estimateFlop({ phase: 'pretraining', flop: up(1e26) }, ref).flop.lo,
        '1e26',
      ),
    ).not.toBe(-1);
  });

  it('bounds huge and tiny values, and gives up (an unbounded error) on overflow', () => {
    checkFlop({ phase: 'pretraining', flop: Number.MAX_VALUE });
    checkFlop({ phase: 'pretraining', flop: Number.MIN_VALUE });
    checkFlop({ phase: 'pretraining', flop: 2.2250738585072014e-308 });
    checkFlop({ phase: 'pretraining', architecture: { parameters: 1e-200, tokens: 1e-200 } });
    const big = checkFlop({ phase: 'pretraining', architecture: { parameters: 1e200, tokens: 1e200 } });
    expect(big.err).toBe(Infinity);
    const hw = checkFlop({
      phase: 'pretraining',
      hardware: { peakFlopPerSecond: 1e300, count: 1e10, hours: 1, utilization: 0.5 },
    });
    expect(hw.err).toBe(Infinity);
  });

  it('bounds declared ranges, open above or not', () => {
    checkFlop({ phase: 'pretraining', flopRange: { low: 9.5e25, high: 1.05e26, central: 1e26 } });
    const open = checkFlop({ phase: 'pretraining', flopRange: { low: 0.3 } });
    expect(Number.isNaN(open.hi)).toBe(true);
  });

  it('bounds parameters × tokens products that are not exactly representable', () => {
    const cases: ComputeRecord[] = [
      { phase: 'pretraining', architecture: { parameters: 7e9, tokens: 1.4285714285714286e15 } },
      { phase: 'pretraining', architecture: { parameters: 1.1e11, tokens: 1.5151515151515151e14 } },
      { phase: 'fine-tuning', architecture: { parameters: 1e12, activeParameters: 3.3e10, tokens: 0.7e13 } },
      { phase: 'synthetic-data', architecture: { parameters: 7e9, tokens: 7.142857142857143e15 } },
      { phase: 'evaluation', architecture: { parameters: 0.1, tokens: 0.3 } },
      { phase: 'pretraining', architecture: { parameters: 2.5e12, tokens: 1e13, flopPerParameterPerToken: 4 } },
      { phase: 'pretraining', architecture: { parameters: 3e12, tokens: 1e13, flopPerParameterPerToken: 0.1 } },
    ];
    for (const rec of cases) {
      const f = checkFlop(rec);
      decidesLikeExact(f.lo, f.err, estimateFlop(rec, ref).flop.lo, '1e26');
      decidesLikeExact(f.lo, f.err, estimateFlop(rec, ref).flop.lo, '1e23');
    }
    // 4 × 2.5e12 × 1e13 is exactly 1e26: the floats must leave it to the exact comparison or agree with it.
    const at = checkFlop(cases[5]);
    expect(decidesLikeExact(at.lo, at.err, estimateFlop(cases[5], ref).flop.lo, '1e26')).toBe(0);
  });

  it('bounds accelerator-hours × peak × utilization (points and ranges, table and declared peaks)', () => {
    const cases: ComputeRecord[] = [
      { phase: 'fine-tuning', hardware: { accelerator: 'nvidia-h100-sxm', count: 256, hours: 500, utilization: 0.4 } },
      {
        phase: 'pretraining',
        hardware: { accelerator: 'nvidia-h100-sxm', count: 25000, hours: 2200, utilization: 0.37, precision: 'fp8' },
      },
      {
        phase: 'pretraining',
        hardware: {
          accelerator: 'nvidia-h100-sxm',
          count: 16384,
          hours: 1234.5,
          utilizationRange: { low: 0.3, high: 0.45, central: 0.4 },
        },
      },
      { phase: 'pretraining', hardware: { peakFlopPerSecond: 3.3e14, count: 7, hours: 0.1, utilization: 0.3 } },
    ];
    for (const rec of cases) {
      const f = checkFlop(rec);
      decidesLikeExact(f.lo, f.err, estimateFlop(rec, ref).flop.lo, '1e25');
    }
  });

  it('bounds costs: declared, ranges, hours × price, the market table, bills, unknown', () => {
    const hw = { accelerator: 'nvidia-h100-sxm', count: 1000, hours: 40000, utilization: 0.4 };
    const cases: ComputeRecord[] = [
      { phase: 'pretraining', flop: 1e25, costUsd: 1e8 },
      { phase: 'pretraining', flop: 1e25, costUsd: up(1e8) },
      { phase: 'pretraining', flop: 1e25, costUsdRange: { low: 9.9e7, high: 1.01e8 } },
      { phase: 'pretraining', hardware: hw, pricePerAcceleratorHourUsd: 2.5 },
      { phase: 'pretraining', hardware: { ...hw, hours: 1e6 }, pricePerAcceleratorHourUsd: 0.1 },
      { phase: 'pretraining', hardware: hw, start: '2025-02-10' },
      { phase: 'pretraining', hardware: { ...hw, hours: 1e6 }, start: '2025-07-01' },
      { phase: 'pretraining', hardware: hw, start: '2024-01-01' },
      { phase: 'pretraining', hardware: { ...hw, accelerator: undefined, peakFlopPerSecond: 1e15 } },
      { phase: 'pretraining', hardware: hw, costUsd: 5e7, start: '2025-02-10' },
      {
        phase: 'pretraining',
        hardware: hw,
        costUsd: 17500,
        start: '2025-02-03',
        billing: { format: 'FOCUS', costBasis: 'effective', effectiveCostUsd: 17500, listCostUsd: 98320.7 },
      },
      { phase: 'pretraining', flop: 1e20 },
    ];
    for (const rec of cases) {
      const f = checkCost(rec);
      const exact = scaleCost(estimateCost(rec, ref), ref.priceScale).cost.lo;
      decidesLikeExact(f.lo, f.err, exact, '100000000');
    }
    // 1000 × 40000 h × $2.5/h is exactly $100M: left to the exact comparison.
    const at = checkCost(cases[3]);
    expect(decidesLikeExact(at.lo, at.err, parseDec('1e8')!, '100000000')).toBe(0);
    // 1000 × 1e6 h × $0.1/h is exactly $100M too, though 0.1 is not a double.
    const tenth = checkCost(cases[4]);
    expect(decidesLikeExact(tenth.lo, tenth.err, parseDec('1e8')!, '100000000')).toBe(0);
  });

  it('applies a price scale as scaleCost does (price-derived costs; declared ones only when asked)', () => {
    const hw = { accelerator: 'nvidia-h100-sxm', count: 1000, hours: 40000, utilization: 0.4 };
    for (const [k, declared] of [
      ['3', false],
      ['0.1', false],
      ['2.5', true],
      ['1e-300', true],
    ] as const) {
      const r = withPriceScale(ref, parsePriceScale(k, '--price-scale', declared));
      for (const rec of [
        { phase: 'pretraining', hardware: hw, pricePerAcceleratorHourUsd: 2.5 },
        { phase: 'pretraining', hardware: hw, start: '2025-02-10' },
        { phase: 'pretraining', flop: 1e25, costUsd: 1e8 },
        { phase: 'pretraining', flop: 1e25, costUsdRange: { low: 3, high: 7 } },
        {
          phase: 'pretraining',
          hardware: hw,
          costUsd: 10,
          start: '2025-02-03',
          billing: { format: 'FOCUS', costBasis: 'effective', effectiveCostUsd: 10, listCostUsd: 33.3 },
        },
      ] as ComputeRecord[])
        checkCost(rec, r);
    }
  });
});
