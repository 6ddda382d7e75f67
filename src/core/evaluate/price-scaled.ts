// Verdicts at any GPU price scale k without re-measuring the lineage: every dollar amount is a line in k (each
// record's cost is D or k·G, summed), so an amount at k is exactly a0 + k·(a1 − a0) from the tables at 0× and 1×.
// A `ScaledJudge` evaluates rules by the interpreter (no trace) on those lines, memoising the verdicts of referred
// rules per model while k stays the same: what price.ts asks at each breakpoint, for the models a verdict reads and
// nothing else (no table is built per scale).
import { add, mul, ONE, sub, type Dec } from '../exact/decimal';
import type { Amount } from '../measure/amount';
import { MeasureStore, type FloatView } from '../measure/store';
import type { ReferenceTables } from '../estimate/reference';
import type { RangeTable } from '../graph/lineage';
import type { MeasureSpec, Rule } from '../types';
import { evalCondition, type Frame, type Subject } from './conditions';
import { designatedUnder } from './designation';
import type { Evaluator } from './engine';
import { FALSE, TRUE, UNKNOWN, V_CAPTURED, V_NOT_APPLICABLE, V_NOT_CAPTURED, V_UNCERTAIN } from './tri';

const line = (a: Dec, b: Dec, k: Dec): Dec => add(a, mul(k, sub(b, a)));

/** A store whose lineage structure (topological order, originals, parents) is that of the store at 1×. */
abstract class StructureOf1x extends MeasureStore {
  constructor(
    protected readonly s1: MeasureStore,
    ref: ReferenceTables,
  ) {
    super(s1.ix, ref);
  }

  override topo(): Int32Array {
    return this.s1.topo();
  }

  override originalsTable(relations: readonly string[] | undefined): RangeTable {
    return this.s1.originalsTable(relations);
  }

  override parentsThrough(relations: readonly string[] | undefined): { start: Int32Array; idx: Int32Array } {
    return this.s1.parentsThrough(relations);
  }
}

/**
 * Measure amounts at scale k from the stores at 0× and 1× (same document): dollar amounts on their line, FLOP as at
 * 1×. Floats never decide here (an infinite bound sends every comparison to the exact path).
 */
class LinearStore extends StructureOf1x {
  /** The scale the amounts are read at (set by the judge). */
  k: Dec = ONE;

  constructor(
    private readonly s0: MeasureStore,
    s1: MeasureStore,
  ) {
    // Its own estimates (at 1×) are never read: amounts come from the two stores.
    super(s1, s1.ref);
  }

  private at(a0: Amount, a1: Amount): Amount {
    if (a0 === a1) return a1;
    return {
      lo: line(a0.lo, a1.lo, this.k),
      hiKnown: line(a0.hiKnown, a1.hiKnown, this.k),
      mid: a0.mid === null || a1.mid === null ? null : line(a0.mid, a1.mid, this.k),
      missing: a1.missing,
      sample: a1.sample,
      estimated: a1.estimated,
    };
  }

  override amount(spec: MeasureSpec, i: number, restrict: boolean): Amount {
    if (spec.quantity !== 'costUsd') return this.s1.amount(spec, i, restrict);
    return this.at(this.s0.amount(spec, i, restrict), this.s1.amount(spec, i, restrict));
  }

  override exact(spec: MeasureSpec, i: number, restrict: boolean): Amount {
    return this.amount(spec, i, restrict);
  }

  override ownShare(spec: MeasureSpec, i: number): Amount {
    if (spec.quantity !== 'costUsd') return this.s1.ownShare(spec, i);
    return this.at(this.s0.ownShare(spec, i), this.s1.ownShare(spec, i));
  }

  override viewer(): (i: number, out: FloatView) => void {
    return (_i, out) => {
      out.lo = out.hi = 0;
      out.err = Infinity;
      out.missing = 0;
    };
  }
}

/**
 * The store of the Evaluator at 0× (whose traces give each dollar test's fixed part): FLOP and lineage structure
 * from the store at 1× instead of tables of its own, and explanation data memoised only for the models lately
 * traced (they are traced once at 0× each, nothing reads them again much later).
 */
export class ZeroStore extends StructureOf1x {
  private readonly recent = new Map<string, unknown>();

  override memo<T>(key: string, make: () => T): T {
    if (this.recent.has(key)) return this.recent.get(key) as T;
    if (this.recent.size >= 20000) this.recent.clear();
    const v = make();
    this.recent.set(key, v);
    return v;
  }

  override memoForModel<T>(key: string, make: () => T): T {
    return this.memo(key, make);
  }

  override memoForMeasure<T extends object>(spec: MeasureSpec, i: number, make: () => T): T {
    return this.memo(`${this.measureKey(spec)}|${i}`, make);
  }

  override table(spec: MeasureSpec) {
    return spec.quantity === 'costUsd' ? super.table(spec) : this.s1.table(spec);
  }

  override amount(spec: MeasureSpec, i: number, restrict: boolean): Amount {
    return spec.quantity === 'costUsd' ? super.amount(spec, i, restrict) : this.s1.amount(spec, i, restrict);
  }

  override exact(spec: MeasureSpec, i: number, restrict: boolean): Amount {
    return spec.quantity === 'costUsd' ? super.exact(spec, i, restrict) : this.s1.exact(spec, i, restrict);
  }

  override ownShare(spec: MeasureSpec, i: number): Amount {
    return spec.quantity === 'costUsd' ? super.ownShare(spec, i) : this.s1.ownShare(spec, i);
  }
}

/** The engine's verdicts at a price scale, by the interpreter, on the amounts of a `LinearStore`. */
export class ScaledJudge {
  private readonly store: LinearStore;
  /** Verdicts at the current scale by cell number (`slot` of the rule, reading and restriction × models + model). */
  private readonly cells = new Map<number, number>();
  private k: Dec | undefined;
  /** Cell slots: per rule, one per reading and restriction (numbered as they are first asked for). */
  private readonly slots = new Map<Rule, number[]>();
  private ref: ReferenceTables;

  /** e0, e1: Evaluators of the same document at 0× and 1× (the price scale's `declared` flag as asked). */
  constructor(
    e0: Evaluator,
    private readonly e1: Evaluator,
    private readonly declared: boolean,
  ) {
    this.store = new LinearStore(e0.store, e1.store);
    this.ref = e1.ref;
  }

  /** Moves the judge to scale k (verdicts memoised at another scale are dropped). */
  at(k: Dec): this {
    // The same decimal (mantissa and exponent) is the same scale: no key string (a bigint printed) per call.
    const now = this.k;
    if (now === undefined || now.m !== k.m || now.e !== k.e) {
      this.k = k;
      this.cells.clear();
      this.store.k = k;
      this.ref = { ...this.e1.ref, priceScale: { k, declared: this.declared } };
    }
    return this;
  }

  /** A model rule's verdict for model i as references read it (memoised at this scale). */
  verdict(rule: Rule, interp: string | undefined, restrict: boolean, i: number): number {
    return this.cell(rule, interp, restrict, i);
  }

  /** Same as `Evaluator.verdictOf`: a reading the rule lacks combines all its readings. */
  private readonly verdictOf = (ruleId: string, interp: string | undefined, restrict: boolean, i: number): number => {
    const rule = this.e1.rule(ruleId);
    const list = rule.interpretations;
    if (!list || list.length === 0) return this.cell(rule, undefined, restrict, i);
    if (interp !== undefined && list.some((x) => x.id === interp)) return this.cell(rule, interp, restrict, i);
    const codes = list.map((x) => this.cell(rule, x.id, restrict, i));
    return codes.every((c) => c === codes[0]) ? codes[0] : V_UNCERTAIN;
  };

  private cell(rule: Rule, interp: string | undefined, restrict: boolean, i: number): number {
    // A reading whose own-only counterfactual cannot differ shares the full verdict, as the engine's tables do.
    const r = restrict && this.e1.ownOnlyMatters(rule, interp);
    const key = this.slot(rule, interp, r) * this.store.ix.models.length + i;
    const v = this.cells.get(key);
    if (v !== undefined) {
      if (v < 0) throw new Error(`rule ${rule.id} refers to itself for model ${this.store.ix.models[i].id}`);
      return v;
    }
    this.cells.set(key, -1);
    const code = this.judge(rule, interp, { kind: 'model', i }, r);
    this.cells.set(key, code);
    return code;
  }

  /** The number of a rule's reading and restriction among the cells (stable for the judge's life). */
  private slot(rule: Rule, interp: string | undefined, restrict: boolean): number {
    let list = this.slots.get(rule);
    if (!list) this.slots.set(rule, (list = []));
    const at = (interp === undefined ? 0 : 1 + rule.interpretations!.findIndex((x) => x.id === interp)) * 2;
    const k = at + (restrict ? 1 : 0);
    let s = list[k];
    if (s === undefined) list[k] = s = this.nextSlot++;
    return s;
  }

  private nextSlot = 0;

  private readonly merged = new Map<object, Readonly<Record<string, MeasureSpec>>>();
  /** A reading's measures over the rule's (made once per reading, not per verdict). */
  private readingMeasures(
    rule: Rule,
    reading: NonNullable<Rule['interpretations']>[number],
  ): Readonly<Record<string, MeasureSpec>> {
    let m = this.merged.get(reading);
    if (!m) this.merged.set(reading, (m = { ...rule.measures, ...reading.measures }));
    return m;
  }

  /** `Evaluator.judge` without a trace. */
  judge(rule: Rule, interp: string | undefined, subject: Subject, restrict: boolean): number {
    if (subject.kind === 'model' && designatedUnder(this.store.ix.models[subject.i], rule.id)) return V_CAPTURED;
    const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
    const frame: Frame = {
      store: this.store,
      ref: this.ref,
      asOf: this.e1.asOf,
      measures: reading?.measures ? this.readingMeasures(rule, reading) : (rule.measures ?? {}),
      interpretation: interp,
      subject,
      restrict,
      verdictOf: this.verdictOf,
      trace: null,
    };
    const app = rule.applicability ? evalCondition(rule.applicability, frame) : TRUE;
    if (app === FALSE) return V_NOT_APPLICABLE;
    const c = evalCondition(reading?.condition ?? rule.condition, frame);
    if (app === UNKNOWN) return c === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
    return c === TRUE ? V_CAPTURED : c === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
  }
}
