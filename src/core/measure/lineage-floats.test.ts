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
