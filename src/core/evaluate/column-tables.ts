// Verdict tables filled by columns (what summaries read): a reading's applicability and condition run over whole
// selections of models (operators' `columns`), or, for readings that refer to verdicts still pending, their local
// subtrees as columns and the rest per model, bases first (residual.ts). The Evaluator (engine.ts) decides which
// tables to fill and in which order; this module fills them.
import type { LineageIndex } from '../graph/lineage';
import type { MeasureStore } from '../measure/store';
import type { Rule } from '../types';
import { Scratch, type ColumnStats } from './columns';
import type { ColumnEnv, ColumnTest, CompileEnv } from './compile';
import { designatedUnder } from './designation';
import { compileColumns } from './operators/registry';
import { compileResidual, OPEN, type LocalColumn, type Residual as ResidualTest } from './residual';
import { FALSE, TRUE, UNKNOWN, V_CAPTURED, V_NOT_APPLICABLE, V_NOT_CAPTURED, V_UNCERTAIN } from './tri';

/** A verdict table cell not computed yet. */
export const PENDING = -1;
/** A cell being computed (a reading that refers to itself for the same model reaches it again). */
export const IN_PROGRESS = -2;

/** Verdict code by the condition's tri when the reading applies (TRUE, FALSE, UNKNOWN → captured, not, uncertain). */
const BY_CONDITION = Int8Array.of(V_NOT_CAPTURED, V_CAPTURED, V_UNCERTAIN);
/** … and when its applicability is unknown: only a condition that fails decides (not captured). */
const IF_APPLICABLE_UNKNOWN = Int8Array.of(V_NOT_CAPTURED, V_UNCERTAIN, V_UNCERTAIN);

/** What the column tables need from the Evaluator. */
export interface TableHost {
  readonly ix: LineageIndex;
  readonly store: MeasureStore;
  /** What a reading's conditions compile against: the tables, the date and the verdicts of other rules. */
  compileEnv(rule: Rule, interp: string | undefined, restrict: boolean): CompileEnv;
  /** Models in topological order (bases before derived models). */
  topo(): Int32Array;
}

/** Position of a reading and restriction in a rule's per-reading lists. */
export function readingSlot(rule: Rule, interp: string | undefined, restrict: boolean): number {
  return (
    (interp === undefined ? 0 : 1 + rule.interpretations!.findIndex((x) => x.id === interp)) * 2 + (restrict ? 1 : 0)
  );
}

interface Residual {
  locals: LocalColumn[];
  app: ResidualTest | null;
  cond: ResidualTest;
}

/** Fills verdict tables by columns for one Evaluator; compiled column tests are kept per reading and restriction. */
export class ColumnTables {
  /** What the column path did (exact fallbacks of comparisons the floats could not decide). */
  readonly stats: ColumnStats = { exactFallbacks: 0 };
  private scratch: Scratch | undefined;
  private designatedAny: Uint8Array | undefined;
  private readonly columnTests = new Map<Rule, { app: ColumnTest | null; cond: ColumnTest }[]>();
  private readonly residuals = new Map<Rule, Residual[]>();

  constructor(private readonly host: TableHost) {}

  private scratchBuffers(): Scratch {
    return (this.scratch ??= new Scratch(this.host.ix.models.length));
  }

  private columnEnv(rule: Rule, interp: string | undefined, restrict: boolean): ColumnEnv {
    return {
      ...this.host.compileEnv(rule, interp, restrict),
      scratch: this.scratchBuffers(),
      stats: this.stats,
    };
  }

  /** A reading's applicability and condition compiled to column tests, once. */
  private columnsFor(rule: Rule, interp: string | undefined, restrict: boolean) {
    let list = this.columnTests.get(rule);
    if (!list) this.columnTests.set(rule, (list = []));
    const k = readingSlot(rule, interp, restrict);
    let c = list[k];
    if (!c) {
      const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
      const env = this.columnEnv(rule, interp, restrict);
      list[k] = c = {
        app: rule.applicability ? compileColumns(rule.applicability, env) : null,
        cond: compileColumns(reading?.condition ?? rule.condition, env),
      };
    }
    return c;
  }

  /**
   * Fills the pending cells of `t` by columns (of the models `among[0..count)` lists, in ascending order, if given;
   * else of every model), models in input order (no verdict it reads is pending, so order does not matter, and the
   * measure columns are read front to back).
   */
  fillColumns(
    t: Int8Array,
    rule: Rule,
    interp: string | undefined,
    restrict: boolean,
    among: Int32Array | null = null,
    count = 0,
  ): void {
    const scratch = this.scratchBuffers();
    const designated = this.anyDesignated() ? this.designatedColumn() : null;
    const models = this.host.ix.models;
    const mark = scratch.mark();
    try {
      const sel = scratch.sel();
      let n = 0;
      const end = among === null ? t.length : count;
      for (let q = 0; q < end; q++) {
        const i = among === null ? q : among[q];
        if (t[i] >= 0) continue;
        if (designated !== null && designated[i] === 1 && designatedUnder(models[i], rule.id)) t[i] = V_CAPTURED;
        else sel[n++] = i;
      }
      if (n > 0) this.decide(t, this.columnsFor(rule, interp, restrict), sel, n, scratch);
    } finally {
      scratch.reset(mark);
    }
  }

  private designations: boolean | undefined;
  /** Whether any model of the lineage has a designation (most corpora have none: no lookups per model then). */
  private anyDesignated(): boolean {
    return (this.designations ??= this.designatedColumn().includes(1));
  }

  /** Applicability over `sel[0..n)`, the condition over those it does not rule out, and the verdict codes into `t`. */
  private decide(
    t: Int8Array,
    c: { app: ColumnTest | null; cond: ColumnTest },
    sel: Int32Array,
    n: number,
    scratch: Scratch,
  ): void {
    const cond = scratch.tri();
    if (c.app === null) {
      // No applicability: the condition alone, over every model selected.
      c.cond(sel, n, cond);
      for (let q = 0; q < n; q++) {
        const i = sel[q];
        t[i] = BY_CONDITION[cond[i]];
      }
      scratch.freeTri();
      return;
    }
    const app = scratch.tri();
    c.app(sel, n, app);
    let m = 0;
    for (let q = 0; q < n; q++) {
      const i = sel[q];
      if (app[i] === FALSE) t[i] = V_NOT_APPLICABLE;
      else sel[m++] = i;
    }
    if (m > 0) {
      c.cond(sel, m, cond);
      for (let q = 0; q < m; q++) {
        const i = sel[q];
        t[i] = (app[i] === UNKNOWN ? IF_APPLICABLE_UNKNOWN : BY_CONDITION)[cond[i]];
      }
    }
    scratch.freeTri();
    scratch.freeTri();
  }

  /** 1 for the models with any designation (a rule's designations are then looked up by name). */
  private designatedColumn(): Uint8Array {
    return (this.designatedAny ??= this.host.ix.models.reduce((col, m, i) => {
      if (m.designations !== undefined && m.designations.length > 0) col[i] = 1;
      return col;
    }, new Uint8Array(this.host.ix.models.length)));
  }

  /**
   * A reading that refers to verdicts still pending (a rule that refers to itself for base models, or a rule in a
   * cycle with it), per model: its local subtrees over all pending models (that `mask` marks, if given) as columns,
   * then the rest per model in topological order (bases first), as the Evaluator's `cellIn` does it (a rule that
   * refers to itself for the same model is an error there too).
   */
  fillResidual(t: Int8Array, rule: Rule, interp: string | undefined, restrict: boolean, mask: Uint8Array | null): void {
    let list = this.residuals.get(rule);
    if (!list) this.residuals.set(rule, (list = []));
    const k = readingSlot(rule, interp, restrict);
    let r = list[k];
    if (!r) {
      const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
      const env = this.columnEnv(rule, interp, restrict);
      const locals: LocalColumn[] = [];
      const app = rule.applicability ? compileResidual(rule.applicability, env, locals) : null;
      const cond = compileResidual(reading?.condition ?? rule.condition, env, locals);
      list[k] = r = { locals, app, cond };
    }
    const order = this.host.topo();
    const designated = this.designatedColumn();
    const models = this.host.ix.models;
    const scratch = this.scratchBuffers();
    const mark = scratch.mark();
    try {
      // The local subtrees read no verdict, so they run over the models in input order: the measure columns are
      // then read front to back (in topological order, at a million models, nearly every read missed the caches).
      const sel = scratch.sel();
      let n = 0;
      for (let i = 0; i < t.length; i++) {
        if (
          t[i] < 0 &&
          (mask === null || mask[i] === 1) &&
          !(designated[i] === 1 && designatedUnder(models[i], rule.id))
        )
          sel[n++] = i;
      }
      for (const l of r.locals) l.test(sel, n, l.col);
      // The models the local columns decide alone (no verdict read), in input order too: a verdict does not depend
      // on the order it is found in, and bases first is only needed where a reference is read.
      const aq = r.app?.quick;
      const cq = r.cond.quick;
      for (let q = 0; q < n; q++) {
        const i = sel[q];
        const a = aq ? aq(i) : TRUE;
        if (a === FALSE) {
          t[i] = V_NOT_APPLICABLE;
          continue;
        }
        if (a === OPEN) continue;
        const v = cq(i);
        if (v === OPEN) continue;
        if (a === UNKNOWN) t[i] = v === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
        else t[i] = v === TRUE ? V_CAPTURED : v === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
      }
    } finally {
      scratch.reset(mark);
    }
    const app = r.app?.test ?? null;
    const cond = r.cond.test;
    for (let q = 0; q < order.length; q++) {
      const i = order[q];
      if (t[i] >= 0 || (mask !== null && mask[i] === 0)) continue;
      if (designated[i] === 1 && designatedUnder(models[i], rule.id)) {
        t[i] = V_CAPTURED;
        continue;
      }
      t[i] = IN_PROGRESS;
      const a = app ? app(i) : TRUE;
      let code: number;
      if (a === FALSE) code = V_NOT_APPLICABLE;
      else {
        const v = cond(i);
        if (a === UNKNOWN) code = v === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
        else code = v === TRUE ? V_CAPTURED : v === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
      }
      t[i] = code;
    }
  }
}
