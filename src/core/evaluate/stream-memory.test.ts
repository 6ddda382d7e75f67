// Streaming findings model by model (`eachFinding`, what `check --format ndjson` and streamed `--format json` use)
// must not keep each model's explanation data for the rest of the corpus: the per-model memos are forgotten once a
// model's findings are out, and forgetting them changes no finding.
import { describe, expect, it, vi } from 'vitest';
import { loadBuiltinRules, loadReference } from '../../io/load';
import type { Finding, LineageDocument } from '../types';
import { eachFinding, evaluate, prepareEvaluation } from './engine';
import { ZeroStore } from './price-scaled';

const rules = loadBuiltinRules();
const reference = loadReference();
const ASOF = '2026-11-28';

/** A base, two fine-tunes by another developer and a merge of both: breakdowns by developer on every lineage sum. */
const doc: LineageDocument = {
  lineageVersion: 1,
  organizations: [{ id: 'lab' }, { id: 'tuner' }],
  models: [
    { id: 'base', developer: 'lab', compute: [{ phase: 'pretraining', flop: 9e25, costUsd: 95e6 }] },
    ...['ft-a', 'ft-b'].map((id) => ({
      id,
      developer: 'tuner',
      baseModels: [{ id: 'base', relation: 'fine-tune' as const }],
      compute: [{ phase: 'fine-tuning' as const, flop: 6e24, costUsd: 7e6 }],
    })),
    {
      id: 'merged',
      developer: 'tuner',
      baseModels: [
        { id: 'ft-a', relation: 'merge' as const },
        { id: 'ft-b', relation: 'merge' as const },
      ],
    },
  ],
} as LineageDocument;

describe('streamed findings and per-model explanation data', () => {
  it('forgets each model’s explanation data after its findings, and the findings equal the whole evaluation', () => {
    const p = prepareEvaluation(doc, rules, { asOf: ASOF, reference });
    const forget = vi.spyOn(p.ev.store, 'forgetModelMemos');
    const streamed: Finding[] = [];
    eachFinding(p, (f) => streamed.push(f));
    expect(forget).toHaveBeenCalledTimes(doc.models.length);
    const whole = evaluate(doc, rules, { asOf: ASOF, reference }).findings;
    expect(streamed).toEqual(whole);
    // The memoised data is in the findings: how each amount was estimated, and who contributed to it.
    expect(streamed.some((f) => f.measures.some((m) => (m.methods?.length ?? 0) > 0 && m.byDeveloper))).toBe(true);
  });

  it('memoForModel keeps a value until forgetModelMemos, then makes it again', () => {
    const store = prepareEvaluation(doc, rules, { asOf: ASOF, reference }).ev.store;
    const make = vi.fn(() => ({ n: 1 }));
    const a = store.memoForModel('k', make);
    expect(store.memoForModel('k', make)).toBe(a);
    expect(make).toHaveBeenCalledTimes(1);
    store.forgetModelMemos();
    expect(store.memoForModel('k', make)).not.toBe(a);
    expect(make).toHaveBeenCalledTimes(2);
  });

  it('price sensitivity reads the dollar tests at 0× without breakdowns (nothing kept per model at 0×)', () => {
    // Costs from accelerator-hours × price move with the GPU price scale: every dollar test is traced at 0×.
    const priced = {
      ...doc,
      models: doc.models.map((m) => ({
        ...m,
        compute: (m.compute ?? []).map(({ costUsd: _paid, ...r }) => ({
          ...r,
          hardware: { accelerator: 'nvidia-h100-sxm', precision: 'fp8', count: 10000, hours: 3000, utilization: 0.5 },
          pricePerAcceleratorHourUsd: 3.5,
          start: '2025-02-03',
        })),
      })),
    } as LineageDocument;
    const p = prepareEvaluation(priced, rules, { asOf: ASOF, reference });
    const zero = vi.spyOn(ZeroStore.prototype, 'memoForModel');
    const streamed: Finding[] = [];
    eachFinding(p, (f) => streamed.push(f));
    expect(streamed.some((f) => (f.priceSensitivity?.measures.length ?? 0) > 0)).toBe(true);
    expect(p.prices?.lines).toBeDefined();
    expect(zero).not.toHaveBeenCalled();
    zero.mockRestore();
  });
});
