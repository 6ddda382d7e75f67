// The lineage pass in floats: per model, low and known-high sums with one absolute error bound and a count of
// unknowns, in typed arrays (no objects per model). Decisions trust these only when the gap exceeds the bound;
// otherwise `exactAmount` re-sums the exact own amounts over the members of the measure.
//
// Same walk as lineage-exact.ts: single-parent chains summed along an iterative depth-first walk; a model with several
// parents (a merge) seeds its walk with the union of its ancestors, so diamonds are counted once. Merges are taken in
// topological order and their unions built as bitsets from their parents' (ancestor-sets.ts): a merge's ancestor sum
// is its largest parent's lineage total plus the ancestors that parent does not reach, and per-developer ancestor sums
// are taken only for the developers its walk asks for.
import { relationMask, type LineageIndex } from '../graph/lineage';
import { AncestorSets, disposeFollowed, followedEdges } from './ancestor-sets';
import { NO_POOL, type Pool } from './pool';
import { addErr, U } from '../exact/bound';
import { Amount, ZERO_AMOUNT, plus } from './amount';
import type { RecordEstimates } from './records';
import type { NormalSpec } from './spec';
import type { MeasureSpec } from '../types';
import { ownAmount } from './lineage-exact';
import type { Slab } from './slab';

/** One kind of sum (own, lineage total, or own-developer lineage) for every model. */
export interface FloatSums {
  lo: Float64Array;
  /** High over the records whose amount is known. */
  hi: Float64Array;
  /** |float − exact| ≤ err for both lo and hi. */
  err: Float64Array;
  /** Number of models whose amount is unknown. */
  missing: Int32Array;
}

export interface FastTable {
  own: FloatSums;
  total: FloatSums;
  developer: FloatSums;
}

export function sums(n: number, slab?: Slab): FloatSums {
  if (slab) return { lo: slab.f64(n), hi: slab.f64(n), err: slab.f64(n), missing: slab.i32(n) };
  return { lo: new Float64Array(n), hi: new Float64Array(n), err: new Float64Array(n), missing: new Int32Array(n) };
}

/**
 * Lineage and own-developer sums for several measures that follow the same relations (so walk the same graph): the
 * walk, the merges' ancestor unions and the developer stacks are shared; only the sums are per measure.
 */
export function computeFastTables(
  ix: LineageIndex,
  spec: NormalSpec,
  owns: readonly FloatSums[],
  slab?: Slab,
  pool: Pool = NO_POOL,
): FastTable[] {
  const n = ix.models.length;
  const T = owns.length;
  const totals = owns.map(() => sums(n, slab));
  const devs = owns.map(() => sums(n, slab));
  const followed = followedEdges(ix, spec, pool);
  const { count, kids, kidStart } = followed;
  // Models whose own amounts are zero in every measure add nothing (an exact zero adds no rounding): they get no bits
  // in the merges' ancestor sets.
  const nonZero = pool.u8(n);
  for (let i = 0; i < n; i++)
    for (let m = 0; m < T; m++) {
      const own = owns[m];
      if (own.lo[i] !== 0 || own.hi[i] !== 0 || own.err[i] !== 0 || own.missing[i] !== 0) {
        nonZero[i] = 1;
        break;
      }
    }
  const sets = new AncestorSets(followed, n, undefined, nonZero, pool);
  const order = sets.topo();

  // Developers as small integers.
  const devId = ix.devId;
  const D = ix.developers;
  const devStart = pool.i32(D + 1);
  for (let i = 0; i < n; i++) devStart[devId[i] + 1]++;
  for (let d = 0; d < D; d++) devStart[d + 1] += devStart[d];
  const devMembers = pool.i32(n);
  const devFill = pool.i32(D);
  devFill.set(devStart.subarray(0, D));
  for (let i = 0; i < n; i++) devMembers[devFill[devId[i]]++] = i;
  // Their bits (-1 when not counted), read in place of the members for the merges' developer sums.
  const devSlots = pool.i32(n);
  for (let k = 0; k < n; k++) devSlots[k] = sets.slot[devMembers[k]];
  // Developers a merge's walk will ask for (its own and its single-parent descendants'), and their pool entries.
  const needStamp = pool.i32(D);
  const needPool = pool.i32(D);
  const needList: number[] = [];
  let needGen = 0;
  // Per developer, a stack of references to the latest same-developer sum on the current path: a model index
  // (its developer sum) or, negative, a seeded sum from a merge's ancestors in the pool below (T entries each).
  const stacks = new Array<number[]>(D);
  const poolLo: number[] = [];
  const poolHi: number[] = [];
  const poolErr: number[] = [];
  const poolMiss: number[] = [];
  const NONE = 0x7fffffff;
  const setDeveloper = (c: number) => {
    const s = stacks[devId[c]];
    const t = s !== undefined && s.length > 0 ? s[s.length - 1] : NONE;
    for (let m = 0; m < T; m++) {
      const own = owns[m];
      const developer = devs[m];
      let lo = own.lo[c];
      let hi = own.hi[c];
      let err = own.err[c];
      let miss = own.missing[c];
      if (t !== NONE) {
        const q = t >= 0 ? -1 : (-1 - t) * T + m;
        lo += t >= 0 ? developer.lo[t] : poolLo[q];
        hi += t >= 0 ? developer.hi[t] : poolHi[q];
        err = addErr(Math.max(Math.abs(lo), Math.abs(hi)), err, t >= 0 ? developer.err[t] : poolErr[q]);
        miss += t >= 0 ? developer.missing[t] : poolMiss[q];
      }
      developer.lo[c] = lo;
      developer.hi[c] = hi;
      developer.err[c] = err;
      developer.missing[c] = miss;
    }
    (stacks[devId[c]] ??= []).push(c);
  };
  const addTotal = (c: number, from: number, seeded: boolean) => {
    for (let m = 0; m < T; m++) {
      const own = owns[m];
      const total = totals[m];
      // from >= 0: the parent's total; otherwise the merge's ancestor sums (seeded) or nothing (a root).
      const lo0 = from >= 0 ? total.lo[from] : seeded ? baseLo[m] : 0;
      const hi0 = from >= 0 ? total.hi[from] : seeded ? baseHi[m] : 0;
      const err0 = from >= 0 ? total.err[from] : seeded ? baseErr[m] : 0;
      const miss0 = from >= 0 ? total.missing[from] : seeded ? baseMiss[m] : 0;
      total.lo[c] = lo0 + own.lo[c];
      total.hi[c] = hi0 + own.hi[c];
      total.err[c] = addErr(Math.max(Math.abs(total.lo[c]), Math.abs(total.hi[c])), err0, own.err[c]);
      total.missing[c] = miss0 + own.missing[c];
    }
  };
  const baseLo = new Float64Array(T);
  const baseHi = new Float64Array(T);
  const baseErr = new Float64Array(T);
  const baseMiss = new Int32Array(T);
  const stackV: number[] = [];
  const stackK: number[] = [];

  // Own amounts of counted models packed by bit (low, high, error, unknowns of each measure side by side): merges add
  // those of the ancestors their parents do not share, in bit order, so the reads go forward through one array and a
  // model's values share a cache line. Only where merges are common: elsewhere the copy (32 bytes per counted model and
  // measure) costs more than the few merges' scattered reads save. When no counted amount is unknown or negative (the
  // usual case), only low and high are packed (16 bytes per measure: a merge's scattered reads are its cost, and half
  // the bytes stay in cache more), with a bound on each model's error relative to its high.
  let merges = 0;
  for (let i = 0; i < n; i++) if (count[i] > 1) merges++;
  const bitModel = sets.model;
  const C = bitModel.length;
  const narrow = merges * 10 >= n ? narrowOwn(owns, bitModel) : undefined;
  const packed = merges * 10 >= n && !narrow ? new Float64Array(C * T * 4) : undefined;
  if (packed)
    for (let b = 0; b < C; b++) {
      const i = bitModel[b];
      for (let m = 0; m < T; m++) {
        const own = owns[m];
        const x = (b * T + m) * 4;
        packed[x] = own.lo[i];
        packed[x + 1] = own.hi[i];
        packed[x + 2] = own.err[i];
        packed[x + 3] = own.missing[i];
      }
    }
  const acc = new Float64Array(2 * T);
  /** Adds the own amounts of the counted model with bit b to the sums at `at` .. `at + T - 1`. */
  const addOwn = (b: number, lo: Float64Array, hi: Float64Array, err: Float64Array, miss: Int32Array, at: number) => {
    if (!packed) {
      const a = bitModel[b];
      for (let m = 0; m < T; m++) {
        const own = owns[m];
        const x = at + m;
        const l = lo[x] + own.lo[a];
        const h = hi[x] + own.hi[a];
        lo[x] = l;
        hi[x] = h;
        err[x] = addErr(Math.max(Math.abs(l), Math.abs(h)), err[x], own.err[a]);
        miss[x] += own.missing[a];
      }
      return;
    }
    let y = b * T * 4;
    for (let m = 0; m < T; m++, y += 4) {
      const x = at + m;
      const l = lo[x] + packed[y];
      const h = hi[x] + packed[y + 1];
      lo[x] = l;
      hi[x] = h;
      err[x] = addErr(Math.max(Math.abs(l), Math.abs(h)), err[x], packed[y + 2]);
      miss[x] += packed[y + 3];
    }
  };
  let pLo = new Float64Array(16 * T);
  let pHi = new Float64Array(16 * T);
  let pErr = new Float64Array(16 * T);
  let pMiss = new Int32Array(16 * T);
  const all = sets.all;
  const diff = sets.diff;

  for (let oi = 0; oi < n; oi++) {
    const r = order[oi];
    if (count[r] === 1) continue; // reached from its parent's walk
    const seeded: number[] = [];
    if (count[r] > 1) {
      const { best, size } = sets.union(r);
      const W = sets.used;
      // Ancestor sums: the best parent's lineage total plus the ancestors it does not reach.
      for (let m = 0; m < T; m++) {
        const t = totals[m];
        baseLo[m] = best >= 0 ? t.lo[best] : 0;
        baseHi[m] = best >= 0 ? t.hi[best] : 0;
        baseErr[m] = best >= 0 ? t.err[best] : 0;
        baseMiss[m] = best >= 0 ? t.missing[best] : 0;
      }
      const touched = sets.touched;
      const T2 = sets.touchedCount;
      if (narrow) {
        // One sum of the new ancestors' lows and highs per measure, then its bound (narrowSum).
        const vals = narrow.vals;
        const T2x = 2 * T;
        acc.fill(0);
        let k = 0;
        for (let t = 0; t < T2; t++) {
          const w = touched[t];
          let x = diff[w];
          while (x !== 0) {
            const low = x & -x;
            x ^= low;
            const y = ((w << 5) | (31 - Math.clz32(low))) * T2x;
            for (let j = 0; j < T2x; j++) acc[j] += vals[y + j];
            k++;
          }
        }
        for (let m = 0; m < T; m++) narrowSum(narrow, m, acc[2 * m], acc[2 * m + 1], k, baseLo, baseHi, baseErr);
      } else
        for (let t = 0; t < T2; t++) {
          const w = touched[t];
          let x = diff[w];
          while (x !== 0) {
            const low = x & -x;
            x ^= low;
            addOwn((w << 5) | (31 - Math.clz32(low)), baseLo, baseHi, baseErr, baseMiss, 0);
          }
        }
      // Per-developer ancestor sums, for the developers the walk below will ask for.
      needGen++;
      needList.length = 0;
      let members = 0;
      stackV.push(r);
      while (stackV.length > 0) {
        const v = stackV.pop()!;
        const d = devId[v];
        if (needStamp[d] !== needGen) {
          needStamp[d] = needGen;
          needPool[d] = -1;
          needList.push(d);
          members += devStart[d + 1] - devStart[d];
        }
        for (let k = kidStart[v]; k < kidStart[v + 1]; k++) if (count[kids[k]] === 1) stackV.push(kids[k]);
      }
      if (pLo.length < needList.length * T) {
        pLo = new Float64Array(needList.length * T * 2);
        pHi = new Float64Array(needList.length * T * 2);
        pErr = new Float64Array(needList.length * T * 2);
        pMiss = new Int32Array(needList.length * T * 2);
      }
      pLo.fill(0, 0, needList.length * T);
      pHi.fill(0, 0, needList.length * T);
      pErr.fill(0, 0, needList.length * T);
      pMiss.fill(0, 0, needList.length * T);
      let used = 0;
      const poolAdd = (a: number, b: number) => {
        const d = devId[a];
        if (needPool[d] < 0) needPool[d] = used++;
        addOwn(b, pLo, pHi, pErr, pMiss, needPool[d] * T);
      };
      if (members <= size + T2) {
        for (const d of needList)
          for (let k = devStart[d]; k < devStart[d + 1]; k++) {
            const b = devSlots[k];
            if (b >= 0 && b >>> 5 < W && (all[b >>> 5] & (1 << (b & 31))) !== 0) poolAdd(devMembers[k], b);
          }
      } else {
        for (let t = 0; t < T2; t++) {
          const w = touched[t];
          let x = all[w];
          while (x !== 0) {
            const low = x & -x;
            x ^= low;
            const b = (w << 5) | (31 - Math.clz32(low));
            const a = bitModel[b];
            if (needStamp[devId[a]] === needGen) poolAdd(a, b);
          }
        }
      }
      for (const d of needList) {
        const p = needPool[d];
        if (p < 0) continue; // no ancestor of that developer
        for (let m = 0; m < T; m++) {
          poolLo.push(pLo[p * T + m]);
          poolHi.push(pHi[p * T + m]);
          poolErr.push(pErr[p * T + m]);
          poolMiss.push(pMiss[p * T + m]);
        }
        (stacks[d] ??= []).push(-1 - (poolLo.length / T - 1));
        seeded.push(d);
      }
      addTotal(r, -1, true);
    } else addTotal(r, -1, false);
    setDeveloper(r);

    // Iterative DFS over single-parent descendants.
    stackV.push(r);
    stackK.push(kidStart[r]);
    while (stackV.length > 0) {
      const top1 = stackV.length - 1;
      const v = stackV[top1];
      const k = stackK[top1];
      if (k < kidStart[v + 1]) {
        stackK[top1] = k + 1;
        const c = kids[k];
        if (count[c] !== 1) continue;
        addTotal(c, v, false);
        setDeveloper(c);
        stackV.push(c);
        stackK.push(kidStart[c]);
      } else {
        stacks[devId[v]].pop();
        stackV.pop();
        stackK.pop();
      }
    }
    for (const d of seeded) stacks[d].pop();
    poolLo.length = poolHi.length = poolErr.length = poolMiss.length = 0;
  }
  sets.dispose();
  disposeFollowed(followed, pool);
  pool.give(nonZero, devStart, devMembers, devSlots, devFill, needStamp, needPool);
  return owns.map((own, m) => ({ own, total: totals[m], developer: devs[m] }));
}

/**
 * Own amounts of the counted models (by bit) when none is unknown or negative in any measure: 0 ≤ low ≤ high.
 * `vals` holds low and high (bit b, measure m at (b·T + m)·2); each model's error bound is at most ratio[m] times its
 * high plus abs[m]. Undefined otherwise (then the full amounts are packed).
 */
export interface NarrowOwn {
  vals: Float64Array;
  ratio: Float64Array;
  abs: Float64Array;
}

export function narrowOwn(owns: readonly FloatSums[], bitModel: Int32Array): NarrowOwn | undefined {
  const T = owns.length;
  const C = bitModel.length;
  const ratio = new Float64Array(T);
  const abs = new Float64Array(T);
  for (let m = 0; m < T; m++) {
    const { lo, hi, err, missing } = owns[m];
    let r = 0;
    let a = 0;
    for (let b = 0; b < C; b++) {
      const i = bitModel[b];
      const v = hi[i];
      const e = err[i];
      if (!(lo[i] >= 0 && v >= lo[i] && v < Infinity && missing[i] === 0 && e >= 0 && e < Infinity)) return undefined;
      if (v > 0) r = Math.max(r, e / v);
      else a = Math.max(a, e);
    }
    // e/v is rounded (by at most half an ulp): the margin keeps ratio·v above every e.
    ratio[m] = r * (1 + 2 ** -40);
    abs[m] = a;
  }
  const vals = new Float64Array(C * T * 2);
  for (let b = 0; b < C; b++) {
    const i = bitModel[b];
    for (let m = 0; m < T; m++) {
      vals[(b * T + m) * 2] = owns[m].lo[i];
      vals[(b * T + m) * 2 + 1] = owns[m].hi[i];
    }
  }
  return { vals, ratio, abs };
}

/**
 * Adds sl and sh, the float sums of k packed lows and highs (in any order) of measure m, to the sums at m (low, high,
 * error). Bound: the amounts' own errors (≤ ratio·high + abs each, and Σhigh ≤ sh·(1 + kU)); the roundings of summing
 * k non-negative values, each ≤ U·sh·(1 + kU) + TINY (lows are at most highs); the two final additions, each
 * ≤ U·|result| + TINY; and a margin for the rounding of this formula itself.
 */
function narrowSum(
  nw: NarrowOwn,
  m: number,
  sl: number,
  sh: number,
  k: number,
  lo: Float64Array,
  hi: Float64Array,
  err: Float64Array,
): void {
  const l = lo[m] + sl;
  const h = hi[m] + sh;
  const grow = 1 + k * U;
  const own = nw.ratio[m] * sh * grow + k * nw.abs[m];
  const sum = k * (U * sh * grow + TINY);
  err[m] = (err[m] + own + sum + U * Math.max(Math.abs(l), Math.abs(h)) + TINY) * (1 + 2 ** -40);
  lo[m] = l;
  hi[m] = h;
}

/** Absolute slack per float operation for subnormal results (as in exact/bound.ts). */
const TINY = Number.MIN_VALUE;

/**
 * The exact amount (low, known high, unknown count) a measure observes for model i, re-summed from the exact own
 * amounts of its members: for decisions the floats could not prove. Sample ids and their order are not those of the
 * lineage pass, so findings keep using the exact tables.
 */
export function exactAmount(
  ix: LineageIndex,
  est: RecordEstimates,
  spec: NormalSpec,
  scope: MeasureSpec['scope'],
  i: number,
  restrict: boolean,
  marks?: WalkMarks,
): Amount {
  if (scope === 'own') return ownAmount(ix, est, spec, i);
  if (scope === 'other-lineage' && restrict) return ZERO_AMOUNT;
  const dev = ix.devKey[i];
  const sameDev = scope === 'developer-lineage' || (restrict && (scope === 'lineage' || scope === 'base-lineage'));
  const otherDev = scope === 'other-lineage';
  const withSelf = scope !== 'base-lineage' && scope !== 'other-lineage';
  let a = withSelf ? ownAmount(ix, est, spec, i) : ZERO_AMOUNT;
  for (const k of ancestorsAscending(ix, spec, i, marks ?? walkMarks(ix.models.length))) {
    const same = ix.devKey[k] === dev;
    if ((sameDev && !same) || (otherDev && same)) continue;
    a = plus(a, ownAmount(ix, est, spec, k));
  }
  return a;
}

/**
 * Marks for walks over the models, reused from walk to walk (a new generation each): a fresh array per exact
 * re-sum cost a megabyte at a million models, and its garbage collections.
 */
export interface WalkMarks {
  seen: Int32Array;
  gen: number;
}

export function walkMarks(n: number): WalkMarks {
  return { seen: new Int32Array(n), gen: 0 };
}

/** Model i's ancestors through the measure's relations, each once, in index order (a walk marking each model). */
function ancestorsAscending(ix: LineageIndex, spec: NormalSpec, i: number, marks: WalkMarks): Int32Array {
  const seen = marks.seen;
  const gen = ++marks.gen;
  const { pStart, pIdx, pRel } = ix;
  const mask = relationMask(spec.relations);
  const out: number[] = [];
  const stack = [i];
  seen[i] = gen;
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let k = pStart[v]; k < pStart[v + 1]; k++) {
      const p = pIdx[k];
      if (seen[p] === gen || ((mask >>> pRel[k]) & 1) === 0) continue;
      seen[p] = gen;
      out.push(p);
      stack.push(p);
    }
  }
  return Int32Array.from(out).sort();
}
