// Exact comparison of an observed amount with a threshold (absolute, inflation-adjusted, or a fraction of another
// measure with the rule's own fallbacks), producing the MeasureOut record a finding shows.
import { Dec, Frac, ONE, cmp, cmpFrac, fromNumber, mul, parseDec, parseFrac, roundFracToStep } from '../exact/decimal';
import { exactOf, exactOfFrac } from '../format/numbers';
import { Amount, mayBePositive, toInterval, ZERO_AMOUNT } from '../measure/amount';
import type { Condition, ExactNumber, IntervalOut, MeasureOut, MeasureSpec, Threshold } from '../types';
import { FALSE, TRUE, Tri, UNKNOWN } from './tri';
import type { ReferenceTables } from '../estimate/reference';

type CompareTest = NonNullable<Condition['compare']>;

/**
 * Whether the observed amount may exceed the own share: `mayBePositive(minus(observed, own))` without the exact
 * subtractions of each bound (a bigint alignment each, once per measure of every finding): more unknown parts, or a
 * known high bound exactly above the own one.
 */
function othersMayCount(observed: Amount, own: Amount): boolean {
  if (own === ZERO_AMOUNT) return mayBePositive(observed);
  return observed.missing > own.missing || cmp(observed.hiKnown, own.hiKnown) > 0;
}

/** Decides `amount op threshold` where the threshold lies in [tLo, tHi] (equal for an exact threshold). */
export function decide(a: Amount, op: '>' | '>=', tLo: Frac, tHi: Frac): Tri {
  const loVsHi = cmpFrac(a.lo, tHi);
  if (op === '>' ? loVsHi > 0 : loVsHi >= 0) return TRUE;
  if (a.missing === 0) {
    const hiVsLo = cmpFrac(a.hiKnown, tLo);
    if (op === '>' ? hiVsLo <= 0 : hiVsLo < 0) return FALSE;
  }
  return UNKNOWN;
}

/**
 * An amount's exact bounds as findings show them. With `memo` (one model's, forgotten with its explanation data)
 * the decimal strings are made once per amount: the same amount (one table cell) is read by the full and own-only
 * traces and by every rule comparing it. Amounts are never changed after they are made, nor are these records.
 */
export function intervalOut(a: Amount, memo?: Map<Amount, IntervalOut>): IntervalOut {
  let out = memo?.get(a);
  if (!out) {
    const iv = toInterval(a);
    out = {
      low: exactOf(iv.lo),
      high: iv.hi === null ? null : exactOf(iv.hi),
      central: iv.mid === null ? null : exactOf(iv.mid),
    };
    memo?.set(a, out);
  }
  return out;
}

export interface ThresholdChoice {
  lo: Frac;
  hi: Frac;
  basis: string;
}

/** Dollar thresholds adjusted by a price index: value × I(year before evaluation) / I(base year), rounded. */
export function inflate(
  value: Dec,
  infl: NonNullable<Threshold['inflation']>,
  asOf: string,
  ref: ReferenceTables,
): { value: Dec; note: string } {
  const year = parseInt(asOf.slice(0, 4), 10);
  if (year < infl.fromYear) return { value, note: `no inflation adjustment before ${infl.fromYear}` };
  const series = ref.indices.get(infl.series);
  const annual = new Map((series?.values ?? []).map((v) => [v.period, v.value]));
  const base = annual.get(String(infl.baseYear));
  let y = year - 1;
  while (y > infl.baseYear && !annual.has(String(y))) y--;
  const cur = annual.get(String(y));
  if (base === undefined || cur === undefined) {
    return {
      value,
      note: `inflation adjustment not applied: ${infl.series} has no value for ${base === undefined ? infl.baseYear : year - 1}`,
    };
  }
  const q: Frac = { num: mul(value, fromNumber(cur)), den: fromNumber(base) };
  const adjusted = roundFracToStep(q, parseDec(infl.roundTo)!);
  return {
    value: adjusted,
    note: `adjusted for inflation by ${infl.series} ${y}/${infl.baseYear} (${cur}/${base}), rounded to ${infl.roundTo}`,
  };
}

const absoluteCache = new WeakMap<Threshold, ThresholdChoice>();
export function absoluteThreshold(t: Threshold, asOf: string, ref: ReferenceTables): ThresholdChoice {
  if (!t.inflation) {
    let c = absoluteCache.get(t);
    if (!c) absoluteCache.set(t, (c = absoluteThresholdUncached(t, asOf, ref)));
    return c;
  }
  return absoluteThresholdUncached(t, asOf, ref);
}

function absoluteThresholdUncached(t: Threshold, asOf: string, ref: ReferenceTables): ThresholdChoice {
  let v = dec(t.value!);
  let basis = 'absolute threshold';
  if (t.inflation) {
    const r = inflate(v, t.inflation, asOf, ref);
    v = r.value;
    basis = r.note;
  }
  if (t.fraction) {
    const k = parseFrac(t.fraction)!;
    const q: Frac = { num: mul(v, k.num), den: k.den };
    return { lo: q, hi: q, basis: `${t.fraction} of ${t.value}` };
  }
  const q: Frac = { num: v, den: ONE };
  return { lo: q, hi: q, basis };
}

export interface CompareEnv {
  observed: Amount;
  /** The same-developer share (computed only when explaining). */
  ownShare: () => Amount;
  spec: MeasureSpec;
  name: string;
  asOf: string;
  ref: ReferenceTables;
  /** The referenced measure for relative thresholds (never restricted). */
  of?: Amount;
  /** Evaluates a fallback's `when` condition. */
  when: (c: Condition) => Tri;
  /** Build the MeasureOut record (only when explaining; verdict-only runs skip it). */
  explain: boolean;
  /**
   * Only the amount and the threshold are read (price sensitivity's traces): the record leaves the own share and
   * the threshold's basis empty.
   */
  amountsOnly?: boolean;
  /** Exact bounds already written for amounts of this model (see `intervalOut`). */
  intervals?: Map<Amount, IntervalOut>;
}

export interface CompareResult {
  tri: Tri;
  out: MeasureOut | null;
}

const parsedDec = new Map<string, Dec>();
const parsedFrac = new Map<string, Frac>();
/** Rule constants are parsed once (rules are validated, so these parse). */
export function dec(s: string): Dec {
  let d = parsedDec.get(s);
  if (!d) parsedDec.set(s, (d = parseDec(s)!));
  return d;
}
export function frac(s: string): Frac {
  let q = parsedFrac.get(s);
  if (!q) parsedFrac.set(s, (q = parseFrac(s)!));
  return q;
}

type Fallback = NonNullable<Threshold['fallbacks']>[number];
const fallbackValues = new WeakMap<Fallback, Frac>();
/** A fallback threshold's value (a rule constant: one Frac per fallback object, so its text is written once). */
function fallbackValue(fb: Fallback): Frac {
  let q = fallbackValues.get(fb);
  if (!q) {
    const kk = frac(fb.fraction ?? '1');
    fallbackValues.set(fb, (q = { num: mul(dec(fb.value), kk.num), den: kk.den }));
  }
  return q;
}

const thresholdTexts = new WeakMap<Frac, ExactNumber>();
/**
 * A threshold as findings show it, written once per threshold value (absolute thresholds and fallbacks are one
 * object per rule constant; records are never changed after they are made).
 */
function thresholdOut(q: Frac): ExactNumber {
  let x = thresholdTexts.get(q);
  if (!x) thresholdTexts.set(q, (x = exactOfFrac(q)));
  return x;
}

export function compare(test: CompareTest, env: CompareEnv): CompareResult {
  const t = test.threshold;
  if (!env.explain && t.of === undefined) {
    // Verdict-only fast path: one absolute threshold, no records built.
    const c = absoluteThreshold(t, env.asOf, env.ref);
    return { tri: decide(env.observed, test.op, c.lo, c.hi), out: null };
  }
  const choices: ThresholdChoice[] = [];
  if (t.of !== undefined) {
    const k = frac(t.fraction ?? '1');
    const of = env.of!;
    if (of.missing === 0) {
      choices.push({
        lo: { num: mul(of.lo, k.num), den: k.den },
        hi: { num: mul(of.hiKnown, k.num), den: k.den },
        basis: `${t.fraction ?? '1'} of ${t.of}`,
      });
    } else {
      for (const fb of t.fallbacks ?? []) {
        const w = env.when(fb.when);
        if (w === FALSE) continue;
        const q = fallbackValue(fb);
        choices.push({ lo: q, hi: q, basis: `fallback (${t.of} unknown): ${fb.label}` });
        if (w === TRUE) break;
      }
    }
  } else {
    choices.push(absoluteThreshold(t, env.asOf, env.ref));
  }

  let tri: Tri = UNKNOWN;
  if (choices.length > 0) {
    const results = choices.map((c) => decide(env.observed, test.op, c.lo, c.hi));
    tri = results.every((r) => r === results[0]) ? results[0] : UNKNOWN;
  }
  if (!env.explain) return { tri, out: null };
  const first = choices[0];
  if (env.amountsOnly) return { tri, out: amountsOut(test, env, tri, first) };
  const ownShare = env.ownShare();
  const out: MeasureOut = {
    id: env.name,
    description: env.spec.description,
    quantity: env.spec.quantity,
    unit: env.spec.quantity === 'flop' ? 'FLOP' : 'USD',
    scope: env.spec.scope,
    observed: intervalOut(env.observed, env.intervals),
    comparator: test.op,
    ...(test.wording ? { wording: test.wording } : {}),
    threshold: first ? thresholdOut(first.hi) : null,
    thresholdBasis:
      choices.length === 0
        ? `${t.of} unknown and no fallback applies`
        : choices.length === 1
          ? first.basis
          : `${t.of} unknown; possible fallbacks: ${choices.map((c) => `${c.basis} = ${thresholdOut(c.hi).exact}`).join('; ')}`,
    result: tri === TRUE ? 'met' : tri === FALSE ? 'not-met' : 'unknown',
    estimated: env.observed.estimated,
    methods: [],
    missing: [...env.observed.sample],
    ownShare: env.spec.scope === 'own' ? null : intervalOut(ownShare, env.intervals),
    countsOthers:
      env.spec.scope !== 'own' && env.spec.scope !== 'developer-lineage' && othersMayCount(env.observed, ownShare),
  };
  return { tri, out };
}

/** The record of `compare` with only what price sensitivity reads: the amount, the threshold and the comparator. */
function amountsOut(test: CompareTest, env: CompareEnv, tri: Tri, first: ThresholdChoice | undefined): MeasureOut {
  return {
    id: env.name,
    description: env.spec.description,
    quantity: env.spec.quantity,
    unit: env.spec.quantity === 'flop' ? 'FLOP' : 'USD',
    scope: env.spec.scope,
    observed: intervalOut(env.observed),
    comparator: test.op,
    threshold: first ? thresholdOut(first.hi) : null,
    thresholdBasis: '',
    result: tri === TRUE ? 'met' : tri === FALSE ? 'not-met' : 'unknown',
    estimated: env.observed.estimated,
    methods: [],
    missing: [],
    ownShare: null,
    countsOthers: false,
  };
}
