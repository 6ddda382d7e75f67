// Ancestor sets of merges as bitsets, built from their parents' sets instead of re-walking every ancestor.
//
// A model with one followed parent is summed along its parent's chain; only a model with several (a merge) needs the
// union of its ancestors, so diamonds count once. That union is the OR of, per parent, the parent's chain up to its
// chain's root and the root's own ancestor set (kept as a bitset when the root is a merge). Unions are closed under
// ancestry, so a parent already in the union brings nothing new. Sums then start from the parent with the largest
// closure (its lineage total) and add only the ancestors that parent does not reach: per merge, word operations on
// n/32 words plus the ancestors that are new, instead of a walk over every ancestor. Bits are indexed by topological
// position, so a merge's set needs only as many words as models come before it (half the memory of full sets).
// Bitsets are kept within a memory budget; a merge whose parent's root has none falls back to walking that root's
// ancestors.
import type { LineageIndex } from '../graph/lineage';
import type { NormalSpec } from './spec';

/** Followed edges, each parent once: parents per model (CSR), children per model (CSR), the single parent of chains. */
export interface Followed {
  /** Number of distinct followed parents. */
  count: Int32Array;
  /** Children of v: kids[kidStart[v] .. kidStart[v+1]-1]. */
  kids: Int32Array;
  kidStart: Int32Array;
  /** Parents of v: plist[pstart[v] .. pstart[v+1]-1], input order, each once. */
  plist: Int32Array;
  pstart: Int32Array;
}

export function followedEdges(ix: LineageIndex, spec: NormalSpec): Followed {
  const n = ix.models.length;
  const count = new Int32Array(n);
  const kidCount = new Int32Array(n + 1);
  const pstart = new Int32Array(n + 1);
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
    pstart[i + 1] = edges.length / 2;
  }
  for (let i = 0; i < n; i++) kidCount[i + 1] += kidCount[i];
  const fill = kidCount.slice(0, n);
  const kids = new Int32Array(edges.length / 2);
  const plist = new Int32Array(edges.length / 2);
  for (let k = 0; k < edges.length; k += 2) {
    kids[fill[edges[k]]++] = edges[k + 1];
    plist[k / 2] = edges[k];
  }
  return { count, kids, kidStart: kidCount, plist, pstart };
}

/** Words kept for merges' bitsets before falling back to walks (512 MB). */
const BUDGET_WORDS = 1 << 27;

export class AncestorSets {
  readonly words: number;
  /** Root of v's single-parent chain (v itself when it has no or several parents). */
  readonly rootOf: Int32Array;
  /** Steps from v up to its chain's root. */
  readonly depth: Int32Array;
  /** Ancestor count of chain roots (filled by `union`). */
  private readonly rootAnc: Int32Array;
  private readonly sets: (Uint32Array | undefined)[];
  private kept = 0;
  /** Topological position of each model (bits are indexed by position), and the model at each position. */
  readonly pos: Int32Array;
  order: Int32Array = new Int32Array(0);
  /** Words of `all` and `diff` that the last `union` call wrote (bits past them are 0). */
  used = 0;
  /** The union of the last `union` call, and what its best parent's closure does not hold, by position. */
  readonly all: Uint32Array;
  readonly diff: Uint32Array;
  private readonly scratch: Int32Array;
  private readonly stamp: Int32Array;
  private gen = 0;
  private readonly parentsBySize: number[] = [];

  constructor(
    private readonly f: Followed,
    n: number,
    private readonly budgetWords = BUDGET_WORDS,
  ) {
    this.words = (n + 31) >>> 5;
    this.all = new Uint32Array(this.words);
    this.diff = new Uint32Array(this.words);
    this.pos = new Int32Array(n);
    this.rootOf = new Int32Array(n);
    this.depth = new Int32Array(n);
    this.rootAnc = new Int32Array(n);
    this.sets = new Array<Uint32Array | undefined>(n);
    this.scratch = new Int32Array(n);
    this.stamp = new Int32Array(n);
  }

  /**
   * Models in topological order (parents first) through followed edges, filling `rootOf` and `depth`. Throws on a
   * cycle (validation rejects them).
   */
  topo(): Int32Array {
    const { count, kids, kidStart, plist, pstart } = this.f;
    const n = count.length;
    const left = count.slice();
    const order = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) if (left[i] === 0) order[tail++] = i;
    while (head < tail) {
      const v = order[head++];
      if (count[v] === 1) {
        const p = plist[pstart[v]];
        this.rootOf[v] = this.rootOf[p];
        this.depth[v] = this.depth[p] + 1;
      } else {
        this.rootOf[v] = v;
        this.depth[v] = 0;
      }
      for (let k = kidStart[v]; k < kidStart[v + 1]; k++) if (--left[kids[k]] === 0) order[tail++] = kids[k];
    }
    if (tail !== n) throw new Error('lineage cycle');
    for (let k = 0; k < n; k++) this.pos[order[k]] = k;
    this.order = order;
    return order;
  }

  /** Ancestor count of v (its chain root's union must be built already). */
  ancestorCount(v: number): number {
    return this.rootAnc[this.rootOf[v]] + this.depth[v];
  }

  /**
   * Builds the union of merge r's ancestors in `all`, and in `diff` the part of it outside the closure (itself and
   * its ancestors) of the returned parent, the one with the most ancestors. Parents' chain roots must have been
   * built before (topological order). Returns the ancestor count too.
   */
  union(r: number): { best: number; size: number } {
    const { plist, pstart, count } = this.f;
    const all = this.all;
    const W = (this.pos[r] + 31) >>> 5; // every ancestor comes before r
    this.used = W;
    all.fill(0, 0, W);
    const pos = this.pos;
    let best = -1;
    let bestSize = -1;
    // Parents with the most ancestors first: the others are then often in already, and their sets need no OR.
    const ps = this.parentsBySize;
    ps.length = 0;
    for (let k = pstart[r]; k < pstart[r + 1]; k++) ps.push(plist[k]);
    ps.sort((x, y) => this.ancestorCount(y) - this.ancestorCount(x) || x - y);
    for (const p of ps) {
      const size = this.ancestorCount(p) + 1;
      if (size > bestSize) {
        bestSize = size;
        best = p;
      }
      let v = p;
      for (;;) {
        const w = pos[v] >>> 5;
        const bit = 1 << (pos[v] & 31);
        if ((all[w] & bit) !== 0) {
          v = -1; // in already, and with it its closure
          break;
        }
        all[w] |= bit;
        if (count[v] !== 1) break;
        v = plist[pstart[v]];
      }
      if (v >= 0 && count[v] >= 2) this.orRoot(v);
    }
    let size = 0;
    for (let w = 0; w < W; w++) size += popcount(all[w]);
    this.rootAnc[r] = size;
    if (this.f.kidStart[r + 1] > this.f.kidStart[r] && this.kept + W <= this.budgetWords) {
      this.sets[r] = all.slice(0, W);
      this.kept += W;
    }
    // diff = all minus best's closure.
    const diff = this.diff;
    const q = this.rootOf[best];
    const qs = count[q] >= 2 ? this.sets[q] : undefined;
    if (count[q] >= 2 && qs === undefined) {
      diff.set(all.subarray(0, W)); // no bitset for best's root: sum everything
      return { best: -1, size };
    }
    if (qs === undefined) diff.set(all.subarray(0, W));
    else {
      const L = qs.length;
      for (let w = 0; w < L; w++) diff[w] = all[w] & ~qs[w];
      for (let w = L; w < W; w++) diff[w] = all[w];
    }
    for (let v = best; ; v = plist[pstart[v]]) {
      diff[pos[v] >>> 5] &= ~(1 << (pos[v] & 31));
      if (count[v] !== 1) break;
    }
    return { best, size };
  }

  /** ORs the ancestors of chain root q (a merge) into `all`. */
  private orRoot(q: number): void {
    const all = this.all;
    const s = this.sets[q];
    if (s !== undefined) {
      for (let w = 0; w < s.length; w++) all[w] |= s[w];
      return;
    }
    // Walk q's ancestors (no bitset kept for it).
    const { plist, pstart } = this.f;
    const stack = this.scratch;
    const gen = ++this.gen;
    let sp = 0;
    stack[sp++] = q;
    while (sp > 0) {
      const v = stack[--sp];
      for (let k = pstart[v]; k < pstart[v + 1]; k++) {
        const p = plist[k];
        if (this.stamp[p] === gen) continue;
        this.stamp[p] = gen;
        all[this.pos[p] >>> 5] |= 1 << (this.pos[p] & 31);
        stack[sp++] = p;
      }
    }
  }
}

export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
