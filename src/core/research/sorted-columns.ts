// The symbolic verdict table of a sorted sweep (sorted-plan.ts) filled by columns, as the engine fills a summary's
// tables (column-tables.ts): the sub-conditions without a swept test run over whole selections of models by the
// operators' `columns`, and all/any/not above the swept tests combine the packed values of every state at once with
// bitwise operations (two bits per state: FALSE 0, TRUE 1, UNKNOWN 2), so the table costs about one evaluation of the
// reading instead of one closure chain per model.
import type { ColumnEnv } from '../evaluate/compile';
import { Scratch } from '../evaluate/columns';
import { designatedUnder } from '../evaluate/designation';
import type { Evaluator } from '../evaluate/engine';
import { compileColumns, forEachCondition } from '../evaluate/operators/registry';
import { FALSE, TRUE, UNKNOWN, V_CAPTURED, V_NOT_APPLICABLE, V_NOT_CAPTURED, V_UNCERTAIN } from '../evaluate/tri';
import type { Condition, Rule } from '../types';
import { referencedRules, statesOf, type SortedReading } from './sorted-plan';

/** Packed values of a condition over a selection: writes `out[i]` for each `i` of `sel[0..n)`. */
type PackedColumn = (sel: Int32Array, n: number, out: Int32Array) => void;

/** Buffers of the model count for packed values, taken and given back in stack order. */
class PackedScratch {
  private readonly bufs: Int32Array[] = [];
  private used = 0;
  constructor(private readonly size: number) {}
  take(): Int32Array {
    return (this.bufs[this.used++] ??= new Int32Array(this.size));
  }
  free(): void {
    this.used--;
  }
}

/** Scratch buffers for the column tables of one sweep (shared by its readings and restrictions). */
export interface SweepScratch {
  scratch: Scratch;
  packed: PackedScratch;
}

export function sweepScratch(n: number): SweepScratch {
  return { scratch: new Scratch(n), packed: new PackedScratch(n) };
}

interface Ctx {
  env: ColumnEnv;
  packed: PackedScratch;
  targets: ReadonlyMap<Condition, number>;
  states: number;
  /** TRUE's low bit in every state. */
  lo: number;
}

function holds(c: Condition, targets: ReadonlyMap<Condition, unknown>): boolean {
  let found = false;
  forEachCondition(c, (x) => {
    if (targets.has(x)) found = true;
  });
  return found;
}

// Three-valued and/or/not of every state at once: with t the TRUE bits and u the UNKNOWN bits (FALSE: neither),
// and is TRUE where both are TRUE and UNKNOWN where one is UNKNOWN and neither FALSE; or is TRUE where one is TRUE
// and UNKNOWN where one is UNKNOWN and none TRUE; not swaps TRUE and FALSE.
function and3(a: number, b: number, lo: number): number {
  const at = a & lo;
  const au = (a >> 1) & lo;
  const bt = b & lo;
  const bu = (b >> 1) & lo;
  return (at & bt) | (((au | bu) & (at | au) & (bt | bu)) << 1);
}

function or3(a: number, b: number, lo: number): number {
  const t = (a | b) & lo;
  const u = ((a >> 1) | (b >> 1)) & lo & ~t;
  return t | (u << 1);
}

function not3(a: number, lo: number): number {
  const at = a & lo;
  const au = (a >> 1) & lo;
  return (lo & ~(at | au)) | (au << 1);
}

function compile(c: Condition, x: Ctx): PackedColumn {
  const slot = x.targets.get(c);
  if (slot !== undefined) {
    // The swept test: met in the states where its slot's outcome is 0, unknown for 1, not met for 2.
    const R = [TRUE, UNKNOWN, FALSE];
    let v = 0;
    for (let j = 0; j < x.states; j++) v |= R[Math.floor(j / 3 ** slot) % 3] << (2 * j);
    return (sel, n, out) => {
      for (let q = 0; q < n; q++) out[sel[q]] = v;
    };
  }
  if (!holds(c, x.targets)) {
    const t = compileColumns(c, x.env);
    const same = [FALSE, TRUE, UNKNOWN].map((v) => v * x.lo);
    const scratch = x.env.scratch;
    return (sel, n, out) => {
      const tri = scratch.tri();
      try {
        t(sel, n, tri);
        for (let q = 0; q < n; q++) {
          const i = sel[q];
          out[i] = same[tri[i]];
        }
      } finally {
        scratch.freeTri();
      }
    };
  }
  const lo = x.lo;
  const list = c.all ?? c.any;
  if (list) {
    const kids = list.map((k) => compile(k, x));
    if (kids.length === 1) return kids[0];
    const isAll = c.all !== undefined;
    const stop = (isAll ? FALSE : TRUE) * lo;
    const { scratch } = x.env;
    const packed = x.packed;
    // As the compiled all/any: a model leaves once every state is decided by the decisive value.
    return (sel, n, out) => {
      kids[0](sel, n, out);
      const rest = scratch.sel();
      const w = packed.take();
      try {
        let m = 0;
        for (let q = 0; q < n; q++) if (out[sel[q]] !== stop) rest[m++] = sel[q];
        for (let k = 1; k < kids.length && m > 0; k++) {
          kids[k](rest, m, w);
          let kept = 0;
          for (let q = 0; q < m; q++) {
            const i = rest[q];
            const v = isAll ? and3(out[i], w[i], lo) : or3(out[i], w[i], lo);
            out[i] = v;
            if (v !== stop) rest[kept++] = i;
          }
          m = kept;
        }
      } finally {
        packed.free();
        scratch.freeSel();
      }
    };
  }
  const kid = compile(c.not!, x);
  return (sel, n, out) => {
    kid(sel, n, out);
    for (let q = 0; q < n; q++) {
      const i = sel[q];
      out[i] = not3(out[i], lo);
    }
  };
}

/** Verdict code by the condition's tri when the reading applies, and when its applicability is unknown. */
const BY_CONDITION = [V_NOT_CAPTURED, V_CAPTURED, V_UNCERTAIN];
const IF_APPLICABLE_UNKNOWN = [V_NOT_CAPTURED, V_UNCERTAIN, V_UNCERTAIN];

/**
 * Per model, the verdict code in each state of the swept tests (`statesOf(plan)` codes per model; the engine's
 * judgeModel verdict in each), of the models `among` marks (every model if null; the others' codes are left 0).
 */
export function columnVerdictTable(
  ev: Evaluator,
  rule: Rule,
  plan: SortedReading,
  restrict: boolean,
  among: Uint8Array | null,
  buffers: SweepScratch,
): Int8Array {
  const S = statesOf(plan);
  const models = ev.ix.models;
  const n = models.length;
  let lo = 0;
  for (let j = 0; j < S; j++) lo |= 1 << (2 * j);
  const env: ColumnEnv = {
    ...ev.compileEnv(rule, plan.interpretation, restrict),
    scratch: buffers.scratch,
    stats: { exactFallbacks: 0 },
  };
  const x: Ctx = { env, packed: buffers.packed, targets: plan.targets, states: S, lo };
  const app = plan.app ? compile(plan.app, x) : null;
  const cond = compile(plan.cond, x);
  const out = new Int8Array(n * S);
  const { scratch, packed } = buffers;
  const sel = scratch.sel();
  const a = packed.take();
  const c = packed.take();
  try {
    // Models in input order (the measure columns read front to back), or parents first where the reading refers to
    // other rules (their verdicts are then computed for the ancestors first, as the engine's residual path does).
    const order = referencedRules(rule).length > 0 ? ev.topo() : null;
    let m = 0;
    for (let q = 0; q < n; q++) {
      const i = order === null ? q : order[q];
      if (among !== null && among[i] === 0) continue;
      if (models[i].designations !== undefined && designatedUnder(models[i], rule.id))
        out.fill(V_CAPTURED, S * i, S * i + S);
      else sel[m++] = i;
    }
    const allTrue = TRUE * lo;
    const allFalse = FALSE * lo;
    if (app) app(sel, m, a);
    else for (let q = 0; q < m; q++) a[sel[q]] = allTrue;
    let k = 0;
    for (let q = 0; q < m; q++) {
      const i = sel[q];
      if (a[i] === allFalse) out.fill(V_NOT_APPLICABLE, S * i, S * i + S);
      else sel[k++] = i;
    }
    cond(sel, k, c);
    for (let q = 0; q < k; q++) {
      const i = sel[q];
      const ai = a[i];
      const ci = c[i];
      for (let j = 0; j < S; j++) {
        const av = (ai >> (2 * j)) & 3;
        const cv = (ci >> (2 * j)) & 3;
        out[S * i + j] =
          av === FALSE ? V_NOT_APPLICABLE : av === UNKNOWN ? IF_APPLICABLE_UNKNOWN[cv] : BY_CONDITION[cv];
      }
    }
  } finally {
    packed.free();
    packed.free();
    scratch.freeSel();
  }
  return out;
}
