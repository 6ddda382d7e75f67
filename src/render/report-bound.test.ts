// Breakdowns by developer in the JSON formats: the largest contributors and a remainder, in the measures and in the
// explanation step that words them ("Of which: …"), unless asked for in full.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../core/evaluate/engine';
import type { LineageDocument } from '../core/types';
import { loadBuiltinRules, loadReference } from '../io/load';
import { BREAKDOWN_TOP, ndjsonFinding } from './report';

const rules = loadBuiltinRules();
const reference = loadReference();

/** A merge of 13 pre-trained models by 13 developers, by a 14th developer. */
function merged(): LineageDocument {
  const devs = Array.from({ length: 13 }, (_, k) => `lab-${String(k).padStart(2, '0')}`);
  return {
    lineageVersion: 1,
    organizations: [...devs, 'merger'].map((id) => ({ id, name: id })),
    models: [
      ...devs.map((d, k) => ({
        id: `${d}/base`,
        developer: d,
        generates: ['text' as const],
        compute: [{ phase: 'pretraining' as const, flop: (k + 1) * 1e24, costUsd: (k + 1) * 1e6 }],
      })),
      {
        id: 'merger/soup',
        developer: 'merger',
        generates: ['text' as const],
        baseModels: devs.map((d) => ({ id: `${d}/base`, relation: 'merge' as const })),
        compute: [{ phase: 'merge' as const, flop: 1e20, costUsd: 100 }],
      },
    ],
  };
}

describe('bounded breakdowns in ndjson', () => {
  const f = evaluate(merged(), rules, {
    asOf: '2026-11-28',
    reference,
    select: ['illustrative/lineage-cost-100m'],
    models: ['merger/soup'],
  }).findings.find((x) => x.model === 'merger/soup')!;
  const step = (full: boolean) =>
    (JSON.parse(ndjsonFinding(f, full)) as { explanation: { id: string; text: string }[] }).explanation.filter(
      (m) => m.id === 'contributions',
    );

  it('words the largest contributors and the rest', () => {
    const texts = step(false).map((m) => m.text);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) {
      expect(t.split(';').length).toBe(BREAKDOWN_TOP + 1);
      expect(t).toMatch(/; and 4 other developers .* from 4 models\.$/);
      // The largest first: lab-12 contributed the most, lab-00 the least.
      expect(t).toContain('lab-12');
      expect(t).not.toContain('lab-00');
    }
  });

  it('lists every developer when asked in full', () => {
    for (const m of step(true)) {
      expect(m.text.split(';').length).toBe(14);
      expect(m.text).toContain('lab-00');
      expect(m.text).not.toContain('other developers');
    }
  });
});
