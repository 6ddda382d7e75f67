// developedModels: organization test over the models it developed that the named rule captures: at least one, or
// one with a measure over a threshold (each), or a measure summed over them (sum). Uncertain models widen the range.
import { addErr, Approx, fracApprox, provenSign } from '../../exact/bound';
import { cmp as cmpDec, ONE, parseDec } from '../../exact/decimal';
import { floatView } from '../../measure/store';
import { Amount, plus, ZERO_AMOUNT } from '../../measure/amount';
import type { Condition, MeasureSpec } from '../../types';
import { dec, decide, intervalOut } from '../compare';
import type { Frame } from '../conditions';
import { and, FALSE, or, TRUE, Tri, UNKNOWN, V_CAPTURED, V_UNCERTAIN } from '../tri';
import { checkReferencedRule } from './referenced-rule';
import { amountData, none, say, thresholdText, triWord } from './shared';
import type { Operand, Operator } from './types';
import { orgIndex } from '../columns';

function evaluate(dm: Operand<'developedModels'>, c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'organization') return UNKNOWN;
  const ix = f.store.ix;
  const label = c.label ?? `developed a model captured by ${dm.rule}`;
  const captured: number[] = [];
  const uncertain: number[] = [];
  const interp = dm.interpretation ?? f.interpretation;
  const verdict = f.verdictFn
    ? f.verdictFn(dm.rule, interp, f.restrict)
    : (i: number) => f.verdictOf(dm.rule, interp, f.restrict, i);
  const models = f.subject.models;
  if (!f.trace && f.verdictFn) {
    // Summaries ask organization by organization: every organization's answer from one pass over the models.
    const k = byColumns(dm, f, verdict, f.subject.id, models.length);
    if (k !== undefined && k !== UNDECIDED_ORG) return k as Tri;
  }
  if (!f.trace && !dm.each && !dm.sum) {
    // Verdict-only "at least one": the first captured model decides; no lists are kept.
    let open = false;
    for (let k = 0; k < models.length; k++) {
      const v = verdict(models[k]);
      if (v === V_CAPTURED) return TRUE;
      if (v === V_UNCERTAIN) open = true;
    }
    return open ? UNKNOWN : FALSE;
  }
  for (let k = 0; k < models.length; k++) {
    const i = models[k];
    const v = verdict(i);
    if (v === V_CAPTURED) captured.push(i);
    else if (v === V_UNCERTAIN) uncertain.push(i);
  }
  const ids = (l: number[]) => ({ ids: l.slice(0, 8).map((i) => ix.models[i].id), more: Math.max(0, l.length - 8) });
  if (!dm.each && !dm.sum) {
    const tri: Tri = captured.length > 0 ? TRUE : uncertain.length > 0 ? UNKNOWN : FALSE;
    if (f.trace)
      say(f, 'organization.models', { label, value: triWord(tri), captured: ids(captured), uncertain: ids(uncertain) });
    return tri;
  }
  if (!f.trace) {
    const fast = decideByFloats(dm, f, captured, uncertain);
    if (fast !== null) return fast;
  }
  const tris: Tri[] = [];
  // Without a trace (summaries) only these models' amounts are needed: re-summed each, not a table of every model's.
  const amountOf = (spec: MeasureSpec, i: number): Amount =>
    f.trace ? f.store.amount(spec, i, f.restrict) : f.store.exact(spec, i, f.restrict);
  const each = dm.each;
  if (each) {
    const spec = f.measures[each.measure];
    const t = { num: parseDec(each.value)!, den: ONE };
    const per = (i: number, cap: boolean): Tri => {
      const r = decide(amountOf(spec, i), each.op, t, t);
      return cap ? r : r === FALSE ? FALSE : UNKNOWN;
    };
    const tri = or([...captured.map((i) => per(i, true)), ...uncertain.map((i) => per(i, false))]);
    if (f.trace) pushEach(f, each, spec, [...captured, ...uncertain], tri);
    if (f.trace)
      say(f, 'organization.each', {
        label,
        description: spec.description,
        quantity: spec.quantity,
        comparator: each.op,
        ...(each.wording ? { wording: each.wording } : {}),
        threshold: t.num.f,
        value: triWord(tri),
      });
    tris.push(tri);
  }
  if (dm.sum) {
    const spec = f.measures[dm.sum.measure];
    let lo = ZERO_AMOUNT;
    let hi = ZERO_AMOUNT;
    for (const i of captured) {
      const a = amountOf(spec, i);
      lo = plus(lo, a);
      hi = plus(hi, a);
    }
    for (const i of uncertain) hi = plus(hi, amountOf(spec, i));
    const combined: Amount = { ...hi, lo: lo.lo };
    const t = { num: parseDec(dm.sum.value)!, den: ONE };
    const tri = decide(combined, dm.sum.op, t, t);
    if (f.trace) {
      say(f, 'organization.sum', {
        label,
        description: spec.description,
        quantity: spec.quantity,
        total: amountData(combined),
        comparator: dm.sum.op,
        ...(dm.sum.wording ? { wording: dm.sum.wording } : {}),
        threshold: t.num.f,
        value: triWord(tri),
      });
    }
    if (f.trace) {
      f.trace.measures.push({
        id: dm.sum.measure,
        description: `sum over captured models: ${spec.description}`,
        quantity: spec.quantity,
        unit: spec.quantity === 'flop' ? 'FLOP' : 'USD',
        scope: 'organization-sum',
        observed: intervalOut(combined),
        comparator: dm.sum.op,
        threshold: { exact: dm.sum.value, value: Number(dm.sum.value) },
        thresholdBasis: 'absolute threshold',
        result: tri === TRUE ? 'met' : tri === FALSE ? 'not-met' : 'unknown',
        estimated: combined.estimated,
        methods: [],
        missing: [...combined.sample],
        ownShare: null,
        countsOthers: false,
      });
    }
    tris.push(tri);
  }
  return and(tris);
}

/** An organization whose `each`/`sum` floats do not decide (the per-organization path decides it exactly). */
const UNDECIDED_ORG = 3;

/** Answers by verdict function (one per Evaluator, rule, reading and restriction), operand and measures. */
const answers = new WeakMap<(i: number) => number, Map<Operand<'developedModels'>, Map<object, Answers>>>();

/** Each organization's verdict-only answer (a Tri, or UNDECIDED_ORG) for one developedModels test. */
interface Answers {
  /** The answer for an organization whose subject lists `count` models; undefined when not its developer's. */
  get(org: string, count: number): number | undefined;
}

/**
 * The verdict-only answer of every organization at once, from one pass over the models in input order (the
 * referenced verdicts and the float columns read front to back, not organization by organization across the whole
 * table): at least one captured (or uncertain) model; with `each`, one whose amount passes, decided on the floats;
 * with `sum`, the sums over captured (low) and captured or uncertain (high) models with their error bounds. An
 * organization whose floats leave a test undecided is UNDECIDED_ORG and goes through the exact per-organization
 * path. A subject whose model list is not its developer's (not made by the Evaluator) gets no answer here.
 */
function byColumns(
  dm: Operand<'developedModels'>,
  f: Frame,
  verdict: (i: number) => number,
  org: string,
  count: number,
): number | undefined {
  let byOp = answers.get(verdict);
  if (!byOp) answers.set(verdict, (byOp = new Map<Operand<'developedModels'>, Map<object, Answers>>()));
  let byMeasures = byOp.get(dm);
  if (!byMeasures) byOp.set(dm, (byMeasures = new Map<object, Answers>()));
  let a = byMeasures.get(f.measures);
  if (!a) byMeasures.set(f.measures, (a = computeAnswers(dm, f, verdict)));
  return a.get(org, count);
}

function computeAnswers(dm: Operand<'developedModels'>, f: Frame, verdict: (i: number) => number): Answers {
  const oi = orgIndex(f.store);
  const K = oi.ids.length;
  const n = oi.of.length;
  const of = oi.of;
  // Per organization: bit 1 a captured model, bit 2 an uncertain one.
  const seen = new Uint8Array(K);
  const codes = new Uint8Array(K);
  const each = dm.each;
  const sum = dm.sum;
  const eachTri = each ? new Uint8Array(K) : null; // FALSE until a model passes (TRUE) or may pass (UNKNOWN)
  const undecided = new Uint8Array(K);
  let loS: Float64Array | null = null;
  let loE: Float64Array | null = null;
  let hiS: Float64Array | null = null;
  let hiE: Float64Array | null = null;
  let missS: Float64Array | null = null;
  if (sum) {
    loS = new Float64Array(K);
    loE = new Float64Array(K);
    hiS = new Float64Array(K);
    hiE = new Float64Array(K);
    missS = new Float64Array(K);
  }
  const view = floatView();
  const observeEach = each ? f.store.viewer(f.measures[each.measure], f.restrict) : null;
  const tEach = each ? fracApprox({ num: dec(each.value), den: ONE }) : null;
  const observeSum = sum ? f.store.viewer(f.measures[sum.measure], f.restrict) : null;
  for (let i = 0; i < n; i++) {
    const k = of[i];
    if (k < 0) continue;
    const v = verdict(i);
    const cap = v === V_CAPTURED;
    if (!cap && v !== V_UNCERTAIN) continue;
    seen[k] |= cap ? 1 : 2;
    if (eachTri !== null && eachTri[k] !== TRUE && undecided[k] === 0) {
      observeEach!(i, view);
      const r = boundedDecision(view.lo, view.hi, view.err, view.missing, tEach!);
      if (r === null) undecided[k] = 1;
      else {
        const x = cap ? r : r === FALSE ? FALSE : UNKNOWN;
        if (x === TRUE) eachTri[k] = TRUE;
        else if (x === UNKNOWN) eachTri[k] = UNKNOWN;
      }
    }
    if (sum) {
      observeSum!(i, view);
      if (cap) {
        loS![k] += view.lo;
        loE![k] = addErr(loS![k], loE![k], view.err);
      }
      hiS![k] += view.hi;
      hiE![k] = addErr(hiS![k], hiE![k], view.err);
      missS![k] += view.missing;
    }
  }
  const tSum = sum ? fracApprox({ num: dec(sum.value), den: ONE }) : null;
  for (let k = 0; k < K; k++) {
    if (!each && !sum) {
      codes[k] = seen[k] & 1 ? TRUE : seen[k] & 2 ? UNKNOWN : FALSE;
      continue;
    }
    if (undecided[k] === 1 && !(eachTri !== null && eachTri[k] === TRUE)) {
      codes[k] = UNDECIDED_ORG;
      continue;
    }
    let result: Tri = eachTri !== null ? (eachTri[k] as Tri) : TRUE;
    if (sum && result !== FALSE) {
      const r = boundedDecision(loS![k], hiS![k], Math.max(loE![k], hiE![k]), missS![k], tSum!);
      if (r === null) {
        codes[k] = UNDECIDED_ORG;
        continue;
      }
      result = and([result, r]);
    }
    codes[k] = result;
  }
  return {
    get: (org, count) => {
      const k = oi.byId.get(org);
      if (k === undefined || oi.start[k + 1] - oi.start[k] !== count) return undefined;
      return codes[k];
    },
  };
}

/**
 * `each` and `sum` on the float tables (verdict-only): per-model amounts and their sum with proven error bounds;
 * null when a bound straddles a threshold, and the exact comparison decides.
 */
function decideByFloats(dm: Operand<'developedModels'>, f: Frame, captured: number[], uncertain: number[]): Tri | null {
  const view = floatView();
  let result: Tri = TRUE;
  if (dm.each) {
    const observe = f.store.viewer(f.measures[dm.each.measure], f.restrict);
    const t = fracApprox({ num: dec(dm.each.value), den: ONE });
    let tri: Tri = FALSE;
    for (let k = 0; k < captured.length + uncertain.length && tri !== TRUE; k++) {
      const cap = k < captured.length;
      observe(cap ? captured[k] : uncertain[k - captured.length], view);
      const r = boundedDecision(view.lo, view.hi, view.err, view.missing, t);
      if (r === null) return null;
      const v = cap ? r : r === FALSE ? FALSE : UNKNOWN;
      if (v === TRUE) tri = TRUE;
      else if (v === UNKNOWN) tri = UNKNOWN;
    }
    result = tri;
  }
  if (dm.sum && result !== FALSE) {
    const observe = f.store.viewer(f.measures[dm.sum.measure], f.restrict);
    const t = fracApprox({ num: dec(dm.sum.value), den: ONE });
    let lo = 0;
    let loErr = 0;
    let hi = 0;
    let hiErr = 0;
    let missing = 0;
    for (let k = 0; k < captured.length + uncertain.length; k++) {
      const cap = k < captured.length;
      observe(cap ? captured[k] : uncertain[k - captured.length], view);
      if (cap) {
        lo += view.lo;
        loErr = addErr(lo, loErr, view.err);
      }
      hi += view.hi;
      hiErr = addErr(hi, hiErr, view.err);
      missing += view.missing;
    }
    // The sum's low and high carry their own bounds: decide on the larger.
    const r = boundedDecision(lo, hi, Math.max(loErr, hiErr), missing, t);
    if (r === null) return null;
    result = and([result, r]);
  }
  return result;
}

/** `decide` (../compare.ts) on floats with a bound: a Tri when the bounds prove it, else null. */
function boundedDecision(lo: number, hi: number, err: number, missing: number, t: Approx): Tri | null {
  const s = provenSign(lo, err, t.v, t.err);
  if (s === 0) return null;
  if (s > 0) return TRUE;
  if (missing !== 0) return UNKNOWN;
  const s2 = provenSign(hi, err, t.v, t.err);
  if (s2 === 0) return null;
  return s2 < 0 ? FALSE : UNKNOWN;
}

/** The largest per-model amount among the models a developedModels.each test looked at, as a finding measure. */
function pushEach(
  f: Frame,
  each: { measure: string; op: '>' | '>='; value: string; wording?: string },
  spec: MeasureSpec,
  models: readonly number[],
  tri: Tri,
) {
  let best: { i: number; a: Amount } | undefined;
  for (const i of models) {
    const a = f.store.amount(spec, i, f.restrict);
    if (!best || cmpDec(a.lo, best.a.lo) > 0) best = { i, a };
  }
  const id = best ? f.store.ix.models[best.i].id : null;
  f.trace!.measures.push({
    id: `${each.measure}Largest`,
    description: `${spec.description}${id ? ` (largest among the models captured by the referenced rule: ${id})` : ' (no model captured by the referenced rule)'}`,
    quantity: spec.quantity,
    unit: spec.quantity === 'flop' ? 'FLOP' : 'USD',
    scope: 'organization-each',
    observed: best
      ? intervalOut(best.a)
      : { low: { exact: '0', value: 0 }, high: { exact: '0', value: 0 }, central: null },
    comparator: each.op,
    ...(each.wording ? { wording: each.wording } : {}),
    threshold: { exact: each.value, value: Number(each.value) },
    thresholdBasis: 'absolute threshold',
    result: tri === TRUE ? 'met' : tri === FALSE ? 'not-met' : 'unknown',
    estimated: best ? best.a.estimated : false,
    methods: [],
    missing: best ? [...best.a.sample] : [],
    ownShare: null,
    countsOthers: false,
  });
}

export const developedModels: Operator<'developedModels'> = {
  key: 'developedModels',
  summary:
    'Among the models the organization developed that the named rule captures: at least one, optionally one with a measure over a threshold (each), or a measure summed over them (sum).',
  subjects: ['organization'],
  messages: {
    'organization.models': 'which of its models the named rule captures',
    'organization.each': 'whether one of them passes the per-model threshold',
    'organization.sum': 'the sum over them against the aggregate threshold',
  },
  children: none,
  evaluate,
  compile: 'interpreter',
  // The models' own verdicts are taken under the same restriction, and their amounts may count other developers.
  readsOthers: () => true,
  describe: (d, ctx) => {
    const lines = [
      `developed at least one model captured by ${d.rule}${d.interpretation ? ` [${d.interpretation}]` : ' (same reading)'}`,
    ];
    const q = (m: string) => ctx.measures[m]?.quantity ?? 'costUsd';
    if (d.each)
      lines.push(
        `  one of them with ${d.each.measure} ${d.each.op} ${thresholdText(d.each.value, q(d.each.measure))}${d.each.wording ? ` ("${d.each.wording}")` : ''}`,
      );
    if (d.sum)
      lines.push(
        `  summed over them, ${d.sum.measure} ${d.sum.op} ${thresholdText(d.sum.value, q(d.sum.measure))}${d.sum.wording ? ` ("${d.sum.wording}")` : ''}`,
      );
    return lines;
  },
  check: (d, ctx) => {
    const out = checkReferencedRule(d, ctx);
    for (const k of ['each', 'sum'] as const) {
      const m = d[k]?.measure;
      if (m !== undefined && !(m in ctx.measures))
        out.push({ path: ctx.at(`${k}.measure`), message: `no measure named "${m}"` });
    }
    return out;
  },
};
