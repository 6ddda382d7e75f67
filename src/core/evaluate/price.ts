// Price sensitivity of a finding: the GPU price scales at which its verdict changes. Every dollar amount a rule
// compares is D + k·G (D declared, G from accelerator-hours × price), so each dollar test and each bound of a range
// can only change sides at k = (T − D)/(G − dT) (dT when the threshold itself moves with prices); between those
// points the verdict is constant. The verdict is decided by the engine itself, exactly, inside each interval and at
// each point (no floating-point search), on the part of the lineage the subject's verdict can read.
import { ancestors } from '../graph/lineage';
import { cmp, ONE, parseDec, sub, ZERO, type Dec } from '../exact/decimal';
import {
  decimalBetween,
  decimalString,
  fractionString,
  fromDec,
  Q,
  Q0,
  qCmp,
  qDiv,
  qMul,
  qSign,
  qSub,
  toDec,
  toNumber,
} from '../exact/rational';
import { priceDerived, type PriceScale } from '../estimate/price-scale';
import type { ReferenceTables } from '../estimate/reference';
import { exactOf } from '../format/numbers';
import type { ExactNumber, LineageDocument, MeasureOut, MeasureSpec, Message, Rule, Verdict } from '../types';
import type { Subject, Trace } from './conditions';
import { Evaluator, readings } from './engine';
import { ScaledJudge, ZeroStore } from './price-scaled';
import { VERDICT_NAMES } from './tri';

/** One scale at which the verdict changes: the verdict just below, exactly at (null if undecidable) and above it. */
export interface PriceStep {
  scale: number;
  /** Exact when the decimal terminates, else rounded to 24 significant digits (see `fraction`). */
  scaleExact: string;
  /** The exact scale as a fraction, "50/21". */
  fraction: string;
  below: Verdict;
  at: Verdict | null;
  above: Verdict;
}

export interface PriceFlip {
  /** The verdict at the scale evaluated. */
  verdict: Verdict;
  /** The nearest scale at which the verdict changes; null when no price scale changes it. */
  flipScale: number | null;
  flipScaleExact: string | null;
  flipScaleFraction: string | null;
  /** `rising`: the verdict changes as prices rise past flipScale; `falling`: as they fall to it. */
  direction: 'rising' | 'falling' | null;
  /** The verdict past the flip. */
  verdictBeyond: Verdict | null;
  /** Whether the new verdict already holds at exactly flipScale (false: strictly beyond it). */
  flipIncluded: boolean | null;
  /** $/accelerator-hour at the flip, when every price-derived cost counted uses one price (else null). */
  pricePerAcceleratorHourUsd: number | null;
  /** Every scale where the verdict changes, ascending. */
  steps: PriceStep[];
}

export interface PriceSensitivity extends PriceFlip {
  /** The price scale the finding was evaluated at (exact decimal string). */
  scale: string;
  /** Whether declared costs were scaled too. */
  scaleDeclared: boolean;
  /** The dollar tests (measure ids) of the rule whose amounts move with prices. */
  measures: string[];
  /** The own-only counterfactual's flip. */
  ownOnly: PriceFlip;
  /** Each dollar test of the rule as a line in the scale k: amount = fixed + k × perScale (lineage and own-only). */
  dollarTests: DollarTest[];
}

/** An amount as a line in the price scale: the part that does not move, and the part per 1× of prices. */
export interface ScaledAmount {
  fixed: { low: ExactNumber; high: ExactNumber | null };
  perScale: { low: ExactNumber; high: ExactNumber | null };
}

export interface DollarTest {
  measure: string;
  description: string;
  comparator: '>' | '>=';
  /** The threshold at today's prices (null when it has none). */
  threshold: ExactNumber | null;
  amount: ScaledAmount;
  /** The same test counting only the developer's own compute and spend (null when own-only does not run it). */
  ownOnly: ScaledAmount | null;
}

/** How the engine is instantiated on a document under a price scenario (engine.ts passes its constructor). */
export type MakeEvaluator = (doc: LineageDocument, ref: ReferenceTables) => Evaluator;

interface Candidate {
  at: Q;
  /** Whether the verdict exactly at `at` equals the one just below (true), just above (false), or either. */
  left: boolean;
}

/** A distinct breakpoint; `left` null when candidates there disagree on the side. */
interface Point {
  at: Q;
  left: boolean | null;
}

const decOf = (s: string): Dec => parseDec(s)!;

/** The rules a rule refers to (baseFinding, modelFinding, developedModels …), transitively; itself when it does. */
function reachableRules(rule: Rule, byId: ReadonlyMap<string, Rule>): Rule[] {
  const out = new Map<string, Rule>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (k === 'rule' && typeof v === 'string') {
          const r = byId.get(v);
          if (r && !out.has(r.id)) {
            out.set(r.id, r);
            walk([r.applicability, r.condition, r.interpretations]);
          }
        } else walk(v);
      }
    }
  };
  walk([rule.applicability, rule.condition, rule.interpretations]);
  return [...out.values()];
}

/** Whether any of the rule's measures (its own or a reading's) satisfies `test`. */
const anyMeasure = (r: Rule, test: (m: MeasureSpec) => boolean): boolean =>
  Object.values(r.measures ?? {}).some(test) ||
  (r.interpretations ?? []).some((x) => Object.values(x.measures ?? {}).some(test));
const hasDollars = (r: Rule): boolean => anyMeasure(r, (m) => m.quantity === 'costUsd');
/** A dollar test at market prices (costBasis "market") prices records from the bill's list cost or the table. */
const atMarket = (r: Rule): boolean => anyMeasure(r, (m) => m.quantity === 'costUsd' && m.costBasis === 'market');

/** The sub-lineage a subject's verdict can read: its models and their ancestors (document order kept). */
function subDocument(ev: Evaluator, subject: Subject): LineageDocument {
  const ix = ev.ix;
  const roots = subject.kind === 'model' ? [subject.i] : subject.models;
  const keep = new Set<number>(roots);
  for (const r of roots) for (const a of ancestors(ix, r, () => true)) keep.add(a);
  if (keep.size === ix.models.length) return ix.doc;
  return { ...ix.doc, models: ix.models.filter((_, i) => keep.has(i)) };
}

function subjectIn(e: Evaluator, subject: Subject, id: string): Subject {
  if (subject.kind === 'model') return { kind: 'model', i: e.ix.byId.get(id)! };
  const o = e.organizations().find((x) => x.id === id);
  return { kind: 'organization', id, models: o ? o.models : [] };
}

function traced(e: Evaluator, rule: Rule, interp: string | undefined, s: Subject, restrict: boolean): MeasureOut[] {
  // Only the dollar tests' amounts and thresholds are read: no messages, breakdowns or estimation methods.
  const t: Trace = { measures: [], messages: [], detail: 'amounts' };
  e.judge(rule, interp, s, restrict, t);
  return t.measures.filter((m) => m.quantity === 'costUsd');
}

const thresholdQs = new WeakMap<ExactNumber, Q>();
/** A threshold's exact value (a rule's threshold is one record, written once: read back once too). */
function thresholdQ(t: ExactNumber): Q {
  let q = thresholdQs.get(t);
  if (!q) thresholdQs.set(t, (q = fromDec(decOf(t.exact))));
  return q;
}

/** Breakpoints of the dollar tests seen at scales 0 and 1 (amounts and thresholds are linear in the scale). */
function candidates(at0: MeasureOut[], at1: MeasureOut[], out: Candidate[]): void {
  at0.forEach((m0, j) => {
    const m1 = at1[j];
    if (!m1 || m1.id !== m0.id || m0.threshold === null || m1.threshold === null) return;
    const t0 = thresholdQ(m0.threshold);
    const dT = qSub(thresholdQ(m1.threshold), t0);
    const bounds: [string | undefined, string | undefined][] = [
      [m0.observed.low.exact, m1.observed.low.exact],
      [m0.observed.high?.exact, m1.observed.high?.exact],
    ];
    for (const [a, b] of bounds) {
      if (a === undefined || b === undefined) continue;
      const d = fromDec(decOf(a));
      const slope = qSub(qSub(fromDec(decOf(b)), d), dT);
      if (qSign(slope) === 0) continue;
      const k = qDiv(qSub(t0, d), slope);
      if (qSign(k) <= 0) continue;
      // At k the amount equals the threshold: ">" is not met there (as below k when the gap grows with k),
      // ">=" is met there (as above k); a shrinking gap swaps the sides.
      out.push({ at: k, left: (m0.comparator === '>') === qSign(slope) > 0 });
    }
  });
}

/** The one price every price-derived record counted uses (of the models given, default all), else null. */
function singlePrice(e: Evaluator, own: number | null, declared: boolean, models?: Iterable<number>): Q | null {
  let price: Q | null = null;
  const ix = e.ix;
  for (const i of models ?? ix.models.keys()) {
    if (own !== null && ix.devKey[i] !== ix.devKey[own]) continue;
    const recs = ix.models[i].compute ?? [];
    const est = e.store.estimates.of(i) ?? [];
    for (let j = 0; j < recs.length; j++) {
      const c = est[j].cost;
      const hw = recs[j].hardware;
      if (!priceDerived(c.method)) {
        if (declared && c.method !== 'unknown' && c.cost.hi !== null && c.cost.hi.m !== 0n) return null;
        continue;
      }
      if (!hw || c.cost.hi === null || c.cost.hi.m !== c.cost.lo.m || c.cost.hi.e !== c.cost.lo.e) return null;
      const hours = qMul(fromDec(decOf(String(hw.count))), fromDec(decOf(String(hw.hours))));
      if (qSign(hours) === 0) continue;
      const p = qDiv(fromDec(c.cost.lo), hours);
      if (price !== null && qCmp(price, p) !== 0) return null;
      price = p;
    }
  }
  return price;
}

const NO_FLIP = (verdict: Verdict): PriceFlip => ({
  verdict,
  flipScale: null,
  flipScaleExact: null,
  flipScaleFraction: null,
  direction: null,
  verdictBeyond: null,
  flipIncluded: null,
  pricePerAcceleratorHourUsd: null,
  steps: [],
});

type FindingVerdicts = { full: Verdict; own: Verdict; measures?: MeasureOut[]; ownMeasures?: MeasureOut[] };

/** No price-derived amount moves: no flip, and each dollar test is a flat line at the amounts the finding shows. */
const unmoved = (scale: PriceScale, verdicts: FindingVerdicts): PriceSensitivity => ({
  scale: decimalString(fromDec(scale.k)),
  scaleDeclared: scale.declared,
  measures: [],
  ...NO_FLIP(verdicts.full),
  ownOnly: NO_FLIP(verdicts.own),
  dollarTests: dollarTests(flat(verdicts.measures), flat(verdicts.ownMeasures)),
});

/** The sensitivity of a finding whose dollar tests move: the full rule's flip and the own-only counterfactual's. */
const moved = (
  k0: Q,
  scale: PriceScale,
  measureIds: ReadonlySet<string>,
  traces: readonly [MeasureOut[], MeasureOut[]][],
  full: PriceFlip,
  own: PriceFlip,
): PriceSensitivity => ({
  scale: decimalString(k0),
  scaleDeclared: scale.declared,
  measures: [...measureIds].sort(),
  dollarTests: dollarTests(traces[0], traces[1]),
  ...full,
  ownOnly: own,
});

/** What every finding of one evaluation shares: the rules, the scenario, and the engine at each scale. */
export interface PriceContext {
  readonly rules: readonly Rule[];
  readonly byId: ReadonlyMap<string, Rule>;
  readonly scale: PriceScale;
  readonly baseRef: ReferenceTables;
  readonly makeEv: MakeEvaluator;
  /** Evaluators of the whole document by scale (small documents), shared by all findings. */
  readonly whole: Map<string, Evaluator>;
  readonly reach: Map<Rule, Rule[]>;
  /** Breakpoints of referred rules' dollar tests per rule and subject (whole document). */
  readonly otherCandidates: Map<string, Candidate[]>;
  /** Whether any cost of the whole document moves, without and with market-basis dollar tests. */
  scalesWhole: [boolean?, boolean?];
  /** The whole document at 0× and 1× and what findings share across subjects (built on first use). */
  lines?: Lines;
}

/** Breakpoints with the comparator sides seen: mask bit 1 a candidate with `left`, bit 2 one without. */
interface Cands {
  pts: Candidate[];
  mask: number;
}
const NO_CANDS: Cands = { pts: [], mask: 0 };

/** Per document: the engine at 0× and 1×, the judge at other scales, and breakpoints per referred rule and model. */
interface Lines {
  e0: Evaluator;
  e1: Evaluator;
  judge: ScaledJudge;
  /** Breakpoints of a rule's own dollar tests for a model (every reading, both restrictions). */
  own: Map<Rule, (Cands | undefined)[]>;
  /** The scales at which a rule's verdict for a model changes (any reading or restriction), with their sides. */
  changes: Map<Rule, (Cands | undefined)[]>;
  /** `changes` over a model and all its ancestors; mask: the sides of every breakpoint of theirs (`own`). */
  anc: Map<Rule, (Cands | undefined)[]>;
  /** Per model, whether a cost of it or of an ancestor moves with the scale (without, with market-basis tests). */
  moves: [Uint8Array?, Uint8Array?];
}

export function priceContext(
  rules: readonly Rule[],
  scale: PriceScale,
  baseRef: ReferenceTables,
  makeEv: MakeEvaluator,
): PriceContext {
  let shared = byRuleSet.get(rules);
  if (!shared) byRuleSet.set(rules, (shared = { byId: new Map(rules.map((r) => [r.id, r])), reach: new Map() }));
  return {
    rules,
    byId: shared.byId,
    scale,
    baseRef,
    makeEv,
    whole: new Map(),
    reach: shared.reach,
    otherCandidates: new Map(),
    scalesWhole: [],
  };
}

/** Up to this many models the whole document is evaluated at each scale (shared by findings), else a sub-lineage. */
const WHOLE_DOCUMENT = 64;

/**
 * Whether any cost in the document moves with the price scale (else no finding can flip). Under a market-basis dollar
 * test (`market`) a record is priced from its bill's list cost or the price table even when it declares what was
 * paid, so such records move too.
 */
function anyScaled(doc: LineageDocument, ref: ReferenceTables, declared: boolean, market: boolean): boolean {
  return doc.models.some((m) => modelScaled(m, ref, declared, market));
}

/** Whether a cost of this model's own records moves with the price scale (see `anyScaled`). */
function modelScaled(m: LineageDocument['models'][number], ref: ReferenceTables, declared: boolean, market: boolean) {
  return (m.compute ?? []).some((r) => {
    if (market && (r.billing?.listCostUsd ?? 0) > 0) return true;
    const hw = r.hardware;
    const tabled =
      hw?.accelerator !== undefined && r.start !== undefined && (ref.prices.get(hw.accelerator)?.length ?? 0) > 0;
    if (r.costUsd !== undefined || r.costUsdRange !== undefined) return declared || (market && tabled);
    if (!hw) return false;
    return r.pricePerAcceleratorHourUsd !== undefined || tabled;
  });
}

/** The reachable rules with a dollar test, memoised per rule. */
function othersOf(ctx: PriceContext, rule: Rule): Rule[] {
  let others = ctx.reach.get(rule);
  if (!others) ctx.reach.set(rule, (others = reachableRules(rule, ctx.byId).filter(hasDollars)));
  return others;
}

/**
 * What price sensitivity derives from a rule set alone (rules by id, the rules each reaches with a dollar test),
 * kept per rule set object: the CLI and the server evaluate one loaded rule set many times.
 */
const byRuleSet = new WeakMap<readonly Rule[], { byId: Map<string, Rule>; reach: Map<Rule, Rule[]> }>();

/**
 * The price sensitivity of one finding (rule, reading, subject) evaluated at the context's scale, or undefined when
 * the rule (and the rules it refers to) has no dollar test.
 *
 * The verdict can change only where one of the subject's own dollar tests crosses its threshold or where the verdict
 * of a referred rule changes for a model the subject reads (itself, its models, their ancestors). The latter are
 * found once per rule and model, bases first, and gathered over ancestors (`ancOf`), so a subject's breakpoints are
 * its own and the few where something it reads actually changes; the verdict at and between them comes from a
 * `ScaledJudge` (amounts as lines in the scale), not from an Evaluator per scale. Points where nothing changes make
 * no step, so the steps, flips and sides are those of `priceSensitivityByBreakpoints`, which still answers when
 * breakpoints of both comparator sides meet (a point reached from both is undecided there) or a referred rule is an
 * organization rule.
 */
export function priceSensitivity(
  ctx: PriceContext,
  ev: Evaluator,
  rule: Rule,
  interp: string | undefined,
  subject: Subject,
  verdicts: FindingVerdicts,
): PriceSensitivity | undefined {
  const { scale, baseRef } = ctx;
  const others = othersOf(ctx, rule);
  if (!hasDollars(rule) && others.length === 0) return undefined;
  if (others.some((o) => o.subject !== 'model'))
    return priceSensitivityByBreakpoints(ctx, ev, rule, interp, subject, verdicts);
  const small = ev.ix.models.length <= WHOLE_DOCUMENT;
  const market = atMarket(rule) || others.some(atMarket);
  const L = linesOf(ctx, ev);
  const moves = small
    ? (ctx.scalesWhole[market ? 1 : 0] ??= anyScaled(ev.ix.doc, baseRef, scale.declared, market))
    : subjectMoves(ctx, L, subject, market);
  if (!moves) return unmoved(scale, verdicts);
  const measureIds = new Set<string>();
  const found: [Candidate[], Candidate[]] = [[], []];
  const traces: [MeasureOut[], MeasureOut[]][] = [];
  let mask = 0;
  // Where the own-only counterfactual reads the same amounts (`ownOnlyMatters` false) its traces are the full ones.
  const shared = !L.e1.ownOnlyMatters(rule, interp);
  for (const restrict of shared ? [false] : [false, true]) {
    const a = traced(L.e0, rule, interp, subject, restrict);
    // At 1× on the finding's own Evaluator, the finding's measures are this very trace.
    const given = restrict ? verdicts.ownMeasures : verdicts.measures;
    const b =
      L.e1 === ev && given
        ? given.filter((m) => m.quantity === 'costUsd')
        : traced(L.e1, rule, interp, subject, restrict);
    for (const m of b)
      if (m.observed.low.exact !== a.find((x) => x.id === m.id)?.observed.low.exact) measureIds.add(m.id);
    for (const m of b)
      if (m.observed.high?.exact !== a.find((x) => x.id === m.id)?.observed.high?.exact) measureIds.add(m.id);
    const list = found[restrict ? 1 : 0];
    candidates(a, b, list);
    mask |= maskOf(list);
    traces[restrict ? 1 : 0] = [a, b];
  }
  if (shared) {
    found[1] = [...found[0]];
    traces[1] = traces[0];
  }
  // Where referred rules change for what the subject reads: the subject itself (every breakpoint of theirs, as it
  // may read itself), its ancestors, or the organization's models and their ancestors.
  const parents = L.e1.ix.parents;
  const more: Candidate[] = [];
  const add = (c: Cands) => {
    for (const x of c.pts) more.push(x);
    mask |= c.mask;
  };
  for (const other of others) {
    if (subject.kind === 'model') {
      add(ownCands(L, other, subject.i));
      for (const e of parents[subject.i]) add(ancOf(ctx, L, other, e.idx));
    } else for (const i of subject.models) add(ancOf(ctx, L, other, i));
  }
  if (mask === 3) return priceSensitivityByBreakpoints(ctx, ev, rule, interp, subject, verdicts);
  const k0 = fromDec(scale.k);
  const verdictAt = (restrict: boolean) => (k: Dec) =>
    VERDICT_NAMES[L.judge.at(k).judge(rule, interp, subject, restrict)];
  const priceOf = (restrict: boolean) => () =>
    singlePrice(
      L.e1,
      restrict && subject.kind === 'model' ? subject.i : null,
      scale.declared,
      small ? undefined : readsOf(L, subject),
    );
  const fullPts = mergeCandidates([...found[0], ...more]);
  const fullSampled = fullPts.length === 0 ? NO_SAMPLES : sample(fullPts, verdictAt(false));
  const full = flipOf(fullPts, fullSampled, k0, verdicts.full, priceOf(false));
  // Shared: the same points and the same verdicts at every scale (only the price per accelerator-hour differs).
  const own = shared
    ? flipOf(fullPts, fullSampled, k0, verdicts.own, priceOf(true))
    : flipOfAt(mergeCandidates([...found[1], ...more]), verdictAt(true), k0, verdicts.own, priceOf(true));
  return moved(k0, scale, measureIds, traces, full, own);
}

const maskOf = (list: readonly Candidate[]): number => {
  let m = 0;
  for (const c of list) m |= c.left ? 1 : 2;
  return m;
};

function linesOf(ctx: PriceContext, ev: Evaluator): Lines {
  const doc = ev.ix.doc;
  if (ctx.lines && ctx.lines.e1.ix.doc === doc) return ctx.lines;
  const { baseRef, scale, makeEv } = ctx;
  // At 1× declared costs stay what they are either way: the finding's own Evaluator serves when it is at 1×.
  const e1 =
    cmp(scale.k, ONE) === 0 ? ev : makeEv(doc, { ...baseRef, priceScale: { k: ONE, declared: scale.declared } });
  // At 0× only the dollar tables are its own (FLOP and the lineage's structure are read from 1×).
  const ref0 = { ...baseRef, priceScale: { k: ZERO, declared: scale.declared } };
  const e0 = new Evaluator(doc, ctx.rules, ev.asOf, ref0, new ZeroStore(e1.store, ref0));
  return (ctx.lines = {
    e0,
    e1,
    judge: new ScaledJudge(e0, e1, scale.declared),
    own: new Map(),
    changes: new Map(),
    anc: new Map(),
    moves: [],
  });
}

function slots(m: Map<Rule, (Cands | undefined)[]>, rule: Rule, n: number): (Cands | undefined)[] {
  let a = m.get(rule);
  if (!a) m.set(rule, (a = new Array<Cands | undefined>(n)));
  return a;
}

/**
 * Breakpoints of a rule's own dollar tests for model i, every reading and both restrictions (one where the own-only
 * counterfactual reads the same amounts: its breakpoints would repeat the full rule's).
 */
function ownCands(L: Lines, rule: Rule, i: number): Cands {
  const arr = slots(L.own, rule, L.e1.ix.models.length);
  let c = arr[i];
  if (c) return c;
  const list: Candidate[] = [];
  const s: Subject = { kind: 'model', i };
  for (const oi of readings(rule))
    for (const restrict of L.e1.ownOnlyMatters(rule, oi) ? [false, true] : [false])
      candidates(traced(L.e0, rule, oi, s, restrict), traced(L.e1, rule, oi, s, restrict), list);
  arr[i] = c = list.length === 0 ? NO_CANDS : { pts: list, mask: maskOf(list) };
  return c;
}

/**
 * The scales at which a model rule's verdict for model i changes (any reading, either restriction): among its own
 * breakpoints, those of the rules it refers to on model i, and where those change for i's ancestors.
 */
function changesOf(ctx: PriceContext, L: Lines, rule: Rule, i: number): Cands {
  const arr = slots(L.changes, rule, L.e1.ix.models.length);
  const known = arr[i];
  if (known) return known;
  const cands: Candidate[] = [...ownCands(L, rule, i).pts];
  for (const other of othersOf(ctx, rule)) {
    for (const x of ownCands(L, other, i).pts) cands.push(x);
    for (const e of L.e1.ix.parents[i]) for (const x of ancOf(ctx, L, other, e.idx).pts) cands.push(x);
  }
  const pts = mergeCandidates(cands);
  let out = NO_CANDS;
  if (pts.length > 0) {
    const changed = new Uint8Array(pts.length);
    // Every reading and restriction at one scale before the next (the judge keeps its verdicts while k stays).
    const fns: ((k: Dec) => Verdict)[] = [];
    for (const oi of readings(rule))
      for (const restrict of [false, true])
        fns.push((k) => VERDICT_NAMES[L.judge.at(k).verdict(rule, oi, restrict, i)]);
    for (const { inside, atPoint } of sampleEach(pts, fns))
      pts.forEach((_, j) => {
        if (inside[j] !== inside[j + 1] || atPoint[j] !== inside[j]) changed[j] = 1;
      });
    const list = pts.filter((_, j) => changed[j] === 1).map((p) => ({ at: p.at, left: p.left ?? true }));
    if (list.length > 0) out = { pts: list, mask: 0 };
  }
  arr[i] = out;
  return out;
}

/**
 * `changesOf` over model `start` and all its ancestors, with the sides of all their own breakpoints; computed for
 * every ancestor not yet known, bases first (no recursion along the lineage).
 */
function ancOf(ctx: PriceContext, L: Lines, rule: Rule, start: number): Cands {
  const arr = slots(L.anc, rule, L.e1.ix.models.length);
  const done = arr[start];
  if (done) return done;
  const parents = L.e1.ix.parents;
  const stack = [start];
  while (stack.length > 0) {
    const v = stack[stack.length - 1];
    if (arr[v]) {
      stack.pop();
      continue;
    }
    let ready = true;
    for (const e of parents[v])
      if (!arr[e.idx]) {
        stack.push(e.idx);
        ready = false;
      }
    if (!ready) continue;
    stack.pop();
    const ch = changesOf(ctx, L, rule, v);
    let mask = ownCands(L, rule, v).mask;
    let pts = ch.pts;
    for (const e of parents[v]) {
      const a = arr[e.idx]!;
      mask |= a.mask;
      if (a.pts.length === 0 || a.pts === pts) continue;
      pts = pts.length === 0 ? a.pts : distinct([...pts, ...a.pts]);
    }
    arr[v] = pts.length === 0 && mask === 0 ? NO_CANDS : { pts, mask };
  }
  return arr[start]!;
}

/** Candidates without repeats of the same point and side. */
function distinct(list: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = `${c.at.n}/${c.at.d}${c.left ? '<' : '>'}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether a cost the subject's verdict reads moves with prices: its models' or their ancestors' records. */
function subjectMoves(ctx: PriceContext, L: Lines, subject: Subject, market: boolean): boolean {
  let t = L.moves[market ? 1 : 0];
  if (!t) {
    const ix = L.e1.ix;
    t = new Uint8Array(ix.models.length);
    const order = L.e1.topo();
    for (let q = 0; q < order.length; q++) {
      const i = order[q];
      let v = modelScaled(ix.models[i], ctx.baseRef, ctx.scale.declared, market) ? 1 : 0;
      for (const e of ix.parents[i]) v |= t[e.idx];
      t[i] = v;
    }
    L.moves[market ? 1 : 0] = t;
  }
  const roots = subject.kind === 'model' ? [subject.i] : subject.models;
  return roots.some((i) => t[i] === 1);
}

/** The models a subject's verdict reads: its own (the model, or the organization's) and their ancestors. */
function readsOf(L: Lines, subject: Subject): number[] {
  const roots = subject.kind === 'model' ? [subject.i] : subject.models;
  const keep = new Set<number>(roots);
  for (const r of roots) for (const a of ancestors(L.e1.ix, r, () => true)) keep.add(a);
  return [...keep];
}

/**
 * The price sensitivity of one finding by the first method: a new Evaluator of the subject's sub-lineage at every
 * breakpoint and between them, and every breakpoint of every referred rule on every model the subject reads. Exact
 * but quadratic in the models a subject reads; `priceSensitivity` gives the same answer and falls back to this
 * where its shortcut does not hold (comparators of both sides, referred organization rules).
 */
export function priceSensitivityByBreakpoints(
  ctx: PriceContext,
  ev: Evaluator,
  rule: Rule,
  interp: string | undefined,
  subject: Subject,
  verdicts: FindingVerdicts,
): PriceSensitivity | undefined {
  const { scale, baseRef, makeEv } = ctx;
  let others = ctx.reach.get(rule);
  if (!others) ctx.reach.set(rule, (others = reachableRules(rule, ctx.byId).filter(hasDollars)));
  if (!hasDollars(rule) && others.length === 0) return undefined;
  const small = ev.ix.models.length <= WHOLE_DOCUMENT;
  const doc = small ? ev.ix.doc : subDocument(ev, subject);
  const market = atMarket(rule) || others.some(atMarket);
  const moves = small
    ? (ctx.scalesWhole[market ? 1 : 0] ??= anyScaled(doc, baseRef, scale.declared, market))
    : anyScaled(doc, baseRef, scale.declared, market);
  if (!moves) return unmoved(scale, verdicts);
  const id = subject.kind === 'model' ? ev.ix.models[subject.i].id : subject.id;
  const cache = small ? ctx.whole : new Map<string, Evaluator>();
  const at = (k: Dec): Evaluator => {
    const key = `${k.m}e${k.e}`;
    let e = cache.get(key);
    if (!e) cache.set(key, (e = makeEv(doc, { ...baseRef, priceScale: { k, declared: scale.declared } })));
    return e;
  };
  const e0 = at(ZERO);
  const e1 = at(ONE);
  const s0 = subjectIn(e0, subject, id);
  const s1 = subjectIn(e1, subject, id);

  const measureIds = new Set<string>();
  const found: [Candidate[], Candidate[]] = [[], []];
  const traces: [MeasureOut[], MeasureOut[]][] = [];
  for (const restrict of [false, true]) {
    const a = traced(e0, rule, interp, s0, restrict);
    const b = traced(e1, rule, interp, s1, restrict);
    for (const m of b)
      if (m.observed.low.exact !== a.find((x) => x.id === m.id)?.observed.low.exact) measureIds.add(m.id);
    for (const m of b)
      if (m.observed.high?.exact !== a.find((x) => x.id === m.id)?.observed.high?.exact) measureIds.add(m.id);
    candidates(a, b, found[restrict ? 1 : 0]);
    traces[restrict ? 1 : 0] = [a, b];
  }
  // Dollar tests of referred rules (a covered base model, a frontier model distilled from) on the models the
  // subject's verdict reads (its own and their ancestors) and their developers, own-only included: a flip there
  // can flip this finding. Per rule and subject they do not depend on the finding: cached for the whole document.
  const memo = small ? ctx.otherCandidates : new Map<string, Candidate[]>();
  const roots =
    subject.kind === 'model' ? [s0.kind === 'model' ? s0.i : 0] : s0.kind === 'organization' ? s0.models : [];
  const reads = new Set<number>(roots);
  for (const r of roots) for (const a of ancestors(e0.ix, r, () => true)) reads.add(a);
  const devs = new Set([...reads].map((i) => e0.ix.models[i].developer));
  for (const other of others) {
    const subs: Subject[] =
      other.subject === 'model'
        ? [...reads].map((i) => ({ kind: 'model', i }))
        : e0
            .organizations()
            .filter((o) => devs.has(o.id))
            .map((o) => ({ kind: 'organization', id: o.id, models: o.models }));
    for (const s of subs) {
      const sid = s.kind === 'model' ? e0.ix.models[s.i].id : s.id;
      const key = `${other.id}|${s.kind}|${sid}`;
      let list = memo.get(key);
      if (!list) {
        list = [];
        for (const oi of readings(other))
          for (const restrict of [false, true])
            candidates(
              traced(e0, other, oi, s, restrict),
              traced(e1, other, oi, subjectIn(e1, s, sid), restrict),
              list,
            );
        memo.set(key, list);
      }
      found[0].push(...list);
      found[1].push(...list);
    }
  }

  const k0 = fromDec(scale.k);
  const verdictAt =
    (restrict: boolean) =>
    (k: Dec): Verdict => {
      const e = at(k);
      return VERDICT_NAMES[e.judge(rule, interp, subjectIn(e, subject, id), restrict, null)];
    };
  const priceOf = (restrict: boolean) =>
    singlePrice(e1, restrict && subject.kind === 'model' ? e1.ix.byId.get(id)! : null, scale.declared);
  const flip = (cands: Candidate[], restrict: boolean, current: Verdict): PriceFlip =>
    flipOfAt(mergeCandidates(cands), verdictAt(restrict), k0, current, () => priceOf(restrict));
  return moved(k0, scale, measureIds, traces, flip(found[0], false, verdicts.full), flip(found[1], true, verdicts.own));
}

/** The verdict inside each open interval (0,b1), (b1,b2) … (bn,∞), and at each point (null: undecidable there). */
function sample(pts: Point[], verdictAt: (k: Dec) => Verdict): { inside: Verdict[]; atPoint: (Verdict | null)[] } {
  const inside: Verdict[] = [];
  for (let j = 0; j <= pts.length; j++)
    inside.push(verdictAt(decimalBetween(j === 0 ? Q0 : pts[j - 1].at, pts[j]?.at)));
  const atPoint = pts.map((p, j): Verdict | null => {
    const d = toDec(p.at);
    if (d) return verdictAt(d);
    return p.left === null ? null : p.left ? inside[j] : inside[j + 1];
  });
  return { inside, atPoint };
}

/** `sample` for several verdict functions, each scale visited once for all of them (same results). */
function sampleEach(
  pts: Point[],
  fns: readonly ((k: Dec) => Verdict)[],
): { inside: Verdict[]; atPoint: (Verdict | null)[] }[] {
  const out = fns.map(() => ({ inside: [] as Verdict[], atPoint: [] as (Verdict | null)[] }));
  for (let j = 0; j <= pts.length; j++) {
    const k = decimalBetween(j === 0 ? Q0 : pts[j - 1].at, pts[j]?.at);
    for (let f = 0; f < fns.length; f++) out[f].inside.push(fns[f](k));
  }
  pts.forEach((p, j) => {
    const d = toDec(p.at);
    for (let f = 0; f < fns.length; f++) {
      const { inside, atPoint } = out[f];
      atPoint.push(d ? fns[f](d) : p.left === null ? null : p.left ? inside[j] : inside[j + 1]);
    }
  });
  return out;
}

/** `flipOf` with the verdicts sampled at and between the breakpoints by `verdictAt`. */
function flipOfAt(
  pts: Point[],
  verdictAt: (k: Dec) => Verdict,
  k0: Q,
  current: Verdict,
  priceOf: () => Q | null,
): PriceFlip {
  return flipOf(pts, pts.length === 0 ? NO_SAMPLES : sample(pts, verdictAt), k0, current, priceOf);
}

const NO_SAMPLES: { inside: Verdict[]; atPoint: (Verdict | null)[] } = { inside: [], atPoint: [] };

/** The flip nearest to k0 and every step, from the verdicts at and between the breakpoints (`sample`). */
function flipOf(
  pts: Point[],
  sampled: { inside: Verdict[]; atPoint: (Verdict | null)[] },
  k0: Q,
  current: Verdict,
  priceOf: () => Q | null,
): PriceFlip {
  if (pts.length === 0) return NO_FLIP(current);
  const { inside, atPoint } = sampled;
  const steps: PriceStep[] = [];
  pts.forEach((p, j) => {
    if (inside[j] === inside[j + 1] && atPoint[j] === inside[j]) return;
    steps.push({
      scale: toNumber(p.at),
      scaleExact: decimalString(p.at),
      fraction: fractionString(p.at),
      below: inside[j],
      at: atPoint[j],
      above: inside[j + 1],
    });
  });
  const chosen = nearestFlip(pts, inside, atPoint, k0, current);
  if (!chosen) return { ...NO_FLIP(current), steps };
  const price = priceOf();
  return {
    verdict: current,
    flipScale: toNumber(chosen.at),
    flipScaleExact: decimalString(chosen.at),
    flipScaleFraction: fractionString(chosen.at),
    direction: chosen.direction,
    verdictBeyond: chosen.beyond,
    flipIncluded: chosen.included,
    pricePerAcceleratorHourUsd: price === null ? null : toNumber(qMul(price, chosen.at)),
    steps,
  };
}

/** Distinct points, ascending; a point reached with both comparator sides has an undecided side (null). */
function mergeCandidates(cands: Candidate[]): Point[] {
  const sorted = [...cands].sort((a, b) => qCmp(a.at, b.at));
  const out: Point[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && qCmp(last.at, c.at) === 0) {
      if (last.left !== c.left) last.left = null;
    } else out.push({ at: c.at, left: c.left });
  }
  return out;
}

interface Chosen {
  at: Q;
  direction: 'rising' | 'falling';
  beyond: Verdict;
  included: boolean;
}

/** The change nearest to k0 (by ratio), searching up and down from it; ties go up. */
function nearestFlip(
  pts: { at: Q }[],
  inside: Verdict[],
  atPoint: (Verdict | null)[],
  k0: Q,
  current: Verdict,
): Chosen | undefined {
  let up: Chosen | undefined;
  for (let j = 0; j < pts.length && !up; j++) {
    const c = qCmp(pts[j].at, k0);
    if (c > 0 && atPoint[j] !== null && atPoint[j] !== current)
      up = { at: pts[j].at, direction: 'rising', beyond: atPoint[j]!, included: true };
    else if (c >= 0 && inside[j + 1] !== current)
      up = { at: pts[j].at, direction: 'rising', beyond: inside[j + 1], included: false };
  }
  let down: Chosen | undefined;
  for (let j = pts.length - 1; j >= 0 && !down; j--) {
    const c = qCmp(pts[j].at, k0);
    if (c < 0 && atPoint[j] !== null && atPoint[j] !== current)
      down = { at: pts[j].at, direction: 'falling', beyond: atPoint[j]!, included: true };
    else if (c <= 0 && inside[j] !== current)
      down = { at: pts[j].at, direction: 'falling', beyond: inside[j], included: false };
  }
  if (!up || !down) return up ?? down;
  // up/k0 vs k0/down: compare up·down with k0².
  return qCmp(qMul(up.at, down.at), qMul(k0, k0)) <= 0 ? up : down;
}

/** Message ids the price sensitivity adds to a finding's explanation (worded in render/messages.ts). */
export const PRICE_MESSAGES: Readonly<Record<string, string>> = {
  'price.scale': 'the GPU price scenario the costs were computed at',
  'price.flip': 'the GPU price scale at which the verdict (and the own-only one) would change',
};

const flipData = (f: PriceFlip) =>
  f.flipScale === null
    ? null
    : {
        scale: f.flipScale,
        exact: f.flipScaleExact,
        direction: f.direction,
        verdict: f.verdictBeyond,
        included: f.flipIncluded,
        pricePerAcceleratorHourUsd: f.pricePerAcceleratorHourUsd,
      };

/** Whether a flip lies where a reader should hear of it: between 1× and 5×, or between today and the scale asked. */
function worthSaying(f: PriceFlip, k0: number): boolean {
  return f.flipScale !== null && f.flipScale >= Math.min(1, k0) && f.flipScale <= Math.max(5, k0);
}

/** The explanation messages of a price sensitivity: the scenario when it is not today's, a flip within 1–5×. */
export function priceMessages(ps: PriceSensitivity): Message[] {
  const out: Message[] = [];
  const k0 = Number(ps.scale);
  if (ps.scale !== '1' || ps.scaleDeclared)
    out.push({ id: 'price.scale', data: { scale: ps.scale, declared: ps.scaleDeclared } });
  if (worthSaying(ps, k0) || worthSaying(ps.ownOnly, k0))
    out.push({
      id: 'price.flip',
      data: {
        scale: ps.scale,
        verdict: ps.verdict,
        flip: flipData(ps),
        ownVerdict: ps.ownOnly.verdict,
        own: flipData(ps.ownOnly),
      },
    });
  return out;
}

/** The explanation with the price messages after the verdict (and the own-only and wrongful-capture lines). */
export function withPriceMessages(explanation: Message[], ps: PriceSensitivity): Message[] {
  const add = priceMessages(ps);
  if (add.length === 0) return explanation;
  let at = explanation.length;
  for (let j = 0; j < explanation.length; j++)
    if (/^verdict\.|^own-only$|^wrongful-capture$/.test(explanation[j].id)) at = j + 1;
  return [...explanation.slice(0, at), ...add, ...explanation.slice(at)];
}

/** fixed = amount at 0×, perScale = amount at 1× − amount at 0×, per bound. */
function scaledAmount(m0: MeasureOut, m1: MeasureOut): ScaledAmount {
  const per = (a: string, b: string) => exactOf(sub(decOf(b), decOf(a)));
  const h0 = m0.observed.high;
  const h1 = m1.observed.high;
  return {
    fixed: { low: m0.observed.low, high: h0 },
    perScale: {
      low: per(m0.observed.low.exact, m1.observed.low.exact),
      high: h0 && h1 ? per(h0.exact, h1.exact) : null,
    },
  };
}

function flat(ms: MeasureOut[] | undefined): [MeasureOut[], MeasureOut[]] {
  const d = (ms ?? []).filter((m) => m.quantity === 'costUsd');
  return [d, d];
}

function dollarTests(full: [MeasureOut[], MeasureOut[]], own: [MeasureOut[], MeasureOut[]]): DollarTest[] {
  const out: DollarTest[] = [];
  full[1].forEach((m1) => {
    if (out.some((t) => t.measure === m1.id)) return;
    const m0 = full[0].find((x) => x.id === m1.id);
    if (!m0) return;
    const o1 = own[1].find((x) => x.id === m1.id);
    const o0 = own[0].find((x) => x.id === m1.id);
    out.push({
      measure: m1.id,
      description: m1.description,
      comparator: m1.comparator,
      threshold: m1.threshold,
      amount: scaledAmount(m0, m1),
      ownOnly: o0 && o1 ? scaledAmount(o0, o1) : null,
    });
  });
  return out;
}
