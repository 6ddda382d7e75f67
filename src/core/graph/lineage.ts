// The lineage as an indexed DAG: models by position, parents and children with relations, developers as indices.
import type { LineageDocument, Model, Organization } from '../types';

export type RelationName = 'finetune' | 'adapter' | 'merge' | 'quantization' | 'distillation' | 'continued-pretraining';

export interface Edge {
  /** Index of the other model. */
  idx: number;
  relation: RelationName;
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
  readonly parents: readonly (readonly Edge[])[];
  readonly children: readonly (readonly Edge[])[];
  readonly orgs: ReadonlyMap<string, Organization>;
}

/** The edge list of a model without parents (or children): one shared empty list, never written to. */
const NO_EDGES: Edge[] = [];

/**
 * Builds the index. The document must already have passed validation (unique ids, no dangling references); `ids`,
 * the positions by id that validation found for this document, are reused rather than built again. Edge lists are
 * allocated only for models that have edges (most models of a corpus have no children): a million-model
 * lineage would otherwise allocate two million empty arrays.
 */
export function indexLineage(doc: LineageDocument, ids?: ReadonlyMap<string, number>): LineageIndex {
  const models = doc.models;
  const n = models.length;
  const byId = ids?.size === n ? ids : idsOf(models);
  const parents = new Array<Edge[]>(n).fill(NO_EDGES);
  const children = new Array<Edge[]>(n).fill(NO_EDGES);
  const group = affiliateKeys(doc.organizations ?? []);
  const devKey = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const m = models[i];
    devKey[i] = m.developer === undefined ? `#model:${m.id}` : (group.get(m.developer) ?? m.developer);
    const bases = m.baseModels;
    if (bases === undefined) continue;
    let ps = NO_EDGES;
    for (let k = 0; k < bases.length; k++) {
      const b = bases[k];
      const p = byId.get(b.id);
      if (p === undefined) continue;
      const relation = b.relation;
      if (ps === NO_EDGES) ps = [{ idx: p, relation }];
      else ps.push({ idx: p, relation });
      const cs = children[p];
      if (cs === NO_EDGES) children[p] = [{ idx: i, relation }];
      else cs.push({ idx: i, relation });
    }
    parents[i] = ps;
  }
  const orgs = new Map<string, Organization>();
  for (const o of doc.organizations ?? []) orgs.set(o.id, o);
  return { doc, models, byId, devKey, parents, children, orgs };
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
  const seen = new Set<number>([start]);
  const out: number[] = [];
  const stack = [start];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const e of ix.parents[v]) {
      if (!follow(e.relation) || seen.has(e.idx)) continue;
      seen.add(e.idx);
      out.push(e.idx);
      if (out.length > limit) return null;
      stack.push(e.idx);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Models in topological order (bases before derived models), by Kahn's algorithm; iterative. */
export function topoOrder(ix: LineageIndex): Int32Array {
  const n = ix.models.length;
  const indeg = new Int32Array(n);
  for (let i = 0; i < n; i++) indeg[i] = ix.parents[i].length;
  const out = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indeg[i] === 0) out[tail++] = i;
  while (head < tail) {
    const v = out[head++];
    for (const e of ix.children[v]) if (--indeg[e.idx] === 0) out[tail++] = e.idx;
  }
  return out;
}

const NONE: readonly number[] = [];

/**
 * For every model, the original models of other developers it derives from: walking up through ancestors by the
 * model's own developer or its affiliates (its own earlier work), the first ancestors by someone else, through
 * accepted edges. One pass in topological order; a model with the same developer as its single parent shares the
 * parent's list. A model with no developer has its direct bases as originals (its own work cannot be told apart).
 * An original without a developer may be the model's own developer's work: callers treat it as unknown.
 */
export function originalsAll(
  ix: LineageIndex,
  order: Int32Array,
  follow: (r: RelationName) => boolean,
): (readonly number[])[] {
  const out = new Array<readonly number[]>(ix.models.length);
  for (const i of order) {
    const edges = ix.parents[i];
    // Most models have no parent or one: no filtered copy for them.
    const ps =
      edges.length === 0
        ? edges
        : edges.length === 1
          ? follow(edges[0].relation)
            ? edges
            : NO_EDGES
          : edges.filter((e) => follow(e.relation));
    if (ps.length === 0) {
      out[i] = NONE;
      continue;
    }
    const dev = ix.models[i].developer === undefined ? undefined : ix.devKey[i];
    if (dev === undefined) {
      out[i] = [...new Set(ps.map((e) => e.idx))].sort((a, b) => a - b);
      continue;
    }
    if (ps.length === 1) {
      const p = ps[0].idx;
      out[i] = ix.devKey[p] === dev ? out[p] : [p];
      continue;
    }
    const set = new Set<number>();
    for (const e of ps) {
      if (ix.devKey[e.idx] === dev) for (const o of out[e.idx]) set.add(o);
      else set.add(e.idx);
    }
    out[i] = [...set].sort((a, b) => a - b);
  }
  return out;
}
