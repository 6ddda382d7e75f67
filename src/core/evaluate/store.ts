// Lazily computed measure tables, shared by every rule that sums the same thing over the same edges.
import type { ReferenceTables } from '../estimate/reference';
import type { LineageIndex } from '../graph/lineage';
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
