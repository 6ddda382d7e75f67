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
