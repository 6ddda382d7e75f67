// Lazily computed measure tables, shared by every rule that sums the same thing over the same edges.
import type { ReferenceTables } from '../estimate/reference';
import { LineageIndex, originalsAll, RangeTable, relationMask, RELATIONS, topoOrder } from '../graph/lineage';
import { Amount, ZERO_AMOUNT, minus } from './amount';
import { computeTable, MeasureTable, ownAmount } from './lineage-exact';
import { computeFastTables, exactAmount, FastTable, FloatSums, walkMarks, WalkMarks } from './lineage-floats';
import { Slab } from './slab';
import { BufferPool } from './pool';
import { computeOwnTable, ownKey, RecordFloats, recordFloats } from './own-floats';
import { withMarketCosts } from './market-floats';
import { addErr } from '../exact/bound';
import type { Dec } from '../exact/decimal';
import { RecordEstimates } from './records';
import { RecordFloatEstimator } from '../estimate/float-estimate';
import { normalise, NormalSpec } from './spec';
import type { MeasureSpec } from '../types';

/**
 * Normal forms of the rules' measure specs, made once per spec object: a rule set is loaded once and evaluated by
 * many evaluations (every API request), and a spec's normal form depends on nothing else.
 */
const normals = new WeakMap<MeasureSpec, NormalSpec>();
/** `MeasureStore.measureKey` of each spec object (a function of the spec alone). */
const measureKeys = new WeakMap<MeasureSpec, string>();

export class MeasureStore {
  readonly estimates: RecordEstimates;
  private readonly tables = new Map<string, MeasureTable>();
  private readonly fastTables = new Map<string, FastTable>();
  private readonly ownTables = new Map<string, Amount[]>();

  constructor(
    readonly ix: LineageIndex,
    readonly ref: ReferenceTables,
  ) {
    this.estimates = new RecordEstimates(ix, ref);
    this.slab = new Slab(ix.models.length * 768);
    this.pool = new BufferPool(this.slab);
  }

  private order: Int32Array | undefined;
  /** Models in topological order (bases first). */
  topo(): Int32Array {
    return (this.order ??= topoOrder(this.ix, (k) => this.slab.i32(k)));
  }

  private readonly originalsByMask = new Map<number, RangeTable>();
  /** Original models by other developers that model i derives from, through the given relations (all when absent). */
  originals(relations: readonly string[] | undefined, i: number): number[] {
    const t = this.originalsTable(relations);
    const out: number[] = [];
    for (let k = t.from[i]; k < t.to[i]; k++) out.push(t.idx[k]);
    return out;
  }

  /** The tables by relation list object (rules' conditions are loaded once): no mask computed per lookup. */
  private readonly originalsByList = new Map<readonly string[] | undefined, RangeTable>();

  /** `originals` for every model (computed once per set of relations): idx[from[i] .. to[i]-1]. */
  originalsTable(relations: readonly string[] | undefined): RangeTable {
    const known = this.originalsByList.get(relations);
    if (known) return known;
    const t = this.originalsByMaskOf(relations);
    this.originalsByList.set(relations, t);
    return t;
  }

  private originalsByMaskOf(relations: readonly string[] | undefined): RangeTable {
    const mask = relationMask(relations);
    let all = this.originalsByMask.get(mask);
    if (!all) this.originalsByMask.set(mask, (all = originalsAll(this.ix, this.topo(), mask, (k) => this.slab.i32(k))));
    return all;
  }

  private readonly parentLists = new Map<number, { start: Int32Array; idx: Int32Array }>();
  /**
   * Direct parents of every model through the given relations (all when absent), as one flat array: parents of i
   * are idx[start[i]] .. idx[start[i+1]-1], in input order, repeats kept.
   */
  parentsThrough(relations: readonly string[] | undefined): { start: Int32Array; idx: Int32Array } {
    const known = this.parentsByList.get(relations);
    if (known) return known;
    const t = this.parentsByMaskOf(relations);
    this.parentsByList.set(relations, t);
    return t;
  }

  /** The lists by relation list object, as `originalsByList`. */
  private readonly parentsByList = new Map<readonly string[] | undefined, { start: Int32Array; idx: Int32Array }>();

  private parentsByMaskOf(relations: readonly string[] | undefined): { start: Int32Array; idx: Int32Array } {
    const mask = relationMask(relations);
    let t = this.parentLists.get(mask);
    if (!t) {
      const { pStart, pIdx, pRel } = this.ix;
      if (mask === relationMask(undefined)) t = { start: pStart, idx: pIdx };
      else {
        const n = this.ix.models.length;
        const start = this.slab.i32(n + 1);
        let e = 0;
        for (let k = 0; k < pIdx.length; k++) if ((mask >>> pRel[k]) & 1) e++;
        const idx = this.slab.i32(e);
        e = 0;
        for (let i = 0; i < n; i++) {
          for (let k = pStart[i]; k < pStart[i + 1]; k++) if ((mask >>> pRel[k]) & 1) idx[e++] = pIdx[k];
          start[i + 1] = e;
        }
        t = { start, idx };
      }
      this.parentLists.set(mask, t);
    }
    return t;
  }

  private readonly memos = new Map<string, unknown>();
  /** Caches derived data (per measure, or per measure and model) for the life of this evaluation. */
  memo<T>(key: string, make: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = make();
    this.memos.set(key, v);
    return v;
  }

  private readonly modelMemos = new Map<string, unknown>();
  /**
   * Caches explanation data of one model (shared by that model's findings under every rule and reading) until
   * `forgetModelMemos`: a caller writing findings model by model forgets them once a model's findings are out, so
   * memory does not grow with the corpus (about 23 KB per model otherwise).
   */
  memoForModel<T>(key: string, make: () => T): T {
    if (this.modelMemos.has(key)) return this.modelMemos.get(key) as T;
    const v = make();
    this.modelMemos.set(key, v);
    return v;
  }

  private readonly measureMemos = new Map<string, Map<number, unknown>>();
  /**
   * `memoForModel` for data of one measure (by its normal form and scope) and model i, without a key string made per
   * call: the same measure of the same lineage is read by every rule comparing it.
   */
  memoForMeasure<T extends object>(spec: MeasureSpec, i: number, make: () => T): T {
    const key = this.measureKey(spec);
    let byModel = this.measureMemos.get(key);
    if (!byModel) this.measureMemos.set(key, (byModel = new Map<number, unknown>()));
    const known = byModel.get(i);
    if (known !== undefined) return known as T;
    const v = make();
    byModel.set(i, v);
    return v;
  }

  /** A measure's normal form and scope as one string (made once per spec object). */
  protected measureKey(spec: MeasureSpec): string {
    let k = measureKeys.get(spec);
    if (k === undefined) measureKeys.set(spec, (k = `${this.normal(spec).key}|${spec.scope}`));
    return k;
  }

  forgetModelMemos(): void {
    this.modelMemos.clear();
    this.measureMemos.clear();
  }

  normal(spec: MeasureSpec): NormalSpec {
    let n = normals.get(spec);
    if (!n) normals.set(spec, (n = normalise(spec)));
    return n;
  }

  private readonly tablesByEdges = new Map<string, MeasureTable[]>();
  /**
   * The exact table of a measure. Measures that count the same amounts for every model of this lineage and walk the
   * same edges have the same table (a table is a function of the own amounts and the edges followed): it is
   * computed and kept once, as the float tables are (`fast`).
   */
  table(spec: MeasureSpec): MeasureTable {
    const n = this.normal(spec);
    let t = this.tables.get(n.key);
    if (!t) {
      const edges = this.edgesKey(n);
      let same = this.tablesByEdges.get(edges);
      if (!same) this.tablesByEdges.set(edges, (same = []));
      if (same.length > 0) {
        const own = new Array<Amount>(this.ix.models.length);
        for (let i = 0; i < own.length; i++) own[i] = ownAmount(this.ix, this.estimates, n, i);
        t = same.find((x) => sameAmounts(x.own, own));
      }
      if (!t) same.push((t = computeTable(this.ix, this.estimates, n)));
      this.tables.set(n.key, t);
    }
    return t;
  }

  private readonly expected = new Map<string, Map<string, NormalSpec>>();
  /**
   * Announces measures that verdicts will read, so that the float tables of every measure following the same
   * relations are computed in one walk of the lineage.
   */
  expect(specs: Iterable<MeasureSpec>): void {
    for (const spec of specs) {
      if (spec.scope === 'own') continue;
      const n = this.normal(spec);
      const rel = this.edgesKey(n);
      let group = this.expected.get(rel);
      if (!group) this.expected.set(rel, (group = new Map<string, NormalSpec>()));
      group.set(n.key, n);
    }
  }

  private present: ReadonlySet<string> | undefined;
  /**
   * The relations a measure follows that some edge of this lineage has: measures whose relations differ only by
   * relations no edge uses walk the same graph, so their float tables come from one pass.
   */
  private edgesKey(n: NormalSpec): string {
    let k = this.edgesKeys.get(n);
    if (k === undefined) this.edgesKeys.set(n, (k = this.edgesKeyOf(n)));
    return k;
  }

  private readonly edgesKeys = new Map<NormalSpec, string>();
  private edgesKeyOf(n: NormalSpec): string {
    if (!this.present) {
      const seen = new Uint8Array(RELATIONS.length);
      for (const c of this.ix.pRel) seen[c] = 1;
      this.present = new Set(RELATIONS.filter((_, c) => seen[c] === 1));
    }
    const present = this.present;
    return [...n.relations].filter((r) => present.has(r)).join(',');
  }

  /** The float tables of a measure (verdict-only decisions). */
  fast(spec: MeasureSpec): FastTable {
    const n = this.normal(spec);
    let t = this.fastTables.get(n.key);
    if (!t) {
      const group = new Map<string, NormalSpec>([[n.key, n]]);
      for (const [key, g] of this.expected.get(this.edgesKey(n)) ?? [])
        if (!this.fastTables.has(key)) group.set(key, g);
      const specs = [...group.values()];
      // Measures with the same own table (the same object) have the same sums over the same edges: summed once.
      const owns = specs.map((g) => this.fastOwnOf(g));
      const distinct = [...new Set(owns)];
      const tables = computeFastTables(this.ix, n, distinct, this.slab, this.pool);
      specs.forEach((g, k) => this.fastTables.set(g.key, tables[distinct.indexOf(owns[k])]));
      t = this.fastTables.get(n.key)!;
    }
    return t;
  }

  private floats: RecordFloats | undefined;
  private marks: WalkMarks | undefined;
  /**
   * The float tables' columns and the lineage passes' scratch arrays (slab.ts, pool.ts): about 768 bytes a model hold
   * the record floats, own tables, a few lineage passes and their scratch, so most lineages need one chunk (pages
   * never written take no memory).
   */
  private readonly slab: Slab;
  /** Scratch arrays of the lineage passes, reused from pass to pass (pool.ts). */
  private readonly pool: BufferPool;
  private floatEstimator: RecordFloatEstimator | undefined;
  private readonly fastOwnTables = new Map<string, FloatSums>();
  /** The float own amounts of a measure (own-scope measures need no lineage pass). */
  fastOwn(spec: MeasureSpec): FloatSums {
    return this.fastOwnOf(this.normal(spec));
  }

  private readonly fastOwnByContent = new Map<string, FloatSums>();
  private fastOwnOf(n: NormalSpec): FloatSums {
    let t = this.fastOwnTables.get(n.key);
    if (!t) {
      const est = (this.floatEstimator ??= new RecordFloatEstimator(this.ref));
      const rf = (this.floats ??= recordFloats(this.ix, est, this.slab));
      if (n.market) withMarketCosts(rf, this.ix, est, this.slab);
      // Measures that count the same records of this lineage share one table (one object: see `fast`).
      const content = ownKey(rf, n);
      t = this.fastOwnByContent.get(content);
      if (!t) this.fastOwnByContent.set(content, (t = computeOwnTable(rf, n, this.slab)));
      this.fastOwnTables.set(n.key, t);
    }
    return t;
  }

  /** Exact own amounts only (what own-scope measures need, without the exact lineage pass). */
  private ownExact(spec: MeasureSpec): Amount[] {
    const full = this.tables.get(this.normal(spec).key);
    if (full) return full.own;
    const n = this.normal(spec);
    let t = this.ownTables.get(n.key);
    if (!t) {
      t = new Array(this.ix.models.length);
      for (let i = 0; i < t.length; i++) t[i] = ownAmount(this.ix, this.estimates, n, i);
      this.ownTables.set(n.key, t);
    }
    return t;
  }

  /**
   * Float view of `amount(spec, i, restrict)`: low, known high, one error bound for both, and the unknown count,
   * written into `out` (no allocation).
   */
  view(spec: MeasureSpec, i: number, restrict: boolean, out: FloatView): void {
    this.viewer(spec, restrict)(i, out);
  }

  /** `view` for one measure and restriction, its table looked up once (on first use). */
  viewer(spec: MeasureSpec, restrict: boolean): (i: number, out: FloatView) => void {
    const scope = spec.scope;
    if (scope === 'own') {
      let own: FloatSums | undefined;
      return (i, out) => {
        own ??= this.fastOwn(spec);
        out.lo = own.lo[i];
        out.hi = own.hi[i];
        out.err = own.err[i];
        out.missing = own.missing[i];
      };
    }
    let t: FastTable | undefined;
    return (i, out) => viewOf((t ??= this.fast(spec)), scope, i, restrict, out);
  }

  /** The exact low, known high and unknown count of `amount(spec, i, restrict)`, by re-summing its members. */
  exact(spec: MeasureSpec, i: number, restrict: boolean): Amount {
    const full = this.tables.get(this.normal(spec).key);
    if (full) return this.amount(spec, i, restrict);
    const marks = (this.marks ??= walkMarks(this.ix.models.length));
    return exactAmount(this.ix, this.estimates, this.normal(spec), spec.scope, i, restrict, marks);
  }

  /**
   * The amount a measure observes for model i. With `restrict`, lineage scopes count only models of the model's
   * own developer (the own-only counterfactual).
   */
  amount(spec: MeasureSpec, i: number, restrict: boolean): Amount {
    if (spec.scope === 'own') return this.ownExact(spec)[i];
    const t = this.table(spec);
    switch (spec.scope) {
      case 'developer-lineage':
        return t.developer[i];
      case 'lineage':
        return restrict ? t.developer[i] : t.total[i];
      case 'base-lineage':
        return restrict ? minus(t.developer[i], t.own[i]) : t.base[i];
      case 'other-lineage':
        return restrict ? ZERO_AMOUNT : minus(t.total[i], t.developer[i]);
    }
  }

  /** The same-developer share of what the unrestricted measure observes. */
  ownShare(spec: MeasureSpec, i: number): Amount {
    if (spec.scope === 'own') return this.ownExact(spec)[i];
    const t = this.table(spec);
    if (spec.scope === 'base-lineage') return minus(t.developer[i], t.own[i]);
    if (spec.scope === 'other-lineage') return ZERO_AMOUNT;
    return t.developer[i];
  }
}

/** Whether two lists of amounts are equal, field by field (decimals in the same representation). */
function sameAmounts(a: readonly Amount[], b: readonly Amount[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (
      !sameDec(x.lo, y.lo) ||
      !sameDec(x.hiKnown, y.hiKnown) ||
      !(x.mid === y.mid || (x.mid !== null && y.mid !== null && sameDec(x.mid, y.mid))) ||
      x.missing !== y.missing ||
      x.estimated !== y.estimated ||
      x.sample.length !== y.sample.length ||
      x.sample.some((id, k) => id !== y.sample[k])
    )
      return false;
  }
  return true;
}

const sameDec = (x: Dec, y: Dec): boolean => x === y || (x.m === y.m && x.e === y.e);

/** A float amount with an absolute error bound (see exact/bound.ts). */
export interface FloatView {
  lo: number;
  hi: number;
  err: number;
  missing: number;
}

export function floatView(): FloatView {
  return { lo: 0, hi: 0, err: 0, missing: 0 };
}

function viewOf(t: FastTable, scope: MeasureSpec['scope'], i: number, restrict: boolean, out: FloatView): void {
  if (scope === 'own') {
    out.lo = t.own.lo[i];
    out.hi = t.own.hi[i];
    out.err = t.own.err[i];
    out.missing = t.own.missing[i];
    return;
  }
  if (scope === 'other-lineage' && restrict) {
    out.lo = out.hi = out.err = 0;
    out.missing = 0;
    return;
  }
  const whole =
    scope === 'lineage' && !restrict
      ? t.total
      : scope === 'base-lineage' && !restrict
        ? t.total
        : scope === 'other-lineage'
          ? t.total
          : t.developer;
  if (scope === 'lineage' || scope === 'developer-lineage') {
    out.lo = whole.lo[i];
    out.hi = whole.hi[i];
    out.err = whole.err[i];
    out.missing = whole.missing[i];
    return;
  }
  // base-lineage: whole − own; other-lineage: total − developer.
  const part = scope === 'base-lineage' ? t.own : t.developer;
  out.lo = whole.lo[i] - part.lo[i];
  out.hi = whole.hi[i] - part.hi[i];
  out.err = addErr(Math.max(Math.abs(out.lo), Math.abs(out.hi)), whole.err[i], part.err[i]);
  out.missing = whole.missing[i] - part.missing[i];
}
