// A 200,000-deep chain through the whole engine: no recursion limits, no quadratic walks.
import { describe, expect, it } from 'vitest';
import { summarize } from '../src/core/evaluate/engine';
import { validateLineage } from '../src/core/validate/lineage';
import { reference, rules } from './helpers/engine';

describe('deep lineages', () => {
  it('validates and evaluates a chain of 200,000 fine-tunes', () => {
    const n = 200000;
    const models = [];
    for (let i = 0; i < n; i++) {
      models.push({
        id: `m${i}`,
        developer: i < n / 2 ? 'a' : 'b',
        generates: ['text'],
        ...(i ? { baseModels: [{ id: `m${i - 1}`, relation: 'finetune' }] } : {}),
        compute: [{ phase: i ? 'fine-tuning' : 'pretraining', flop: i ? 1e20 : 1e25, costUsd: 1 }],
      });
    }
    const doc = { lineageVersion: 1, organizations: [{ id: 'a' }, { id: 'b' }], models };
    const v = validateLineage(doc, reference());
    expect(v.ok).toBe(true);
    const rows = summarize(v.ok ? v.doc : (null as never), rules(), {
      asOf: '2026-11-28',
      reference: reference(),
      select: ['eu-ai-act/systemic-risk'],
    });
    // Developer b fine-tunes a's chain: b's model k has k × 1e20 of its own compute against a's 1.99999e25, so it
    // becomes a provider (more than a third) from k = 66,667 on; before that the EU rule does not apply to it.
    for (const sr of rows) {
      expect(sr.counts['not-captured']).toBe(1); // m0, exactly 1e25
      expect(sr.counts['not-applicable']).toBe(66666);
      expect(sr.counts.captured).toBe(99999 + 33334);
      expect(sr.counts.uncertain).toBe(0);
    }
  });
});
