// A finding explained: the verdict with its measures, the own-only counterfactual, the wrongful-capture flag and the
// plain-language explanation, built from traces of the same evaluation the verdict tables use.
import type { Finding, MeasureOut, Message, ObligationDate, Presumption, Rule } from '../types';
import type { Subject, Trace } from './conditions';
import type { Evaluator } from './engine';
import { designatedUnder } from './designation';
import { PRICE_MESSAGES } from './price';
import { ruleInForce } from './in-force';
import { ruleObligations } from '../report';
import { V_CAPTURED, V_NOT_CAPTURED, VERDICT_NAMES } from './tri';

/** Message ids a finding adds around its operators' own (operators/*.ts `messages`), with what each says. */
export const FINDING_MESSAGES: Readonly<Record<string, string>> = {
  'rule.not-in-force': 'the rule does not apply on the evaluation date, and why',
  'rule.illustrative': 'the rule is illustrative, not law',
  designation: 'the verdict rests on a designation under the rule',
  interpretation: 'the reading of an ambiguous text this finding follows',
  'verdict.captured': 'the verdict',
  'verdict.not-captured': 'the verdict',
  'verdict.uncertain': 'the verdict',
  'verdict.not-applicable': 'the verdict',
  'own-only': "the verdict counting only the developer's own compute and spend",
  'wrongful-capture': "captured only because other developers' compute or spend was counted",
  presumption: 'the verdict rests on a rebuttable presumption, and how to rebut it',
  caveat: 'a caveat the rule attaches to every finding',
  'obligation.transition': 'the model was released before its obligations applied, and its deadline',
  unverified: 'a fact the rule relies on that is not verified',
  ...PRICE_MESSAGES,
};

export function explainFinding(ev: Evaluator, rule: Rule, interp: string | undefined, subject: Subject): Finding {
  const trace: Trace = { measures: [], messages: [] };
  const code = ev.judge(rule, interp, subject, false, trace);
  // Where no test reads other developers' amounts (`ownOnlyMatters`), the own-only counterfactual is the same
  // evaluation: its verdict is the finding's and its measures the finding's without the breakdown by developer.
  // Otherwise a second trace, of which only the measures are reported (not its messages nor presumptions).
  const ownTrace: Trace = { measures: [], messages: [], detail: 'measures' };
  const shared = !ev.ownOnlyMatters(rule, interp);
  const ownCode = shared ? code : ev.judge(rule, interp, subject, true, ownTrace);
  if (shared) for (const m of trace.measures) ownTrace.measures.push(withoutBreakdown(m));
  const verdict = VERDICT_NAMES[code];
  const ownVerdict = VERDICT_NAMES[ownCode];
  const countsOthers =
    trace.measures.some((m) => m.countsOthers) || (subject.kind === 'organization' && ownCode !== code);
  const wrongfulCapture = code === V_CAPTURED && ownCode === V_NOT_CAPTURED && countsOthers;
  const facts = ruleFacts(rule, ev.asOf);
  const inForce = facts.inForce;
  const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
  const subjectName = subject.kind === 'model' ? ev.ix.models[subject.i].id : subject.id;
  const dev = subject.kind === 'model' ? ev.ix.models[subject.i].developer : subject.id;

  const model = subject.kind === 'model' ? ev.ix.models[subject.i] : undefined;
  const designated = model !== undefined && designatedUnder(model, rule.id);
  const presumptions = uniquePresumptions(trace.presumptions ?? []);

  const explanation: Message[] = [];
  const say = (id: string, data: Message['data']) => explanation.push({ id, data });
  if (!inForce.inForce)
    say(rule.status === 'illustrative' ? 'rule.illustrative' : 'rule.not-in-force', {
      rule: rule.id,
      status: rule.status,
      instrument: rule.instrument,
      effective: rule.effective,
      asOf: ev.asOf,
    });
  if (designated) say('designation', { subject: subjectName, rule: rule.id });
  if (reading) say('interpretation', { id: reading.id, title: reading.title, description: reading.description });
  explanation.push(...trace.messages);
  say(`verdict.${verdict}`, {
    subject: subjectName,
    rule: rule.id,
    title: rule.title,
    status: rule.status,
    inForce: inForce.inForce,
  });
  if (ownCode !== code || countsOthers) say('own-only', { developer: dev ?? null, verdict: ownVerdict });
  if (wrongfulCapture) {
    const shares = trace.measures
      .filter((m) => m.countsOthers && m.ownShare)
      .map((m) => ({
        description: m.description,
        quantity: m.quantity,
        own: m.ownShare!.low.value,
        total: m.observed.high ? m.observed.high.value : null,
      }));
    say('wrongful-capture', { shares });
  }
  if (presumptions.length > 0 && !designated)
    say('presumption', { presumptions: presumptions.map((p) => ({ concept: p.concept, rebuttal: p.rebuttal })) });
  if (verdict !== 'not-applicable') for (const c of rule.caveats ?? []) say('caveat', { text: c });
  const obligationDates = verdict === 'captured' ? datedObligations(rule, model?.released) : [];
  const said = obligationDates.length === 0 ? null : new Set<string>();
  for (const o of obligationDates) {
    const key = `${o.appliesFrom}|${o.complyBy ?? ''}`;
    if (!o.releasedBefore || said!.has(key)) continue;
    said!.add(key);
    const n = obligationDates.filter((x) => `${x.appliesFrom}|${x.complyBy ?? ''}` === key).length;
    say('obligation.transition', {
      subject: subjectName,
      released: model!.released!,
      obligations: n,
      of: obligationDates.length,
      appliesFrom: o.appliesFrom!,
      ...(o.complyBy ? { complyBy: o.complyBy, section: o.complyBySection! } : {}),
    });
  }
  for (const u of rule.unverified ?? []) say('unverified', { text: u });

  // Built member by member in the order of the literal it replaces (no object spreads per finding).
  const finding = { subject: subject.kind } as Finding;
  if (subject.kind === 'model') finding.model = subjectName;
  else finding.organization = subjectName;
  finding.rule = rule.id;
  if (interp !== undefined) finding.interpretation = interp;
  finding.verdict = verdict;
  finding.inForce = inForce.inForce;
  finding.status = rule.status;
  finding.measures = trace.measures;
  finding.ownOnly = { verdict: ownVerdict, measures: ownTrace.measures };
  finding.wrongfulCapture = wrongfulCapture;
  finding.explanation = explanation;
  finding.citation = facts.citation;
  finding.obligations = verdict === 'captured' ? facts.obligations : [];
  finding.obligationDates = obligationDates;
  finding.presumptions = presumptions;
  finding.designated = designated;
  finding.unverified = rule.unverified ?? [];
  return finding;
}

/**
 * What every finding of a rule on one date shares, made once per rule (and date) rather than per finding: whether it
 * is in force, its citation and its obligations' texts. Findings never change these objects (nor their consumers).
 */
interface RuleFacts {
  asOf: string;
  inForce: { inForce: boolean };
  citation: Finding['citation'];
  obligations: string[];
}

const factsOf = new WeakMap<Rule, RuleFacts>();

function ruleFacts(rule: Rule, asOf: string): RuleFacts {
  let f = factsOf.get(rule);
  if (f && f.asOf === asOf) return f;
  f = {
    asOf,
    inForce: { inForce: ruleInForce(rule, asOf).inForce },
    citation: {
      instrument: rule.citation.instrument ?? rule.instrument,
      section: rule.citation.section,
      text: rule.citation.text,
      url: rule.citation.url,
      ...(rule.citation.confidence ? { confidence: rule.citation.confidence } : {}),
    },
    obligations: ruleObligations(rule),
  };
  factsOf.set(rule, f);
  return f;
}

/** A measure as the own-only trace records it: no breakdown by developer (key order kept). */
function withoutBreakdown(m: MeasureOut): MeasureOut {
  if (!('byDeveloper' in m)) return m;
  const { byDeveloper: _dropped, ...rest } = m;
  return rest;
}

/** One presumption per field: several conditions of a rule may rest on the same one. */
function uniquePresumptions(list: readonly Presumption[]): Presumption[] {
  if (list.length < 2) return [...list];
  const seen = new Set<string>();
  return list.filter((p) => (seen.has(p.field) ? false : (seen.add(p.field), true)));
}

/** The rule's obligations with their dates, and whether the model's release predates each. */
function datedObligations(rule: Rule, released: string | undefined): ObligationDate[] {
  return rule.obligations.map((o) => {
    const before = o.appliesFrom === undefined || released === undefined ? null : released < o.appliesFrom;
    const t = o.existingModels;
    const late = t !== undefined && released !== undefined && released < t.releasedBefore;
    return {
      text: o.text,
      ...(o.section ? { section: o.section } : {}),
      ...(o.appliesFrom ? { appliesFrom: o.appliesFrom } : {}),
      ...(late ? { complyBy: t.complyBy, complyBySection: t.section } : {}),
      releasedBefore: before,
    };
  });
}
