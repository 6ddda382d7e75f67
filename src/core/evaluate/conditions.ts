// Evaluates a rule's condition tree for one subject (a model or an organization) in three-valued logic,
// recording measures and plain-language messages when a trace is requested.
import { ZERO_AMOUNT, plus, Amount } from '../measure/amount';
import { flop as fmtFlop, intervalText, usd } from '../format/numbers';
import type { Condition, MeasureOut, MeasureSpec, Message, Presumption } from '../types';
import { compare, decide, intervalOut } from './compare';
import { byDeveloper, methodsOf } from './contributions';
import type { MeasureStore } from './store';
import { and, capturedTri, FALSE, not, or, TRUE, Tri, UNKNOWN, V_CAPTURED, V_UNCERTAIN } from './tri';
import { cmp as cmpDec, parseDec, ONE } from '../exact/decimal';
import type { ReferenceTables } from '../estimate/reference';
import { groupRevenue } from '../graph/affiliates';
import { matchingMarkets } from './markets';
import { comparisonWords } from '../format/wording';
import { datedWithin, monthsBefore } from './window';

export interface Trace {
  measures: MeasureOut[];
  messages: Message[];
  /** Rebuttable presumptions the evaluation relied on (a field not given, and the criterion met). */
  presumptions?: Presumption[];
}

/** Looks up verdict codes of other rules (evaluated first by the engine). */
export interface VerdictLookup {
  (rule: string, interpretation: string | undefined, restrict: boolean, model: number): number;
}

export type Subject = { kind: 'model'; i: number } | { kind: 'organization'; id: string; models: readonly number[] };

export interface Frame {
  store: MeasureStore;
  ref: ReferenceTables;
  asOf: string;
  measures: Readonly<Record<string, MeasureSpec>>;
  interpretation: string | undefined;
  subject: Subject;
  restrict: boolean;
  verdictOf: VerdictLookup;
  trace: Trace | null;
}

const triWord = (t: Tri) => (t === TRUE ? 'yes' : t === FALSE ? 'no' : 'unknown');

/** Records a message; callers test `f.trace` first so that verdict-only runs build no text. */
function say(f: Frame, id: string, text: string) {
  f.trace?.messages.push({ id, text });
}

function fieldTri(value: boolean | undefined, equals: boolean, ifUnknown: string | undefined): { tri: Tri; assumed: boolean } {
  if (value === undefined) {
    const tri = ifUnknown === 'true' ? TRUE : ifUnknown === 'false' ? FALSE : UNKNOWN;
    return { tri, assumed: ifUnknown === 'true' || ifUnknown === 'false' };
  }
  return { tri: value === equals ? TRUE : FALSE, assumed: false };
}

function fmtAmount(a: Amount, q: 'flop' | 'costUsd'): string {
  const iv = { low: { exact: '', value: a.lo.f }, high: a.missing > 0 ? null : { exact: '', value: a.hiKnown.f }, central: null };
  if (iv.high && iv.high.value === iv.low.value) return q === 'flop' ? fmtFlop(a.lo.f) : usd(a.lo.f);
  return intervalText(iv, q);
}

/**
 * all (decisive value FALSE) or any (decisive value TRUE) in three-valued logic. Without a trace it stops at the
 * first decisive child; with one, every child is evaluated so that every message is kept.
 */
function combine(items: readonly Condition[], f: Frame, decisive: Tri): Tri {
  let unknown = false;
  let decided = false;
  for (const x of items) {
    const v = evalCondition(x, f);
    if (v === decisive) {
      decided = true;
      if (!f.trace) break;
    } else if (v === UNKNOWN) unknown = true;
  }
  if (decided) return decisive;
  return unknown ? UNKNOWN : decisive === FALSE ? TRUE : FALSE;
}

export function evalCondition(c: Condition, f: Frame): Tri {
  if (c.all) return combine(c.all, f, FALSE);
  if (c.any) return combine(c.any, f, TRUE);
  if (c.not) return not(evalCondition(c.not, f));
  if (c.compare) return evalCompare(c.compare, f);
  if (c.modelField) {
    if (f.subject.kind !== 'model') return UNKNOWN;
    const m = f.store.ix.models[f.subject.i];
    const { tri, assumed } = fieldTri(m[c.modelField.field], c.modelField.equals, c.modelField.ifUnknown);
    const label = c.label ?? `${c.modelField.field} is ${c.modelField.equals}`;
    if (f.trace) say(f, assumed ? 'precondition.assumed' : 'precondition', assumed
      ? `${label}: assumed ${triWord(tri)} (${c.modelField.field} not given in the lineage).`
      : `${label}: ${triWord(tri)}${tri === UNKNOWN ? ` (${c.modelField.field} not given)` : ''}.`);
    return tri;
  }
  if (c.presumed) return evalPresumed(c, f);
  if (c.generatesAny) {
    if (f.subject.kind !== 'model') return UNKNOWN;
    const gen = f.store.ix.models[f.subject.i].generates;
    const want = c.generatesAny.modalities;
    const tri: Tri = gen === undefined ? UNKNOWN : gen.some((g) => want.includes(g)) ? TRUE : FALSE;
    if (f.trace) say(f, 'precondition', `${c.label ?? `generates ${want.join(' or ')}`}: ${triWord(tri)}${gen === undefined ? ' (generates not given)' : ` (generates ${gen.join(', ') || 'nothing listed'})`}.`);
    return tri;
  }
  if (c.hasBase) return evalHasBase(c, f);
  if (c.baseFinding) return evalBaseFinding(c, f);
  if (c.modelFinding) return evalModelFinding(c, f);
  if (c.revenue) return evalRevenue(c, f);
  if (c.developedModels) return evalDevelopedModels(c, f);
  if (c.organizationField) {
    const org = orgOf(f);
    const v = org === undefined ? undefined : f.store.ix.orgs.get(org)?.[c.organizationField.field];
    const { tri, assumed } = fieldTri(v, c.organizationField.equals, c.organizationField.ifUnknown);
    if (f.trace) say(f, 'precondition', `${c.label ?? `${c.organizationField.field} is ${c.organizationField.equals}`}: ${assumed ? 'assumed ' : ''}${triWord(tri)}.`);
    return tri;
  }
  if (c.dateField) return evalDate(c, f);
  if (c.marketsAny) return evalMarkets(c, f);
  if (c.trainedWithin) return evalTrainedWithin(c, f);
  throw new Error('condition with no operator');
}

function orgOf(f: Frame): string | undefined {
  return f.subject.kind === 'organization' ? f.subject.id : f.store.ix.models[f.subject.i].developer;
}

function evalCompare(test: NonNullable<Condition['compare']>, f: Frame): Tri {
  if (f.subject.kind !== 'model') throw new Error('compare on an organization: use developedModels');
  const i = f.subject.i;
  const spec = f.measures[test.measure];
  const of = test.threshold.of !== undefined ? f.store.amount(f.measures[test.threshold.of], i, false) : undefined;
  const { tri, out } = compare(test, {
    observed: f.store.amount(spec, i, f.restrict),
    ownShare: () => f.store.ownShare(spec, i),
    spec,
    name: test.measure,
    asOf: f.asOf,
    ref: f.ref,
    of,
    when: (c) => evalCondition(c, { ...f, trace: null }),
    explain: f.trace !== null,
  });
  if (f.trace && out) {
    const b = f.store.memo(`breakdown|${f.store.normal(spec).key}|${spec.scope}|${i}`, () => ({
      methods: methodsOf(f.store, spec, i),
      byDeveloper: byDeveloper(f.store, spec, i),
    }));
    out.methods = b.methods;
    if (!f.restrict) out.byDeveloper = b.byDeveloper;
    f.trace.measures.push(out);
    const observed = intervalText(out.observed, spec.quantity);
    const thr = out.threshold ? (spec.quantity === 'flop' ? fmtFlop(out.threshold.value) : usd(out.threshold.value)) : 'unknown';
    const word = comparisonWords(test.op, test.wording);
    const verdictWord = tri === TRUE ? 'is' : tri === FALSE ? 'is not' : 'may or may not be';
    const missing = out.missing.length > 0 ? ` Unknown amounts: ${out.missing.join(', ')}${out.missing.length >= 8 ? ', …' : ''}.` : '';
    const ofText = of !== undefined && test.threshold.of ? ` (${test.threshold.fraction ?? '1'} of ${f.measures[test.threshold.of].description}: ${fmtAmount(of, f.measures[test.threshold.of].quantity)})` : '';
    if (f.trace) say(f, `compare.${out.result}`,
      `${spec.description}: ${observed} ${verdictWord} ${word.phrase} ${thr}${word.quote}${ofText} [${out.thresholdBasis}].${missing}`);
    if (out.countsOthers && out.byDeveloper && out.byDeveloper.length > 1) {
      const parts = out.byDeveloper.map((c) => `${c.developer}${c.own ? ' (own)' : ''} ${intervalText(c.amount, spec.quantity)} from ${c.models} model${c.models === 1 ? '' : 's'}`);
      if (f.trace) say(f, 'contributions', `Of which: ${parts.join('; ')}.`);
    }
  }
  return tri;
}

function basesOf(f: Frame, i: number, relations: readonly string[] | undefined, otherDeveloper: boolean | undefined): number[] {
  if (otherDeveloper) return f.store.originals(relations, i) as number[];
  const follow = (r: string) => !relations || relations.includes(r);
  return f.store.ix.parents[i].filter((e) => follow(e.relation)).map((e) => e.idx);
}

function evalHasBase(c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const i = f.subject.i;
  const ix = f.store.ix;
  const hb = c.hasBase!;
  const found = basesOf(f, i, hb.relations, hb.otherDeveloper);
  let tri: Tri = found.length > 0 ? TRUE : FALSE;
  // Without a developer, "another developer's model" cannot be decided.
  if (hb.otherDeveloper && ix.models[i].developer === undefined && found.length > 0) tri = UNKNOWN;
  if (!f.trace) return tri;
  const names = found.slice(0, 8).map((k) => `${ix.models[k].id}${ix.models[k].developer ? ` by ${ix.models[k].developer}` : ''}`);
  if (f.trace) say(f, 'precondition', `${c.label ?? 'has a base model'}: ${triWord(tri)}${names.length ? ` (${names.join('; ')})` : ''}.`);
  return tri;
}

function findingTri(f: Frame, rule: string, interp: string | undefined, k: number): Tri {
  if (f.store.ix.models[k].designations?.includes(rule)) return TRUE;
  // Another model's status is a fact about that model: the own-only counterfactual does not change it.
  return capturedTri(f.verdictOf(rule, interp ?? f.interpretation, false, k));
}

function evalBaseFinding(c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const ix = f.store.ix;
  const bf = c.baseFinding!;
  const tris: Tri[] = [];
  const names: string[] = [];
  for (const k of basesOf(f, f.subject.i, bf.relations, bf.otherDeveloper)) {
    const t = findingTri(f, bf.rule, bf.interpretation, k);
    tris.push(t);
    if (f.trace) names.push(`${ix.models[k].id}: ${triWord(t)}`);
  }
  const tri = tris.length === 0 ? FALSE : or(tris);
  if (f.trace) say(f, 'precondition', `${c.label ?? `a base model is captured by ${bf.rule}`}: ${triWord(tri)}${names.length ? ` (${names.join('; ')})` : ' (no base model)'}.`);
  return tri;
}

function evalModelFinding(c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const mf = c.modelFinding!;
  const i = f.subject.i;
  const tri = f.store.ix.models[i].designations?.includes(mf.rule)
    ? TRUE
    : capturedTri(f.verdictOf(mf.rule, mf.interpretation ?? f.interpretation, f.restrict, i));
  if (f.trace) say(f, 'precondition', `${c.label ?? `captured by ${mf.rule}`}: ${triWord(tri)}.`);
  return tri;
}

function evalRevenue(c: Condition, f: Frame): Tri {
  const org = orgOf(f);
  const year = parseInt(f.asOf.slice(0, 4), 10) - 1;
  const label = c.label ?? 'revenue test';
  if (c.revenue!.includeAffiliates && org !== undefined) return evalGroupRevenue(c, f, org, year, label);
  const entry = org === undefined ? undefined : f.store.ix.orgs.get(org)?.revenueUsd?.find((r) => r.year === year);
  if (!entry) {
    if (f.trace) {
      say(f, 'revenue.unknown', `${label}: revenue of ${org ?? 'the developer'} for ${year} (the calendar year before ${f.asOf}) is not given.`);
      pushRevenue(f, c, null, `${org ?? 'the developer'}'s gross revenue in ${year}`, 'organization', UNKNOWN, org);
    }
    return UNKNOWN;
  }
  const v = parseDec(String(entry.amount))!;
  const t = { num: parseDec(c.revenue!.value)!, den: ONE };
  const a: Amount = { lo: v, hiKnown: v, mid: v, missing: 0, sample: [], estimated: false };
  const tri = decide(a, c.revenue!.op, t, t);
  const word = comparisonWords(c.revenue!.op, c.revenue!.wording);
  if (f.trace) {
    say(f, `revenue.${tri === TRUE ? 'met' : 'not-met'}`, `${label}: ${org}'s ${year} revenue ${usd(entry.amount)} is ${tri === TRUE ? '' : 'not '}${word.phrase} ${usd(t.num.f)}${word.quote}.`);
    pushRevenue(f, c, a, `${org}'s gross revenue in ${year}`, 'organization', tri, org);
  }
  return tri;
}

/** Records a revenue comparison among the finding's measures (the numbers behind an organization verdict). */
function pushRevenue(f: Frame, c: Condition, a: Amount | null, description: string, scope: string, tri: Tri, org: string | undefined) {
  const r = c.revenue!;
  f.trace!.measures.push({
    id: 'revenue',
    description: c.label ? `${description} (${c.label})` : description,
    quantity: 'revenueUsd',
    unit: 'USD',
    scope,
    observed: a ? intervalOut(a) : { low: { exact: '0', value: 0 }, high: null, central: null },
    comparator: r.op,
    ...(r.wording ? { wording: r.wording } : {}),
    threshold: { exact: r.value, value: Number(r.value) },
    thresholdBasis: 'absolute threshold',
    result: tri === TRUE ? 'met' : tri === FALSE ? 'not-met' : 'unknown',
    estimated: false,
    methods: a ? ['declared'] : [],
    missing: a ? [...a.sample] : org !== undefined ? [org] : [],
    ownShare: null,
    countsOthers: false,
  });
}

function evalGroupRevenue(c: Condition, f: Frame, org: string, year: number, label: string): Tri {
  const g = groupRevenue(f.store.ix, org, year);
  if (g.amount === null) {
    if (f.trace) {
      say(f, 'revenue.unknown', `${label}: revenue of ${org} together with its affiliates for ${year} (the calendar year before ${f.asOf}) is not given (${g.basis}).`);
      pushRevenue(f, c, null, `${org}'s gross revenue with affiliates in ${year}`, 'organization-group', UNKNOWN, org);
    }
    return UNKNOWN;
  }
  const t = { num: parseDec(c.revenue!.value)!, den: ONE };
  const tri = decide(g.amount, c.revenue!.op, t, t);
  const word = comparisonWords(c.revenue!.op, c.revenue!.wording);
  const shown = g.amount.missing > 0 ? `at least ${usd(g.amount.lo.f)}` : usd(g.amount.lo.f);
  const id = tri === TRUE ? 'revenue.met' : tri === FALSE ? 'revenue.not-met' : 'revenue.unknown';
  if (f.trace) {
    say(f, id, `${label}: ${org}'s ${year} revenue with affiliates ${shown} (${g.basis}) is ${tri === TRUE ? '' : tri === FALSE ? 'not ' : 'possibly '}${word.phrase} ${usd(t.num.f)}${word.quote}.`);
    pushRevenue(f, c, g.amount, `${org}'s gross revenue with affiliates in ${year} (${g.basis})`, 'organization-group', tri, org);
  }
  return tri;
}

function evalDevelopedModels(c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'organization') return UNKNOWN;
  const dm = c.developedModels!;
  const ix = f.store.ix;
  const label = c.label ?? `developed a model captured by ${dm.rule}`;
  const captured: number[] = [];
  const uncertain: number[] = [];
  for (const i of f.subject.models) {
    const v = f.verdictOf(dm.rule, dm.interpretation ?? f.interpretation, f.restrict, i);
    if (v === V_CAPTURED) captured.push(i);
    else if (v === V_UNCERTAIN) uncertain.push(i);
  }
  const names = (l: number[]) => l.slice(0, 8).map((i) => ix.models[i].id).join(', ') + (l.length > 8 ? ', …' : '');
  if (!dm.each && !dm.sum) {
    const tri: Tri = captured.length > 0 ? TRUE : uncertain.length > 0 ? UNKNOWN : FALSE;
    if (f.trace) say(f, 'organization.models', `${label}: ${triWord(tri)}${captured.length ? ` (captured: ${names(captured)})` : ''}${uncertain.length ? ` (uncertain: ${names(uncertain)})` : ''}.`);
    return tri;
  }
  const tris: Tri[] = [];
  if (dm.each) {
    const spec = f.measures[dm.each.measure];
    const t = { num: parseDec(dm.each.value)!, den: ONE };
    const per = (i: number, cap: boolean): Tri => {
      const r = decide(f.store.amount(spec, i, f.restrict), dm.each!.op, t, t);
      return cap ? r : r === FALSE ? FALSE : UNKNOWN;
    };
    const tri = or([...captured.map((i) => per(i, true)), ...uncertain.map((i) => per(i, false))]);
    if (f.trace) pushEach(f, dm.each, spec, [...captured, ...uncertain], tri);
    if (f.trace) say(f, 'organization.each', `${label}, with ${spec.description} ${comparisonWords(dm.each.op, dm.each.wording).phrase} ${spec.quantity === 'flop' ? fmtFlop(t.num.f) : usd(t.num.f)}${comparisonWords(dm.each.op, dm.each.wording).quote}: ${triWord(tri)}.`);
    tris.push(tri);
  }
  if (dm.sum) {
    const spec = f.measures[dm.sum.measure];
    let lo = ZERO_AMOUNT;
    let hi = ZERO_AMOUNT;
    for (const i of captured) {
      const a = f.store.amount(spec, i, f.restrict);
      lo = plus(lo, a);
      hi = plus(hi, a);
    }
    for (const i of uncertain) hi = plus(hi, f.store.amount(spec, i, f.restrict));
    const combined: Amount = { ...hi, lo: lo.lo };
    const t = { num: parseDec(dm.sum.value)!, den: ONE };
    const tri = decide(combined, dm.sum.op, t, t);
    const text = fmtAmount(combined, spec.quantity);
    if (f.trace) say(f, 'organization.sum', `${label}: total ${spec.description} over those models is ${text}, ${tri === TRUE ? '' : tri === FALSE ? 'not ' : 'possibly '}${comparisonWords(dm.sum.op, dm.sum.wording).phrase} ${spec.quantity === 'flop' ? fmtFlop(t.num.f) : usd(t.num.f)}${comparisonWords(dm.sum.op, dm.sum.wording).quote}.`);
    if (f.trace) {
      f.trace.measures.push({
        id: dm.sum.measure, description: `sum over captured models: ${spec.description}`, quantity: spec.quantity,
        unit: spec.quantity === 'flop' ? 'FLOP' : 'USD', scope: 'organization-sum',
        observed: intervalOut(combined),
        comparator: dm.sum.op, threshold: { exact: dm.sum.value, value: Number(dm.sum.value) }, thresholdBasis: 'absolute threshold',
        result: tri === TRUE ? 'met' : tri === FALSE ? 'not-met' : 'unknown', estimated: combined.estimated, methods: [],
        missing: [...combined.sample], ownShare: null, countsOthers: false,
      });
    }
    tris.push(tri);
  }
  return and(tris);
}

function evalMarkets(c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const listed = f.store.ix.models[f.subject.i].markets;
  const want = c.marketsAny!.markets;
  const label = c.label ?? `developed, deployed or operating in ${want.join(' or ')}`;
  if (listed === undefined) {
    const u = c.marketsAny!.ifUnknown;
    const tri = u === 'true' ? TRUE : u === 'false' ? FALSE : UNKNOWN;
    if (f.trace) say(f, u === 'true' || u === 'false' ? 'precondition.assumed' : 'precondition', `${label}: ${u === 'true' || u === 'false' ? 'assumed ' : ''}${triWord(tri)} (markets not given).`);
    return tri;
  }
  const hits = matchingMarkets(listed, want);
  const tri = hits.length > 0 ? TRUE : FALSE;
  if (f.trace) say(f, 'precondition', `${label}: ${triWord(tri)} (markets ${listed.join(', ') || 'none listed'}).`);
  return tri;
}

function evalTrainedWithin(c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const tw = c.trainedWithin!;
  const from = monthsBefore(f.asOf, tw.months);
  const w = datedWithin(f.store.ix.models[f.subject.i].compute ?? [], from, f.asOf);
  const label = c.label ?? `trained in the ${tw.months} months before ${f.asOf}`;
  if (!w.dated) {
    const u = tw.ifUnknown;
    const tri = u === 'true' ? TRUE : u === 'false' ? FALSE : UNKNOWN;
    if (f.trace) say(f, u === 'true' || u === 'false' ? 'precondition.assumed' : 'precondition', `${label}: ${u === 'true' || u === 'false' ? 'assumed ' : ''}${triWord(tri)} (no dated compute record).`);
    return tri;
  }
  const tri = w.inside.length > 0 ? TRUE : FALSE;
  if (f.trace) say(f, 'precondition', `${label}: ${triWord(tri)}${tri === TRUE ? ` (record dated ${w.inside[w.inside.length - 1]})` : ` (no record dated after ${from})`}.`);
  return tri;
}

function evalDate(c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const m = f.store.ix.models[f.subject.i];
  const d = c.dateField!;
  let v: string | undefined;
  if (d.field === 'released') v = m.released;
  else v = (m.compute ?? []).map((r) => r.start).filter((s): s is string => !!s).sort()[0];
  let tri: Tri;
  if (v === undefined) tri = d.ifUnknown === 'true' ? TRUE : d.ifUnknown === 'false' ? FALSE : UNKNOWN;
  else {
    const r = v < d.value ? -1 : v > d.value ? 1 : 0;
    const ok = d.op === '<' ? r < 0 : d.op === '<=' ? r <= 0 : d.op === '>' ? r > 0 : r >= 0;
    tri = ok ? TRUE : FALSE;
  }
  if (f.trace) say(f, 'precondition', `${c.label ?? `${d.field} ${d.op} ${d.value}`}: ${triWord(tri)}${v ? ` (${d.field} ${v})` : ` (${d.field} not given)`}.`);
  return tri;
}

/**
 * A rebuttable presumption: the declared field decides; when it is absent the criterion does, evaluated on the
 * model's full compute (it is a fact about the model, so the own-only counterfactual does not change it).
 */
function evalPresumed(c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const p = c.presumed!;
  const m = f.store.ix.models[f.subject.i];
  const declared = m[p.field];
  const label = c.label ?? p.concept;
  if (declared !== undefined) {
    if (f.trace) say(f, declared ? 'presumption.declared' : 'presumption.rebutted', declared
      ? `${label}: yes (declared: ${p.field} is true).`
      : `${label}: no (declared: ${p.field} is false, which rebuts the presumption).`);
    return declared ? TRUE : FALSE;
  }
  const sub: Trace | null = f.trace ? { measures: [], messages: [] } : null;
  const full = { ...f, restrict: false, trace: sub };
  const met = evalCondition(p.criterion, full);
  const excluded = met === FALSE && p.excludes !== undefined && evalCondition(p.excludes, { ...full, trace: null }) === TRUE;
  const tri: Tri = met !== FALSE ? met : excluded ? FALSE : UNKNOWN;
  if (!f.trace || !sub) return tri;
  const facts = [
    m.generates ? `generates ${m.generates.join(', ') || 'nothing listed'}` : 'generates not given',
    ...sub.measures.map((x) => {
      const thr = x.threshold ? fmtFlop(x.threshold.value) : 'an unknown threshold';
      return `training compute ${intervalText(x.observed, x.quantity)} ${x.result === 'met' ? x.comparator : x.result === 'not-met' ? 'not ' + x.comparator : 'maybe ' + x.comparator} ${thr}`;
    }),
  ].join('; ');
  if (tri === TRUE) {
    const text = `${label}: presumed ${p.concept} (${p.field} not stated): ${facts}, which meets ${p.source}. Declare ${p.field}: false to rebut.`;
    say(f, 'presumption.applied', text);
    (f.trace.presumptions ??= []).push({
      field: p.field,
      concept: p.concept,
      presumed: true,
      source: p.source,
      rebuttal: `declare ${p.field}: false`,
      basis: sub.measures,
      generates: m.generates ?? [],
      text,
    });
  } else if (tri === FALSE) {
    say(f, 'presumption.excluded', `${label}: no (${p.field} not stated): ${facts}, which does not meet ${p.source} and is outside the concept. Declare ${p.field}: true if it is one.`);
  } else if (met === FALSE) {
    say(f, 'presumption.not-met', `${label}: unknown, not presumed (${p.field} not stated): ${facts}, which does not meet ${p.source}. Declare ${p.field} to decide it.`);
  } else {
    say(f, 'presumption.unknown', `${label}: unknown (${p.field} not stated): ${facts}; whether it meets ${p.source} cannot be decided. Declare ${p.field} to decide it.`);
  }
  return tri;
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
    observed: best ? intervalOut(best.a) : { low: { exact: '0', value: 0 }, high: { exact: '0', value: 0 }, central: null },
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
