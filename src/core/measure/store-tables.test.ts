// Exact measure tables are shared only between measures that count the same amounts over the same edges: a measure
// whose records or edges differ gets its own table.
import { describe, expect, it } from 'vitest';
import { indexLineage } from '../graph/lineage';
import { EMPTY_REFERENCE } from '../estimate/reference';
import type { LineageDocument, MeasureSpec } from '../types';
import { MeasureStore } from './store';

const doc = {
  lineageVersion: 1,
  organizations: [{ id: 'lab' }, { id: 'tuner' }],
  models: [
    {
      id: 'base',
      developer: 'lab',
      compute: [
        { phase: 'pretraining', flop: 9e25 },
        { phase: 'reinforcement-learning', flop: 2e24 },
      ],
    },
    {
      id: 'ft',
      developer: 'tuner',
      baseModels: [{ id: 'base', relation: 'finetune' }],
      compute: [{ phase: 'fine-tuning', flop: 6e24 }],
    },
    {
      id: 'q',
      developer: 'tuner',
      baseModels: [{ id: 'ft', relation: 'quantization' }],
      compute: [{ phase: 'fine-tuning', flop: 1e20 }],
    },
  ],
} as LineageDocument;

const spec = (over: Partial<MeasureSpec>): MeasureSpec => ({
  quantity: 'flop',
  scope: 'lineage',
  description: 'training compute',
  ...over,
});

describe('MeasureStore exact tables', () => {
  const store = () => new MeasureStore(indexLineage(doc), EMPTY_REFERENCE);

  it('shares one table between measures that differ only where the lineage has nothing to count', () => {
    const s = store();
    const all = s.table(spec({}));
    // No record is synthetic data and no edge is a distillation: the same amounts over the same edges.
    const withUnused = s.table(
      spec({
        phases: ['pretraining', 'reinforcement-learning', 'fine-tuning', 'synthetic-data'],
        relations: ['finetune', 'quantization', 'distillation'],
      }),
    );
    expect(withUnused).toBe(all);
  });

  it('gives a measure counting other records, or following other edges, its own table', () => {
    const s = store();
    const all = s.table(spec({}));
    const pretraining = s.table(spec({ phases: ['pretraining'] }));
    const noQuant = s.table(spec({ relations: ['finetune'] }));
    expect(pretraining).not.toBe(all);
    expect(noQuant).not.toBe(all);
    const q = 2;
    expect(all.total[q].lo.f).toBeCloseTo(9e25 + 2e24 + 6e24 + 1e20, -12);
    expect(pretraining.total[q].lo.f).toBeCloseTo(9e25, -12);
    expect(noQuant.total[q].lo.f).toBeCloseTo(1e20, -12);
  });

  it('keeps tables apart when only one model’s amount differs', () => {
    const s = store();
    const flop = s.table(spec({ phases: ['pretraining', 'fine-tuning'] }));
    const rl = s.table(spec({ phases: ['pretraining', 'fine-tuning', 'reinforcement-learning'] }));
    expect(rl).not.toBe(flop);
    expect(rl.own[0].lo.f).toBeCloseTo(9.2e25, -12);
    expect(flop.own[0].lo.f).toBeCloseTo(9e25, -12);
  });
});
