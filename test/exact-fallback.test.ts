// Verdict-only evaluation (summarize, verdict tables) decides on float sums with an error bound and falls back to
// exact sums near a threshold: these lineages sit on or next to thresholds where floats alone get it wrong, and every
// verdict, own-only verdict and count must equal those of the fully explained findings of `evaluate`.
import { describe, expect, it } from 'vitest';
import { Evaluator, evaluate, readings, summarize } from '../src/core/evaluate/engine';
import { VERDICT_NAMES } from '../src/core/evaluate/tri';
import type { LineageDocument } from '../src/core/types';
import { validateLineage } from '../src/core/validate/lineage';
import { reference, rules } from './helpers/engine';

const asOf = '2026-11-28';
type M = {
  id: string;
  developer?: string;
  baseModels?: { id: string; relation: string }[];
  compute?: unknown[];
  [k: string]: unknown;
};

const flop = (phase: string, f: number) => ({ phase, flop: f });
const chainModels = (
  prefix: string,
  dev: string,
  first: M,
  n: number,
  each: (k: number) => unknown[],
  devOf?: (k: number) => string,
): M[] => {
  const out: M[] = [first];
  for (let k = 1; k <= n; k++) {
    out.push({
      id: `${prefix}-${k}`,
      developer: devOf ? devOf(k) : dev,
      generates: ['text'],
      foundationModel: true,
      baseModels: [{ id: out[k - 1].id, relation: 'finetune' }],
      compute: each(k),
    });
  }
  return out;
};

function lineage(): LineageDocument {
  const models: M[] = [
    // 999 × 1.001e22 + 1e19 is exactly 1e25 (floats: 1.0000000000000025e25): not > 1e25.
    ...chainModels(
      'tenth',
      'a',
      {
        id: 'tenth-0',
        developer: 'a',
        generates: ['text'],
        foundationModel: true,
        compute: [flop('pretraining', 1e19)],
      },
      999,
      () => [flop('fine-tuning', 1.001e22)],
    ),
    // 9.5e25 + 1000 × 5e21 is exactly 1e26 (floats: 9.999999999999422e25): >= 1e26, not > 1e26.
    ...chainModels(
      'big',
      'a',
      {
        id: 'big-0',
        developer: 'a',
        generates: ['text'],
        foundationModel: true,
        openWeights: false,
        compute: [flop('pretraining', 9.5e25)],
      },
      1000,
      () => [flop('fine-tuning', 5e21)],
    ),
    // The same sums, with the fine-tunes by another developer (lineage vs developer-own readings, own-only).
    ...chainModels(
      'mixed',
      'b',
      {
        id: 'mixed-0',
        developer: 'a',
        generates: ['text'],
        foundationModel: true,
        compute: [flop('pretraining', 9.5e25)],
      },
      1000,
      () => [flop('fine-tuning', 5e21)],
      (k) => (k % 2 ? 'b' : 'a'),
    ),
    // Own records 1e25 + 2e25: exactly 3e25 (floats: 3.0000000000000005e25).
    {
      id: 'own-3e25',
      developer: 'c',
      generates: ['text'],
      compute: [flop('pretraining', 1e25), flop('fine-tuning', 2e25)],
    },
    // Within 1e-12 relative of 1e25 and 1e26, and one FLOP above a sum of exactly 1e25.
    { id: 'near-1e25-above', developer: 'c', generates: ['text'], compute: [flop('pretraining', 1.000000000001e25)] },
    { id: 'near-1e25-below', developer: 'c', generates: ['text'], compute: [flop('pretraining', 9.99999999999e24)] },
    {
      id: 'near-1e26-above',
      developer: 'c',
      generates: ['text'],
      foundationModel: true,
      compute: [flop('pretraining', 1.000000000001e26)],
    },
    {
      id: 'near-1e26-below',
      developer: 'c',
      generates: ['text'],
      foundationModel: true,
      compute: [flop('pretraining', 9.99999999999e25)],
    },
    {
      id: 'exact-1e26',
      developer: 'c',
      generates: ['text'],
      foundationModel: true,
      openWeights: false,
      compute: [flop('pretraining', 1e26)],
    },
    { id: 'plus-one-0', developer: 'c', generates: ['text'], compute: [flop('pretraining', 9.999999999999e24)] },
    {
      id: 'plus-one-1',
      developer: 'c',
      generates: ['text'],
      baseModels: [{ id: 'plus-one-0', relation: 'finetune' }],
      compute: [flop('fine-tuning', 1000000000001)],
    },
    {
      id: 'plus-zero-1',
      developer: 'c',
      generates: ['text'],
      baseModels: [{ id: 'plus-one-0', relation: 'finetune' }],
      compute: [flop('fine-tuning', 1000000000000)],
    },
    // Ranges: straddling, high exactly at the threshold, low exactly at it.
    {
      id: 'range-straddle',
      developer: 'd',
      generates: ['text'],
      compute: [{ phase: 'pretraining', flopRange: { low: 9e24, high: 1.1e25 } }],
    },
    {
      id: 'range-high-at',
      developer: 'd',
      generates: ['text'],
      compute: [{ phase: 'pretraining', flopRange: { low: 9e24, high: 1e25 } }],
    },
    {
      id: 'range-low-at',
      developer: 'd',
      generates: ['text'],
      foundationModel: true,
      compute: [{ phase: 'pretraining', flopRange: { low: 1e26, high: 2e26 } }],
    },
    // Unknowns: a base with no compute; a derived model below and one above the threshold on what is known.
    { id: 'unknown-base', developer: 'e', generates: ['text'] },
    {
      id: 'unknown-below',
      developer: 'e',
      generates: ['text'],
      baseModels: [{ id: 'unknown-base', relation: 'finetune' }],
      compute: [flop('fine-tuning', 1e24)],
    },
    {
      id: 'unknown-above',
      developer: 'e',
      generates: ['text'],
      baseModels: [{ id: 'unknown-base', relation: 'finetune' }],
      compute: [flop('fine-tuning', 2e25)],
    },
    // One third: modifications of exactly a third, one double above it, and just under a third of the original.
    { id: 'orig-3e25', developer: 'f', generates: ['text'], compute: [flop('pretraining', 3e25)] },
    {
      id: 'third-exact',
      developer: 'g',
      generates: ['text'],
      baseModels: [{ id: 'orig-3e25', relation: 'finetune' }],
      compute: [flop('fine-tuning', 1e25)],
    },
    {
      id: 'third-plus',
      developer: 'g',
      generates: ['text'],
      baseModels: [{ id: 'orig-3e25', relation: 'finetune' }],
      compute: [flop('fine-tuning', 1.0000000000000003e25)],
    },
    { id: 'orig-1e25', developer: 'f', generates: ['text'], compute: [flop('pretraining', 1e25)] },
    {
      id: 'third-of-1e25',
      developer: 'g',
      generates: ['text'],
      baseModels: [{ id: 'orig-1e25', relation: 'finetune' }],
      compute: [flop('fine-tuning', 3333333333333333333333333)],
    },
    {
      id: 'third-two-parts',
      developer: 'g',
      generates: ['text'],
      baseModels: [{ id: 'orig-3e25', relation: 'finetune' }],
      compute: [flop('fine-tuning', 3e24), flop('reinforcement-learning', 7e24)],
    },
    // An original of unknown compute (the rule's fallbacks) and a merge of two originals summing to a third exactly.
    { id: 'orig-unknown', developer: 'f', generates: ['text'] },
    {
      id: 'mod-of-unknown',
      developer: 'g',
      generates: ['text'],
      baseModels: [{ id: 'orig-unknown', relation: 'finetune' }],
      compute: [flop('fine-tuning', 3.4e22)],
    },
    { id: 'orig-half', developer: 'h', generates: ['text'], compute: [flop('pretraining', 1.5e25)] },
    {
      id: 'merge-third',
      developer: 'g',
      generates: ['text'],
      baseModels: [
        { id: 'orig-3e25', relation: 'merge' },
        { id: 'orig-half', relation: 'merge' },
      ],
      compute: [flop('merge', 1.5e25)],
    },
  ];
  const devs = [...new Set(models.map((m) => m.developer).filter((d): d is string => d !== undefined))].sort();
  return { lineageVersion: 1, organizations: devs.map((id) => ({ id })), models } as unknown as LineageDocument;
}

function validated(): LineageDocument {
  const v = validateLineage(lineage(), reference());
  if (!v.ok) throw new Error(v.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return v.doc;
}

describe('exact fallback of verdict-only evaluation', () => {
  const doc = validated();
  const all = rules();
  const select = all.map((r) => r.id);
  const { findings } = evaluate(doc, all, { asOf, reference: reference(), select });
  const byKey = new Map(findings.map((f) => [`${f.model ?? f.organization}|${f.rule}|${f.interpretation ?? ''}`, f]));
  const verdict = (model: string, rule: string, interp = '') => byKey.get(`${model}|${rule}|${interp}`)!.verdict;

  it('the sums are ones that binary floating point gets wrong', () => {
    let s = 1e19;
    for (let k = 0; k < 999; k++) s += 1.001e22;
    expect(s).not.toBe(1e25);
    let t = 9.5e25;
    for (let k = 0; k < 1000; k++) t += 5e21;
    expect(t).not.toBe(1e26);
    expect(1e25 + 2e25).not.toBe(3e25);
    expect(9.999999999999e24 + 1000000000001).toBe(1e25);
  });

  it('decides them exactly in full findings', () => {
    expect(verdict('tenth-999', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('not-captured');
    expect(verdict('big-1000', 'kr-ai-basic-act/high-performance', 'lineage-cumulative')).toBe('captured');
    expect(verdict('big-999', 'kr-ai-basic-act/high-performance', 'lineage-cumulative')).toBe('not-captured');
    expect(verdict('big-1000', 'us-eo14110/dual-use-model', 'lineage-cumulative')).toBe('not-captured');
    expect(verdict('own-3e25', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('captured');
    expect(verdict('plus-one-1', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('captured');
    expect(verdict('plus-zero-1', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('not-captured');
    expect(verdict('near-1e25-above', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('captured');
    expect(verdict('near-1e25-below', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('not-captured');
    expect(verdict('exact-1e26', 'us-bis-2025/eccn-4e091')).toBe('captured');
    expect(verdict('range-straddle', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('uncertain');
    expect(verdict('range-high-at', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('not-captured');
    expect(verdict('range-low-at', 'kr-ai-basic-act/high-performance', 'developer-own')).toBe('captured');
    expect(verdict('unknown-below', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('uncertain');
    expect(verdict('unknown-above', 'eu-ai-act/systemic-risk', 'merge-includes-parents')).toBe('captured');
    expect(verdict('third-exact', 'eu-ai-act/downstream-modifier')).toBe('not-captured');
    expect(verdict('third-plus', 'eu-ai-act/downstream-modifier')).toBe('captured');
    expect(verdict('third-of-1e25', 'eu-ai-act/downstream-modifier')).toBe('not-captured');
    expect(verdict('third-two-parts', 'eu-ai-act/downstream-modifier')).toBe('not-captured');
    expect(verdict('merge-third', 'eu-ai-act/downstream-modifier')).toBe('not-captured');
  });

  it('gives every model the same verdict and own-only verdict from the verdict tables', () => {
    const ev = new Evaluator(doc, all, asOf, reference());
    let checked = 0;
    for (const rule of all) {
      if (rule.subject !== 'model') continue;
      for (const interp of readings(rule)) {
        ev.ix.models.forEach((m, i) => {
          const f = byKey.get(`${m.id}|${rule.id}|${interp ?? ''}`)!;
          expect([m.id, rule.id, interp, VERDICT_NAMES[ev.verdictOf(rule.id, interp, false, i)]]).toEqual([
            m.id,
            rule.id,
            interp,
            f.verdict,
          ]);
          expect([m.id, rule.id, interp, VERDICT_NAMES[ev.verdictOf(rule.id, interp, true, i)]]).toEqual([
            m.id,
            rule.id,
            interp,
            f.ownOnly.verdict,
          ]);
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(3000 * 20);
  });

  it('summarize counts equal the counts of the full findings', () => {
    const rows = summarize(doc, all, { asOf, reference: reference(), select });
    for (const row of rows) {
      const mine = findings.filter(
        (f) => f.rule === row.rule && (f.interpretation ?? '') === (row.interpretation ?? ''),
      );
      const counts = { captured: 0, 'not-captured': 0, uncertain: 0, 'not-applicable': 0 };
      for (const f of mine) counts[f.verdict]++;
      expect([row.rule, row.interpretation, row.counts]).toEqual([row.rule, row.interpretation, counts]);
      if (row.subject === 'model') expect(row.wrongfulCaptures).toBe(mine.filter((f) => f.wrongfulCapture).length);
    }
  });
});
