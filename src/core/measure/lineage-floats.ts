// The lineage pass in floats: per model, low and known-high sums with one absolute error bound and a count of
// unknowns, in typed arrays (no objects per model). Decisions trust these only when the gap exceeds the bound;
// otherwise `exactAmount` re-sums the exact own amounts over the members of the measure.
//
// Same walk as lineage-exact.ts: single-parent chains summed along an iterative depth-first walk; a model with several
// parents seeds its walk with an explicit union of its ancestors, so diamonds are counted once.
import { ancestors, LineageIndex } from '../graph/lineage';
import { addErr } from '../exact/bound';
import { Amount, ZERO_AMOUNT, plus } from './amount';
import type { RecordEstimates } from './records';
import type { NormalSpec } from './spec';
import type { MeasureSpec } from '../types';
import { ownAmount } from './lineage-exact';

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

export function sums(n: number): FloatSums {
  return { lo: new Float64Array(n), hi: new Float64Array(n), err: new Float64Array(n), missing: new Int32Array(n) };
}

/** Parents through followed edges, each once: their count per model and the children lists as one flat array. */
function followedParents(
  ix: LineageIndex,
  spec: NormalSpec,
): { count: Int32Array; kids: Int32Array; kidStart: Int32Array } {
  const n = ix.models.length;
  const count = new Int32Array(n);
  const kidCount = new Int32Array(n + 1);
  const edges: number[] = [];
  for (let i = 0; i < n; i++) {
    const ps = ix.parents[i];
    for (let k = 0; k < ps.length; k++) {
      const e = ps[k];
      if (!spec.relations.has(e.relation)) continue;
      let dup = false;
      for (let j = 0; j < k; j++) if (ps[j].idx === e.idx && spec.relations.has(ps[j].relation)) dup = true;
      if (dup) continue;
      count[i]++;
      kidCount[e.idx + 1]++;
      edges.push(e.idx, i);
    }
  }
  for (let i = 0; i < n; i++) kidCount[i + 1] += kidCount[i];
  const fill = kidCount.slice(0, n);
  const kids = new Int32Array(edges.length / 2);
  for (let k = 0; k < edges.length; k += 2) kids[fill[edges[k]]++] = edges[k + 1];
  return { count, kids, kidStart: kidCount };
}

/**
 * Ancestors of a model through followed edges, each once, in visiting order (no sort: order does not change the
 * bounds, and the same input gives the same order). A visit stamp per model replaces a set; the returned array is
 * reused by the next call.
 */
function ancestorWalker(ix: LineageIndex, spec: NormalSpec): (start: number) => Int32Array {
  const n = ix.models.length;
  const stamp = new Int32Array(n);
  const out = new Int32Array(n);
  const stack = new Int32Array(n);
  let gen = 0;
  return (start) => {
    gen++;
    stamp[start] = gen;
    let count = 0;
    let sp = 0;
    stack[sp++] = start;
    while (sp > 0) {
      const v = stack[--sp];
      const ps = ix.parents[v];
      for (let k = 0; k < ps.length; k++) {
        const p = ps[k].idx;
        if (stamp[p] === gen || !spec.relations.has(ps[k].relation)) continue;
        stamp[p] = gen;
        out[count++] = p;
        stack[sp++] = p;
      }
    }
    return out.subarray(0, count);
  };
}

/**
 * Lineage and own-developer sums for several measures that follow the same relations (so walk the same graph): the
 * walk, the merges' ancestor unions and the developer stacks are shared; only the sums are per measure.
 */
export function computeFastTables(ix: LineageIndex, spec: NormalSpec, owns: readonly FloatSums[]): FastTable[] {
  const n = ix.models.length;
  const T = owns.length;
  const totals = owns.map(() => sums(n));
  const devs = owns.map(() => sums(n));
  const { count, kids, kidStart } = followedParents(ix, spec);

  // Developers as small integers.
  const devId = new Int32Array(n);
  const devIds = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const k = ix.devKey[i];
    let d = devIds.get(k);
    if (d === undefined) devIds.set(k, (d = devIds.size));
    devId[i] = d;
  }
  // Per developer, a stack of references to the latest same-developer sum on the current path: a model index
  // (its developer sum) or, negative, a seeded sum from a merge's ancestors in the pool below (T entries each).
  const stacks = new Array<number[]>(devIds.size);
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
  const walk = ancestorWalker(ix, spec);
  const baseLo = new Float64Array(T);
  const baseHi = new Float64Array(T);
  const baseErr = new Float64Array(T);
  const baseMiss = new Int32Array(T);
  const stackV: number[] = [];
  const stackK: number[] = [];

  for (let r = 0; r < n; r++) {
    if (count[r] === 1) continue; // reached from its parent's walk
    const seeded: number[] = [];
    if (count[r] > 1) {
      baseLo.fill(0);
      baseHi.fill(0);
      baseErr.fill(0);
      baseMiss.fill(0);
      const byDev = new Map<number, number>();
      const anc = walk(r);
      for (let q = 0; q < anc.length; q++) {
        const a = anc[q];
        const d = devId[a];
        let p = byDev.get(d);
        if (p === undefined) {
          p = poolLo.length / T;
          for (let m = 0; m < T; m++) {
            poolLo.push(0);
            poolHi.push(0);
            poolErr.push(0);
            poolMiss.push(0);
          }
          byDev.set(d, p);
        }
        for (let m = 0; m < T; m++) {
          const own = owns[m];
          baseLo[m] += own.lo[a];
          baseHi[m] += own.hi[a];
          baseErr[m] = addErr(Math.max(Math.abs(baseLo[m]), Math.abs(baseHi[m])), baseErr[m], own.err[a]);
          baseMiss[m] += own.missing[a];
          const x = p * T + m;
          poolLo[x] += own.lo[a];
          poolHi[x] += own.hi[a];
          poolErr[x] = addErr(Math.max(Math.abs(poolLo[x]), Math.abs(poolHi[x])), poolErr[x], own.err[a]);
          poolMiss[x] += own.missing[a];
        }
      }
      for (const [d, p] of byDev) {
        (stacks[d] ??= []).push(-1 - p);
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
  return owns.map((own, m) => ({ own, total: totals[m], developer: devs[m] }));
}

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
): Amount {
  if (scope === 'own') return ownAmount(ix, est, spec, i);
  if (scope === 'other-lineage' && restrict) return ZERO_AMOUNT;
  const dev = ix.devKey[i];
  const sameDev = scope === 'developer-lineage' || (restrict && (scope === 'lineage' || scope === 'base-lineage'));
  const otherDev = scope === 'other-lineage';
  const withSelf = scope !== 'base-lineage' && scope !== 'other-lineage';
  let a = withSelf ? ownAmount(ix, est, spec, i) : ZERO_AMOUNT;
  for (const k of ancestors(ix, i, (r) => spec.relations.has(r))) {
    const same = ix.devKey[k] === dev;
    if ((sameDev && !same) || (otherDev && same)) continue;
    a = plus(a, ownAmount(ix, est, spec, k));
  }
  return a;
}
