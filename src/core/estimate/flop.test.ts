// Estimators against published worked examples (EU GPAI Guidelines Annex A.3; Epoch AI notes).
import { describe, expect, it } from 'vitest';
import { toNumber, toString } from '../exact/decimal';
import { estimateCost } from './cost';
import { estimateFlop, hardwareFlop, trainingFlop } from './flop';
import { buildReference } from './reference';

/** Within the Guidelines' 30% error margin is too loose to catch slips: published figures are rounded to 2 figures. */
const near = (x: number, published: number, rel = 0.02) =>
  expect(Math.abs(x - published) / published).toBeLessThan(rel);

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
      { accelerator: 'nvidia-h100-sxm', month: '2023-06', usdPerHour: 1.99, pricing: 'on-demand' },
      { accelerator: 'nvidia-h100-sxm', month: '2023-06', usdPerHour: 5, pricing: 'on-demand' },
      { accelerator: 'nvidia-h100-sxm', month: '2023-06', usdPerHour: 4.03, pricing: 'on-demand' },
      { accelerator: 'nvidia-h100-sxm', month: '2025-03', usdPerHour: 2.99, pricing: 'on-demand' },
    ],
  },
});

describe('6·N·D (EU GPAI Guidelines Annex A.3 worked examples)', () => {
  const cases: [string, number, number, number][] = [
    ['Model A', 3.8e9, 3.3e12, 7.5e22],
    ['Model C', 0.6e9, 36e12, 1.3e23],
    ['Model D', 1.54e9, 18e12, 1.663e23],
    ['Model E', 1.7e9, 36e12, 3.7e23],
    ['Model F', 2.5e9, 12e12, 1.8e23],
    ['Model G ("~10T" tokens)', 2.6e9, 10e12, 1.56e23],
    ['GPT-3 175B (Epoch check, 6 × 175e9 × 300e9)', 175e9, 300e9, 3.15e23],
  ];
  for (const [name, n, dTokens, published] of cases) {
    it(`${name}: ${n} parameters × ${dTokens} tokens ≈ ${published}`, () =>
      near(toNumber(trainingFlop(n, dTokens)), published, 0.04));
  }
  it('Model D exactly: 6 × 1.54e9 × 18e12 = 1.6632e23', () =>
    expect(toString(trainingFlop(1.54e9, 18e12))).toBe('1.6632e+23'));
  it('uses active parameters for mixture-of-experts (DeepSeek-V3: 6 × 37B × 14.8T = 3.29e24)', () => {
    const e = estimateFlop(
      { phase: 'pretraining', architecture: { parameters: 671e9, activeParameters: 37e9, tokens: 14.8e12 } },
      ref,
    );
    expect(e.method).toBe('architecture-6nd');
    near(toNumber(e.flop.lo), 3.29e24, 0.01);
  });
  it('counts forward-only generation at 2·N·D (synthetic data)', () => {
    const e = estimateFlop({ phase: 'synthetic-data', architecture: { parameters: 110e9, tokens: 20e9 } }, ref);
    expect(e.method).toBe('architecture-2nd');
    expect(toString(e.flop.lo)).toBe('4.4e+21');
  });
});

describe('hardware: count × hours × 3600 × peak × utilization', () => {
  it('Model B: 200,000 A100-hours at 300 TFLOP/s and 50% ≈ 10^23', () =>
    near(toNumber(hardwareFlop(200000, 1, 300e12, 0.5)), 1.08e23, 0.001));
  it('Model H: 370,000 H100-hours at 989 TFLOP/s and 50% ≈ 6.5 × 10^23 (Guidelines round down)', () =>
    near(toNumber(hardwareFlop(370000, 1, 989e12, 0.5)), 6.5e23, 0.02));
  it('Llama 2-70B (Epoch): 1,720,320 A100-hours × 311.84 TFLOP/s × 0.40 = 7.725e23', () =>
    near(toNumber(hardwareFlop(1720320, 1, 311.84e12, 0.4)), 7.725e23, 0.001));
  it('Llama 3-70B (Epoch): 6.4M GPU-hours × 990 TFLOP/s × 0.43 = 9.808e24', () =>
    near(toNumber(hardwareFlop(6.4e6, 1, 990e12, 0.43)), 9.808e24, 0.001));
  it('LLaVA fine-tune (Epoch): 8 × 3.12e14 × 18 h × 3600 × 0.3 ≈ 4.9e19', () =>
    near(toNumber(hardwareFlop(8, 18, 3.12e14, 0.3)), 4.9e19, 0.02));
  it('reads the accelerator table at the default or requested precision', () => {
    const bf16 = estimateFlop(
      { phase: 'fine-tuning', hardware: { accelerator: 'nvidia-h100-sxm', count: 256, hours: 500, utilization: 0.4 } },
      ref,
    );
    expect(toString(bf16.flop.lo)).toBe('1.82366208e+23');
    const fp8 = estimateFlop(
      {
        phase: 'fine-tuning',
        hardware: { accelerator: 'nvidia-h100-sxm', count: 1, hours: 1, utilization: 1, precision: 'fp8' },
      },
      ref,
    );
    expect(toString(fp8.flop.lo)).toBe('7124400000000000000');
  });
});

describe('cost', () => {
  it('declared cost is the developer assessment, not an estimate', () => {
    const c = estimateCost({ phase: 'pretraining', flop: 1e26, costUsd: 95000000 }, ref);
    expect(c.method).toBe('declared');
    expect(c.estimated).toBe(false);
    expect(toString(c.cost.lo)).toBe('95000000');
  });
  it('accelerator-hours × declared price (2,000 H100 × 3 months × $5/h ≈ $21.9M)', () => {
    const c = estimateCost(
      {
        phase: 'pretraining',
        hardware: { accelerator: 'nvidia-h100-sxm', count: 2000, hours: 730 * 3, utilization: 0.4 },
        pricePerAcceleratorHourUsd: 5,
      },
      ref,
    );
    expect(toString(c.cost.lo)).toBe('21900000');
    expect(c.method).toBe('declared-price');
  });
  it('market price table at the training start month gives a range, marked as an estimate', () => {
    const c = estimateCost(
      {
        phase: 'fine-tuning',
        hardware: { accelerator: 'nvidia-h100-sxm', count: 10, hours: 100, utilization: 0.4 },
        start: '2023-06-20',
      },
      ref,
    );
    expect(c.method).toBe('market-price');
    expect(c.estimated).toBe(true);
    expect(toString(c.cost.lo)).toBe('1990');
    expect(toString(c.cost.hi!)).toBe('5000');
    expect(toString(c.cost.mid!)).toBe('4030');
  });
  it('uses the latest month at or before the start', () => {
    const c = estimateCost(
      {
        phase: 'fine-tuning',
        hardware: { accelerator: 'nvidia-h100-sxm', count: 1, hours: 1, utilization: 0.4 },
        start: '2025-09-01',
      },
      ref,
    );
    expect(toString(c.cost.lo)).toBe('2.99');
  });
  it('is unknown without a declared cost, a price, or an accelerator with a start date', () => {
    expect(estimateCost({ phase: 'pretraining', flop: 1e24 }, ref).method).toBe('unknown');
    expect(
      estimateCost(
        { phase: 'pretraining', hardware: { accelerator: 'nvidia-h100-sxm', count: 1, hours: 1, utilization: 0.4 } },
        ref,
      ).cost.hi,
    ).toBeNull();
  });
});

describe('hardware with a utilization range (hours from a cloud bill)', () => {
  it('gives a FLOP range from the low and high utilization, exactly', () => {
    const e = estimateFlop(
      {
        phase: 'fine-tuning',
        hardware: {
          accelerator: 'nvidia-h100-sxm',
          count: 8,
          hours: 100,
          utilizationRange: { low: 0.2, central: 0.4, high: 0.6 },
        },
      },
      ref,
    );
    expect(e.method).toBe('hardware');
    expect(toString(e.flop.lo)).toBe('569894400000000000000'); // 8 × 100 × 3600 × 9.894e14 × 0.2, exactly
    expect(toString(e.flop.hi!)).toBe('1.7096832e+21');
    expect(toString(e.flop.mid!)).toBe('1.1397888e+21');
    expect(e.detail).toContain('0.2–0.6 utilization');
  });
});
