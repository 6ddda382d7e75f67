// Merge unions as bitsets: the same sets as a plain walk, with and without kept bitsets.
import { describe, expect, it } from 'vitest';
import { ancestors, indexLineage } from '../graph/lineage';
import type { LineageDocument } from '../types';
import { AncestorSets, followedEdges } from './ancestor-sets';
import { normalise } from './spec';

const spec = normalise({ quantity: 'flop', scope: 'lineage', description: 'x', relations: ['merge', 'finetune'] });

function corpus(n: number, seed: number): LineageDocument {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const models: LineageDocument['models'] = [];
  for (let i = 0; i < n; i++) {
    const bases: { id: string; relation: 'merge' | 'finetune' | 'quantization' }[] = [];
    const r = rnd();
    if (i > 0 && r < 0.4)
      for (let k = 0; k < 1 + Math.floor(rnd() * 8); k++)
        bases.push({ id: `m${Math.floor(rnd() * i)}`, relation: 'merge' });
    else if (i > 0 && r < 0.8)
      bases.push({ id: `m${Math.floor(rnd() * i)}`, relation: rnd() < 0.8 ? 'finetune' : 'quantization' });
    models.push({ id: `m${i}`, developer: `d${i % 7}`, ...(bases.length ? { baseModels: bases } : {}) });
  }
  // Shuffle so indices are not a topological order.
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [models[i], models[j]] = [models[j], models[i]];
  }
  return { lineageVersion: 1, models };
}

/** Models whose positions are set among the words written. */
const bits = (sets: AncestorSets, a: Uint32Array) => {
  const out: number[] = [];
  for (let k = 0; k < sets.used * 32; k++) if ((a[k >>> 5] & (1 << (k & 31))) !== 0) out.push(sets.order[k]);
  return out.sort((x, y) => x - y);
};

describe('ancestor sets', () => {
  for (const budget of [undefined, 0, 40]) {
    it(`unions equal walked ancestor sets (budget ${budget ?? 'default'})`, () => {
      for (const seed of [1, 2, 3]) {
        const ix = indexLineage(corpus(400, seed));
        const f = followedEdges(ix, spec);
        const sets = new AncestorSets(f, ix.models.length, budget);
        const follow = (r: string) => spec.relations.has(r);
        let merges = 0;
        for (const r of sets.topo()) {
          if (f.count[r] < 2) continue;
          merges++;
          const { best, size } = sets.union(r);
          const want = ancestors(ix, r, follow);
          expect(bits(sets, sets.all)).toEqual(want);
          expect(size).toBe(want.length);
          const reach = best < 0 ? [] : [best, ...ancestors(ix, best, follow)];
          expect(bits(sets, sets.diff)).toEqual(want.filter((a) => !reach.includes(a)));
        }
        expect(merges).toBeGreaterThan(50);
      }
    });
  }
});

/** Few merges of random earlier models, fine-tunes of recent ones (as scripts/bench.mjs): small sets, kept sparse. */
function sparseCorpus(n: number, seed: number): LineageDocument {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const models: LineageDocument['models'] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const pick = () => `m${Math.floor(rnd() * i)}`;
    const bases =
      i < 5 || r < 0.05
        ? []
        : r < 0.1
          ? [
              { id: pick(), relation: 'merge' as const },
              { id: pick(), relation: 'merge' as const },
              { id: pick(), relation: 'merge' as const },
            ]
          : [{ id: `m${Math.max(0, i - 1 - Math.floor(rnd() * 50))}`, relation: 'finetune' as const }];
    models.push({ id: `m${i}`, developer: `d${i % 7}`, ...(bases.length ? { baseModels: bases } : {}) });
  }
  return { lineageVersion: 1, models };
}

describe('ancestor sets kept sparse', () => {
  for (const budget of [undefined, 200]) {
    it(`unions equal walked ancestor sets, and only touched words are non-zero (budget ${budget ?? 'default'})`, () => {
      const ix = indexLineage(sparseCorpus(6000, 7));
      const f = followedEdges(ix, spec);
      const sets = new AncestorSets(f, ix.models.length, budget);
      const follow = (r: string) => spec.relations.has(r);
      let merges = 0;
      let sparse = 0;
      for (const r of sets.topo()) {
        if (f.count[r] < 2) continue;
        merges++;
        const { best, size } = sets.union(r);
        const want = ancestors(ix, r, follow);
        expect(bits(sets, sets.all)).toEqual(want);
        expect(size).toBe(want.length);
        const reach = best < 0 ? [] : [best, ...ancestors(ix, best, follow)];
        expect(bits(sets, sets.diff)).toEqual(want.filter((a) => !reach.includes(a)));
        const touched = new Set(sets.touched.subarray(0, sets.touchedCount));
        expect(touched.size).toBe(sets.touchedCount);
        for (let w = 0; w < sets.words; w++) if (sets.all[w] !== 0) expect(touched.has(w)).toBe(true);
        if (2 * sets.touchedCount < sets.used) sparse++;
      }
      expect(merges).toBeGreaterThan(200);
      expect(sparse).toBeGreaterThan(100);
    });
  }
});

/** A lineage from parent lists: m0 .. m(k-1), each merging (or fine-tuning, with one parent) the listed models. */
function dag(parents: number[][]): LineageDocument {
  return {
    lineageVersion: 1,
    models: parents.map((ps, i) => ({
      id: `m${i}`,
      developer: `d${i % 3}`,
      ...(ps.length
        ? { baseModels: ps.map((p) => ({ id: `m${p}`, relation: ps.length > 1 ? 'merge' : 'finetune' })) }
        : {}),
    })),
  };
}

/** Every merge's counted ancestors from `union`, by model, against a plain walk filtered the same way. */
function checkUnions(doc: LineageDocument, counted: (i: number) => boolean, budget?: number): number {
  const ix = indexLineage(doc);
  const f = followedEdges(ix, spec);
  const n = ix.models.length;
  const mask = Uint8Array.from({ length: n }, (_, i) => (counted(i) ? 1 : 0));
  const sets = new AncestorSets(f, n, budget, mask);
  const follow = (r: string) => spec.relations.has(r);
  const byBit = (a: Uint32Array) => {
    const out: number[] = [];
    for (let k = 0; k < sets.used * 32; k++) if ((a[k >>> 5] & (1 << (k & 31))) !== 0) out.push(sets.model[k]);
    return out.sort((x, y) => x - y);
  };
  let merges = 0;
  for (const r of sets.topo()) {
    if (f.count[r] < 2) continue;
    merges++;
    const { best, size } = sets.union(r);
    const want = ancestors(ix, r, follow).filter(counted);
    expect(byBit(sets.all)).toEqual(want);
    expect(size).toBe(want.length);
    const reach = best < 0 ? [] : [best, ...ancestors(ix, best, follow)];
    expect(byBit(sets.diff)).toEqual(want.filter((a) => !reach.includes(a)));
  }
  return merges;
}

describe('ancestor sets over counted models only', () => {
  const shapes: [string, number[][]][] = [
    // m3 merges m1 and m2, both fine-tunes of m0: m0 counts once.
    ['a diamond', [[], [0], [0], [1, 2]]],
    // m5 merges two merges that share m0 and m1.
    ['a merge of merges', [[], [], [0], [0, 1], [1, 2], [3, 4]]],
    // m4's parents m2 and m3 both descend from m0 and m1 through different chains.
    ['shared ancestors across parents', [[], [], [0, 1], [1, 0], [2, 3], [4], [4, 0]]],
    // m3 merges m2 and its own ancestor m1 (and m0, an ancestor of both).
    ['a parent that is an ancestor of another parent', [[], [0], [1], [2, 1, 0], [3], [4, 2]]],
  ];
  for (const [name, parents] of shapes)
    for (const skip of [-1, 0, 1, 2]) {
      const counted = (i: number) => i !== skip;
      it(`${name}, model ${skip} not counted`, () => {
        expect(checkUnions(dag(parents), counted)).toBeGreaterThan(0);
        expect(checkUnions(dag(parents), counted, 0)).toBeGreaterThan(0);
      });
    }

  for (const budget of [undefined, 0, 40])
    it(`random lineages, every other model counted (budget ${budget ?? 'default'})`, () => {
      for (const seed of [4, 5]) {
        const counted = (i: number) => (i * 2654435761) % 7 < 4;
        expect(checkUnions(corpus(400, seed), counted, budget)).toBeGreaterThan(50);
      }
    });
});
