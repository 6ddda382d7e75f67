// Hand-made fixtures for the research tests: one plain rule and a lineage whose sweep counts are worked out by hand.
import type { LineageDocument, Rule } from '../../src/core/types';
import { validateLineage } from '../../src/core/validate/lineage';
import { reference } from './engine';

/** A rule of the plainest kind: lineage compute > 10^25, no preconditions. */
export const HAND_RULE: Rule = {
  id: 'research/lineage-flop',
  title: 'Test rule: lineage compute > 10^25 FLOP',
  jurisdiction: 'none',
  instrument: 'flopcheck tests',
  status: 'illustrative',
  effective: {},
  citation: { section: 'none', text: 'A test rule.', url: 'https://example.org/' },
  subject: 'model',
  measures: {
    lineageFlop: { quantity: 'flop', scope: 'lineage', description: 'Compute summed over the lineage' },
  },
  condition: { compare: { measure: 'lineageFlop', op: '>', threshold: { value: '1e25' } } },
  obligations: [],
};

/**
 * Lineage compute (own in brackets):
 *   a/base     1e25 exactly          a/big    3e25
 *   b/ft       1e25 + 2e24 = 1.2e25 (own 2e24; its base is a/base, another developer's)
 *   c/small    1e23                  c/unknown  unknown        c/range  5e24 to 2e25
 */
export const HAND_LINEAGE = {
  lineageVersion: 1,
  organizations: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
  models: [
    { id: 'a/base', developer: 'a', compute: [{ phase: 'pretraining', flop: 1e25 }] },
    { id: 'a/big', developer: 'a', compute: [{ phase: 'pretraining', flop: 3e25 }] },
    {
      id: 'b/ft',
      developer: 'b',
      baseModels: [{ id: 'a/base', relation: 'finetune' }],
      compute: [{ phase: 'fine-tuning', flop: 2e24 }],
    },
    { id: 'c/small', developer: 'c', compute: [{ phase: 'pretraining', flop: 1e23 }] },
    { id: 'c/unknown', developer: 'c' },
    { id: 'c/range', developer: 'c', compute: [{ phase: 'pretraining', flopRange: { low: 5e24, high: 2e25 } }] },
  ],
};

export function handDoc(): LineageDocument {
  const v = validateLineage(HAND_LINEAGE, reference());
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.doc;
}
