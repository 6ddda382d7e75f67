// Which readings a sort-once sweep (sorted-sweep.ts) can take, and their verdicts with the swept tests symbolic: a
// reading qualifies when the swept value enters its verdict only through compare tests under all/any/not (at most
// two distinct measure-comparator pairs) and no referenced rule reads the swept rule back. Each model then gets one
// verdict per joint outcome of those tests (met, unknown, not met each), the rest of the rule evaluated once.
import type { Evaluator } from '../evaluate/engine';
import type { CompileEnv } from '../evaluate/compile';
import { compileCondition, forEachCondition } from '../evaluate/operators/registry';
import { FALSE, TRUE, UNKNOWN, V_CAPTURED, V_NOT_APPLICABLE, V_NOT_CAPTURED, V_UNCERTAIN } from '../evaluate/tri';
import type { Condition, MeasureSpec, Rule } from '../types';
import type { ThresholdSite } from './targets';

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

function nodeAt(rule: Rule, pointer: string): unknown {
  let node: unknown = rule;
  for (const s of pointer.slice(1).split('/'))
    node = (node as Record<string, unknown>)[s.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

/** Ids of the rules `rule` refers to (baseFinding, modelFinding, developedModels), in any reading. */
export function referencedRules(rule: Rule): string[] {
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
export function refersBack(ev: Evaluator, rule: Rule): boolean {
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
  /** Plan a rule that refers to itself through other rules too (sorted-cycle.ts resolves the references). */
  selfReferring = false,
): SortedReading | null {
  if (rule.subject !== 'model') return null;
  if (sites.some((s) => s.kind !== 'compare' || s.note !== undefined)) return null;
  if (!selfReferring && refersBack(ev, rule)) return null;
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
export type Packed = (i: number) => number;
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

/** The number of joint outcomes of a plan's swept tests (3^slots). */
export const statesOf = (plan: SortedReading): number => 3 ** plan.slots.length;

/** The references a packed reading resolves (default: the Evaluator's tables). */
export type References = Pick<CompileEnv, 'verdictOf' | 'verdictFn'>;

/**
 * A reading compiled with the swept tests symbolic: the applicability's and condition's values in every state,
 * packed two bits per state (`app` null when the rule has none).
 */
export function packedReading(
  ev: Evaluator,
  plan: SortedReading,
  restrict: boolean,
  refs: References = ev,
): { app: Packed | null; cond: Packed } {
  const p = packCtx(plan.slots.length);
  const env: CompileEnv = {
    store: ev.store,
    ref: ev.ref,
    asOf: ev.asOf,
    measures: plan.measures,
    interpretation: plan.interpretation,
    restrict,
    verdictOf: refs.verdictOf,
    verdictFn: refs.verdictFn,
  };
  return {
    app: plan.app ? compilePacked(plan.app, plan.targets, env, p) : null,
    cond: compilePacked(plan.cond, plan.targets, env, p),
  };
}

/** The verdict code in state j from the packed applicability (TRUE in every state when absent) and condition. */
export function packedCode(a: number, c: number, j: number): number {
  return verdictCode((a >> (2 * j)) & 3, (c >> (2 * j)) & 3);
}

/** A packed value that is `v` in every state of a plan. */
export const packedSame = (plan: SortedReading, v: number): number => packCtx(plan.slots.length).same(v);
