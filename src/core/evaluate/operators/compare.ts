// compare: a measure of the model against a threshold (absolute, inflation-adjusted, or a fraction of another
// measure with the rule's fallbacks), decided exactly. The fast path decides on float tables with error bounds and
// falls back to the exact comparison when the gap is within them.
import { addErr, Approx, fracApprox, provenSign, U } from '../../exact/bound';
import { Frac, mul, parseDec, parseFrac } from '../../exact/decimal';
import type { Condition, IntervalOut, MeasureSpec } from '../../types';
import type { Amount } from '../../measure/amount';
import { absoluteThreshold, compare as compareExact, dec, frac } from '../compare';
import type { ColumnEnv, ColumnTest, CompileEnv, ModelTest } from '../compile';
import { directSums, type ColumnStats } from '../columns';
import type { FloatSums } from '../../measure/lineage-floats';
import { breakdownOf } from '../contributions';
import { marketBasisData } from '../market-basis';
import type { Frame } from '../conditions';
import type { FloatView, MeasureStore } from '../../measure/store';
import { floatView } from '../../measure/store';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { compileCondition, evalCondition, frameFor } from './registry';
import { amountData, say, thresholdText } from './shared';
import type { Operand, Operator } from './types';

type Test = Operand<'compare'>;

function evaluate(test: Test, _c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const i = f.subject.i;
  const spec = f.measures[test.measure];
  const of = test.threshold.of !== undefined ? f.store.amount(f.measures[test.threshold.of], i, false) : undefined;
  const { tri, out } = compareExact(test, {
    observed: f.store.amount(spec, i, f.restrict),
    ownShare: () => f.store.ownShare(spec, i),
    spec,
    name: test.measure,
    asOf: f.asOf,
    ref: f.ref,
    of,
    when: (c) => evalCondition(c, { ...f, trace: null }),
    explain: f.trace !== null,
    amountsOnly: f.trace?.detail === 'amounts',
    // One model's amounts written once (forgotten with its explanation data); not for the price sensitivity's 0×
    // amounts, read once each.
    intervals:
      f.trace && f.trace.detail !== 'amounts'
        ? f.store.memoForModel('intervals', () => new Map<Amount, IntervalOut>())
        : undefined,
  });
  if (f.trace && out) {
    const detail = f.trace.detail;
    if (detail !== 'amounts') {
      const b = f.store.memoForMeasure(spec, i, () => breakdownOf(f.store, spec, i));
      out.methods = b.methods;
      if (!f.restrict) out.byDeveloper = b.byDeveloper;
    }
    f.trace.measures.push(out);
    if (detail !== undefined) return tri;
    const ofSpec = test.threshold.of !== undefined ? f.measures[test.threshold.of] : undefined;
    say(f, `compare.${out.result}`, {
      measure: test.measure,
      description: spec.description,
      quantity: spec.quantity,
      observed: out.observed,
      comparator: test.op,
      ...(test.wording ? { wording: test.wording } : {}),
      threshold: out.threshold,
      ...(of !== undefined && ofSpec
        ? {
            of: {
              fraction: test.threshold.fraction ?? '1',
              description: ofSpec.description,
              quantity: ofSpec.quantity,
              amount: amountData(of),
            },
          }
        : {}),
      basis: out.thresholdBasis,
      missing: out.missing,
    });
    // Once per measure in a finding: a rule may compare the same cost with two thresholds.
    if (
      spec.costBasis === 'market' &&
      !f.trace.messages.some((m) => m.id === 'compare.market-basis' && m.data.measure === test.measure)
    ) {
      const d = marketBasisData(f.store, spec, test.measure, i, f.restrict);
      if (d) say(f, 'compare.market-basis', d);
    }
    if (out.countsOthers && out.byDeveloper && out.byDeveloper.length > 1) {
      say(f, 'contributions', {
        quantity: spec.quantity,
        developers: out.byDeveloper.map((c) => ({
          developer: c.developer,
          own: c.own,
          amount: c.amount,
          models: c.models,
        })),
      });
    }
  }
  return tri;
}

const UNDECIDED = -1;

/** `decide` (../compare.ts) on a float view: a Tri when the bounds prove it, else UNDECIDED. */
function decideFloat(a: FloatView, tLo: Approx, tHi: Approx): number {
  return decideBounds(a, tLo.v, tLo.err, tHi.v, tHi.err);
}

/** `decideFloat` with the threshold's low and high as floats with their bounds. */
function decideBounds(a: FloatView, tLo: number, tLoErr: number, tHi: number, tHiErr: number): number {
  // The comparator needs no case: a proven strict gap decides > and >= alike; ties go to the exact path.
  // lo above the high threshold: met for both comparators; below: met for neither.
  const s = provenSign(a.lo, a.err, tHi, tHiErr);
  if (s === 0) return UNDECIDED;
  if (s > 0) return TRUE;
  if (a.missing !== 0) return UNKNOWN;
  // Known high below the low threshold: not met for both comparators; above: undecided by the range.
  const s2 = provenSign(a.hi, a.err, tLo, tLoErr);
  if (s2 === 0) return UNDECIDED;
  return s2 < 0 ? FALSE : UNKNOWN;
}

/** Absolute slack per float operation for subnormal results, as in exact/bound.ts. */
const TINY = Number.MIN_VALUE;

function approxPair(q: { lo: Frac; hi: Frac }): { lo: Approx; hi: Approx } {
  const lo = fracApprox(q.lo);
  return { lo, hi: q.hi === q.lo ? lo : fracApprox(q.hi) };
}

/** The exact path: the interpreted comparison on exact re-sums of this model's members. */
function exactTest(test: Test, env: CompileEnv): ModelTest {
  const { store, restrict } = env;
  const spec = env.measures[test.measure];
  const ofSpec = test.threshold.of !== undefined ? env.measures[test.threshold.of] : undefined;
  const key = `exact|${store.normal(spec).key}|${spec.scope}|${restrict}|`;
  return (i) =>
    compareExact(test, {
      // Near a threshold several rules compare the same amount: re-sum it once (a deep lineage costs a walk).
      observed: store.memo(key + i, () => store.exact(spec, i, restrict)),
      ownShare: () => store.ownShare(spec, i),
      spec,
      name: test.measure,
      asOf: env.asOf,
      ref: env.ref,
      of: ofSpec ? store.exact(ofSpec, i, false) : undefined,
      when: (c) => evalCondition(c, frameFor(env, i)),
      explain: false,
    }).tri;
}

/**
 * An absolute threshold over a selection of models: a few typed-array reads and two proven-sign tests per model,
 * the exact comparison (counted) only where the float bounds straddle the threshold. Thresholds relative to another
 * measure keep the per-model closure.
 */
function columns(test: Test, env: ColumnEnv): ColumnTest {
  if (test.threshold.of !== undefined) {
    // Floats over the selection where the original's amount is known and the bounds decide; the rest per model.
    const { pre, one } = relativeColumns(test, env);
    return (sel, n, out) => {
      pre(sel, n, out);
      for (let q = 0; q < n; q++) {
        const i = sel[q];
        if (out[i] === PER_MODEL) out[i] = one(i);
      }
    };
  }
  const { store, restrict, stats } = env;
  const spec = env.measures[test.measure];
  const th = approxPair(absoluteThreshold(test.threshold, env.asOf, env.ref));
  const tLo = th.lo.v;
  const tLoErr = th.lo.err;
  const tHi = th.hi.v;
  const tHiErr = th.hi.err;
  const exact = exactTest(test, env);
  const observe = store.viewer(spec, restrict);
  const view = floatView();
  return (sel, n, out) => {
    const sums = directSums(store, spec, restrict);
    if (sums !== null) {
      directColumn(sums, sel, n, out, tLo, tLoErr, tHi, tHiErr, exact, stats);
      return;
    }
    const diff = differenceSums(store, spec, restrict);
    for (let q = 0; q < n; q++) {
      const i = sel[q];
      // A difference of two tables (base-lineage, other-lineage), as measure/store.ts viewOf takes it.
      let lo: number;
      let hi: number;
      let err: number;
      let missing: number;
      if (diff !== null) {
        const w = diff.whole;
        const p = diff.part;
        lo = w.lo[i] - p.lo[i];
        hi = w.hi[i] - p.hi[i];
        err = addErr(Math.max(Math.abs(lo), Math.abs(hi)), w.err[i], p.err[i]);
        missing = w.missing[i] - p.missing[i];
      } else {
        observe(i, view);
        lo = view.lo;
        hi = view.hi;
        err = view.err;
        missing = view.missing;
      }
      // decideFloat, unrolled over columns.
      const s = provenSign(lo, err, tHi, tHiErr);
      if (s > 0) out[i] = TRUE;
      else if (s < 0 && missing !== 0) out[i] = UNKNOWN;
      else {
        const s2 = s === 0 ? 0 : provenSign(hi, err, tLo, tLoErr);
        if (s2 < 0) out[i] = FALSE;
        else if (s2 > 0) out[i] = UNKNOWN;
        else {
          stats.exactFallbacks++;
          out[i] = exact(i);
        }
      }
    }
  };
}

/**
 * The column loop of an absolute threshold over one table's sums: `provenSign` (exact/bound.ts) written out, the
 * high and the unknown count read only for models whose low is proven below the threshold.
 */
function directColumn(
  sums: FloatSums,
  sel: Int32Array,
  n: number,
  out: Uint8Array,
  tLo: number,
  tLoErr: number,
  tHi: number,
  tHiErr: number,
  exact: ModelTest,
  stats: ColumnStats,
): void {
  const los = sums.lo;
  const his = sums.hi;
  const errs = sums.err;
  const missing = sums.missing;
  for (let q = 0; q < n; q++) {
    const i = sel[q];
    const e = errs[i];
    // Sign of lo − tHi, proven when the gap exceeds twice the bounds (not proven for infinite bounds or gaps).
    const b1 = 2 * (e + tHiErr) + TINY;
    const d1 = los[i] - tHi;
    if (b1 < Infinity && d1 > b1 && d1 < Infinity) {
      out[i] = TRUE;
      continue;
    }
    if (b1 < Infinity && d1 < -b1 && d1 > -Infinity) {
      if (missing[i] !== 0) {
        out[i] = UNKNOWN;
        continue;
      }
      const b2 = 2 * (e + tLoErr) + TINY;
      const d2 = his[i] - tLo;
      if (b2 < Infinity && d2 < -b2 && d2 > -Infinity) {
        out[i] = FALSE;
        continue;
      }
      if (b2 < Infinity && d2 > b2 && d2 < Infinity) {
        out[i] = UNKNOWN;
        continue;
      }
    }
    stats.exactFallbacks++;
    out[i] = exact(i);
  }
}

/** A column value meaning "not decided over the column: ask the per-model test" (`relativeColumns`). */
export const PER_MODEL = 3;

/**
 * A threshold relative to another measure as a column pre-pass and the per-model test: `pre` writes the verdict of
 * every selected model whose original amount is known and whose float bounds decide (what the per-model test
 * decides first, on the same floats), and PER_MODEL for the rest (the rule's fallbacks, which may read other
 * rules' verdicts, and the exact comparison), which `one` then decides model by model. `pre` reads no verdict, so
 * a reading that refers to itself can run it over every pending model before going bases first (residual.ts).
 */
export function relativeColumns(test: Test, env: CompileEnv): { pre: ColumnTest; one: ModelTest } {
  const { store, restrict } = env;
  const spec = env.measures[test.measure];
  const ofSpec = env.measures[test.threshold.of!];
  const kf = fracApprox(frac(test.threshold.fraction ?? '1'));
  const kv = kf.v;
  const kErr = kf.err;
  const kAbs = Math.abs(kv);
  const observe = store.viewer(spec, restrict);
  const observeOf = store.viewer(ofSpec, false);
  const view = floatView();
  const ofView = floatView();
  const pre: ColumnTest = (sel, n, out) => {
    // The sums as typed arrays where they are one table's (own, lineage, developer-lineage) or a difference of two
    // (base-lineage, other-lineage: measure/store.ts viewOf); the viewers otherwise.
    const obs = directSums(store, spec, restrict);
    const ofDirect = directSums(store, ofSpec, false);
    const ofDiff = ofDirect === null ? differenceSums(store, ofSpec, false) : null;
    const ofWhole = ofDirect ?? (ofDiff && ofDiff.whole);
    const ofPart = ofDiff && ofDiff.part;
    for (let q = 0; q < n; q++) {
      const i = sel[q];
      let oLo: number;
      let oHi: number;
      let oErr: number;
      if (ofWhole === null) {
        observeOf(i, ofView);
        if (ofView.missing !== 0) {
          out[i] = PER_MODEL;
          continue;
        }
        oLo = ofView.lo;
        oHi = ofView.hi;
        oErr = ofView.err;
      } else if (ofPart === null) {
        if (ofWhole.missing[i] !== 0) {
          out[i] = PER_MODEL;
          continue;
        }
        oLo = ofWhole.lo[i];
        oHi = ofWhole.hi[i];
        oErr = ofWhole.err[i];
      } else {
        if (ofWhole.missing[i] - ofPart.missing[i] !== 0) {
          out[i] = PER_MODEL;
          continue;
        }
        oLo = ofWhole.lo[i] - ofPart.lo[i];
        oHi = ofWhole.hi[i] - ofPart.hi[i];
        oErr = addErr(Math.max(Math.abs(oLo), Math.abs(oHi)), ofWhole.err[i], ofPart.err[i]);
      }
      if (obs === null) observe(i, view);
      else {
        view.lo = obs.lo[i];
        view.hi = obs.hi[i];
        view.err = obs.err[i];
        view.missing = obs.missing[i];
      }
      // As in `compile`: mulApprox of the original's low and high by the fraction.
      const lo = oLo * kv;
      let loErr = Math.abs(oLo) * kErr + kAbs * oErr + oErr * kErr + Math.abs(lo) * U + TINY;
      if (!(Number.isFinite(lo) && Number.isFinite(loErr))) loErr = Infinity;
      const hi = oHi * kv;
      let hiErr = Math.abs(oHi) * kErr + kAbs * oErr + oErr * kErr + Math.abs(hi) * U + TINY;
      if (!(Number.isFinite(hi) && Number.isFinite(hiErr))) hiErr = Infinity;
      const r = decideBounds(view, lo, loErr, hi, hiErr);
      out[i] = r === UNDECIDED ? PER_MODEL : r;
    }
  };
  return { pre, one: compile(test, env) };
}

/**
 * The two tables a difference scope reads (measure/store.ts viewOf): base-lineage is the lineage total (own
 * developer's lineage when restricted) less the own amount, other-lineage the total less the own developer's
 * lineage; null for the other scopes (and restricted other-lineage, which is zero).
 */
function differenceSums(
  store: MeasureStore,
  spec: MeasureSpec,
  restrict: boolean,
): { whole: FloatSums; part: FloatSums } | null {
  if (spec.scope === 'base-lineage') {
    const t = store.fast(spec);
    return { whole: restrict ? t.developer : t.total, part: t.own };
  }
  if (spec.scope === 'other-lineage' && !restrict) {
    const t = store.fast(spec);
    return { whole: t.total, part: t.developer };
  }
  return null;
}

function compile(test: Test, env: CompileEnv): ModelTest {
  const { store, restrict } = env;
  const spec = env.measures[test.measure];
  const t = test.threshold;
  const view = floatView();
  const ofView = floatView();
  const observe = store.viewer(spec, restrict);
  const ofSpec = t.of !== undefined ? env.measures[t.of] : undefined;

  const exact = exactTest(test, env);

  if (ofSpec === undefined) {
    const th = approxPair(absoluteThreshold(t, env.asOf, env.ref));
    return (i) => {
      observe(i, view);
      const r = decideFloat(view, th.lo, th.hi);
      return r === UNDECIDED ? exact(i) : (r as Tri);
    };
  }

  const k = frac(t.fraction ?? '1');
  const kf = fracApprox(k);
  const kv = kf.v;
  const kErr = kf.err;
  const kAbs = Math.abs(kv);
  const observeOf = store.viewer(ofSpec, false);
  const fallbacks = (t.fallbacks ?? []).map((fb) => {
    const kk = frac(fb.fraction ?? '1');
    const q: Frac = { num: mul(dec(fb.value), kk.num), den: kk.den };
    return { when: compileCondition(fb.when, env), th: fracApprox(q) };
  });
  return (i) => {
    observe(i, view);
    observeOf(i, ofView);
    let r: number;
    if (ofView.missing === 0) {
      // mulApprox (exact/bound.ts) of the original's low and high by the fraction, without an object per model.
      const ea = ofView.err;
      const lo = ofView.lo * kv;
      let loErr = Math.abs(ofView.lo) * kErr + kAbs * ea + ea * kErr + Math.abs(lo) * U + TINY;
      if (!(Number.isFinite(lo) && Number.isFinite(loErr))) loErr = Infinity;
      const hi = ofView.hi * kv;
      let hiErr = Math.abs(ofView.hi) * kErr + kAbs * ea + ea * kErr + Math.abs(hi) * U + TINY;
      if (!(Number.isFinite(hi) && Number.isFinite(hiErr))) hiErr = Infinity;
      r = decideBounds(view, lo, loErr, hi, hiErr);
    } else {
      // The rule's own fallbacks while the original's amount is unknown; disagreeing fallbacks leave it open.
      r = UNKNOWN;
      let first = -2;
      for (const fb of fallbacks) {
        const w = fb.when(i);
        if (w === FALSE) continue;
        // `when` can evaluate this same rule for a base model (through another rule's modelFinding), which
        // reuses the scratch view: read this model's amount again.
        observe(i, view);
        const d = decideFloat(view, fb.th, fb.th);
        if (d === UNDECIDED) return exact(i);
        if (first === -2) first = d;
        else if (d !== first) first = UNKNOWN;
        if (w === TRUE) break;
      }
      if (first !== -2) r = first;
    }
    return r === UNDECIDED ? exact(i) : (r as Tri);
  };
}

export const compare: Operator<'compare'> = {
  key: 'compare',
  summary:
    "A measure of the model against a threshold with an explicit comparator: absolute, adjusted for inflation, or a fraction of another measure with the rule's fallbacks while that measure is unknown.",
  subjects: ['model'],
  messages: {
    'compare.met': 'the observed amount passes the threshold',
    'compare.not-met': 'the observed amount does not pass the threshold',
    'compare.unknown': 'the observed range straddles the threshold or part of it is unknown',
    contributions: "each developer's share of a lineage amount",
    'compare.market-basis':
      'a cost priced at market rates (costBasis "market"): the market figure compared, what was paid or declared, and where each came from',
  },
  children: (op) =>
    (op.threshold.fallbacks ?? []).map((fb, i) => ({
      segments: ['threshold', 'fallbacks', i, 'when'],
      condition: fb.when,
    })),
  evaluate,
  compile,
  columns,
  readsOthers: (op, ctx) => {
    const scope = ctx.measures[op.measure]?.scope;
    if (scope !== 'own' && scope !== 'developer-lineage') return true;
    return (op.threshold.fallbacks ?? []).some((fb) => ctx.visit(fb.when));
  },
  describe: (op, ctx) => {
    const t = op.threshold;
    const q = ctx.measures[op.measure]?.quantity ?? 'flop';
    const word = op.wording ? ` ("${op.wording}")` : '';
    let thr: string;
    if (t.of !== undefined) thr = `${t.fraction ?? '1'} of ${t.of}`;
    else thr = thresholdText(t.value!, q) + (t.fraction ? ` × ${t.fraction}` : '');
    if (t.inflation)
      thr += `, adjusted for inflation by ${t.inflation.series} from ${t.inflation.fromYear} (base ${t.inflation.baseYear}, rounded to ${t.inflation.roundTo})`;
    const lines = [`${op.measure} ${op.op} ${thr}${word}`];
    for (const fb of t.fallbacks ?? [])
      lines.push(
        `  fallback when ${t.of} is unknown: ${fb.fraction ?? '1'} × ${thresholdText(fb.value, q)} — ${fb.label}`,
      );
    return lines;
  },
  check: (op, ctx) => {
    const out = [];
    const t = op.threshold;
    if (!(op.measure in ctx.measures))
      out.push({ path: ctx.at('measure'), message: `no measure named "${op.measure}"` });
    if (ctx.rule.subject !== 'model')
      out.push({ path: ctx.at(), message: 'organization rules compare model measures through developedModels' });
    if ((t.value === undefined) === (t.of === undefined))
      out.push({ path: ctx.at('threshold'), message: 'give exactly one of value or of' });
    if (t.of !== undefined && !(t.of in ctx.measures))
      out.push({ path: ctx.at('threshold.of'), message: `no measure named "${t.of}"` });
    if (t.fraction !== undefined && !parseFrac(t.fraction))
      out.push({ path: ctx.at('threshold.fraction'), message: 'not a positive fraction' });
    if (t.fallbacks && t.of === undefined)
      out.push({
        path: ctx.at('threshold.fallbacks'),
        message: 'fallbacks only apply to a threshold relative to another measure',
      });
    if (t.inflation && !parseDec(t.inflation.roundTo))
      out.push({ path: ctx.at('threshold.inflation.roundTo'), message: 'not a decimal' });
    return out;
  },
};
