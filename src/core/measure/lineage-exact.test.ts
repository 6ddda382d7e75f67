// The lineage pass: every ancestor once (diamonds), own-developer sums, and deep chains without recursion.
import { describe, expect, it } from 'vitest';
import { toString } from '../exact/decimal';
import { EMPTY_REFERENCE } from '../estimate/reference';
import { indexLineage } from '../graph/lineage';
import type { LineageDocument } from '../types';
import { toInterval } from './amount';
import { computeTable } from './lineage-exact';
import { RecordEstimates } from './records';
import { normalise } from './spec';

const flopSpec = normalise({ quantity: 'flop', scope: 'lineage', description: 'x' });

function table(doc: LineageDocument) {
  const ix = indexLineage(doc);
  return { ix, t: computeTable(ix, new RecordEstimates(ix, EMPTY_REFERENCE), flopSpec) };
}
const at = (doc: LineageDocument, id: string) => {
  const { ix, t } = table(doc);
  const i = ix.byId.get(id)!;
  const s = (a: (typeof t.total)[number]) => {
    const iv = toInterval(a);
    return iv.hi === null ? `${toString(iv.lo)}+?` : toString(iv.lo);
  };
  return { total: s(t.total[i]), base: s(t.base[i]), developer: s(t.developer[i]), own: s(t.own[i]) };
};

const m = (id: string, dev: string, flop: number | null, bases: [string, string][] = []) => ({
  id,
  developer: dev,
  ...(flop === null ? {} : { compute: [{ phase: 'pretraining' as const, flop }] }),
  baseModels: bases.map(([b, relation]) => ({ id: b, relation: relation as 'finetune' })),
});

describe('lineage pass', () => {
  it('counts a shared ancestor once through a diamond of merges', () => {
    const doc: LineageDocument = {
      lineageVersion: 1,
      models: [
        m('base', 'a', 100),
        m('left', 'b', 10, [['base', 'finetune']]),
        m('right', 'c', 20, [['base', 'finetune']]),
        m('merged', 'b', 1, [
          ['left', 'merge'],
          ['right', 'merge'],
        ]),
        m('child', 'b', 2, [['merged', 'finetune']]),
      ],
    };
    expect(at(doc, 'merged')).toEqual({ total: '131', base: '130', developer: '11', own: '1' });
    expect(at(doc, 'child')).toEqual({ total: '133', base: '131', developer: '13', own: '2' });
  });

  it("sums a developer's own work across other developers' models in between", () => {
    const doc: LineageDocument = {
      lineageVersion: 1,
      models: [m('x1', 'x', 5), m('y1', 'y', 7, [['x1', 'finetune']]), m('x2', 'x', 11, [['y1', 'finetune']])],
    };
    expect(at(doc, 'x2')).toEqual({ total: '23', base: '12', developer: '16', own: '11' });
    expect(at(doc, 'y1').developer).toBe('7');
  });

  it('marks totals with an unknown ancestor as open-ended', () => {
    const doc: LineageDocument = {
      lineageVersion: 1,
      models: [m('b', 'a', null), m('f', 'c', 3, [['b', 'finetune']])],
    };
    expect(at(doc, 'f')).toEqual({ total: '3+?', base: '0+?', developer: '3', own: '3' });
  });

  it('walks a chain 200,000 deep without recursion', () => {
    const n = 200000;
    const models = [];
    for (let i = 0; i < n; i++)
      models.push(m(`m${i}`, i % 2 ? 'odd' : 'even', 1, i ? [[`m${i - 1}`, 'finetune']] : []));
    const doc: LineageDocument = { lineageVersion: 1, models };
    const { ix, t } = table(doc);
    const last = ix.byId.get(`m${n - 1}`)!;
    expect(toString(t.total[last].lo)).toBe(String(n));
    expect(toString(t.developer[last].lo)).toBe(String(n / 2));
  });
});
