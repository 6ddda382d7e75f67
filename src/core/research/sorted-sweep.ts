// Sort-once threshold sweeps. When a reading's verdict depends on the swept value only through one measure compared
// with it (the swept compare tests sit under all/any/not, and nothing else reads the swept rule), each model's
// verdict is one of three codes, for the comparison met, unknown or not met; the rest of the rule is evaluated
// once. The comparison turns from met to unknown where the value passes the model's low amount, and to not met where
// it passes the high one: those breakpoints are sorted once and the values, ascending, walk them, so each model is
// looked at once per breakpoint, not once per value. A breakpoint that floats cannot place against a value is
// decided with the exact amounts. Readings that do not qualify are left to the per-value evaluation (sweep.ts).
import { decErr, decFloat, provenSign } from '../exact/bound';
import { cmp, Dec, parseDec } from '../exact/decimal';
import type { Evaluator } from '../evaluate/engine';
import type { CompileEnv } from '../evaluate/compile';
import { designatedUnder } from '../evaluate/designation';
import { compileCondition, forEachCondition } from '../evaluate/operators/registry';
import {
  FALSE,
  TRUE,
  UNKNOWN,
  V_CAPTURED,
  V_NOT_APPLICABLE,
  V_NOT_CAPTURED,
  V_UNCERTAIN,
  VERDICT_NAMES,
} from '../evaluate/tri';
import { floatView } from '../measure/store';
import type { Condition, MeasureSpec, Rule, Verdict } from '../types';
import type { ThresholdSite } from './targets';
import type { VerdictChange } from './verdicts';

/** A reading of a rule that qualifies for the sorted path. */
export interface SortedReading {
  interpretation: string | undefined;
  app: Condition | undefined;
  cond: Condition;
  /** The swept compare tests evaluated under this reading, each with its slot (empty: no test depends on the value). */
  targets: ReadonlyMap<Condition, number>;
  /** Distinct (measure, comparator) pairs of the swept tests, at most MAX_SLOTS. */
  slots: { spec: MeasureSpec; op: '>' | '>=' }[];
  measures: Readonly<Record<string, MeasureSpec>>;
}

/** Swept tests on more distinct (measure, comparator) pairs than this are evaluated per value. */
export const MAX_SLOTS = 2;

/** One point of a sorted sweep for one reading (the fields of SweepReadingRow but the interpretation). */
export interface SortedRow {
  counts: Record<Verdict, number>;
  wrongfulCaptures: number;
  changed: number;
  changes: VerdictChange[];
}

function nodeAt(rule: Rule, pointer: string): unknown {
  let node: unknown = rule;
  for (const s of pointer.slice(1).split('/'))
    node = (node as Record<string, unknown>)[s.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

/** Ids of the rules `rule` refers to (baseFinding, modelFinding, developedModels), in any reading. */
function referencedRules(rule: Rule): string[] {
  const out: string[] = [];
  const visit = (c: Condition) => {
    for (const k of ['baseFinding', 'modelFinding', 'developedModels'] as const) {
      const r = (c[k] as { rule?: string } | undefined)?.rule;
      if (r !== undefined) out.push(r);
    }
  };
  forEachCondition(rule.applicability, visit);
  forEachCondition(rule.condition, visit);
  for (const x of rule.interpretations ?? []) forEachCondition(x.condition, visit);
  return out;
}

/** Whether the rule's verdicts can depend on themselves through references (then each value is evaluated). */
function refersBack(ev: Evaluator, rule: Rule): boolean {
  const seen = new Set<string>();
  const todo = referencedRules(rule);
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (id === rule.id) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...referencedRules(ev.rule(id)));
  }
  return false;
}

/**
 * The sorted-path plan of one reading, or null when the reading must be evaluated per value: an organization rule,
 * a swept threshold that is not a plain absolute compare value (a revenue or developedModels test, a fallback, a
 * fraction or inflation-adjusted one), swept tests on different measures or comparators, a swept test under another
 * operator than all/any/not, or a rule that refers to itself through other rules.
 */
export function planReading(
  ev: Evaluator,
  rule: Rule,
  interp: string | undefined,
  sites: readonly ThresholdSite[],
): SortedReading | null {
  if (rule.subject !== 'model') return null;
  if (sites.some((s) => s.kind !== 'compare' || s.note !== undefined)) return null;
  if (refersBack(ev, rule)) return null;
  const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
  const condWithin = reading?.condition ? `interpretations/${interp}` : 'condition';
  const playing = sites.filter((s) => s.within === 'applicability' || s.within === condWithin);
  const measures = reading?.measures ? { ...rule.measures, ...reading.measures } : (rule.measures ?? {});
  const targets = new Map<Condition, number>();
  const keys: string[] = [];
  const slots: SortedReading['slots'] = [];
  for (const s of playing) {
    const key = `${s.measure} ${s.comparator}`;
    let k = keys.indexOf(key);
    if (k < 0) {
      k = keys.push(key) - 1;
      slots.push({ spec: measures[s.measure], op: s.comparator });
    }
    targets.set(nodeAt(rule, s.pointer.replace(/\/compare\/threshold\/value$/, '')) as Condition, k);
  }
  if (slots.length > MAX_SLOTS) return null;
  const plan: SortedReading = {
    interpretation: interp,
    app: rule.applicability,
    cond: reading?.condition ?? rule.condition,
    targets,
    slots,
    measures,
  };
  // Every swept test must be reached through all/any/not only.
  const ok = (c: Condition | undefined): boolean => {
    if (!c || targets.has(c) || !holds(c, targets)) return true;
    if (c.all) return c.all.every(ok);
    if (c.any) return c.any.every(ok);
    if (c.not) return ok(c.not);
    return false;
  };
  return ok(plan.app) && ok(plan.cond) ? plan : null;
}

function holds(c: Condition, targets: ReadonlyMap<Condition, unknown>): boolean {
  let found = false;
  forEachCondition(c, (x) => {
    if (targets.has(x)) found = true;
  });
  return found;
}

// The swept tests' joint outcomes: with S slots, state j = Σ r_k·3^k where r_k is 0 (slot k's comparison met),
// 1 (unknown) or 2 (not met). A condition's value in every state is packed two bits per state (S ≤ 2: 18 bits).
type Packed = (i: number) => number;
const R_TRI = [TRUE, UNKNOWN, FALSE];
const and3 = (a: number, b: number) =>
  a === FALSE || b === FALSE ? FALSE : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : TRUE;
const or3 = (a: number, b: number) =>
  a === TRUE || b === TRUE ? TRUE : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : FALSE;
const not3 = (a: number) => (a === UNKNOWN ? UNKNOWN : a === TRUE ? FALSE : TRUE);

interface PackCtx {
  states: number;
  /** A value that is v in every state. */
  same: (v: number) => number;
}

function packCtx(slots: number): PackCtx {
  const states = 3 ** slots;
  let unit = 0;
  for (let j = 0; j < states; j++) unit |= 1 << (2 * j);
  return { states, same: (v) => v * unit };
}

/** The condition with the swept tests left symbolic; sub-conditions without one are compiled as usual. */
function compilePacked(c: Condition, targets: ReadonlyMap<Condition, number>, env: CompileEnv, p: PackCtx): Packed {
  const slot = targets.get(c);
  if (slot !== undefined) {
    let v = 0;
    for (let j = 0; j < p.states; j++) v |= R_TRI[Math.floor(j / 3 ** slot) % 3] << (2 * j);
    return () => v;
  }
  if (!holds(c, targets)) {
    const t = compileCondition(c, env);
    return (i) => p.same(t(i));
  }
  const list = c.all ?? c.any;
  if (list) {
    const kids = list.map((x) => compilePacked(x, targets, env, p));
    if (kids.length === 1) return kids[0];
    const isAll = c.all !== undefined;
    const stop = p.same(isAll ? FALSE : TRUE);
    const f = isAll ? and3 : or3;
    // Like the compiled all/any: stop once every state is decided by the decisive value.
    return (i) => {
      let v = kids[0](i);
      for (let k = 1; k < kids.length && v !== stop; k++) {
        const w = kids[k](i);
        let out = 0;
        for (let j = 0; j < p.states; j++) out |= f((v >> (2 * j)) & 3, (w >> (2 * j)) & 3) << (2 * j);
        v = out;
      }
      return v;
    };
  }
  const kid = compilePacked(c.not!, targets, env, p);
  return (i) => {
    const v = kid(i);
    let out = 0;
    for (let j = 0; j < p.states; j++) out |= not3((v >> (2 * j)) & 3) << (2 * j);
    return out;
  };
}

/** The engine's verdict (judgeModel) from the applicability's and condition's values. */
function verdictCode(app: number, cond: number): number {
  if (app === FALSE) return V_NOT_APPLICABLE;
  if (app === UNKNOWN) return cond === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
  return cond === TRUE ? V_CAPTURED : cond === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
}

/** Per model, the verdict code in each state of the swept tests (`states` codes per model). */
function verdictTable(ev: Evaluator, rule: Rule, plan: SortedReading, restrict: boolean, p: PackCtx): Int8Array {
  const env: CompileEnv = {
    store: ev.store,
    ref: ev.ref,
    asOf: ev.asOf,
    measures: plan.measures,
    interpretation: plan.interpretation,
    restrict,
    verdictOf: ev.verdictOf,
    verdictFn: ev.verdictFn,
  };
  const allTrue = p.same(TRUE);
  const allFalse = p.same(FALSE);
  const app = plan.app ? compilePacked(plan.app, plan.targets, env, p) : () => allTrue;
  const cond = compilePacked(plan.cond, plan.targets, env, p);
  const models = ev.ix.models;
  const S = p.states;
  const out = new Int8Array(models.length * S);
  const order = ev.topo();
  // Parents first, as the engine fills its tables: references to ancestors are then already computed.
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (designatedUnder(models[i], rule.id)) {
      out.fill(V_CAPTURED, S * i, S * i + S);
      continue;
    }
    const a = app(i);
    const c = a === allFalse ? allFalse : cond(i);
    for (let j = 0; j < S; j++) out[S * i + j] = verdictCode((a >> (2 * j)) & 3, (c >> (2 * j)) & 3);
  }
  return out;
}

/**
 * Counts per value (ascending exact decimals) of one qualifying reading; the same numbers as evaluating each value.
 * `changes`: also list the models whose verdict changes from one value to the next.
 */
export function sortedRows(
  ev: Evaluator,
  rule: Rule,
  plan: SortedReading,
  values: readonly string[],
  changes: boolean,
  onValue?: (k: number) => void,
): SortedRow[] {
  const n = ev.ix.models.length;
  const shared = !ev.ownOnlyMatters(rule, plan.interpretation);
  const tables = shared ? [false] : [false, true];
  const p = packCtx(plan.slots.length);
  const S = p.states;
  const codes = tables.map((restrict) => verdictTable(ev, rule, plan, restrict, p));
  const state = tables.map(() => new Uint8Array(n));

  // Breakpoints of each slot: kind 0 the low amount (met → unknown), 1 the known high (→ not met; none while part
  // is unknown). Passing one adds 3^slot to the model's state.
  const evModel: number[] = [];
  const evKind: number[] = [];
  const evTable: number[] = [];
  const evSlot: number[] = [];
  const evKey: number[] = [];
  const evErr: number[] = [];
  const view = floatView();
  tables.forEach((restrict, tb) => {
    const c = codes[tb];
    const observers = plan.slots.map((sl) => ev.store.viewer(sl.spec, restrict));
    for (let i = 0; i < n; i++) {
      let constant = true;
      for (let j = 1; j < S && constant; j++) constant = c[S * i + j] === c[S * i];
      if (constant) continue;
      observers.forEach((observe, sl) => {
        observe(i, view);
        for (let kind = 0; kind < (view.missing === 0 ? 2 : 1); kind++) {
          evModel.push(i);
          evTable.push(tb);
          evSlot.push(sl);
          evKind.push(kind);
          evKey.push(kind === 0 ? view.lo : view.hi);
          evErr.push(view.err);
        }
      });
    }
  });
  const E = evModel.length;
  // Sorted by a lower bound of the exact amount: a breakpoint not yet reached by that bound is not passed.
  const low = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    const l = evKey[e] - 4 * evErr[e] - Number.MIN_VALUE;
    low[e] = l === l ? l : -Infinity; // NaN (no float bound): always decided exactly
  }
  const order = new Uint32Array(E);
  for (let e = 0; e < E; e++) order[e] = e;
  order.sort((a, b) => low[a] - low[b]);
  const exactKey = new Map<number, Dec>();
  const keyOf = (e: number): Dec => {
    let d = exactKey.get(e);
    if (!d) {
      const a = ev.store.exact(plan.slots[evSlot[e]].spec, evModel[e], tables[evTable[e]]);
      exactKey.set(e, (d = evKind[e] === 0 ? a.lo : a.hiKnown));
    }
    return d;
  };
  const step = plan.slots.map((_, k) => 3 ** k);
  const strict = plan.slots.map((sl) => sl.op === '>');
  // "lo > t" stops being met once t >= lo; "lo >= t" once t > lo (the same for the high amount).
  const passed = (e: number, t: Dec, tv: number, te: number): boolean => {
    const s = provenSign(evKey[e], evErr[e], tv, te);
    if (s !== 0) return s < 0;
    const c = cmp(keyOf(e), t);
    return strict[evSlot[e]] ? c <= 0 : c < 0;
  };

  const ids = ev.ix.models.map((m) => m.id);
  const cur = tables.map(() => new Int8Array(n));
  const stamp = new Int32Array(n).fill(-1);
  const counts = [0, 0, 0, 0];
  let wrongful = 0;
  let pending: number[] = [];
  let next = 0;
  const rows: SortedRow[] = [];
  const ownOf = (i: number) => (shared ? cur[0][i] : cur[1][i]);
  values.forEach((value, k) => {
    const t = parseDec(value)!;
    const tv = decFloat(t);
    const te = decErr(tv);
    const reach = tv + 4 * te;
    while (next < E && low[order[next]] <= reach) pending.push(order[next++]);
    const touched: number[] = [];
    const keep: number[] = [];
    for (const e of pending) {
      if (passed(e, t, tv, te)) {
        const i = evModel[e];
        state[evTable[e]][i] += step[evSlot[e]];
        if (stamp[i] !== k) {
          stamp[i] = k;
          touched.push(i);
        }
      } else keep.push(e);
    }
    pending = keep;
    const list: VerdictChange[] = [];
    if (k === 0) {
      for (let tb = 0; tb < tables.length; tb++)
        for (let i = 0; i < n; i++) cur[tb][i] = codes[tb][S * i + state[tb][i]];
      for (let i = 0; i < n; i++) {
        counts[cur[0][i]]++;
        if (cur[0][i] === V_CAPTURED && ownOf(i) === V_NOT_CAPTURED) wrongful++;
      }
    } else {
      for (const i of touched) {
        const before = cur[0][i];
        const wasWrong = before === V_CAPTURED && ownOf(i) === V_NOT_CAPTURED;
        for (let tb = 0; tb < tables.length; tb++) cur[tb][i] = codes[tb][S * i + state[tb][i]];
        const after = cur[0][i];
        const isWrong = after === V_CAPTURED && ownOf(i) === V_NOT_CAPTURED;
        wrongful += (isWrong ? 1 : 0) - (wasWrong ? 1 : 0);
        if (before !== after) {
          counts[before]--;
          counts[after]++;
          list.push({ id: ids[i], from: VERDICT_NAMES[before], to: VERDICT_NAMES[after] });
        }
      }
    }
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    rows.push({
      counts: {
        captured: counts[V_CAPTURED],
        'not-captured': counts[V_NOT_CAPTURED],
        uncertain: counts[V_UNCERTAIN],
        'not-applicable': counts[V_NOT_APPLICABLE],
      },
      wrongfulCaptures: wrongful,
      changed: list.length,
      changes: changes ? list : [],
    });
    onValue?.(k);
  });
  return rows;
}
