// Lazily computed measure tables, shared by every rule that sums the same thing over the same edges.
import type { ReferenceTables } from '../estimate/reference';
import { LineageIndex, originalsAll, topoOrder } from '../graph/lineage';
import { Amount, ZERO_AMOUNT, minus } from '../measure/amount';
import { computeTable, MeasureTable } from '../measure/pass';
import { RecordEstimates } from '../measure/records';
import { normalise, NormalSpec } from '../measure/spec';
import type { MeasureSpec } from '../types';

export class MeasureStore {
  readonly estimates: RecordEstimates;
  private readonly tables = new Map<string, MeasureTable>();
  private readonly specs = new WeakMap<MeasureSpec, NormalSpec>();

  constructor(
    readonly ix: LineageIndex,
    readonly ref: ReferenceTables,
  ) {
    this.estimates = new RecordEstimates(ix, ref);
  }

  private order: Int32Array | undefined;
  /** Models in topological order (bases first). */
  topo(): Int32Array {
    return (this.order ??= topoOrder(this.ix));
  }

  private readonly originalsByRelations = new Map<string, (readonly number[])[]>();
  /** Original models by other developers that model i derives from, through the given relations (all when absent). */
  originals(relations: readonly string[] | undefined, i: number): readonly number[] {
    const key = relations ? [...relations].sort().join(',') : '*';
    let all = this.originalsByRelations.get(key);
    if (!all) {
      const follow = (r: string) => !relations || relations.includes(r);
      this.originalsByRelations.set(key, (all = originalsAll(this.ix, this.topo(), follow)));
    }
    return all[i];
  }

  private readonly memos = new Map<string, unknown>();
  /** Caches derived explanation data (per measure and model) for the life of this evaluation. */
  memo<T>(key: string, make: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = make();
    this.memos.set(key, v);
    return v;
  }

  normal(spec: MeasureSpec): NormalSpec {
    let n = this.specs.get(spec);
    if (!n) this.specs.set(spec, (n = normalise(spec)));
    return n;
  }

  table(spec: MeasureSpec): MeasureTable {
    const n = this.normal(spec);
    let t = this.tables.get(n.key);
    if (!t) this.tables.set(n.key, (t = computeTable(this.ix, this.estimates, n)));
    return t;
  }

  /**
   * The amount a measure observes for model i. With `restrict`, lineage scopes count only models of the model's
   * own developer (the own-only counterfactual).
   */
  amount(spec: MeasureSpec, i: number, restrict: boolean): Amount {
    const t = this.table(spec);
    switch (spec.scope) {
      case 'own':
        return t.own[i];
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
    const t = this.table(spec);
    if (spec.scope === 'own') return t.own[i];
    if (spec.scope === 'base-lineage') return minus(t.developer[i], t.own[i]);
    if (spec.scope === 'other-lineage') return ZERO_AMOUNT;
    return t.developer[i];
  }
}
