// Column evaluation for verdict-only tables: a rule's condition runs over a whole selection of models at once (one
// typed-array loop per operator instead of a chain of closures per model). The helpers here are what operators'
// `columns` functions share: scratch buffers, per-evaluator input columns, the per-model fallback, and the float
// columns a measure reads.
import type { MeasureSpec } from '../types';
import type { FloatSums } from '../measure/lineage-floats';
import type { MeasureStore } from '../measure/store';
import type { ColumnEnv, ColumnTest, ModelTest } from './compile';

/** Counts of the verdict-only column path, for benchmarks and tests. */
export interface ColumnStats {
  /** Comparisons the float bounds could not decide, decided by the exact comparison instead. */
  exactFallbacks: number;
}

/**
 * Selection and tri buffers of the model count, taken and given back in stack order (evaluation is depth-first),
 * so a whole evaluation allocates a handful of them whatever the number of models.
 */
export class Scratch {
  private readonly sels: Int32Array[] = [];
  private readonly tris: Uint8Array[] = [];
  private nSel = 0;
  private nTri = 0;
  constructor(readonly size: number) {}

  sel(): Int32Array {
    return (this.sels[this.nSel++] ??= new Int32Array(this.size));
  }
  tri(): Uint8Array {
    return (this.tris[this.nTri++] ??= new Uint8Array(this.size));
  }
  freeSel(): void {
    this.nSel--;
  }
  freeTri(): void {
    this.nTri--;
  }
  /** The current depth, to restore after an evaluation that may throw (a rule referring to itself). */
  mark(): number {
    return this.nSel * 65536 + this.nTri;
  }
  reset(mark: number): void {
    this.nSel = Math.floor(mark / 65536);
    this.nTri = mark % 65536;
  }
}

/**
 * An input column (a field, the modalities, the bases of each model) built once per document and evaluation date,
 * on first use, and kept with the measure tables: like them it depends on neither the rules' thresholds nor their
 * conditions, so rule variants and sweeps share it.
 */
export function cachedColumn<T>(env: ColumnEnv, key: string, make: () => T): T {
  return env.store.memo(`column|${env.asOf}|${key}`, make);
}

/** A per-model test as a column: for operators that read other models (referenced rules) or have no columns. */
export function perModel(test: ModelTest): ColumnTest {
  return (sel, n, out) => {
    for (let q = 0; q < n; q++) {
      const i = sel[q];
      out[i] = test(i);
    }
  };
}

/**
 * The float sums `store.viewer(spec, restrict)` reads, when they are one table's columns as they stand (own,
 * lineage, developer-lineage); null for the scopes that take a difference of two tables (base-lineage,
 * other-lineage), which read through the viewer. Mirrors measure/store.ts `viewOf`.
 */
export function directSums(store: MeasureStore, spec: MeasureSpec, restrict: boolean): FloatSums | null {
  switch (spec.scope) {
    case 'own':
      return store.fastOwn(spec);
    case 'lineage':
      return restrict ? store.fast(spec).developer : store.fast(spec).total;
    case 'developer-lineage':
      return store.fast(spec).developer;
    default:
      return null;
  }
}

/**
 * A fact about each model alone (a field, its modalities, its bases) as a column: `fact` runs once per model, on
 * first use (`cachedColumn`), and the column is read over each selection. `key` names the operator and its operand.
 */
export function factColumn(env: ColumnEnv, key: string, fact: ModelTest): ColumnTest {
  const n = env.store.ix.models.length;
  const make = (): Uint8Array => {
    const col = new Uint8Array(n);
    for (let i = 0; i < n; i++) col[i] = fact(i);
    return col;
  };
  let col: Uint8Array | undefined;
  return (sel, m, out) => {
    col ??= cachedColumn(env, key, make);
    for (let q = 0; q < m; q++) {
      const i = sel[q];
      out[i] = col[i];
    }
  };
}

/** Organizations by position (ids sorted) and the organization of each model, built once per store (`orgIndex`). */
export interface OrgIndex {
  /** Organization ids in id order. */
  ids: readonly string[];
  /** Position of an organization id. */
  byId: ReadonlyMap<string, number>;
  /** Organization position of each model's developer, -1 when none is listed. */
  of: Int32Array;
  /** Models of each organization (positions in input order): `models[start[k] .. start[k+1]-1]`. */
  start: Int32Array;
  models: Int32Array;
}

/**
 * The organizations and their models as flat arrays, built once per lineage. A model's developer is looked up by
 * name only when it differs from the last one seen for the model's developer key (`devId`): models of one
 * organization share a key, so most models need no map lookup.
 */
export function orgIndex(store: MeasureStore): OrgIndex {
  return store.memo('column|orgIndex', () => {
    const ix = store.ix;
    const ids = [...new Set((ix.doc.organizations ?? []).map((o) => o.id))].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    const byId = new Map<string, number>(ids.map((id, k) => [id, k]));
    const n = ix.models.length;
    const of = new Int32Array(n);
    const lastName = new Array<string | undefined>(ix.developers);
    const lastOrg = new Int32Array(ix.developers);
    const count = new Int32Array(ids.length + 1);
    for (let i = 0; i < n; i++) {
      const dev = ix.models[i].developer;
      let k = -1;
      if (dev !== undefined) {
        const d = ix.devId[i];
        if (lastName[d] === dev) k = lastOrg[d];
        else {
          k = byId.get(dev) ?? -1;
          lastName[d] = dev;
          lastOrg[d] = k;
        }
      }
      of[i] = k;
      if (k >= 0) count[k + 1]++;
    }
    for (let k = 0; k < ids.length; k++) count[k + 1] += count[k];
    const start = count;
    const fill = start.slice(0, ids.length);
    const models = new Int32Array(start[ids.length]);
    for (let i = 0; i < n; i++) if (of[i] >= 0) models[fill[of[i]]++] = i;
    return { ids, byId, of, start, models };
  });
}
