// The orchestrator: evaluates rules over a lineage on a date, producing findings (full detail) or verdict counts.
import { EMPTY_REFERENCE, ReferenceTables } from '../estimate/reference';
import { releasedBy } from '../graph/released';
import { indexLineage, LineageIndex } from '../graph/lineage';
import type { Condition, Finding, LineageDocument, MeasureSpec, Rule, Verdict } from '../types';
import { evalCondition, Frame, Subject, Trace } from './conditions';
import { readsOthers } from './operators/registry';
import type { RestrictContext } from './operators/types';
import { MeasureStore } from '../measure/store';
import { Slab } from '../measure/slab';
import { compileCondition, type CompileEnv, type ModelTest } from './compile';
import { forEachCondition } from './operators/registry';
import { orgIndex, type ColumnStats } from './columns';
import { ColumnTables, IN_PROGRESS, PENDING, readingSlot } from './column-tables';
import { FALSE, TRUE, UNKNOWN, V_CAPTURED, V_NOT_APPLICABLE, V_NOT_CAPTURED, V_UNCERTAIN, VERDICT_NAMES } from './tri';
import { ruleInForce } from './in-force';
import { explainFinding } from './finding';
import { designatedUnder } from './designation';
import { UNIT_SCALE, withPriceScale, type PriceScale } from '../estimate/price-scale';
import { priceContext, priceSensitivity, withPriceMessages, type PriceContext } from './price';

export interface EvaluateOptions {
  /** Evaluation date, YYYY-MM-DD (the core has no clock). */
  asOf: string;
  reference?: ReferenceTables;
  /** Ids of the rules to report; default: every rule given. Other rules are evaluated only when referenced. */
  select?: readonly string[];
  /** Only report findings for these model ids (and their developers). */
  models?: readonly string[];
  /**
   * Leave out models released after asOf and those built on them (graph/released.ts): a corpus as it stood on the
   * date. Off by default: a CI gate checks a model before its release.
   */
  excludeUnreleased?: boolean;
  /** A GPU price scenario (estimate/price-scale.ts): costs derived from accelerator-hours × price scaled by k. */
  priceScale?: PriceScale;
  /** Findings of rules with a dollar test get `priceSensitivity` (default true; evaluate() only). */
  priceSensitivity?: boolean;
  /**
   * The models' positions by id, as validation built them (`validateLineage`'s `ids`) for this document: the index
   * reuses the map instead of building another.
   */
  ids?: ReadonlyMap<string, number>;
}

export interface Evaluation {
  asOf: string;
  findings: Finding[];
  /** With excludeUnreleased: the models left out. */
  excluded?: string[];
}

export interface SummaryRow {
  rule: string;
  interpretation?: string;
  subject: 'model' | 'organization';
  inForce: boolean;
  status: string;
  counts: Record<Verdict, number>;
  wrongfulCaptures: number;
}

/** Holds the per-rule verdict tables for one lineage, one date and one rule set. */
export class Evaluator {
  readonly ix: LineageIndex;
  readonly store: MeasureStore;
  private readonly rules: ReadonlyMap<string, Rule>;

  constructor(
    doc: LineageDocument,
    rules: readonly Rule[],
    readonly asOf: string,
    readonly ref: ReferenceTables = EMPTY_REFERENCE,
    /**
     * Measure tables to reuse from another Evaluator of the same document and reference tables (they depend on
     * neither the rules' thresholds nor the date): rule variants and threshold sweeps evaluate one lineage many times.
     */
    store?: MeasureStore,
  ) {
    if (store && (store.ref !== ref || store.ix.doc !== doc))
      throw new Error('a shared MeasureStore must come from the same document and reference tables');
    this.ix = store ? store.ix : indexLineage(doc);
    this.store = store ?? new MeasureStore(this.ix, ref);
    this.rules = new Map(rules.map((r) => [r.id, r]));
    for (const r of rules) {
      this.store.expect(Object.values(r.measures ?? {}));
      for (const x of r.interpretations ?? []) this.store.expect(Object.values(x.measures ?? {}));
    }
  }

  rule(id: string): Rule {
    const r = this.rules.get(id);
    if (!r) throw new Error(`unknown rule ${id}`);
    return r;
  }

  /** The interpretation of `rule` that a reference with `wanted` means: the same id if the rule has it. */
  private resolveInterp(rule: Rule, wanted: string | undefined): string | undefined | null {
    const list = rule.interpretations;
    if (!list || list.length === 0) return undefined;
    if (wanted !== undefined && list.some((i) => i.id === wanted)) return wanted;
    return null; // combine all readings
  }

  /** Verdict code of a model rule for model i (computed for all models at once, then cached). */
  verdictOf = (ruleId: string, interp: string | undefined, restrict: boolean, i: number): number => {
    const rule = this.rule(ruleId);
    const which = this.resolveInterp(rule, interp);
    if (which === null) {
      const codes = rule.interpretations!.map((x) => this.cell(rule, x.id, restrict, i));
      return codes.every((c) => c === codes[0]) ? codes[0] : V_UNCERTAIN;
    }
    return this.cell(rule, which, restrict, i);
  };

  /** `verdictOf` for one rule, reading and restriction, resolved once (compiled conditions call it per model). */
  verdictFn = (ruleId: string, interp: string | undefined, restrict: boolean): ((i: number) => number) => {
    // Organization readings ask once per organization: resolve each rule, reading and restriction once.
    const key = `${ruleId}|${interp ?? ''}|${restrict ? 1 : 0}`;
    let fn = this.verdictFns.get(key);
    if (!fn) this.verdictFns.set(key, (fn = this.resolveVerdictFn(ruleId, interp, restrict)));
    return fn;
  };

  private readonly verdictFns = new Map<string, (i: number) => number>();
  private resolveVerdictFn(ruleId: string, interp: string | undefined, restrict: boolean): (i: number) => number {
    const rule = this.rule(ruleId);
    const which = this.resolveInterp(rule, interp);
    if (which === null) return (i) => this.verdictOf(ruleId, interp, restrict, i);
    const t = this.tableFor(rule, which, restrict);
    return (i) => {
      const v = t[i];
      return v >= 0 ? v : this.cellIn(t, rule, which, restrict, i);
    };
  }

  private readonly byRule = new Map<Rule, Int8Array[]>();
  private tableFor(rule: Rule, interp: string | undefined, restrict: boolean): Int8Array {
    let list = this.byRule.get(rule);
    if (!list) this.byRule.set(rule, (list = []));
    const base = (interp === undefined ? 0 : 1 + rule.interpretations!.findIndex((x) => x.id === interp)) * 2;
    let t = list[base + (restrict ? 1 : 0)];
    if (t) return t;
    t = list[base];
    if (!t) list[base] = t = this.newTable();
    // A reading that never looks at other developers' amounts has the same own-only table: share it.
    if (restrict) {
      if (this.restrictMatters(rule, interp)) t = this.newTable();
      list[base + 1] = t;
    }
    return t;
  }

  private slab: Slab | undefined;
  /**
   * A verdict table of pending cells, carved out of one growing buffer (measure/slab.ts): at a million models a
   * table is 1 MB and a summary fills some sixty of them, which one ArrayBuffer each would count towards Node's
   * external-memory trigger of full collections (each marking the whole parsed lineage).
   */
  private newTable(): Int8Array {
    const n = this.ix.models.length;
    const bytes = (this.slab ??= new Slab(16 * n)).u8(n);
    return new Int8Array(bytes.buffer, bytes.byteOffset, n).fill(PENDING);
  }

  /** One cell, computed on demand. References reach the same model or its ancestors only, so depth stays small. */
  private cell(rule: Rule, interp: string | undefined, restrict: boolean, i: number): number {
    return this.cellIn(this.tableFor(rule, interp, restrict), rule, interp, restrict, i);
  }

  private cellIn(t: Int8Array, rule: Rule, interp: string | undefined, restrict: boolean, i: number): number {
    const v = t[i];
    if (v >= 0) return v;
    if (v === IN_PROGRESS) throw new Error(`rule ${rule.id} refers to itself for model ${this.ix.models[i].id}`);
    if (this.partial.size > 0 && this.partial.has(t)) return this.table(rule, interp, restrict)[i];
    t[i] = IN_PROGRESS;
    const code = this.judgeModel(rule, interp, restrict, i);
    t[i] = code;
    return code;
  }

  /**
   * Cells asked for one at a time (references read by explained findings) decided by the interpreter on the exact
   * tables instead of compiled conditions on float tables: same verdicts (test/differential.test.ts), and for a
   * lineage of a few models (an API request) compiling the referred rules and building their float tables costs
   * more than the handful of cells read. Chosen by `eachFinding` (small lineages only) unless set before; whole
   * tables (summaries) are filled by columns either way.
   */
  cellsByInterpreter: boolean | undefined;

  /** Whether the own-only table of a reading is its own (true) or shared with the full one (false). */
  ownOnlyMatters(rule: Rule, interp: string | undefined): boolean {
    return this.restrictMatters(rule, interp);
  }

  /** By rule, then by reading (`readingSlot` without restriction): no key string per finding. */
  private readonly restrictMemo = new Map<Rule, (boolean | undefined)[]>();
  /**
   * Whether the own-only counterfactual can change a reading's verdict: some comparison reads a lineage scope that
   * counts other developers (`lineage`, `base-lineage`, `other-lineage`), or a referenced rule's own-only verdict
   * (modelFinding) can change, or an operator passes the restriction on that is not analysed here.
   */
  private restrictMatters(rule: Rule, interp: string | undefined): boolean {
    let memo = this.restrictMemo.get(rule);
    if (!memo) this.restrictMemo.set(rule, (memo = []));
    const key = readingSlot(rule, interp, false);
    const known = memo[key];
    if (known !== undefined) return known;
    memo[key] = true; // a cycle through modelFinding: assume it matters
    const measures = this.measuresOf(rule, interp);
    const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
    const ctx: RestrictContext = {
      measures,
      visit: (c) => readsOthers(c, ctx),
      ruleReadsOthers: (ruleId, wanted) => {
        const other = this.rule(ruleId);
        const which = this.resolveInterp(other, wanted ?? interp);
        if (which === null) return other.interpretations!.some((x) => this.restrictMatters(other, x.id));
        return this.restrictMatters(other, which);
      },
    };
    const visit = ctx.visit;
    const v = (rule.applicability ? visit(rule.applicability) : false) || visit(reading?.condition ?? rule.condition);
    memo[key] = v;
    return v;
  }

  private readonly compiled = new Map<Rule, { app: ModelTest | null; cond: ModelTest }[]>();
  /** The verdict of a model rule without a trace, by the rule's compiled condition (same result as `judge`). */
  private judgeModel(rule: Rule, interp: string | undefined, restrict: boolean, i: number): number {
    if (designatedUnder(this.ix.models[i], rule.id)) return V_CAPTURED;
    if (this.cellsByInterpreter) return this.judge(rule, interp, { kind: 'model', i }, restrict, null);
    const c = this.compiledFor(rule, interp, restrict);
    const app = c.app ? c.app(i) : TRUE;
    if (app === FALSE) return V_NOT_APPLICABLE;
    const v = c.cond(i);
    if (app === UNKNOWN) return v === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
    return v === TRUE ? V_CAPTURED : v === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
  }

  private last:
    | { rule: Rule; interp: string | undefined; restrict: boolean; c: { app: ModelTest | null; cond: ModelTest } }
    | undefined;
  private compiledFor(
    rule: Rule,
    interp: string | undefined,
    restrict: boolean,
  ): { app: ModelTest | null; cond: ModelTest } {
    const last = this.last;
    if (last && last.rule === rule && last.interp === interp && last.restrict === restrict) return last.c;
    let list = this.compiled.get(rule);
    if (!list) this.compiled.set(rule, (list = []));
    const k = readingSlot(rule, interp, restrict);
    let c = list[k];
    if (!c) {
      const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
      const env = this.compileEnv(rule, interp, restrict);
      list[k] = c = {
        app: rule.applicability ? compileCondition(rule.applicability, env) : null,
        cond: compileCondition(reading?.condition ?? rule.condition, env),
      };
    }
    this.last = { rule, interp, restrict, c };
    return c;
  }

  private readonly measureSets = new Map<Rule, Map<string | undefined, Readonly<Record<string, MeasureSpec>>>>();
  /** The measures of a rule under a reading (the reading's own override the rule's), built once. */
  private measuresOf(rule: Rule, interp: string | undefined): Readonly<Record<string, MeasureSpec>> {
    let byInterp = this.measureSets.get(rule);
    if (!byInterp)
      this.measureSets.set(rule, (byInterp = new Map<string | undefined, Readonly<Record<string, MeasureSpec>>>()));
    let m = byInterp.get(interp);
    if (!m) {
      const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
      m = reading?.measures ? { ...rule.measures, ...reading.measures } : (rule.measures ?? {});
      byInterp.set(interp, m);
    }
    return m;
  }

  /** Fills verdict tables by columns (column-tables.ts). */
  private readonly columns = new ColumnTables(this);
  /** What the column path did (exact fallbacks of comparisons the floats could not decide). */
  readonly columnStats: ColumnStats = this.columns.stats;

  /** What a reading's conditions compile against: the tables, the date and the verdicts of other rules. */
  compileEnv(rule: Rule, interp: string | undefined, restrict: boolean): CompileEnv {
    return {
      store: this.store,
      ref: this.ref,
      asOf: this.asOf,
      measures: this.measuresOf(rule, interp),
      interpretation: interp,
      restrict,
      verdictOf: this.verdictOf,
      verdictFn: this.verdictFn,
    };
  }

  /**
   * The whole table: by columns (designations first, then applicability over every pending model and the condition
   * over those it does not rule out), or bases first where the reading needs verdicts still pending
   * (`ColumnTables.fillResidual`). Same verdicts as `judgeModel` cell by cell.
   */
  private table(rule: Rule, interp: string | undefined, restrict: boolean): Int8Array {
    const t = this.tableFor(rule, interp, restrict);
    if (this.complete.has(t)) return t;
    const refs = this.referencesOf(rule, interp);
    // Rules this reading refers to and that do not refer back: their whole tables first (by columns), so that the
    // references read them instead of filling cells one model at a time.
    for (const r of refs.rules) {
      const other = this.rules.get(r.rule);
      if (!other || this.reaches(r.rule, rule.id)) continue;
      const which = this.resolveInterp(other, r.interpretation ?? interp);
      for (const x of which === null ? readings(other) : [which]) this.table(other, x, r.sameRestriction && restrict);
    }
    // Whole columns when every verdict referred to is already in a complete table (references are lookups); a
    // reading that refers to itself, directly or through a rule still being filled, goes bases first.
    const lookups = refs.rules.every((r) => {
      const other = this.rules.get(r.rule);
      if (!other || other === rule) return false;
      const which = this.resolveInterp(other, r.interpretation ?? interp);
      return (which === null ? readings(other) : [which]).every((x) =>
        this.complete.has(this.tableFor(other, x, r.sameRestriction && restrict)),
      );
    });
    this.partial.delete(t);
    if (lookups) this.columns.fillColumns(t, rule, interp, restrict, null);
    else this.columns.fillResidual(t, rule, interp, restrict, null);
    this.complete.add(t);
    return t;
  }

  /**
   * The own-only table of a reading where a summary reads it: only the models the full table captures (the own-only
   * verdict of the others decides no wrongful capture), `captured[0..m)` in ascending order. References are read as
   * they stand (pending ones cell by cell); a later reader of a cell left pending completes the table (`cellIn`).
   */
  private ownWhereCaptured(rule: Rule, interp: string | undefined, captured: Int32Array, m: number): Int8Array {
    const own = this.tableFor(rule, interp, true);
    if (this.complete.has(own) || m === 0) return own;
    const lookups = this.referencesOf(rule, interp).rules.every((r) => {
      const other = this.rules.get(r.rule);
      if (!other || other === rule) return false;
      const which = this.resolveInterp(other, r.interpretation ?? interp);
      return (which === null ? readings(other) : [which]).every((x) =>
        this.complete.has(this.tableFor(other, x, r.sameRestriction)),
      );
    });
    this.partial.delete(own);
    if (lookups) this.columns.fillColumns(own, rule, interp, true, captured, m);
    else {
      // Bases first over the whole order: one mask for every summary row (summaryRow is not re-entered), cleared
      // after use, so no allocation per reading.
      const mask = (this.ownMask ??= new Uint8Array(own.length));
      for (let q = 0; q < m; q++) mask[captured[q]] = 1;
      try {
        this.columns.fillResidual(own, rule, interp, true, mask);
      } finally {
        for (let q = 0; q < m; q++) mask[captured[q]] = 0;
      }
    }
    this.partial.add(own);
    return own;
  }

  /** The models a summary row's full table captures (reused by every row). */
  private capturedList: Int32Array | undefined;

  private ownMask: Uint8Array | undefined;

  /** Tables with some cells filled by `ownWhereCaptured`: the first pending cell read completes them. */
  private readonly partial = new Set<Int8Array>();

  /** Tables with every cell filled. */
  private readonly complete = new Set<Int8Array>();

  private readonly refMemo = new Map<string, References>();
  /** The rules a reading refers to (modelFinding, baseFinding). */
  private referencesOf(rule: Rule, interp: string | undefined): References {
    const key = `${rule.id}|${interp ?? ''}`;
    let r = this.refMemo.get(key);
    if (r) return r;
    const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
    const found: References = { rules: [] };
    const visit = (c: Condition) => {
      if (c.modelFinding)
        found.rules.push({
          rule: c.modelFinding.rule,
          interpretation: c.modelFinding.interpretation,
          sameRestriction: true,
        });
      if (c.baseFinding)
        found.rules.push({
          rule: c.baseFinding.rule,
          interpretation: c.baseFinding.interpretation,
          sameRestriction: false,
        });
    };
    forEachCondition(rule.applicability, visit);
    forEachCondition(reading?.condition ?? rule.condition, visit);
    this.refMemo.set(key, (r = found));
    return r;
  }

  private readonly reachMemo = new Map<string, boolean>();
  /** Whether rule `from` refers to rule `to` (any reading, through any chain of references among known rules). */
  private reaches(from: string, to: string): boolean {
    const key = `${from}|${to}`;
    let v = this.reachMemo.get(key);
    if (v !== undefined) return v;
    v = false;
    const seen = new Set<string>([from]);
    const queue = [from];
    while (queue.length > 0 && !v) {
      const rule = this.rules.get(queue.pop()!);
      if (!rule) continue;
      for (const x of readings(rule))
        for (const r of this.referencesOf(rule, x).rules) {
          if (r.rule === to) v = true;
          else if (!seen.has(r.rule)) {
            seen.add(r.rule);
            queue.push(r.rule);
          }
        }
    }
    this.reachMemo.set(key, v);
    return v;
  }

  /** Models in topological order (bases before derived models). */
  topo(): Int32Array {
    return this.store.topo();
  }

  /** Evaluates one rule (under one reading) for one subject. */
  judge(rule: Rule, interp: string | undefined, subject: Subject, restrict: boolean, trace: Trace | null): number {
    const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
    const frame: Frame = {
      store: this.store,
      ref: this.ref,
      asOf: this.asOf,
      measures: this.measuresOf(rule, interp),
      interpretation: interp,
      subject,
      restrict,
      verdictOf: this.verdictOf,
      verdictFn: this.verdictFn,
      trace,
    };
    // A designation by an authority (e.g. EU Art. 51(1)(b)) captures whatever the compute: the tests still run
    // when a trace is kept, so that the finding shows the numbers, but they do not decide.
    if (subject.kind === 'model' && designatedUnder(this.ix.models[subject.i], rule.id)) {
      if (trace) {
        const app = rule.applicability ? evalCondition(rule.applicability, frame) : TRUE;
        if (app !== FALSE) evalCondition(reading?.condition ?? rule.condition, frame);
      }
      return V_CAPTURED;
    }
    const app = rule.applicability ? evalCondition(rule.applicability, frame) : TRUE;
    if (app === FALSE) return V_NOT_APPLICABLE;
    const c = evalCondition(reading?.condition ?? rule.condition, frame);
    if (app === UNKNOWN) return c === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
    return c === TRUE ? V_CAPTURED : c === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
  }

  /** Organizations as subjects, each with the models it developed, in id order (one list, not to be changed). */
  organizations(): readonly { readonly id: string; readonly models: readonly number[] }[] {
    return (this.orgList ??= this.listOrganizations());
  }

  private orgList: { id: string; models: readonly number[] }[] | undefined;
  private listOrganizations(): { id: string; models: readonly number[] }[] {
    const oi = orgIndex(this.store);
    return oi.ids.map((id, k) => ({ id, models: Array.from(oi.models.subarray(oi.start[k], oi.start[k + 1])) }));
  }

  /** A full finding with measures, own-only counterfactual and explanation. */
  finding(rule: Rule, interp: string | undefined, subject: Subject): Finding {
    return explainFinding(this, rule, interp, subject);
  }

  /** Verdict counts per rule and reading, from the cached tables (no explanations built). */
  summaryRow(rule: Rule, interp: string | undefined, models?: ReadonlySet<number>): SummaryRow {
    const counts: Record<Verdict, number> = { captured: 0, 'not-captured': 0, uncertain: 0, 'not-applicable': 0 };
    let wrongful = 0;
    if (rule.subject === 'model') {
      const t = this.table(rule, interp, false);
      const byCode = [0, 0, 0, 0];
      if (this.tableFor(rule, interp, true) === t) {
        // The own-only verdict is the full one: no wrongful capture.
        if (models) {
          for (let i = 0; i < t.length; i++) if (models.has(i)) byCode[t[i]]++;
        } else for (let i = 0; i < t.length; i++) byCode[t[i]]++;
      } else {
        // One pass counts and lists the captured models, the only ones whose own-only verdict is read.
        const captured = (this.capturedList ??= new Int32Array(t.length));
        let m = 0;
        for (let i = 0; i < t.length; i++) {
          if (models !== undefined && !models.has(i)) continue;
          const v = t[i];
          byCode[v]++;
          if (v === V_CAPTURED) captured[m++] = i;
        }
        const own = this.ownWhereCaptured(rule, interp, captured, m);
        for (let q = 0; q < m; q++) if (own[captured[q]] === V_NOT_CAPTURED) wrongful++;
      }
      for (let v = 0; v < 4; v++) counts[VERDICT_NAMES[v]] = byCode[v];
    } else {
      for (const o of (this.orgList ??= this.listOrganizations())) {
        if (models && !o.models.some((i) => models.has(i))) continue;
        const s: Subject = { kind: 'organization', id: o.id, models: o.models };
        const c = this.judge(rule, interp, s, false, null);
        counts[VERDICT_NAMES[c]]++;
        if (c === V_CAPTURED && this.judge(rule, interp, s, true, null) === V_NOT_CAPTURED) wrongful++;
      }
    }
    const f = ruleInForce(rule, this.asOf);
    return {
      rule: rule.id,
      ...(interp !== undefined ? { interpretation: interp } : {}),
      subject: rule.subject,
      inForce: f.inForce,
      status: rule.status,
      counts,
      wrongfulCaptures: wrongful,
    };
  }
}

interface References {
  rules: { rule: string; interpretation: string | undefined; sameRestriction: boolean }[];
}

/** Readings of a rule: its interpretation ids, or a single undefined. */
export function readings(rule: Rule): (string | undefined)[] {
  return rule.interpretations && rule.interpretations.length > 0 ? rule.interpretations.map((i) => i.id) : [undefined];
}

/**
 * An evaluation set up and not yet run: the lineage indexed (the Evaluator), the rules to report and the subjects
 * asked for. The steps below (`prepareEvaluation`, `warmMeasures`, `eachFinding`, `summaryRows`) are what
 * `evaluate` and `summarize` run; adapters call them one by one to time each phase or to stream findings.
 */
export interface PreparedEvaluation {
  asOf: string;
  ev: Evaluator;
  /** Price sensitivity of findings with a dollar test (null: not asked for). */
  prices: PriceContext | null;
  selected: Rule[];
  /** Ids of the models asked for (null: all). */
  wanted: ReadonlySet<string> | null;
  /** With excludeUnreleased: the models left out. */
  excluded?: string[];
}

/** Indexes the lineage and chooses the rules to report (no measure is computed yet). */
export function prepareEvaluation(
  input: LineageDocument,
  rules: readonly Rule[],
  opts: EvaluateOptions,
): PreparedEvaluation {
  const view = opts.excludeUnreleased ? releasedBy(input, opts.asOf) : undefined;
  const doc = view ? view.doc : input;
  const baseRef = opts.reference ?? EMPTY_REFERENCE;
  const ref = withPriceScale(baseRef, opts.priceScale);
  const ids = view ? undefined : opts.ids;
  const ev = new Evaluator(doc, rules, opts.asOf, ref, ids && new MeasureStore(indexLineage(doc, ids), ref));
  // Each finding of a rule with a dollar test says at which GPU price scale its verdict would change (price.ts).
  const prices =
    opts.priceSensitivity === false
      ? null
      : priceContext(
          rules,
          opts.priceScale ?? UNIT_SCALE,
          baseRef,
          (d, ref) => new Evaluator(d, rules, opts.asOf, ref),
        );
  return {
    asOf: opts.asOf,
    ev,
    prices,
    selected: selectRules(rules, opts.select),
    wanted: opts.models ? new Set(opts.models) : null,
    ...(view ? { excluded: view.excluded } : {}),
  };
}

/** One explained finding, with its price sensitivity where the rule has a dollar test. */
function findingOf(p: PreparedEvaluation, rule: Rule, interp: string | undefined, subject: Subject): Finding {
  const f = p.ev.finding(rule, interp, subject);
  const ps =
    p.prices &&
    priceSensitivity(p.prices, p.ev, rule, interp, subject, {
      full: f.verdict,
      own: f.ownOnly.verdict,
      measures: f.measures,
      ownMeasures: f.ownOnly.measures,
    });
  if (!ps) return f;
  // The finding is new and not yet handed out: completed in place (same members, same order as a copy).
  f.explanation = withPriceMessages(f.explanation, ps);
  f.priceSensitivity = ps;
  return f;
}

/**
 * Computes the measure tables the selected rules read: the float tables (verdict-only decisions) or the exact
 * ones (explained findings). Optional: the tables are built on first use anyway; this only moves the work into a
 * phase of its own, so that it can be timed.
 */
export function warmMeasures(p: PreparedEvaluation, kind: 'fast' | 'exact'): void {
  const store = p.ev.store;
  if (kind === 'fast') {
    // The lineage structures verdict-only conditions read (bases through relations, originals of other developers).
    store.topo();
    const visit = (c: Condition) => {
      const b = c.hasBase ?? c.baseFinding;
      if (!b) return;
      if (b.otherDeveloper) store.originalsTable(b.relations);
      else store.parentsThrough(b.relations);
    };
    for (const rule of p.selected) {
      forEachCondition(rule.applicability, visit);
      forEachCondition(rule.condition, visit);
      for (const x of rule.interpretations ?? []) forEachCondition(x.condition, visit);
    }
  }
  for (const rule of p.selected) {
    const sets = [rule.measures ?? {}, ...(rule.interpretations ?? []).map((x) => x.measures ?? {})];
    for (const set of sets)
      for (const spec of Object.values(set)) {
        if (kind === 'exact') store.table(spec);
        else if (spec.scope === 'own') store.fastOwn(spec);
        else store.fast(spec);
      }
  }
}

/** Up to this many models, cells that findings read are decided by the interpreter (`cellsByInterpreter`). */
const SMALL_LINEAGE = 64;

/** Full findings, one at a time, in the order of `evaluate` (models in input order, then organizations by id). */
export function eachFinding(p: PreparedEvaluation, emit: (f: Finding) => void): void {
  const { ev, selected, wanted } = p;
  const models = ev.ix.models;
  ev.cellsByInterpreter ??= models.length <= SMALL_LINEAGE;
  for (let i = 0; i < models.length; i++) {
    if (wanted && !wanted.has(models[i].id)) continue;
    for (const rule of selected) {
      if (rule.subject !== 'model') continue;
      for (const interp of readings(rule)) emit(findingOf(p, rule, interp, { kind: 'model', i }));
    }
    // This model's findings are out: its explanation data is not read again (memory stays flat over a corpus).
    ev.store.forgetModelMemos();
  }
  const wantedOrgs = wanted ? new Set(models.filter((m) => wanted.has(m.id)).map((m) => m.developer)) : null;
  for (const o of ev.organizations()) {
    if (wantedOrgs && !wantedOrgs.has(o.id)) continue;
    for (const rule of selected) {
      if (rule.subject !== 'organization') continue;
      for (const interp of readings(rule))
        emit(findingOf(p, rule, interp, { kind: 'organization', id: o.id, models: o.models }));
    }
  }
}

/** Verdict counts per selected rule and reading (what `summarize` returns). */
export function summaryRows(p: PreparedEvaluation): SummaryRow[] {
  const { ev, wanted } = p;
  const idx = wanted
    ? new Set(ev.ix.models.map((m, i) => (wanted.has(m.id) ? i : -1)).filter((i) => i >= 0))
    : undefined;
  const rows: SummaryRow[] = [];
  for (const rule of p.selected) {
    for (const interp of readings(rule)) rows.push(ev.summaryRow(rule, interp, idx));
  }
  return rows;
}

/** Evaluates the selected rules and returns full findings in a deterministic order. */
export function evaluate(input: LineageDocument, rules: readonly Rule[], opts: EvaluateOptions): Evaluation {
  const p = prepareEvaluation(input, rules, opts);
  const findings: Finding[] = [];
  eachFinding(p, (f) => findings.push(f));
  return { asOf: opts.asOf, findings, ...(p.excluded ? { excluded: p.excluded } : {}) };
}

/** Verdict counts per selected rule and reading: what corpora of many models use. */
export function summarize(input: LineageDocument, rules: readonly Rule[], opts: EvaluateOptions): SummaryRow[] {
  return summaryRows(prepareEvaluation(input, rules, { ...opts, priceSensitivity: false }));
}

function selectRules(rules: readonly Rule[], select: readonly string[] | undefined): Rule[] {
  const sel = select ? new Set(select) : null;
  return rules.filter((r) => !sel || sel.has(r.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
