// The lineage as an indexed DAG: models by position, parents and children with relations, developers as indices.
import type { LineageDocument, Model, Organization } from '../types';

export type RelationName = 'finetune' | 'adapter' | 'merge' | 'quantization' | 'distillation' | 'continued-pretraining';

export interface Edge {
  /** Index of the other model. */
  idx: number;
  relation: RelationName;
}

/** Relations by code (`LineageIndex.pRel`, `cRel`); relation masks have bit `1 << code` per relation followed. */
export const RELATIONS: readonly RelationName[] = [
  'finetune',
  'adapter',
  'merge',
  'quantization',
  'distillation',
  'continued-pretraining',
];
const CODE = new Map<string, number>(RELATIONS.map((r, k) => [r, k]));

/** The mask of a list of relations (all when absent); relations the lineage format does not know have no bit. */
export function relationMask(relations: Iterable<string> | undefined): number {
  if (relations === undefined) return (1 << RELATIONS.length) - 1;
  let mask = 0;
  for (const r of relations) {
    const c = CODE.get(r);
    if (c !== undefined) mask |= 1 << c;
  }
  return mask;
}

export interface LineageIndex {
  readonly doc: LineageDocument;
  readonly models: readonly Model[];
  readonly byId: ReadonlyMap<string, number>;
  /**
   * Developer key per model: the developer's affiliate group (organizations linked by affiliateOf count as one
   * developer: one controls the other or both are under common control), or a per-model key when the developer is
   * not given.
   */
  readonly devKey: readonly string[];
  /** `devKey` as small integers (0 .. developers-1, in order of first appearance). */
  readonly devId: Int32Array;
  readonly developers: number;
  /**
   * Parents as flat arrays: those of model i are pIdx[pStart[i] .. pStart[i+1]-1] with relation codes (`RELATIONS`)
   * in pRel, in the order written, repeats kept. Children likewise (cStart, cIdx, cRel), by child position.
   */
  readonly pStart: Int32Array;
  readonly pIdx: Int32Array;
  readonly pRel: Uint8Array;
  readonly cStart: Int32Array;
  readonly cIdx: Int32Array;
  readonly cRel: Uint8Array;
  /** The same edges as lists of objects, built on first use (the traced path's explanations read them). */
  readonly parents: readonly (readonly Edge[])[];
  readonly children: readonly (readonly Edge[])[];
  readonly orgs: ReadonlyMap<string, Organization>;
}

/** The edge list of a model without parents (or children): one shared empty list, never written to. */
const NO_EDGES: Edge[] = [];

/** Edge objects from flat arrays (only for the models that have edges). */
function edgeLists(start: Int32Array, idx: Int32Array, rel: Uint8Array): Edge[][] {
  const n = start.length - 1;
  const out = new Array<Edge[]>(n).fill(NO_EDGES);
  for (let i = 0; i < n; i++) {
    if (start[i + 1] === start[i]) continue;
    const es: Edge[] = [];
    for (let k = start[i]; k < start[i + 1]; k++) es.push({ idx: idx[k], relation: RELATIONS[rel[k]] });
    out[i] = es;
  }
  return out;
}

class Index implements LineageIndex {
  private parentEdges: Edge[][] | undefined;
  private childEdges: Edge[][] | undefined;
  constructor(
    readonly doc: LineageDocument,
    readonly models: readonly Model[],
    readonly byId: ReadonlyMap<string, number>,
    readonly devKey: readonly string[],
    readonly devId: Int32Array,
    readonly developers: number,
    readonly pStart: Int32Array,
    readonly pIdx: Int32Array,
    readonly pRel: Uint8Array,
    readonly cStart: Int32Array,
    readonly cIdx: Int32Array,
    readonly cRel: Uint8Array,
    readonly orgs: ReadonlyMap<string, Organization>,
  ) {}
  get parents(): readonly (readonly Edge[])[] {
    return (this.parentEdges ??= edgeLists(this.pStart, this.pIdx, this.pRel));
  }
  get children(): readonly (readonly Edge[])[] {
    return (this.childEdges ??= edgeLists(this.cStart, this.cIdx, this.cRel));
  }
}

/**
 * Builds the index. The document must already have passed validation (unique ids, no dangling references, known
 * relations); `ids`, the positions by id that validation found for this document, are reused rather than built
 * again. Edges are kept in flat typed arrays (a million-model lineage would otherwise allocate millions of small
 * objects and arrays, which every full garbage collection then marks).
 */
export function indexLineage(doc: LineageDocument, ids?: ReadonlyMap<string, number>): LineageIndex {
  const models = doc.models;
  const n = models.length;
  const byId = ids?.size === n ? ids : idsOf(models);
  const group = affiliateKeys(doc.organizations ?? []);
  const devKey = new Array<string>(n);
  const devId = new Int32Array(n);
  const devIds = new Map<string, number>();
  let written = 0;
  for (let i = 0; i < n; i++) {
    const m = models[i];
    const key = m.developer === undefined ? `#model:${m.id}` : (group.get(m.developer) ?? m.developer);
    devKey[i] = key;
    let d = devIds.get(key);
    if (d === undefined) devIds.set(key, (d = devIds.size));
    devId[i] = d;
    if (m.baseModels !== undefined) written += m.baseModels.length;
  }
  const pStart = new Int32Array(n + 1);
  let pIdx = new Int32Array(written);
  let pRel = new Uint8Array(written);
  const cStart = new Int32Array(n + 1);
  let e = 0;
  for (let i = 0; i < n; i++) {
    const bases = models[i].baseModels;
    if (bases !== undefined)
      for (let k = 0; k < bases.length; k++) {
        const b = bases[k];
        const p = byId.get(b.id);
        const c = CODE.get(b.relation);
        if (p === undefined || c === undefined) continue;
        pIdx[e] = p;
        pRel[e++] = c;
        cStart[p + 1]++;
      }
    pStart[i + 1] = e;
  }
  if (e < written) {
    pIdx = pIdx.slice(0, e);
    pRel = pRel.slice(0, e);
  }
  for (let i = 0; i < n; i++) cStart[i + 1] += cStart[i];
  const cIdx = new Int32Array(e);
  const cRel = new Uint8Array(e);
  const fill = cStart.slice(0, n);
  for (let i = 0; i < n; i++)
    for (let k = pStart[i]; k < pStart[i + 1]; k++) {
      const at = fill[pIdx[k]]++;
      cIdx[at] = i;
      cRel[at] = pRel[k];
    }
  const orgs = new Map<string, Organization>();
  for (const o of doc.organizations ?? []) orgs.set(o.id, o);
  return new Index(doc, models, byId, devKey, devId, devIds.size, pStart, pIdx, pRel, cStart, cIdx, cRel, orgs);
}

/** Each model's position by id. */
function idsOf(models: readonly Model[]): Map<string, number> {
  const byId = new Map<string, number>();
  for (let i = 0; i < models.length; i++) byId.set(models[i].id, i);
  return byId;
}

/**
 * Organization id → the smallest id of its affiliate group (connected through affiliateOf in either direction),
 * for organizations in a group of two or more. Union-find with path halving; iterative.
 */
function affiliateKeys(orgs: readonly Organization[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    while (p !== x) {
      const gp = parent.get(p) ?? p;
      parent.set(x, gp);
      x = p;
      p = gp;
    }
    return x;
  };
  for (const o of orgs) {
    if (o.affiliateOf === undefined || o.affiliateOf === o.id) continue;
    const a = find(o.id);
    const b = find(o.affiliateOf);
    if (a < b) parent.set(b, a);
    else if (a > b) parent.set(a, b);
  }
  const out = new Map<string, string>();
  for (const id of parent.keys()) out.set(id, find(id));
  return out;
}

/**
 * All ancestors of `start` (excluding it) reachable through edges accepted by `follow`, each once. Iterative.
 * With `limit`, gives up (returns null) once more than `limit` ancestors are found.
 */
export function ancestors(ix: LineageIndex, start: number, follow: (r: RelationName) => boolean): number[];
export function ancestors(
  ix: LineageIndex,
  start: number,
  follow: (r: RelationName) => boolean,
  limit: number,
): number[] | null;
export function ancestors(
  ix: LineageIndex,
  start: number,
  follow: (r: RelationName) => boolean,
  limit = Infinity,
): number[] | null {
  const accept = RELATIONS.map((r) => follow(r));
  const { pStart, pIdx, pRel } = ix;
  const seen = new Set<number>([start]);
  const out: number[] = [];
  const stack = [start];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let k = pStart[v]; k < pStart[v + 1]; k++) {
      const p = pIdx[k];
      if (!accept[pRel[k]] || seen.has(p)) continue;
      seen.add(p);
      out.push(p);
      if (out.length > limit) return null;
      stack.push(p);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Int32 arrays of a given length (zeroed): the measure store's slab, or fresh ones. */
export type Int32Alloc = (n: number) => Int32Array;
const fresh: Int32Alloc = (n) => new Int32Array(n);

/** Models in topological order (bases before derived models), by Kahn's algorithm; iterative. */
export function topoOrder(ix: LineageIndex, alloc: Int32Alloc = fresh): Int32Array {
  const n = ix.models.length;
  const { pStart, cStart, cIdx } = ix;
  const indeg = new Int32Array(n);
  for (let i = 0; i < n; i++) indeg[i] = pStart[i + 1] - pStart[i];
  const out = alloc(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indeg[i] === 0) out[tail++] = i;
  while (head < tail) {
    const v = out[head++];
    for (let k = cStart[v]; k < cStart[v + 1]; k++) if (--indeg[cIdx[k]] === 0) out[tail++] = cIdx[k];
  }
  return out;
}

/** A list per model in flat arrays: model i's is idx[from[i] .. to[i]-1] (models may share a range). */
export interface RangeTable {
  from: Int32Array;
  to: Int32Array;
  idx: Int32Array;
}

/**
 * For every model, the original models of other developers it derives from (ascending, each once): walking up
 * through ancestors by the model's own developer or its affiliates (its own earlier work), the first ancestors by
 * someone else, through edges whose relation is in `mask` (`relationMask`). One pass in topological order. A model
 * with no developer has its direct bases as originals (its own work cannot be told apart). An original without a
 * developer may be the model's own developer's work: callers treat it as unknown.
 *
 * Written into one flat array in topological order: a model with one followed parent by its own developer shares the
 * parent's range, so a chain of one's own fine-tunes adds nothing.
 */
export function originalsAll(ix: LineageIndex, order: Int32Array, mask: number, alloc: Int32Alloc = fresh): RangeTable {
  const n = ix.models.length;
  const { pStart, pIdx, pRel, devId, models } = ix;
  const from = alloc(n);
  const to = alloc(n);
  let buf = alloc(Math.max(16, n));
  let top = 0;
  const push = (x: number) => {
    if (top === buf.length) {
      const grown = new Int32Array(buf.length * 2);
      grown.set(buf);
      buf = grown;
    }
    buf[top++] = x;
  };
  const stamp = new Int32Array(n);
  let gen = 0;
  for (let o = 0; o < n; o++) {
    const i = order[o];
    let followed = 0;
    let single = -1;
    for (let k = pStart[i]; k < pStart[i + 1]; k++)
      if ((mask >>> pRel[k]) & 1) {
        followed++;
        single = pIdx[k];
      }
    if (followed === 0) {
      from[i] = to[i] = top;
      continue;
    }
    const dev = models[i].developer === undefined ? -1 : devId[i];
    if (followed === 1 && dev >= 0 && devId[single] === dev) {
      // Same developer as its only parent: the parent's originals.
      from[i] = from[single];
      to[i] = to[single];
      continue;
    }
    const at = top;
    gen++;
    for (let k = pStart[i]; k < pStart[i + 1]; k++) {
      if (((mask >>> pRel[k]) & 1) === 0) continue;
      const p = pIdx[k];
      if (dev >= 0 && devId[p] === dev) {
        for (let j = from[p]; j < to[p]; j++) {
          const x = buf[j];
          if (stamp[x] !== gen) {
            stamp[x] = gen;
            push(x);
          }
        }
      } else if (stamp[p] !== gen) {
        stamp[p] = gen;
        push(p);
      }
    }
    if (top - at > 1) buf.subarray(at, top).sort();
    from[i] = at;
    to[i] = top;
  }
  return { from, to, idx: buf.subarray(0, top) };
}
