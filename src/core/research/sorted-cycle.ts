// Sort-once sweeps of a rule that refers to itself through other rules (eu-ai-act/systemic-risk reads
// downstream-modifier, whose fallback reads the systemic-risk verdicts of the original models). The swept tests stay
// symbolic as on the plain sorted path (sorted-plan.ts), but a model's packed applicability and condition now depend on
// the swept rule's verdicts for other models (its ancestors, through the rules of the cycle). The values, ascending,
// walk the breakpoints; a model whose state changes is re-decided from its packed values, and when any verdict of the
// swept rule changes for a model, every descendant (the only models whose references can read it) is compiled anew,
// parents first, its cycle rules' verdicts recomputed on the swept rule's current verdicts. Rules outside the cycle
// are read from the engine's tables (they cannot read the swept rule).
import type { CompileEnv } from '../evaluate/compile';
import { designatedUnder } from '../evaluate/designation';
import type { Evaluator } from '../evaluate/engine';
import { compileCondition } from '../evaluate/operators/registry';
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
import type { ModelTest } from '../evaluate/compile';
import type { Rule } from '../types';
import {
  packedCode,
  packedSame,
  packedReading,
  planReading,
  referencedRules,
  statesOf,
  type Packed,
  type References,
  type SortedReading,
} from './sorted-plan';
import {
  breakpoints,
  exactWalk,
  Walk,
  type ExactAmounts,
  type SortedRow,
  type SweepValues,
  type VerdictHooks,
  sortedRow,
} from './sorted-sweep';
import type { ThresholdSite } from './targets';
import type { VerdictChange } from './verdicts';

const PENDING = -1;
const IN_PROGRESS = -2;

/** The rules that `rule` reaches through references and that reach it back (its cycle), `rule` excluded. */
export function cycleOf(ev: Evaluator, rule: Rule): Set<string> {
  const refs = new Map<string, string[]>();
  const refsOf = (id: string) => {
    let r = refs.get(id);
    if (!r) refs.set(id, (r = referencedRules(ev.rule(id))));
    return r;
  };
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [...refsOf(from)];
    while (todo.length > 0) {
      const id = todo.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      todo.push(...refsOf(id));
    }
    return seen;
  };
  const out = new Set<string>();
  for (const id of reach(rule.id)) if (id !== rule.id && reach(id).has(rule.id)) out.add(id);
  return out;
}

/** One reading of the swept rule: its plan, tables (full, own-only when it differs), packed closures and values. */
interface ReadingState {
  plan: SortedReading;
  restricts: boolean[];
  S: number;
  packed: { app: Packed | null; cond: Packed }[];
  /** Packed applicability and condition per table and model (as last compiled). */
  pa: Int32Array[];
  pc: Int32Array[];
  /** The verdict code per table and model at the current value. */
  code: Int8Array[];
  walk: Walk | null;
  /** TRUE and FALSE in every state. */
  t: number;
  f: number;
}

/**
 * Counts per value of the readings `which` of a rule in a cycle of references, or null when a reading does not
 * qualify (as planReading, references aside) or a rule of the cycle is not a model rule.
 */
export function cycleRows(
  ev: Evaluator,
  rule: Rule,
  which: readonly (string | undefined)[],
  sites: readonly ThresholdSite[],
  parsed: SweepValues,
  count: number,
  changes: boolean,
  amounts: ExactAmounts,
  onValue?: (k: number) => void,
  /** Per reported reading (`which[j]`). */
  hooks?: (j: number) => VerdictHooks | undefined,
): SortedRow[][] | null {
  const cycle = cycleOf(ev, rule);
  if (cycle.size === 0) return null;
  for (const id of cycle) if (ev.rule(id).subject !== 'model') return null;
  const all: (string | undefined)[] = rule.interpretations?.length
    ? rule.interpretations.map((x) => x.id)
    : [undefined];
  if (which.some((w) => !all.includes(w))) return null;
  const plans = all.map((interp) => planReading(ev, rule, interp, sites, true));
  if (plans.some((p) => p === null)) return null;
  const n = ev.ix.models.length;
  const models = ev.ix.models;

  // Verdicts of the cycle's other rules per model, computed on demand from the swept rule's current verdicts and
  // forgotten for a model when something it reads changes.
  const cycleTables: Int8Array[] = [];
  const readings: ReadingState[] = [];
  /** The swept rule's verdicts as references read them (a reading and restriction, or readings combined). */
  const views: ((i: number) => number)[] = [];
  const resolved = new Map<string, (i: number) => number>();

  /** One reading's verdicts (the engine's own-only table shared with the full one where it cannot differ). */
  const one = (r: Rule, interp: string | undefined, restrict: boolean): ((i: number) => number) => {
    const rr = restrict && ev.ownOnlyMatters(r, interp);
    if (r.id === rule.id) {
      let arr: Int8Array | undefined;
      return (i) => {
        if (!arr) {
          const st = readings[all.indexOf(interp)];
          arr = st.code[rr && st.restricts.length > 1 ? 1 : 0];
        }
        const v = arr[i];
        if (v < 0) throw new Error(`rule ${rule.id} read for model ${models[i].id} before it is decided`);
        return v;
      };
    }
    if (!cycle.has(r.id)) return ev.verdictFn(r.id, interp, restrict);
    const t = new Int8Array(n).fill(PENDING);
    cycleTables.push(t);
    let c: { app: ModelTest | null; cond: ModelTest } | undefined;
    return (i) => {
      const v = t[i];
      if (v >= 0) return v;
      if (v === IN_PROGRESS) throw new Error(`rule ${r.id} refers to itself for model ${models[i].id}`);
      t[i] = IN_PROGRESS;
      const code = judge(r, (c ??= compileRule(r, interp, rr)), i);
      t[i] = code;
      return code;
    };
  };
  /** As `Evaluator.verdictFn`: a reading the rule lacks combines all its readings (uncertain where they differ). */
  const verdictFn = (ruleId: string, interp: string | undefined, restrict: boolean): ((i: number) => number) => {
    const key = `${ruleId}|${interp ?? ''}|${restrict ? 1 : 0}`;
    let f = resolved.get(key);
    if (f) return f;
    const r = ev.rule(ruleId);
    const list = r.interpretations;
    if (!list || list.length === 0) f = one(r, undefined, restrict);
    else if (interp !== undefined && list.some((x) => x.id === interp)) f = one(r, interp, restrict);
    else {
      const fns = list.map((x) => one(r, x.id, restrict));
      f = (i) => {
        let v = fns[0](i);
        for (let q = 1; q < fns.length; q++) if (fns[q](i) !== v) v = V_UNCERTAIN;
        return v;
      };
    }
    resolved.set(key, f);
    if (ruleId === rule.id) views.push(f);
    return f;
  };
  const refs: References = {
    verdictOf: (ruleId, interp, restrict, i) => verdictFn(ruleId, interp, restrict)(i),
    verdictFn,
  };
  const compileRule = (r: Rule, interp: string | undefined, restrict: boolean) => {
    const reading = interp === undefined ? undefined : r.interpretations?.find((x) => x.id === interp);
    const env: CompileEnv = {
      store: ev.store,
      ref: ev.ref,
      asOf: ev.asOf,
      measures: reading?.measures ? { ...r.measures, ...reading.measures } : (r.measures ?? {}),
      interpretation: interp,
      restrict,
      ...refs,
    };
    return {
      app: r.applicability ? compileCondition(r.applicability, env) : null,
      cond: compileCondition(reading?.condition ?? r.condition, env),
    };
  };
  const judge = (r: Rule, c: { app: ModelTest | null; cond: ModelTest }, i: number): number => {
    if (designatedUnder(models[i], r.id)) return V_CAPTURED;
    const app = c.app ? c.app(i) : TRUE;
    if (app === FALSE) return V_NOT_APPLICABLE;
    const v = c.cond(i);
    if (app === UNKNOWN) return v === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
    return v === TRUE ? V_CAPTURED : v === FALSE ? V_NOT_CAPTURED : V_UNCERTAIN;
  };

  for (const plan of plans) {
    const p = plan!;
    const restricts = ev.ownOnlyMatters(rule, p.interpretation) ? [false, true] : [false];
    const S = statesOf(p);
    const st: ReadingState = {
      plan: p,
      restricts,
      S,
      packed: restricts.map((r) => packedReading(ev, p, r, refs)),
      pa: restricts.map(() => new Int32Array(n)),
      pc: restricts.map(() => new Int32Array(n)),
      code: restricts.map(() => new Int8Array(n).fill(PENDING)),
      walk: null,
      t: packedSame(p, TRUE),
      f: packedSame(p, FALSE),
    };
    if (p.slots.length > 0) {
      const observers = restricts.map((r) => p.slots.map((sl) => ev.store.viewer(sl.spec, r)));
      const codes = restricts.map(() => new Int8Array(0));
      const b = breakpoints(codes, S, observers, n, true);
      st.walk = exactWalk(ev, b, restricts, n, p.slots, amounts, parsed);
    }
    readings.push(st);
  }

  const designated = models.map((m) => designatedUnder(m, rule.id));
  /** Compiles model i's packed values anew (its references may have changed). */
  const pack = (i: number) => {
    for (const st of readings)
      for (let tb = 0; tb < st.restricts.length; tb++) {
        if (designated[i]) continue;
        const { app, cond } = st.packed[tb];
        const a = app ? app(i) : st.t;
        st.pa[tb][i] = a;
        // Not applicable in every state: the condition is not evaluated (as the engine does).
        st.pc[tb][i] = a === st.f ? st.f : cond(i);
      }
  };
  /** Model i's codes at its current states; whether any changed. */
  const decide = (i: number): boolean => {
    let moved = false;
    for (const st of readings)
      for (let tb = 0; tb < st.restricts.length; tb++) {
        const state = st.walk ? st.walk.state[tb][i] : 0;
        const c = designated[i] ? V_CAPTURED : packedCode(st.pa[tb][i], st.pc[tb][i], state);
        if (c !== st.code[tb][i]) {
          st.code[tb][i] = c;
          moved = true;
        }
      }
    return moved;
  };
  const forget = (i: number) => {
    for (const t of cycleTables) t[i] = PENDING;
  };

  const order = ev.topo();
  const pos = new Int32Array(n);
  for (let q = 0; q < n; q++) pos[order[q]] = q;
  const children = ev.ix.children;
  // Models to look at for the current value, by topological position (a binary heap), and why: 1 its state moved,
  // 2 something its references read moved (compile anew).
  const flag = new Uint8Array(n);
  const heap = new Int32Array(n);
  let hn = 0;
  const push = (i: number, why: number) => {
    if (flag[i] !== 0) {
      flag[i] |= why;
      return;
    }
    flag[i] = why;
    let c = hn++;
    const p = pos[i];
    while (c > 0) {
      const up = (c - 1) >> 1;
      if (pos[heap[up]] <= p) break;
      heap[c] = heap[up];
      c = up;
    }
    heap[c] = i;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap[--hn];
    let c = 0;
    const p = pos[last];
    for (;;) {
      let m = 2 * c + 1;
      if (m >= hn) break;
      if (m + 1 < hn && pos[heap[m + 1]] < pos[heap[m]]) m++;
      if (pos[heap[m]] >= p) break;
      heap[c] = heap[m];
      c = m;
    }
    heap[c] = last;
    return top;
  };
  const seen = new Int32Array(n).fill(-1);
  const descendants = (i: number, k: number) => {
    const stack = [i];
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (const e of children[v]) {
        if (seen[e.idx] === k) continue;
        seen[e.idx] = k;
        push(e.idx, 2);
        stack.push(e.idx);
      }
    }
  };

  const reported = which.map((w) => readings[all.indexOf(w)]);
  const ids = changes ? models.map((m) => m.id) : [];
  const counts = reported.map(() => [0, 0, 0, 0]);
  const wrongful = reported.map(() => 0);
  const out: SortedRow[][] = reported.map(() => []);
  const before = reported.map(() => new Int8Array(n));
  const beforeOwn = reported.map(() => new Int8Array(n));
  const visited = new Int32Array(n);
  const old: number[] = [];
  const hook = reported.map((_, j) => hooks?.(j));
  for (let k = 0; k < count; k++) {
    for (const st of readings) {
      if (!st.walk) continue;
      st.walk.advance(k, parsed);
      if (k > 0) for (let q = 0; q < st.walk.touchedCount; q++) push(st.walk.touched[q], 1);
    }
    let nv = 0;
    if (k === 0) {
      for (let q = 0; q < n; q++) {
        const i = order[q];
        pack(i);
        decide(i);
      }
    } else {
      while (hn > 0) {
        const i = pop();
        const why = flag[i];
        flag[i] = 0;
        for (let j = 0; j < reported.length; j++) {
          const st = reported[j];
          before[j][i] = st.code[0][i];
          beforeOwn[j][i] = st.code[st.restricts.length - 1][i];
        }
        visited[nv++] = i;
        const nViews = views.length;
        for (let q = 0; q < nViews; q++) old[q] = views[q](i);
        if (why & 2) {
          forget(i);
          pack(i);
        }
        if (decide(i)) {
          // What references read of this model's verdict (views) changed: what the cycle's rules said of it may rest
          // on the old one, and its descendants (the only models whose references read it) are compiled anew.
          let seenMoved = views.length !== nViews;
          for (let q = 0; q < nViews && !seenMoved; q++) if (views[q](i) !== old[q]) seenMoved = true;
          if (seenMoved) {
            forget(i);
            descendants(i, k);
          }
        }
      }
    }
    for (let j = 0; j < reported.length; j++) {
      const st = reported[j];
      const full = st.code[0];
      const own = st.code[st.restricts.length - 1];
      const cnt = counts[j];
      const list: VerdictChange[] | undefined = changes ? [] : undefined;
      let changed = 0;
      if (k === 0) {
        for (let i = 0; i < n; i++) {
          cnt[full[i]]++;
          if (full[i] === V_CAPTURED && own[i] === V_NOT_CAPTURED) wrongful[j]++;
        }
        const h = hook[j];
        if (h) for (let i = 0; i < n; i++) h.model(i, full[i], own[i]);
      } else
        for (let q = 0; q < nv; q++) {
          const i = visited[q];
          const b = before[j][i];
          const wasWrong = b === V_CAPTURED && beforeOwn[j][i] === V_NOT_CAPTURED;
          const after = full[i];
          wrongful[j] += (after === V_CAPTURED && own[i] === V_NOT_CAPTURED ? 1 : 0) - (wasWrong ? 1 : 0);
          if (b !== after || beforeOwn[j][i] !== own[i]) hook[j]?.model(i, after, own[i]);
          if (b !== after) {
            cnt[b]--;
            cnt[after]++;
            changed++;
            if (list) list.push({ id: ids[i], from: VERDICT_NAMES[b], to: VERDICT_NAMES[after] });
          }
        }
      out[j].push(sortedRow(st.plan.interpretation, cnt, wrongful[j], changed, list));
      hook[j]?.value(k);
    }
    onValue?.(k);
  }
  return out;
}
