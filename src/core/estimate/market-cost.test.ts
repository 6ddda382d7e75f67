// The market figure a market-basis dollar test reads: the bill's list cost, else the market price table at the start,
// else the declared cost named as not a market figure.
import { describe, expect, it } from 'vitest';
import { toString } from '../exact/decimal';
import type { ComputeRecord } from '../types';
import { estimateCost } from './cost';
import { estimateMarketCost } from './market-cost';
import { parsePriceScale, scaleCost, withPriceScale } from './price-scale';
import { buildReference } from './reference';

const ref = buildReference({
  accelerators: {
    accelerators: [
      {
        id: 'nvidia-h100-sxm',
        name: 'NVIDIA H100 SXM5',
        defaultPrecision: 'bf16',
        peakFlopPerSecond: { bf16: 9.894e14 },
      },
    ],
  },
  gpuPrices: {
    prices: [
      { accelerator: 'nvidia-h100-sxm', month: '2025-02', usdPerHour: 3.29, pricing: 'on-demand' },
      { accelerator: 'nvidia-h100-sxm', month: '2025-02', usdPerHour: 2.1, pricing: 'commit-3y' },
    ],
  },
});

const market = (rec: ComputeRecord) => estimateMarketCost(rec, ref, estimateCost(rec, ref));
const hw = { accelerator: 'nvidia-h100-sxm', count: 8, hours: 1000, utilization: 0.4 };

describe('estimateMarketCost', () => {
  it('takes the list cost of a record read from a bill, not the discounted cost paid', () => {
    const m = market({
      phase: 'pretraining',
      hardware: hw,
      costUsd: 17500,
      start: '2025-02-03',
      billing: { format: 'FOCUS', costBasis: 'effective', effectiveCostUsd: 17500, listCostUsd: 98320, rows: '2-9' },
    });
    expect(m.method).toBe('bill-list-price');
    expect(m.market).toBe(true);
    expect(m.estimated).toBe(false);
    expect(toString(m.cost.lo)).toBe('98320');
  });

  it('prices accelerator-hours at the on-demand quotes of the start month when the bill has no list cost', () => {
    const m = market({
      phase: 'pretraining',
      hardware: hw,
      costUsd: 17500,
      start: '2025-02-03',
      billing: { format: 'FOCUS', costBasis: 'effective', listCostUsd: 0 },
    });
    expect(m.method).toBe('market-price');
    expect(m.estimated).toBe(true);
    expect(toString(m.cost.lo)).toBe('26320');
  });

  it('prices a declared per-hour price at the market instead', () => {
    const m = market({ phase: 'pretraining', hardware: hw, pricePerAcceleratorHourUsd: 5, start: '2025-02-03' });
    expect(m.method).toBe('market-price');
    expect(toString(m.cost.lo)).toBe('26320');
  });

  it('falls back to the declared cost, marked as not a market figure, when nothing else gives one', () => {
    const m = market({ phase: 'pretraining', flop: 1e25, costUsd: 9e6 });
    expect(m.method).toBe('declared-not-market');
    expect(m.market).toBe(false);
    expect(toString(m.cost.lo)).toBe('9000000');
  });

  it('stays unknown when the record gives no cost at all', () => {
    expect(market({ phase: 'pretraining', flop: 1e25 }).method).toBe('unknown');
  });
});

describe('estimateMarketCost under a GPU price scenario', () => {
  const scaled = withPriceScale(ref, parsePriceScale('3', 'priceScale'));
  const at3 = (rec: ComputeRecord) =>
    estimateMarketCost(rec, scaled, scaleCost(estimateCost(rec, scaled), scaled.priceScale));
  const billed: ComputeRecord = {
    phase: 'pretraining',
    hardware: hw,
    costUsd: 17500,
    start: '2025-02-03',
    billing: { format: 'FOCUS', costBasis: 'effective', effectiveCostUsd: 17500, listCostUsd: 98320, rows: '2-9' },
  };

  it('moves the bill list price with GPU prices: 3 × $98,320', () => {
    expect(toString(at3(billed).cost.lo)).toBe('294960');
    expect(toString(market(billed).cost.lo)).toBe('98320');
  });

  it('moves the price table figure too: 8 × 1,000 h × $3.29 × 3', () => {
    const m = at3({ phase: 'pretraining', hardware: hw, costUsd: 17500, start: '2025-02-03' });
    expect(m.method).toBe('market-price');
    expect(toString(m.cost.lo)).toBe('78960');
  });

  it('leaves a declared figure that stands in for the market as paid, unless declared costs are scaled', () => {
    const rec: ComputeRecord = { phase: 'pretraining', flop: 1e24, costUsd: 17500 };
    expect(toString(at3(rec).cost.lo)).toBe('17500');
  });
});
