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
import { relationMask, type LineageIndex } from '../graph/lineage';
import { NO_POOL, type Pool } from './pool';
import type { NormalSpec } from './spec';

/** Followed edges, each parent once: parents per model (CSR), children per model (CSR), the single parent of chains. */
export interface Followed {
  /** Number of distinct followed parents. */
  count: Int32Array;
  /** Children of v: kids[kidStart[v] .. kidStart[v+1]-1] (entries past the last are unused). */
  kids: Int32Array;
  kidStart: Int32Array;
  /** Parents of v: plist[pstart[v] .. pstart[v+1]-1], input order, each once (entries past the last are unused). */
  plist: Int32Array;
  pstart: Int32Array;
}

export function followedEdges(ix: LineageIndex, spec: NormalSpec, pool: Pool = NO_POOL): Followed {
  const n = ix.models.length;
  const { pStart, pIdx, pRel } = ix;
  const mask = relationMask(spec.relations);
  const count = pool.i32(n);
  const kidCount = pool.i32(n + 1);
  const pstart = pool.i32(n + 1);
  const plist = pool.i32(pIdx.length);
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let k = pStart[i]; k < pStart[i + 1]; k++) {
      if (((mask >>> pRel[k]) & 1) === 0) continue;
      const p = pIdx[k];
      let dup = false;
      for (let j = pstart[i]; j < e; j++) if (plist[j] === p) dup = true;
      if (dup) continue;
      plist[e++] = p;
      count[i]++;
      kidCount[p + 1]++;
    }
    pstart[i + 1] = e;
  }
  for (let i = 0; i < n; i++) kidCount[i + 1] += kidCount[i];
  const fill = pool.i32(n);
  fill.set(kidCount.subarray(0, n));
  const kids = pool.i32(pIdx.length);
  for (let i = 0; i < n; i++) for (let k = pstart[i]; k < pstart[i + 1]; k++) kids[fill[plist[k]]++] = i;
  pool.give(fill);
  return { count, kids, kidStart: kidCount, plist, pstart };
}

/** Gives the arrays of `followedEdges` back to its pool. */
export function disposeFollowed(f: Followed, pool: Pool): void {
  pool.give(f.count, f.kids, f.kidStart, f.plist, f.pstart);
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
  /**
   * Kept merge sets, in a few large chunks: merge q's set is chunks[setChunk[q]][setOff[q] .. setOff[q]+setLen[q]-1],
   * a mask of its non-zero words (a bit per word, (before[q]/32)/32 words rounded up) and those words in order, or
   * (setSparse) word index, word pairs when that is smaller; setChunk -1 when none is kept. Chunks
   * rather than an array per merge: tens of thousands of small ArrayBuffers cost their allocation and, in Node 20, a
   * full garbage collection for about every 64 MB of them. A chunk whose sets are all dropped is reused.
   */
  private readonly chunks: Uint32Array[] = [];
  private readonly chunkTop: number[] = [];
  private readonly chunkLive: number[] = [];
  private readonly freeChunks: number[] = [];
  private cur = -1;
  private readonly chunkWords: number;
  private readonly setChunk: Int32Array;
  private readonly setOff: Int32Array;
  private readonly setLen: Int32Array;
  private readonly setSparse: Uint8Array;
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
  /** Whether the current union ORs whole words (see `union`). */
  private dense = false;
  private readonly wordGen: Int32Array;
  /** The union of the last `union` call, and what its best parent's closure does not hold, by bit. */
  readonly all: Uint32Array;
  readonly diff: Uint32Array;
  private readonly scratch: Int32Array;
  private readonly stamp: Int32Array;
  private gen = 0;
  private readonly parentsBySize: number[] = [];
  private readonly parentSizes: number[] = [];
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
    private readonly pool: Pool = NO_POOL,
  ) {
    let c = n;
    if (counted) {
      c = 0;
      for (let i = 0; i < n; i++) c += counted[i];
    }
    this.words = (c + 31) >>> 5;
    this.all = pool.u32(this.words);
    this.diff = pool.u32(this.words);
    this.touched = pool.i32(this.words);
    this.wordGen = pool.i32(this.words);
    this.pos = pool.i32(n);
    this.slot = pool.i32(n);
    this.model = pool.i32(c);
    this.before = pool.i32(n);
    this.rootOf = pool.i32(n);
    this.depth = pool.i32(n);
    this.rootAnc = pool.i32(n);
    this.uses = pool.i32(n);
    this.chunkWords = Math.max(this.words, Math.min(1 << 22, this.words * 256));
    this.setChunk = pool.i32(n).fill(-1);
    this.setOff = pool.i32(n);
    this.setLen = pool.i32(n);
    this.setSparse = pool.u8(n);
    this.scratch = pool.i32(n);
    this.stamp = pool.i32(n);
  }

  /** Gives this object's arrays back to its pool (it must not be used afterwards). */
  dispose(): void {
    this.pool.give(this.all, this.diff, this.touched, this.wordGen, this.pos, this.slot, this.model, this.before);
    this.pool.give(this.rootOf, this.depth, this.rootAnc, this.uses, this.setChunk, this.setOff, this.setLen);
    this.pool.give(this.setSparse, this.scratch, this.stamp, this.order, ...this.chunks);
  }

  /**
   * Models in topological order (parents first) through followed edges, filling `rootOf`, `depth`, the bits and the
   * merges' use counts. Throws on a cycle (validation rejects them).
   */
  topo(): Int32Array {
    const { count, kids, kidStart, plist, pstart } = this.f;
    const n = count.length;
    const left = this.pool.i32(n);
    left.set(count);
    const order = this.pool.i32(n);
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
    this.pool.give(left);
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
    // (An insertion sort on the ancestor counts read once: a comparator calling back per comparison cost more.)
    const ps = this.parentsBySize;
    const sz = this.parentSizes;
    ps.length = 0;
    sz.length = 0;
    for (let k = pstart[r]; k < pstart[r + 1]; k++) {
      const v = plist[k];
      const c = this.rootAnc[this.rootOf[v]] + this.depth[v];
      let j = ps.length;
      ps.push(v);
      sz.push(c);
      while (j > 0 && (sz[j - 1] < c || (sz[j - 1] === c && ps[j - 1] > v))) {
        ps[j] = ps[j - 1];
        sz[j] = sz[j - 1];
        j--;
      }
      ps[j] = v;
      sz[j] = c;
    }
    let best = ps[0];
    // all = best's closure (its root's set and its chain); diff collects what the other parents add to it.
    const q = this.rootOf[best];
    const kept = count[q] >= 2 && this.setChunk[q] >= 0;
    // Dense when best's set alone has at least a quarter of the words non-zero (a set is stored dense when at least
    // half of its words are): the words are then ORed whole, and the written ones listed once at the end.
    this.dense = kept && 4 * this.nonZeroWords(q) >= W;
    stamp[q] = gen;
    if (count[q] >= 2 && !kept) {
      best = -1; // no set for best's root: the whole union is new
      this.orRoot(q, gen);
    } else if (kept) this.copy(q);
    for (let v = ps[0]; ; v = plist[pstart[v]]) {
      const b = slot[v];
      if (b >= 0) {
        this.touch(b >>> 5);
        all[b >>> 5] |= 1 << (b & 31);
        if (best < 0) diff[b >>> 5] |= 1 << (b & 31);
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
        }
        if (count[v] !== 1) {
          if (count[v] >= 2) this.orRoot(v, gen);
          break;
        }
      }
    }
    if (this.dense) {
      // The written words are the non-zero ones (every write ORs bits in).
      let T = 0;
      for (let w = 0; w < W; w++) if (all[w] !== 0) this.touched[T++] = w;
      this.touchedCount = T;
    }
    // The bits added to best's closure, counted once over the words written.
    let added = 0;
    for (let t = 0; t < this.touchedCount; t++) added += popcount(diff[this.touched[t]]);
    const size = best >= 0 ? this.ancestorCount(best) + (slot[best] >= 0 ? 1 : 0) + added : added;
    this.rootAnc[r] = size;
    if (this.uses[r] > 0) {
      // Masked (a bit per word, then the non-zero words) unless pairs are smaller: fresh memory costs its page faults,
      // so the kept sets take no word that is zero.
      const T = this.touchedCount;
      const M = (W + 31) >>> 5;
      const sparse = T < M;
      const need = sparse ? 2 * T : M + T;
      if (this.kept + need <= this.budgetWords) {
        const c = this.alloc(need);
        const heap = this.chunks[c];
        const at = this.chunkTop[c] - need;
        if (sparse)
          for (let t = 0; t < T; t++) {
            const w = this.touched[t];
            heap[at + 2 * t] = w;
            heap[at + 2 * t + 1] = all[w];
          }
        else {
          heap.fill(0, at, at + M);
          for (let t = 0; t < T; t++) {
            const w = this.touched[t];
            heap[at + (w >>> 5)] |= 1 << (w & 31);
          }
          // The words in ascending order, as the mask lists them.
          let j = at + M;
          for (let mw = 0; mw < M; mw++) {
            let x = heap[at + mw];
            while (x !== 0) {
              const low = x & -x;
              x ^= low;
              heap[j++] = all[(mw << 5) | (31 - Math.clz32(low))];
            }
          }
        }
        this.setChunk[r] = c;
        this.setOff[r] = at;
        this.setLen[r] = need;
        this.setSparse[r] = sparse ? 1 : 0;
        this.kept += need;
      }
    }
    return { best, size };
  }

  /** Marks word w as written by this union (once; dense unions list their words at the end). */
  private touch(w: number): void {
    if (!this.dense && this.wordGen[w] !== this.gen) {
      this.wordGen[w] = this.gen;
      this.touched[this.touchedCount++] = w;
    }
  }

  /** Takes `need` words at the top of the current chunk (or of a reused or new one); returns the chunk. */
  private alloc(need: number): number {
    let c = this.cur;
    if (c < 0 || this.chunkTop[c] + need > this.chunks[c].length) {
      if (c >= 0 && this.chunkLive[c] === 0) this.freeChunks.push(c);
      const reused = this.freeChunks.pop();
      if (reused !== undefined) c = reused;
      else {
        c = this.chunks.length;
        this.chunks.push(this.pool.u32(this.chunkWords));
        this.chunkLive.push(0);
        this.chunkTop.push(0);
      }
      this.chunkTop[c] = 0;
      this.cur = c;
    }
    this.chunkTop[c] += need;
    this.chunkLive[c] += need;
    return c;
  }

  /** all = merge q's kept set (all is clear). */
  private copy(q: number): void {
    const all = this.all;
    const heap = this.chunks[this.setChunk[q]];
    const off = this.setOff[q];
    const end = off + this.setLen[q];
    if (this.setSparse[q] === 1) {
      for (let j = off; j < end; j += 2) {
        this.touch(heap[j]);
        all[heap[j]] = heap[j + 1];
      }
      return;
    }
    const M = (((this.before[q] + 31) >>> 5) + 31) >>> 5;
    const dense = this.dense;
    for (let mw = 0, j = off + M; mw < M; mw++) {
      let x = heap[off + mw];
      while (x !== 0) {
        const low = x & -x;
        x ^= low;
        const w = (mw << 5) | (31 - Math.clz32(low));
        if (!dense) this.touch(w);
        all[w] = heap[j++];
      }
    }
  }

  /** Non-zero words of merge q's kept set. */
  private nonZeroWords(q: number): number {
    if (this.setSparse[q] === 1) return this.setLen[q] >> 1;
    return this.setLen[q] - ((((this.before[q] + 31) >>> 5) + 31) >>> 5);
  }

  /** Drops the sets that the previous `union`'s merge was the last to need. */
  private release(): void {
    const r = this.last;
    if (r < 0) return;
    const { plist, pstart, count } = this.f;
    for (let k = pstart[r]; k < pstart[r + 1]; k++) {
      const q = this.rootOf[plist[k]];
      if (count[q] < 2 || --this.uses[q] > 0) continue;
      const c = this.setChunk[q];
      if (c >= 0) {
        this.kept -= this.setLen[q];
        this.setChunk[q] = -1;
        // A chunk with nothing left in it is reused (the current one simply goes on filling).
        if ((this.chunkLive[c] -= this.setLen[q]) === 0 && c !== this.cur) this.freeChunks.push(c);
      }
    }
    this.last = -1;
  }

  /** Ors word `w` of a kept set into the union (and its diff). */
  private orWord(w: number, bits: number): void {
    const x = bits & ~this.all[w];
    if (x === 0) return;
    this.touch(w);
    this.all[w] |= x;
    this.diff[w] |= x;
  }

  /** ORs the counted ancestors of chain root q (a merge) into `all` and the new ones into `diff`. */
  private orRoot(q: number, gen: number): void {
    const all = this.all;
    const diff = this.diff;
    if (this.setChunk[q] >= 0) {
      const heap = this.chunks[this.setChunk[q]];
      const off = this.setOff[q];
      const end = off + this.setLen[q];
      if (this.setSparse[q] === 1) {
        for (let j = off; j < end; j += 2) this.orWord(heap[j], heap[j + 1]);
        return;
      }
      const M = (((this.before[q] + 31) >>> 5) + 31) >>> 5;
      const dense = this.dense;
      for (let mw = 0, j = off + M; mw < M; mw++) {
        let x = heap[off + mw];
        while (x !== 0) {
          const low = x & -x;
          x ^= low;
          const w = (mw << 5) | (31 - Math.clz32(low));
          const v = heap[j++];
          if (dense) {
            const y = v & ~all[w];
            all[w] |= y;
            diff[w] |= y;
          } else this.orWord(w, v);
        }
      }
      return;
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
        }
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
