// The catalogue of explanation messages: the core records each step of a finding as a message id with data
// (src/core/evaluate/operators/*.ts `messages`, finding.ts FINDING_MESSAGES); this module words them, with the
// number formatting of core/format, so every format and the JSON report say the same sentence.
import { ruleInForce } from '../core/evaluate/in-force';
import { flop, intervalText, usd } from '../core/format/numbers';
import { comparisonWords } from '../core/format/wording';
import type { IntervalOut, Message, Rule } from '../core/types';

type Q = 'flop' | 'costUsd' | 'revenueUsd';
// Message data is JSON of a known shape per id (the operators and finding.ts write it; test/operators.test.ts runs every
// id through this catalogue), read here without a type per id.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment */
type D = Record<string, any>;

/** An amount given as { low, high } numbers (high null when part is unknown). */
function amountText(a: { low: number; high: number | null }, q: Q): string {
  return intervalText(
    {
      low: { exact: String(a.low), value: a.low },
      high: a.high === null ? null : { exact: String(a.high), value: a.high },
      central: null,
    },
    q,
  );
}

const money = (q: Q) => (x: number) => (q === 'flop' ? flop(x) : usd(x));
const isWord = (v: string) => (v === 'yes' ? '' : v === 'no' ? 'not ' : 'possibly ');

function precondition(d: D, assumed: boolean): string {
  const det = d.detail as D | undefined;
  let tail = '';
  if (det) {
    switch (det.kind) {
      case 'base-verdicts':
        tail = det.bases.length
          ? ` (${(det.bases as D[]).map((b) => `${b.id}: ${b.value}`).join('; ')})`
          : ' (no base model)';
        break;
      case 'bases':
        tail = det.bases.length
          ? ` (${(det.bases as D[]).map((b) => `${b.id}${b.developer ? ` by ${b.developer}` : ''}`).join('; ')})`
          : '';
        break;
      case 'date':
        tail = det.date ? ` (${det.field} ${det.date})` : ` (${det.field} not given)`;
        break;
      case 'generates':
        tail =
          det.generates === null
            ? ' (generates not given)'
            : ` (generates ${(det.generates as string[]).join(', ') || 'nothing listed'})`;
        break;
      case 'markets':
        tail =
          det.markets === null
            ? ' (markets not given)'
            : ` (markets ${(det.markets as string[]).join(', ') || 'none listed'})`;
        break;
      case 'records':
        tail = !det.dated
          ? ' (no dated compute record)'
          : det.latest
            ? ` (record dated ${det.latest})`
            : ` (no record dated after ${det.after})`;
        break;
      case 'field-missing':
        tail = assumed ? ` (${det.field} not given in the lineage)` : ` (${det.field} not given)`;
        break;
    }
  }
  return `${d.label}: ${assumed || d.assumedValue ? 'assumed ' : ''}${d.value}${tail}.`;
}

function compare(d: D, result: string): string {
  const q = d.quantity as Q;
  const word = comparisonWords(d.comparator, d.wording);
  const verdictWord = result === 'met' ? 'is' : result === 'not-met' ? 'is not' : 'may or may not be';
  const thr = d.threshold ? money(q)(d.threshold.value) : 'unknown';
  const of = d.of ? ` (${d.of.fraction} of ${d.of.description}: ${amountText(d.of.amount, d.of.quantity)})` : '';
  const missing =
    d.missing.length > 0
      ? ` Unknown amounts: ${(d.missing as string[]).join(', ')}${d.missing.length >= 8 ? ', …' : ''}.`
      : '';
  return `${d.description}: ${intervalText(d.observed as IntervalOut, q)} ${verdictWord} ${word.phrase} ${thr}${word.quote}${of} [${d.basis}].${missing}`;
}

const MARKET_SOURCES: Record<string, string> = {
  'bill-list-price': 'list cost on the bill',
  'market-price': 'accelerator-hours × the market price table at the start',
  'declared-not-market': 'the declared cost, no market figure being available',
};

/** "you paid $6.1M under Commitment-Based pricing; at market prices the same compute costs $9.4M (…)". */
function marketBasis(d: D): string {
  const paid = amountText(d.paid, 'costUsd');
  const market = amountText(d.market, 'costUsd');
  const sources = d.sources as { method: string; records: number }[];
  const records = sources.reduce((a, x) => a + x.records, 0);
  if (sources.every((x) => x.method === 'declared-not-market'))
    return `Dollar basis: ${d.description} is priced at market rates, but no record gives a list cost from a bill or an accelerator with a start date, so the declared cost ${paid} stands in for the market figure.`;
  const how = sources
    .map((x) => `${MARKET_SOURCES[x.method] ?? x.method}: ${x.records} record${x.records === 1 ? '' : 's'}`)
    .join('; ');
  const pricing = (d.pricing as string[]).length > 0 ? ` under ${(d.pricing as string[]).join(', ')} pricing` : '';
  const who =
    d.billedRecords === records
      ? `you paid ${paid}${pricing} (${(d.paidBases as string[]).join(', ')} cost on the bill)`
      : d.billedRecords > 0
        ? `you paid or declared ${paid}${pricing}`
        : `the declared cost is ${paid}`;
  return `Dollar basis: the rule prices compute at market rates, not at what was paid: ${who}; at market prices the same compute costs ${market} (${how}), and that is the figure compared.`;
}

function revenue(d: D): string {
  if (d.amount === undefined) {
    return d.group
      ? `${d.label}: revenue of ${d.organization} together with its affiliates for ${d.year} (the calendar year before ${d.asOf}) is not given (${d.basis}).`
      : `${d.label}: revenue of ${d.organization ?? 'the developer'} for ${d.year} (the calendar year before ${d.asOf}) is not given.`;
  }
  const word = comparisonWords(d.comparator, d.wording);
  if (!d.group)
    return `${d.label}: ${d.organization}'s ${d.year} revenue ${usd(d.amount)} is ${d.value === 'yes' ? '' : 'not '}${word.phrase} ${usd(d.threshold)}${word.quote}.`;
  const shown = d.lowerBound ? `at least ${usd(d.amount)}` : usd(d.amount);
  return `${d.label}: ${d.organization}'s ${d.year} revenue with affiliates ${shown} (${d.basis}) is ${isWord(d.value)}${word.phrase} ${usd(d.threshold)}${word.quote}.`;
}

function presumption(id: string, d: D): string {
  const facts = [
    d.generates ? `generates ${(d.generates as string[]).join(', ') || 'nothing listed'}` : 'generates not given',
    ...(d.compute as D[]).map((x) => {
      const thr = x.threshold ? flop(x.threshold.value) : 'an unknown threshold';
      const cmp =
        x.result === 'met' ? x.comparator : x.result === 'not-met' ? `not ${x.comparator}` : `maybe ${x.comparator}`;
      return `training compute ${intervalText(x.observed, x.quantity)} ${cmp} ${thr}`;
    }),
  ].join('; ');
  switch (id) {
    case 'presumption.applied':
      return `${d.label}: presumed ${d.concept} (${d.field} not stated): ${facts}, which meets ${d.source}. Declare ${d.field}: false to rebut.`;
    case 'presumption.excluded':
      return `${d.label}: no (${d.field} not stated): ${facts}, which does not meet ${d.source} and is outside the concept. Declare ${d.field}: true if it is one.`;
    case 'presumption.not-met':
      return `${d.label}: unknown, not presumed (${d.field} not stated): ${facts}, which does not meet ${d.source}. Declare ${d.field} to decide it.`;
    default:
      return `${d.label}: unknown (${d.field} not stated): ${facts}; whether it meets ${d.source} cannot be decided. Declare ${d.field} to decide it.`;
  }
}

function verdict(v: string, d: D): string {
  const would = d.inForce
    ? ''
    : d.status === 'illustrative'
      ? ' (the rule is illustrative, not law: this is what it would say)'
      : ' (the rule is not in force on this date, so this is what it would say)';
  switch (v) {
    case 'captured':
      return `${d.subject} is captured by ${d.title}${would}.`;
    case 'not-captured':
      return `${d.subject} is not captured by ${d.title}${would}.`;
    case 'uncertain':
      return `Whether ${d.subject} is captured by ${d.title} cannot be decided from the input: see the unknown or straddling amounts above${would}.`;
    default:
      return `${d.title} does not apply to ${d.subject}: its preconditions are not met${would}.`;
  }
}

const CATALOGUE: Record<string, (d: D, id: string) => string> = {
  'rule.not-in-force': (d) =>
    ruleInForce({ status: d.status, instrument: d.instrument, effective: d.effective } as Rule, d.asOf).reason,
  'rule.illustrative': (d) =>
    ruleInForce({ status: d.status, instrument: d.instrument, effective: d.effective } as Rule, d.asOf).reason,
  designation: (d) =>
    `${d.subject} is designated under ${d.rule} (designations in the lineage): that designation captures it whatever its compute, even unknown; the tests below are shown for information and do not decide.`,
  interpretation: (d) => `Reading "${d.title}": ${d.description}`,
  'verdict.captured': (d) => verdict('captured', d),
  'verdict.not-captured': (d) => verdict('not-captured', d),
  'verdict.uncertain': (d) => verdict('uncertain', d),
  'verdict.not-applicable': (d) => verdict('not-applicable', d),
  'own-only': (d) =>
    `Counting only compute and spend of ${d.developer ?? 'its own developer'} (its own models): ${d.verdict}.`,
  'wrongful-capture': (d) => {
    const shares = (d.shares as D[]).map(
      (s) =>
        `${s.description}: own share ${money(s.quantity)(s.own)} of ${s.total !== null ? money(s.quantity)(s.total) : 'an unknown total'}`,
    );
    return `Captured only because compute or spend of other developers' models was counted (${shares.join('; ')}); on its own it would not be.`;
  },
  presumption: (d) =>
    `This verdict rests on a presumption: ${(d.presumptions as D[]).map((p) => `presumed ${p.concept} (${p.rebuttal} to rebut)`).join('; ')}.`,
  caveat: (d) => String(d.text),
  'obligation.transition': (d) => {
    const which = d.obligations === d.of ? 'its obligations' : `${d.obligations} of its obligations`;
    return d.complyBy
      ? `${d.subject} was released on ${d.released}, before ${which} applied (${d.appliesFrom}): a model placed on the market before then must comply by ${d.complyBy} (${d.section}).`
      : `${d.subject} was released on ${d.released}, before ${which} applied: they attach from ${d.appliesFrom}.`;
  },
  unverified: (d) => `Unverified: ${d.text}`,
  'price.scale': (d) =>
    `GPU price scenario: costs from accelerator-hours × price at ${d.scale}× today's prices${d.declared ? ', declared costs scaled too' : ' (declared costs as paid)'}.`,
  'price.flip': priceFlip,
  precondition: (d) => precondition(d, false),
  'precondition.assumed': (d) => precondition(d, true),
  'compare.met': (d) => compare(d, 'met'),
  'compare.not-met': (d) => compare(d, 'not-met'),
  'compare.unknown': (d) => compare(d, 'unknown'),
  'compare.market-basis': marketBasis,
  contributions: (d) => {
    const rest = d.rest as D | null | undefined;
    const more = rest
      ? `; and ${rest.developers} other developers ${intervalText(rest.amount, d.quantity)} from ${rest.models} model${rest.models === 1 ? '' : 's'}`
      : '';
    return `Of which: ${(d.developers as D[]).map((c) => `${c.developer}${c.own ? ' (own)' : ''} ${intervalText(c.amount, d.quantity)} from ${c.models} model${c.models === 1 ? '' : 's'}`).join('; ')}${more}.`;
  },
  'revenue.met': revenue,
  'revenue.not-met': revenue,
  'revenue.unknown': revenue,
  'organization.models': (d) => {
    const names = (l: D) => (l.ids as string[]).join(', ') + (l.more > 0 ? ', …' : '');
    return `${d.label}: ${d.value}${d.captured.ids.length ? ` (captured: ${names(d.captured)})` : ''}${d.uncertain.ids.length ? ` (uncertain: ${names(d.uncertain)})` : ''}.`;
  },
  'organization.each': (d) => {
    const w = comparisonWords(d.comparator, d.wording);
    return `${d.label}, with ${d.description} ${w.phrase} ${money(d.quantity)(d.threshold)}${w.quote}: ${d.value}.`;
  },
  'organization.sum': (d) => {
    const w = comparisonWords(d.comparator, d.wording);
    return `${d.label}: total ${d.description} over those models is ${amountText(d.total, d.quantity)}, ${isWord(d.value)}${w.phrase} ${money(d.quantity)(d.threshold)}${w.quote}.`;
  },
  'presumption.declared': (d) => `${d.label}: yes (declared: ${d.field} is true).`,
  'presumption.rebutted': (d) => `${d.label}: no (declared: ${d.field} is false, which rebuts the presumption).`,
  'presumption.applied': (d, id) => presumption(id, d),
  'presumption.excluded': (d, id) => presumption(id, d),
  'presumption.not-met': (d, id) => presumption(id, d),
  'presumption.unknown': (d, id) => presumption(id, d),
};

const VERDICT_WORD: Record<string, string> = {
  captured: 'captured',
  'not-captured': 'not captured',
  uncertain: 'uncertain',
  'not-applicable': 'not applicable',
};
const times = (x: number) => `${Number(x.toPrecision(4))}×`;
/** "captured above 2.381× today's GPU prices ($4.76 per accelerator-hour)". */
function flipWords(f: D | null, verdict: string): string {
  if (!f) return `${VERDICT_WORD[verdict]} at any GPU price`;
  const where = f.direction === 'rising' ? (f.included ? 'from' : 'above') : f.included ? 'at or below' : 'below';
  const price =
    f.pricePerAcceleratorHourUsd === null ? '' : ` (${usd(f.pricePerAcceleratorHourUsd)} per accelerator-hour)`;
  return `${VERDICT_WORD[f.verdict]} ${where} ${times(f.scale)} today's GPU prices${price}`;
}
function priceFlip(d: D): string {
  const own =
    d.own === undefined
      ? ''
      : `; counting only its developer's own compute and spend: ${flipWords(d.own, d.ownVerdict)}`;
  return `GPU price sensitivity: ${flipWords(d.flip, d.verdict)}${own}.`;
}

/** The message ids this catalogue words. */
export const CATALOGUED = Object.keys(CATALOGUE);

/** The sentence for one message; an id the catalogue lacks reads as its id and data rather than failing. */
export function messageText(m: Message): string {
  const f = CATALOGUE[m.id];
  return f ? f(m.data, m.id) : `${m.id}: ${JSON.stringify(m.data)}`;
}

/** A message's sentence: the catalogue's wording, or the text a saved JSON report already carries. */
export function textOf(m: Message | { id: string; text: string }): string {
  return 'text' in m && typeof m.text === 'string' ? m.text : messageText(m as Message);
}
