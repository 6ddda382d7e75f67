import { describe, expect, it } from 'vitest';
import type { LineageDocument } from '../types';
import { indexLineage, topoOrder } from './lineage';

const doc = {
  lineageVersion: 1,
  organizations: [{ id: 'a' }, { id: 'b', affiliateOf: 'a' }, { id: 'c' }],
  models: [
    {
      id: 'm2',
      developer: 'c',
      baseModels: [
        { id: 'm0', relation: 'merge' },
        { id: 'm1', relation: 'merge' },
      ],
    },
    { id: 'm0', developer: 'a' },
    { id: 'm1', developer: 'b', baseModels: [{ id: 'm0', relation: 'finetune' }] },
    { id: 'm3' },
  ],
} as unknown as LineageDocument;

describe('indexLineage', () => {
  it('lists parents and children by position, in the order written', () => {
    const ix = indexLineage(doc);
    expect(ix.parents.map((ps) => ps.map((e) => `${e.idx}:${e.relation}`))).toEqual([
      ['1:merge', '2:merge'],
      [],
      ['1:finetune'],
      [],
    ]);
    expect(ix.children.map((cs) => cs.map((e) => `${e.idx}:${e.relation}`))).toEqual([
      [],
      ['0:merge', '2:finetune'],
      ['0:merge'],
      [],
    ]);
    expect(ix.devKey).toEqual(['c', 'a', 'a', '#model:m3']);
    expect([...topoOrder(ix)]).toEqual([1, 3, 2, 0]);
  });

  it('reuses the positions by id it is given, and builds them when they do not fit the document', () => {
    const ids = new Map([
      ['m2', 0],
      ['m0', 1],
      ['m1', 2],
      ['m3', 3],
    ]);
    expect(indexLineage(doc, ids).byId).toBe(ids);
    const stale = new Map([['m2', 0]]);
    const ix = indexLineage(doc, stale);
    expect(ix.byId).not.toBe(stale);
    expect([...ix.byId]).toEqual([...ids]);
    expect(indexLineage(doc, stale).parents).toEqual(indexLineage(doc).parents);
  });
});
