import { describe, expect, it } from 'vitest';
import type { LineageDocument } from '../types';
import { indexLineage, originalsAll, relationMask, RELATIONS, topoOrder } from './lineage';

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

describe('flat edges and originals', () => {
  it('keeps the same edges in flat arrays as in the lists, relation codes included', () => {
    const ix = indexLineage(doc);
    for (let i = 0; i < ix.models.length; i++) {
      const flat = [];
      for (let k = ix.pStart[i]; k < ix.pStart[i + 1]; k++)
        flat.push({ idx: ix.pIdx[k], relation: RELATIONS[ix.pRel[k]] });
      expect(flat).toEqual(ix.parents[i]);
      const kids = [];
      for (let k = ix.cStart[i]; k < ix.cStart[i + 1]; k++)
        kids.push({ idx: ix.cIdx[k], relation: RELATIONS[ix.cRel[k]] });
      expect(kids).toEqual(ix.children[i]);
    }
    expect([...ix.devId]).toEqual([0, 1, 1, 2]);
    expect(relationMask(['merge', 'finetune'])).toBe(
      (1 << RELATIONS.indexOf('merge')) | (1 << RELATIONS.indexOf('finetune')),
    );
  });

  /** The definition, walked per model: up through own-developer ancestors, stopping at the first other-developer ones. */
  function naiveOriginals(d: LineageDocument, follow: ReadonlySet<string>): number[][] {
    const ix = indexLineage(d);
    return ix.models.map((m, i) => {
      const ps = ix.parents[i].filter((e) => follow.has(e.relation));
      if (m.developer === undefined) return [...new Set(ps.map((e) => e.idx))].sort((a, b) => a - b);
      const out = new Set<number>();
      const seen = new Set<number>();
      const stack = ps.map((e) => e.idx);
      while (stack.length) {
        const v = stack.pop()!;
        if (seen.has(v)) continue;
        seen.add(v);
        if (ix.devKey[v] !== ix.devKey[i]) out.add(v);
        else for (const e of ix.parents[v]) if (follow.has(e.relation)) stack.push(e.idx);
      }
      return [...out].sort((a, b) => a - b);
    });
  }

  it('finds the originals of other developers as a walk does, through the relations asked for', () => {
    for (const seed of [1, 2, 3]) {
      let s = seed;
      const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
      const relations = ['finetune', 'merge', 'quantization'] as const;
      const models = Array.from({ length: 300 }, (_, i) => {
        const bases =
          i === 0 || rnd() < 0.15
            ? []
            : Array.from({ length: rnd() < 0.3 ? 3 : 1 }, () => ({
                id: `m${Math.floor(rnd() * i)}`,
                relation: relations[Math.floor(rnd() * 3)],
              }));
        const dev = rnd() < 0.05 ? undefined : `o${Math.floor(rnd() * 4)}`;
        return { id: `m${i}`, ...(dev ? { developer: dev } : {}), ...(bases.length ? { baseModels: bases } : {}) };
      });
      const d = {
        lineageVersion: 1,
        organizations: [{ id: 'o1', affiliateOf: 'o2' }],
        models,
      } as unknown as LineageDocument;
      const ix = indexLineage(d);
      for (const follow of [['finetune', 'merge', 'quantization'], ['merge'], ['finetune', 'quantization']]) {
        const t = originalsAll(ix, topoOrder(ix), relationMask(follow));
        const got = ix.models.map((_, i) => [...t.idx.subarray(t.from[i], t.to[i])]);
        expect(got).toEqual(naiveOriginals(d, new Set(follow)));
      }
    }
  });
});
