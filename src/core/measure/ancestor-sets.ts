// Ancestor sets of merges as bitsets, built from their parents' sets instead of re-walking every ancestor.
//
// A model with one followed parent is summed along its parent's chain; only a model with several (a merge) needs the
// union of its ancestors, so diamonds count once. That union is best's closure (the parent with the most ancestors:
// its chain up to the chain's root and the root's kept set, copied) plus, per other parent, its chain and its root's
// set (ORed, the new bits collected in `diff`). Unions are closed under ancestry, so a parent already in the union
// brings nothing. Sums then start from best's lineage total and add only `diff`. Only counted models (those with
// something to sum) get bits, in topological order, so a merge's set needs as many bits as counted models come before
// it; a merge's set is kept only while a later merge has a parent in its chains (then dropped), within a memory
// budget, and a merge whose parent's root has none walks that root's ancestors.
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
  /** Counted models on v's chain above it, up to and including its root. */
  readonly depth: Int32Array;
  /** Counted ancestors of chain roots (filled by `union`). */
  private readonly rootAnc: Int32Array;
  /** Kept merge sets: dense words (Uint32Array), or sparse (Int32Array of word index, word pairs) when that is smaller. */
  private readonly sets: (Uint32Array | Int32Array | undefined)[];
  /** Per merge, how many later merges' parents lie in its chains (its set is dropped when none is left). */
  private readonly uses: Int32Array;
  private kept = 0;
  /** Topological position of each model, and the model at each position. */
  readonly pos: Int32Array;
  order: Int32Array = new Int32Array(0);
  /** Bit of each counted model (its rank among counted models in topological order; -1 when not counted). */
  readonly slot: Int32Array;
  /** The counted model at each bit. */
  readonly model: Int32Array;
  /** Counted models before each model in topological order (its set needs bits 0 .. before-1). */
  private readonly before: Int32Array;
  /** Words of `all` and `diff` that the last `union` call could write (bits past them are 0). */
  used = 0;
  /**
   * The words of `all` the last `union` call wrote, each once, in no particular order: every other word of `all` and
   * `diff` is 0, so sums visit only these (a merge with few ancestors costs in proportion to them, not to `used`).
   */
  readonly touched: Int32Array;
  touchedCount = 0;
  private readonly wordGen: Int32Array;
  /** The union of the last `union` call, and what its best parent's closure does not hold, by bit. */
  readonly all: Uint32Array;
  readonly diff: Uint32Array;
  private readonly scratch: Int32Array;
  private readonly stamp: Int32Array;
  private gen = 0;
  private readonly parentsBySize: number[] = [];
  /** The merge of the last `union` call (its parents' uses are released on the next). */
  private last = -1;

  /**
   * `counted`: the models that get bits (1), those with something to sum; ancestors outside it are left out of the
   * sets and counts. All models when absent.
   */
  constructor(
    private readonly f: Followed,
    n: number,
    private readonly budgetWords = BUDGET_WORDS,
    private readonly counted?: Uint8Array,
  ) {
    let c = n;
    if (counted) {
      c = 0;
      for (let i = 0; i < n; i++) c += counted[i];
    }
    this.words = (c + 31) >>> 5;
    this.all = new Uint32Array(this.words);
    this.diff = new Uint32Array(this.words);
    this.touched = new Int32Array(this.words);
    this.wordGen = new Int32Array(this.words);
    this.pos = new Int32Array(n);
    this.slot = new Int32Array(n);
    this.model = new Int32Array(c);
    this.before = new Int32Array(n);
    this.rootOf = new Int32Array(n);
    this.depth = new Int32Array(n);
    this.rootAnc = new Int32Array(n);
    this.uses = new Int32Array(n);
    this.sets = new Array<Uint32Array | Int32Array | undefined>(n);
    this.scratch = new Int32Array(n);
    this.stamp = new Int32Array(n);
  }

  /**
   * Models in topological order (parents first) through followed edges, filling `rootOf`, `depth`, the bits and the
   * merges' use counts. Throws on a cycle (validation rejects them).
   */
  topo(): Int32Array {
    const { count, kids, kidStart, plist, pstart } = this.f;
    const n = count.length;
    const left = count.slice();
    const order = new Int32Array(n);
    const counted = this.counted;
    let head = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) if (left[i] === 0) order[tail++] = i;
    while (head < tail) {
      const v = order[head++];
      if (count[v] === 1) {
        const p = plist[pstart[v]];
        this.rootOf[v] = this.rootOf[p];
        this.depth[v] = this.depth[p] + (counted ? counted[p] : 1);
      } else {
        this.rootOf[v] = v;
        this.depth[v] = 0;
      }
      for (let k = kidStart[v]; k < kidStart[v + 1]; k++) if (--left[kids[k]] === 0) order[tail++] = kids[k];
    }
    if (tail !== n) throw new Error('lineage cycle');
    let bits = 0;
    for (let k = 0; k < n; k++) {
      const v = order[k];
      this.pos[v] = k;
      this.before[v] = bits;
      if (!counted || counted[v] === 1) {
        this.model[bits] = v;
        this.slot[v] = bits++;
      } else this.slot[v] = -1;
    }
    for (let v = 0; v < n; v++) {
      if (count[v] < 2) continue;
      for (let k = pstart[v]; k < pstart[v + 1]; k++) {
        const q = this.rootOf[plist[k]];
        if (count[q] >= 2) this.uses[q]++;
      }
    }
    this.order = order;
    return order;
  }

  /** Counted ancestors of v (its chain root's union must be built already). */
  ancestorCount(v: number): number {
    return this.rootAnc[this.rootOf[v]] + this.depth[v];
  }

  /**
   * Builds the union of merge r's counted ancestors in `all`, and in `diff` the part of it outside the closure
   * (itself and its ancestors) of the returned parent, the one with the most counted ancestors (-1 when that parent's
   * root kept no set: then `diff` is the whole union). Parents' chain roots must have been built before (topological
   * order). Returns the counted ancestor count too.
   */
  union(r: number): { best: number; size: number } {
    this.release();
    this.last = r;
    const { plist, pstart, count } = this.f;
    const all = this.all;
    const diff = this.diff;
    const W = (this.before[r] + 31) >>> 5; // every ancestor comes before r
    this.used = W;
    const slot = this.slot;
    const stamp = this.stamp;
    // Clear what the previous union wrote (only those words can be non-zero).
    for (let t = 0; t < this.touchedCount; t++) {
      all[this.touched[t]] = 0;
      diff[this.touched[t]] = 0;
    }
    this.touchedCount = 0;
    const gen = ++this.gen;
    // Parents with the most ancestors first: the others are then often in already, and their sets need no OR.
    const ps = this.parentsBySize;
    ps.length = 0;
    for (let k = pstart[r]; k < pstart[r + 1]; k++) ps.push(plist[k]);
    ps.sort((x, y) => this.ancestorCount(y) - this.ancestorCount(x) || x - y);
    let best = ps[0];
    // all = best's closure (its root's set and its chain); diff collects what the other parents add to it.
    const q = this.rootOf[best];
    const qs = count[q] >= 2 ? this.sets[q] : undefined;
    let added = 0;
    stamp[q] = gen;
    if (count[q] >= 2 && qs === undefined) {
      best = -1; // no set for best's root: the whole union is new
      added = this.orRoot(q, gen);
    } else if (qs !== undefined) this.copy(qs);
    for (let v = ps[0]; ; v = plist[pstart[v]]) {
      const b = slot[v];
      if (b >= 0) {
        this.touch(b >>> 5);
        all[b >>> 5] |= 1 << (b & 31);
        if (best < 0) {
          diff[b >>> 5] |= 1 << (b & 31);
          added++;
        }
      }
      if (count[v] !== 1) break;
    }
    // Models stamped `gen` have their closure in `all` (or are being walked); so has a counted model with its bit.
    for (let k = 1; k < ps.length; k++) {
      for (let v = ps[k]; ; v = plist[pstart[v]]) {
        if (stamp[v] === gen) break;
        const b = slot[v];
        if (b >= 0 && (all[b >>> 5] & (1 << (b & 31))) !== 0) break;
        stamp[v] = gen;
        if (b >= 0) {
          this.touch(b >>> 5);
          all[b >>> 5] |= 1 << (b & 31);
          diff[b >>> 5] |= 1 << (b & 31);
          added++;
        }
        if (count[v] !== 1) {
          if (count[v] >= 2) added += this.orRoot(v, gen);
          break;
        }
      }
    }
    const size = best >= 0 ? this.ancestorCount(best) + (slot[best] >= 0 ? 1 : 0) + added : added;
    this.rootAnc[r] = size;
    if (this.uses[r] > 0) {
      // Sparse when its non-zero words are fewer than half the words (pairs take two each).
      const T = this.touchedCount;
      const need = 2 * T < W ? 2 * T : W;
      if (this.kept + need <= this.budgetWords) {
        if (2 * T < W) {
          const sp = new Int32Array(2 * T);
          for (let t = 0; t < T; t++) {
            const w = this.touched[t];
            sp[2 * t] = w;
            sp[2 * t + 1] = all[w];
          }
          this.sets[r] = sp;
        } else this.sets[r] = all.slice(0, W);
        this.kept += need;
      }
    }
    return { best, size };
  }

  /** Marks word w as written by this union (once). */
  private touch(w: number): void {
    if (this.wordGen[w] !== this.gen) {
      this.wordGen[w] = this.gen;
      this.touched[this.touchedCount++] = w;
    }
  }

  /** all = a kept set (all is clear). */
  private copy(s: Uint32Array | Int32Array): void {
    const all = this.all;
    if (s instanceof Int32Array) {
      for (let j = 0; j < s.length; j += 2) {
        this.touch(s[j]);
        all[s[j]] = s[j + 1];
      }
      return;
    }
    for (let w = 0; w < s.length; w++)
      if (s[w] !== 0) {
        this.touch(w);
        all[w] = s[w];
      }
  }

  /** Drops the sets that the previous `union`'s merge was the last to need. */
  private release(): void {
    const r = this.last;
    if (r < 0) return;
    const { plist, pstart, count } = this.f;
    for (let k = pstart[r]; k < pstart[r + 1]; k++) {
      const q = this.rootOf[plist[k]];
      if (count[q] < 2 || --this.uses[q] > 0) continue;
      const s = this.sets[q];
      if (s !== undefined) {
        this.kept -= s.length;
        this.sets[q] = undefined;
      }
    }
    this.last = -1;
  }

  /** Ors word `w` of a kept set into the union (and its diff); the number of bits it added. */
  private orWord(w: number, bits: number): number {
    const x = bits & ~this.all[w];
    if (x === 0) return 0;
    this.touch(w);
    this.all[w] |= x;
    this.diff[w] |= x;
    return popcount(x);
  }

  /** ORs the counted ancestors of chain root q (a merge) into `all` and the new ones into `diff`; returns how many. */
  private orRoot(q: number, gen: number): number {
    const all = this.all;
    const diff = this.diff;
    let added = 0;
    const s = this.sets[q];
    if (s instanceof Int32Array) {
      for (let j = 0; j < s.length; j += 2) added += this.orWord(s[j], s[j + 1]);
      return added;
    }
    if (s !== undefined) {
      for (let w = 0; w < s.length; w++) added += this.orWord(w, s[w]);
      return added;
    }
    // Walk q's ancestors (no bitset kept for it).
    const { plist, pstart } = this.f;
    const stack = this.scratch;
    const seen = this.stamp;
    let sp = 0;
    stack[sp++] = q;
    while (sp > 0) {
      const v = stack[--sp];
      for (let k = pstart[v]; k < pstart[v + 1]; k++) {
        const p = plist[k];
        if (seen[p] === gen) continue;
        seen[p] = gen;
        const b = this.slot[p];
        if (b >= 0) {
          if ((all[b >>> 5] & (1 << (b & 31))) !== 0) continue; // its closure is in already
          this.touch(b >>> 5);
          all[b >>> 5] |= 1 << (b & 31);
          diff[b >>> 5] |= 1 << (b & 31);
          added++;
        }
        stack[sp++] = p;
      }
    }
    return added;
  }
}

export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
