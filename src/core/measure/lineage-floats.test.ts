// The float lineage pass against the exact one: every ancestor once through diamonds, merges of merges and models
// reached through many merge paths; unions built dense (most words written) and sparse; passes sharing a pool of
// scratch arrays give what fresh arrays give.
import { describe, expect, it } from 'vitest';
import { toString as decString } from '../exact/decimal';
import { EMPTY_REFERENCE } from '../estimate/reference';
import { RecordFloatEstimator } from '../estimate/float-estimate';
import { indexLineage } from '../graph/lineage';
import type { LineageDocument } from '../types';
import type { Amount } from './amount';
import { computeTable } from './lineage-exact';
import { computeFastTables, FloatSums } from './lineage-floats';
import { computeOwnTable, recordFloats } from './own-floats';
import { BufferPool } from './pool';
import { RecordEstimates } from './records';
import { normalise } from './spec';

const flop = normalise({ quantity: 'flop', scope: 'lineage', description: 'x' });
const cost = normalise({ quantity: 'costUsd', scope: 'lineage', description: 'x' });

type Bases = [number, 'merge' | 'finetune'][];
/** Models m0 .. m(k-1), developer d(i % devs), with integer FLOP (exact in floats) or no compute (null). */
function doc(models: { flop: number | null; bases: Bases }[], devs = 3): LineageDocument {
  return {
    lineageVersion: 1,
    models: models.map((x, i) => ({
      id: `m${i}`,
      developer: `d${i % devs}`,
      ...(x.flop === null ? {} : { compute: [{ phase: 'pretraining' as const, flop: x.flop, costUsd: x.flop * 3 }] }),
      ...(x.bases.length ? { baseModels: x.bases.map(([p, relation]) => ({ id: `m${p}`, relation })) } : {}),
    })),
  };
}

/** Float sums and the exact tables agree for every model (the amounts are integers well inside 2^53). */
function check(d: LineageDocument, pool?: BufferPool): void {
  const ix = indexLineage(d);
  const est = new RecordEstimates(ix, EMPTY_REFERENCE);
  const rf = recordFloats(ix, new RecordFloatEstimator(EMPTY_REFERENCE));
  const owns = [computeOwnTable(rf, flop), computeOwnTable(rf, cost)];
  const fast = computeFastTables(ix, flop, owns, undefined, pool);
  [flop, cost].forEach((spec, k) => {
    const exact = computeTable(ix, est, spec);
    const same = (f: FloatSums, e: Amount[], what: string) => {
      for (let i = 0; i < ix.models.length; i++) {
        const got = [f.lo[i], f.hi[i], f.missing[i]];
        expect(got, `${what} of m${i}`).toEqual([
          Number(decString(e[i].lo)),
          Number(decString(e[i].hiKnown)),
          e[i].missing,
        ]);
        expect(f.err[i]).toBeGreaterThanOrEqual(0);
      }
    };
    same(fast[k].total, exact.total, 'total');
    same(fast[k].developer, exact.developer, 'developer');
  });
}

describe('float lineage pass', () => {
  it('counts a diamond once', () => {
    check(
      doc([
        { flop: 100, bases: [] },
        { flop: 10, bases: [[0, 'finetune']] },
        { flop: 20, bases: [[0, 'finetune']] },
        {
          flop: 1,
          bases: [
            [1, 'merge'],
            [2, 'merge'],
          ],
        },
        { flop: 2, bases: [[3, 'finetune']] },
      ]),
    );
  });

  it('counts shared ancestors once in merges of merges', () => {
    check(
      doc([
        { flop: 100, bases: [] },
        { flop: 200, bases: [] },
        {
          flop: null,
          bases: [
            [0, 'merge'],
            [1, 'merge'],
          ],
        },
        {
          flop: 5,
          bases: [
            [0, 'merge'],
            [1, 'merge'],
          ],
        },
        {
          flop: 7,
          bases: [
            [2, 'merge'],
            [3, 'merge'],
          ],
        },
        {
          flop: 0,
          bases: [
            [4, 'merge'],
            [2, 'merge'],
            [0, 'merge'],
          ],
        },
        { flop: 3, bases: [[5, 'finetune']] },
      ]),
    );
  });

  it('counts a model reached through many merge paths once', () => {
    // m0 under 40 chains of merges, each merging the previous level's models pairwise.
    const models: { flop: number | null; bases: Bases }[] = [{ flop: 1000, bases: [] }];
    let level = [0];
    for (let depth = 0; depth < 6; depth++) {
      const next: number[] = [];
      for (let k = 0; k < 6; k++) {
        const a = level[k % level.length];
        const b = level[(k * 5 + 1) % level.length];
        models.push({
          flop: depth % 2 ? null : k + 1,
          bases:
            a === b
              ? [[a, 'finetune']]
              : [
                  [a, 'merge'],
                  [b, 'merge'],
                ],
        });
        next.push(models.length - 1);
      }
      level = next;
    }
    models.push({ flop: 1, bases: level.map((p) => [p, 'merge'] as [number, 'merge']) });
    check(doc(models));
  });

  it('agrees on random merge-heavy lineages (dense and sparse unions), with and without a shared pool', () => {
    for (const share of [0.05, 0.45]) {
      let s = 17;
      const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
      const models: { flop: number | null; bases: Bases }[] = [];
      for (let i = 0; i < 600; i++) {
        if (i >= 4 && rnd() < share) {
          const ps = new Set<number>();
          for (let k = 0; k < 8; k++) ps.add(Math.floor(rnd() * i));
          models.push({
            flop: rnd() < 0.7 ? null : 1 + Math.floor(rnd() * 50),
            bases: [...ps].map((p) => [p, 'merge']),
          });
        } else if (i < 4 || rnd() < 0.1) models.push({ flop: Math.floor(rnd() * 1e6), bases: [] });
        else
          models.push({
            flop: rnd() < 0.1 ? null : Math.floor(rnd() * 1000),
            bases: [[Math.max(0, i - 1 - Math.floor(rnd() * 30)), 'finetune']],
          });
      }
      const d = doc(models, 7);
      check(d);
      const pool = new BufferPool();
      check(d, pool);
      check(d, pool); // the second pass reuses the first one's arrays
    }
  });
});

/**
 * Random merge-heavy lineages with diamonds (a share of models merging up to 8 earlier ones, fine-tunes of recent
 * ones), every amount known: the merges' sums take the packed low/high path. Amounts are `tenths` tenths of a FLOP
 * (cost three times that), so float sums round; the reference is a brute-force walk of each model's ancestors summed
 * in bigint tenths.
 */
function randomKnown(n: number, share: number, seed: number, devs: number): { d: LineageDocument; tenths: bigint[] } {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const tenths: bigint[] = [];
  const models: LineageDocument['models'] = [];
  for (let i = 0; i < n; i++) {
    let bases: { id: string; relation: 'merge' | 'finetune' }[] = [];
    if (i >= 4 && rnd() < share) {
      const ps = new Set<number>();
      for (let k = 0; k < 8; k++) ps.add(Math.floor(rnd() * i));
      bases = [...ps].map((p) => ({ id: `m${p}`, relation: 'merge' }));
    } else if (i >= 4 && rnd() > 0.1)
      bases = [{ id: `m${Math.max(0, i - 1 - Math.floor(rnd() * 30))}`, relation: 'finetune' }];
    // Some models with nothing of their own (no bits), the rest up to 1e9 tenths times a power of ten.
    const t = rnd() < 0.3 ? 0n : BigInt(Math.floor(rnd() * 1e9)) * 10n ** BigInt(Math.floor(rnd() * 12));
    tenths.push(t);
    const flop = Number(t) / 10;
    models.push({
      id: `m${i}`,
      developer: `d${i % devs}`,
      compute: [{ phase: 'pretraining', flop, costUsd: flop * 3 }],
      ...(bases.length ? { baseModels: bases } : {}),
    });
  }
  return { d: { lineageVersion: 1, models }, tenths };
}

/** Brute force: model i's ancestors (itself included) by a walk of its base models. */
function closure(d: LineageDocument, i: number): number[] {
  const at = new Map(d.models.map((m, k) => [m.id, k]));
  const seen = new Set([i]);
  const stack = [i];
  while (stack.length) {
    const v = stack.pop()!;
    for (const b of d.models[v].baseModels ?? []) {
      const p = at.get(b.id)!;
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  return [...seen];
}

describe('float lineage pass against a brute-force walk', () => {
  /** |float − exact| ≤ err, the exact value being x tenths (its conversion to a float rounds by half an ulp). */
  const within = (got: number, err: number, x: bigint, what: string) => {
    const exact = Number(x) / 10;
    expect(Math.abs(got - exact), what).toBeLessThanOrEqual(err + Math.abs(exact) * 2 ** -52);
  };

  for (const [n, share, seed] of [
    [400, 0.45, 3],
    [700, 0.3, 11],
    [300, 0.8, 29],
  ] as const)
    it(`bounds every total and developer sum (${n} models, ${share * 100}% merges)`, () => {
      const devs = 5;
      const { d, tenths } = randomKnown(n, share, seed, devs);
      const ix = indexLineage(d);
      const rf = recordFloats(ix, new RecordFloatEstimator(EMPTY_REFERENCE));
      const owns = [computeOwnTable(rf, flop), computeOwnTable(rf, cost)];
      const [f, c] = computeFastTables(ix, flop, owns, undefined, new BufferPool());
      for (let i = 0; i < n; i++) {
        const anc = closure(d, i);
        const total = anc.reduce((a, k) => a + tenths[k], 0n);
        const same = anc.filter((k) => k % devs === i % devs).reduce((a, k) => a + tenths[k], 0n);
        within(f.total.lo[i], f.total.err[i], total, `total of m${i}`);
        within(f.total.hi[i], f.total.err[i], total, `total high of m${i}`);
        within(f.developer.lo[i], f.developer.err[i], same, `developer sum of m${i}`);
        within(c.total.lo[i], c.total.err[i], total * 3n, `cost total of m${i}`);
        within(c.developer.hi[i], c.developer.err[i], same * 3n, `cost developer sum of m${i}`);
        expect(f.total.missing[i]).toBe(0);
        // The bound stays tight: far below the amounts (a loose bound would send every decision to exact sums).
        expect(f.total.err[i]).toBeLessThanOrEqual((Number(total) / 10) * 2 ** -40 + 1e-300);
      }
    });

  it('sums integers exactly on the packed path', () => {
    const models: { flop: number | null; bases: Bases }[] = [];
    let s = 5;
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < 500; i++) {
      if (i >= 4 && rnd() < 0.45) {
        const ps = new Set<number>();
        for (let k = 0; k < 8; k++) ps.add(Math.floor(rnd() * i));
        models.push({ flop: 0, bases: [...ps].map((p) => [p, 'merge']) });
      } else
        models.push({
          flop: Math.floor(rnd() * 1e6),
          bases: i < 4 ? [] : [[i - 1 - Math.floor(rnd() * i), 'finetune']],
        });
    }
    check(doc(models, 7));
  });
});

describe('float lineage pass: rounding of a merge sum', () => {
  it("bounds the roundings of adding a merge's new ancestors", () => {
    // m53 merges m1 (the parent with most ancestors) with m2 = 2^53 FLOP and fifty 1-FLOP roots, all new to m1: summed
    // after 2^53, every 1 is lost to rounding (the float total is 50 short) and the bound must say so.
    const big = 2 ** 53;
    const models: { flop: number | null; bases: Bases }[] = [
      { flop: 1, bases: [] },
      { flop: 1, bases: [[0, 'finetune']] },
      { flop: big, bases: [] },
    ];
    for (let k = 0; k < 50; k++) models.push({ flop: 1, bases: [] });
    models.push({ flop: 0, bases: models.map((_, k) => [k, 'merge'] as [number, 'merge']).slice(1) });
    // Merges must be at least a tenth of the models for the packed path: add merges of pairs.
    for (let k = 0; k < 6; k++)
      models.push({
        flop: 0,
        bases: [
          [k, 'merge'],
          [k + 1, 'merge'],
        ],
      });
    const d = doc(models, 1);
    const ix = indexLineage(d);
    const rf = recordFloats(ix, new RecordFloatEstimator(EMPTY_REFERENCE));
    const [f] = computeFastTables(ix, flop, [computeOwnTable(rf, flop)]);
    const exact = big + 2 + 50;
    expect(Math.abs(f.total.lo[53] - exact)).toBeGreaterThan(0); // the floats did round
    expect(Math.abs(f.total.lo[53] - exact)).toBeLessThanOrEqual(f.total.err[53]);
    expect(Math.abs(f.developer.hi[53] - exact)).toBeLessThanOrEqual(f.developer.err[53]);
  });
});
