import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, loadReference } from '../../io/load';
import { parseDec } from '../exact/decimal';
import { parsePriceScale } from '../estimate/price-scale';
import { InputError } from '../validate/errors';
import { evaluate, type EvaluateOptions } from './engine';
import { parseVariants, variants } from '../research/variants';
import { priceSweep } from '../research/price-sweep';

const rules = loadBuiltinRules();
const reference = loadReference();
const ASOF = '2026-11-28';
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'test', 'price', `${name}.lineage.json`), 'utf8'));

function findings(name: string, rule: string, more: Partial<EvaluateOptions> = {}) {
  return evaluate(fixture(name), rules, { asOf: ASOF, reference, select: [rule], ...more }).findings;
}
const one = (name: string, rule: string, more: Partial<EvaluateOptions> = {}) => findings(name, rule, more)[0];
const scale = (k: string, declared = false) => ({ k: parseDec(k)!, declared });

describe('price scale', () => {
  it('multiplies costs derived from GPU-hours × price, never FLOP', () => {
    const at1 = one('gpu-hours-42m', 'ca-sb1047/covered-model');
    const at3 = one('gpu-hours-42m', 'ca-sb1047/covered-model', { priceScale: scale('3') });
    const cost = (f: typeof at1) => f.measures.find((m) => m.quantity === 'costUsd')!.observed.low.exact;
    const flop = (f: typeof at1) => f.measures.find((m) => m.quantity === 'flop')!.observed.low.exact;
    expect(cost(at1)).toBe('42000000');
    expect(cost(at3)).toBe('126000000');
    expect(flop(at3)).toBe(flop(at1));
    expect(at1.verdict).toBe('not-captured');
    expect(at3.verdict).toBe('captured');
    expect(one('gpu-hours-42m', 'ca-sb1047/covered-model', { priceScale: scale('2') }).verdict).toBe('not-captured');
  });

  it('leaves declared costs alone unless asked', () => {
    const byModel = (k: string, declared: boolean) =>
      Object.fromEntries(
        findings('declared-vs-derived', 'ca-sb1047/covered-model', { priceScale: scale(k, declared) }).map((f) => [
          f.model,
          f.verdict,
        ]),
      );
    expect(byModel('3', false)).toMatchObject({ 'lab/declared': 'not-captured', 'lab/derived': 'captured' });
    expect(byModel('3', true)).toMatchObject({ 'lab/declared': 'captured', 'lab/derived': 'captured' });
  });

  it('is exact at the boundary: 2.5 × $40M is not more than $100M', () => {
    const doc = fixture('gpu-hours-42m');
    doc.models[0].compute[0].hours = undefined;
    doc.models[0].compute[0].hardware.hours = 2000; // $40M
    const at = (k: string) =>
      evaluate(doc, rules, { asOf: ASOF, reference, select: ['ca-sb1047/covered-model'], priceScale: scale(k) })
        .findings[0];
    expect(at('2.5').verdict).toBe('not-captured');
    expect(at('2.5000000000000000001').verdict).toBe('captured');
    const ps = at('1').priceSensitivity!;
    expect(ps.flipScaleExact).toBe('2.5');
    expect(ps.flipIncluded).toBe(false);
  });

  it('rejects 0, negatives and non-numbers, naming the place', () => {
    for (const bad of ['0', '-1', 'abc', '', '3x', 'NaN', '1e999']) {
      expect(() => parsePriceScale(bad, '--price-scale')).toThrow(InputError);
      try {
        parsePriceScale(bad, '--price-scale');
      } catch (e) {
        expect((e as InputError).errors[0].path).toBe('--price-scale');
      }
    }
    expect(parsePriceScale('2.5', 'x').k).toEqual(parseDec('2.5'));
  });
});

describe('priceSensitivity', () => {
  it('flips above 100/42 for $42M of GPU-hours against more than $100M', () => {
    const ps = one('gpu-hours-42m', 'ca-sb1047/covered-model').priceSensitivity!;
    expect(ps.flipScale).toBeCloseTo(100 / 42, 12);
    expect(ps.flipScaleFraction).toBe('50/21');
    expect(ps.flipScaleExact!.startsWith('2.38095238095238095238')).toBe(true);
    expect(ps.direction).toBe('rising');
    expect(ps.verdictBeyond).toBe('captured');
    expect(ps.flipIncluded).toBe(false);
    expect(ps.steps).toEqual([
      expect.objectContaining({ fraction: '50/21', below: 'not-captured', at: 'not-captured', above: 'captured' }),
    ]);
    expect(ps.pricePerAcceleratorHourUsd).toBeCloseTo(200 / 42, 10);
    expect(ps.measures).toEqual(['trainingCost']);
  });

  it('reports a release below the flip for a model captured at the scale given', () => {
    const ps = one('gpu-hours-42m', 'ca-sb1047/covered-model', { priceScale: scale('3') }).priceSensitivity!;
    expect(ps.scale).toBe('3');
    expect(ps.verdict).toBe('captured');
    expect(ps.flipScaleFraction).toBe('50/21');
    expect(ps.direction).toBe('falling');
    expect(ps.verdictBeyond).toBe('not-captured');
    expect(ps.flipIncluded).toBe(true);
  });

  it('gives no flip when only declared costs count, or when the FLOP test fails', () => {
    const f = findings('declared-vs-derived', 'ca-sb1047/covered-model');
    const by = (id: string) => f.find((x) => x.model === id)!.priceSensitivity!;
    expect(by('lab/declared').flipScale).toBeNull();
    expect(by('lab/declared').measures).toEqual([]);
    expect(by('lab/small').flipScale).toBeNull();
    expect(by('lab/small').verdict).toBe('not-captured');
    // Declared costs scaled on request: then they flip too.
    const g = findings('declared-vs-derived', 'ca-sb1047/covered-model', { priceScale: scale('1', true) });
    expect(g.find((x) => x.model === 'lab/declared')!.priceSensitivity!.flipScaleFraction).toBe('50/21');
  });

  it('has two breakpoints for a market-table range, uncertain between them', () => {
    const ps = one('market-range', 'ca-sb1047/covered-model').priceSensitivity!;
    expect(ps.verdict).toBe('uncertain');
    // 4e7 accelerator-hours × $1.99–$5: $79.6M–$200M; crosses $100M at 100/200 and at 100/79.6.
    expect(ps.steps.map((s) => [s.fraction, s.below, s.above])).toEqual([
      ['1/2', 'not-captured', 'uncertain'],
      ['250/199', 'uncertain', 'captured'],
    ]);
    expect(ps.flipScaleFraction).toBe('250/199');
    expect(ps.pricePerAcceleratorHourUsd).toBeNull();
  });

  it('gives own-only its own flip: the fine-tuner crosses much later than its lineage', () => {
    const f = findings('fine-tuner-own-only', 'illustrative/lineage-cost-100m').find(
      (x) => x.model === 'tomato-ai/tuned',
    )!;
    const ps = f.priceSensitivity!;
    expect(ps.flipScaleFraction).toBe('8/5');
    expect(f.verdict).toBe('not-captured');
    expect(ps.ownOnly.verdict).toBe('not-captured');
    // Own spend: $2.5M of GPU-hours crosses $100M only at 40×.
    expect(ps.ownOnly.flipScaleExact).toBe('40');
    expect(ps.ownOnly.flipIncluded).toBe(false);
    expect(ps.ownOnly.pricePerAcceleratorHourUsd).toBe(80);
    // At 2× the lineage is captured while the fine-tuner's own spend is not: a wrongful capture.
    const at2 = findings('fine-tuner-own-only', 'illustrative/lineage-cost-100m', { priceScale: scale('2') }).find(
      (x) => x.model === 'tomato-ai/tuned',
    )!;
    expect(at2.verdict).toBe('captured');
    expect(at2.wrongfulCapture).toBe(true);
  });

  it('leaves rules without a dollar test alone', () => {
    expect(one('gpu-hours-42m', 'eu-ai-act/systemic-risk').priceSensitivity).toBeUndefined();
  });
});

describe('price scale in variants and sweeps', () => {
  it('evaluates a variant under its price scale and reports what differs', () => {
    const r = variants(fixture('declared-vs-derived'), rules, {
      asOf: ASOF,
      reference,
      variants: [{ id: 'what-if/at-3x', title: '3×', base: 'ca-sb1047/covered-model', patch: {}, priceScale: 3 }],
    });
    const row = r.rows.find((x) => x.rule === 'what-if/at-3x')!;
    expect(row.priceScale).toBe('3');
    expect(row.differences).toEqual([{ id: 'lab/derived', base: 'not-captured', variant: 'captured' }]);
  });

  it('rejects a variant price scale that is not positive, naming it', () => {
    expect(() => parseVariants({ variants: [{ id: 'a/b', title: 't', base: 'x', patch: {}, priceScale: 0 }] })).toThrow(
      /variants\[0\]\.priceScale/,
    );
  });

  it('sweeps price scales: a market range is uncertain between its two breakpoints, exact at each end', () => {
    const r = priceSweep(fixture('market-range'), rules, {
      asOf: ASOF,
      reference,
      rule: 'ca-sb1047/covered-model',
      scales: '0.5,0.6,1.25,1.26',
    });
    const by = r.points.map((p) => [p.scale, p.readings[0].counts.captured, p.readings[0].counts.uncertain]);
    // 0.5 × $200M is exactly $100M: not more than it; 1.25 × $79.6M = $99.5M, 1.26 × $79.6M = $100.296M.
    expect(by).toEqual([
      ['0.5', 0, 0],
      ['0.6', 0, 1],
      ['1.25', 0, 1],
      ['1.26', 1, 0],
    ]);
  });
});
