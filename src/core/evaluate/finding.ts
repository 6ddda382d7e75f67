// A finding explained: the verdict with its measures, the own-only counterfactual, the wrongful-capture flag and the
// plain-language explanation, built from traces of the same evaluation the verdict tables use.
import { flop, usd } from '../format/numbers';
import type { Finding, Message, ObligationDate, Presumption, Rule, Verdict } from '../types';
import type { Subject, Trace } from './conditions';
import type { Evaluator } from './engine';
import { designatedUnder } from './designation';
import { ruleInForce } from './in-force';
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
};

export function explainFinding(ev: Evaluator, rule: Rule, interp: string | undefined, subject: Subject): Finding {
  const trace: Trace = { measures: [], messages: [] };
  const code = ev.judge(rule, interp, subject, false, trace);
  const ownTrace: Trace = { measures: [], messages: [] };
  const ownCode = ev.judge(rule, interp, subject, true, ownTrace);
  const verdict = VERDICT_NAMES[code];
  const ownVerdict = VERDICT_NAMES[ownCode];
  const countsOthers = trace.measures.some((m) => m.countsOthers) || (subject.kind === 'organization' && ownCode !== code);
  const wrongfulCapture = code === V_CAPTURED && ownCode === V_NOT_CAPTURED && countsOthers;
  const inForce = ruleInForce(rule, ev.asOf);
  const reading = rule.interpretations?.find((x) => x.id === interp);
  const subjectName = subject.kind === 'model' ? ev.ix.models[subject.i].id : subject.id;
  const dev = subject.kind === 'model' ? ev.ix.models[subject.i].developer : subject.id;

  const model = subject.kind === 'model' ? ev.ix.models[subject.i] : undefined;
  const designated = model !== undefined && designatedUnder(model, rule.id);
  const presumptions = uniquePresumptions(trace.presumptions ?? []);

  const explanation: Message[] = [];
  if (!inForce.inForce) explanation.push({ id: rule.status === 'illustrative' ? 'rule.illustrative' : 'rule.not-in-force', text: inForce.reason });
  if (designated) {
    explanation.push({
      id: 'designation',
      text: `${subjectName} is designated under ${rule.id} (designations in the lineage): that designation captures it whatever its compute, even unknown; the tests below are shown for information and do not decide.`,
    });
  }
  if (reading) explanation.push({ id: 'interpretation', text: `Reading "${reading.title}": ${reading.description}` });
  explanation.push(...trace.messages);
  explanation.push({ id: `verdict.${verdict}`, text: verdictSentence(verdict, subjectName, rule, inForce.inForce) });
  if (ownCode !== code || countsOthers) {
    explanation.push({
      id: 'own-only',
      text: `Counting only compute and spend of ${dev ?? 'its own developer'} (its own models): ${ownVerdict}.`,
    });
  }
  if (wrongfulCapture) {
    const shares = trace.measures.filter((m) => m.countsOthers && m.ownShare).map((m) => {
      const fmt = (x: number) => (m.quantity === 'flop' ? flop(x) : usd(x));
      return `${m.description}: own share ${fmt(m.ownShare!.low.value)} of ${m.observed.high ? fmt(m.observed.high.value) : 'an unknown total'}`;
    });
    explanation.push({
      id: 'wrongful-capture',
      text: `Captured only because compute or spend of other developers' models was counted (${shares.join('; ')}); on its own it would not be.`,
    });
  }
  if (presumptions.length > 0 && !designated) {
    explanation.push({
      id: 'presumption',
      text: `This verdict rests on a presumption: ${presumptions.map((p) => `presumed ${p.concept} (${p.rebuttal} to rebut)`).join('; ')}.`,
    });
  }
  if (verdict !== 'not-applicable') for (const c of rule.caveats ?? []) explanation.push({ id: 'caveat', text: c });
  const obligationDates = verdict === 'captured' ? datedObligations(rule, model?.released) : [];
  const said = new Set<string>();
  for (const o of obligationDates) {
    const key = `${o.appliesFrom}|${o.complyBy ?? ''}`;
    if (!o.releasedBefore || said.has(key)) continue;
    said.add(key);
    const n = obligationDates.filter((x) => `${x.appliesFrom}|${x.complyBy ?? ''}` === key).length;
    const which = n === obligationDates.length ? 'its obligations' : `${n} of its obligations`;
    explanation.push({
      id: 'obligation.transition',
      text: o.complyBy
        ? `${subjectName} was released on ${model!.released}, before ${which} applied (${o.appliesFrom}): a model placed on the market before then must comply by ${o.complyBy} (${o.complyBySection}).`
        : `${subjectName} was released on ${model!.released}, before ${which} applied: they attach from ${o.appliesFrom}.`,
    });
  }
  for (const u of rule.unverified ?? []) explanation.push({ id: 'unverified', text: `Unverified: ${u}` });

  const finding: Finding = {
    subject: subject.kind,
    ...(subject.kind === 'model' ? { model: subjectName } : { organization: subjectName }),
    rule: rule.id,
    ...(interp !== undefined ? { interpretation: interp } : {}),
    verdict,
    inForce: inForce.inForce,
    status: rule.status,
    measures: trace.measures,
    ownOnly: { verdict: ownVerdict, measures: ownTrace.measures },
    wrongfulCapture,
    explanation,
    citation: {
      instrument: rule.citation.instrument ?? rule.instrument,
      section: rule.citation.section,
      text: rule.citation.text,
      url: rule.citation.url,
      ...(rule.citation.confidence ? { confidence: rule.citation.confidence } : {}),
    },
    obligations: verdict === 'captured' ? rule.obligations.map((o) => (o.section ? `${o.text} (${o.section})` : o.text)) : [],
    obligationDates,
    presumptions,
    designated,
    unverified: rule.unverified ?? [],
  };
  return finding;
}

function verdictSentence(v: Verdict, subject: string, rule: Rule, inForce: boolean): string {
  const would = inForce ? '' : rule.status === 'illustrative' ? ' (the rule is illustrative, not law: this is what it would say)' : ' (the rule is not in force on this date, so this is what it would say)';
  switch (v) {
    case 'captured':
      return `${subject} is captured by ${rule.title}${would}.`;
    case 'not-captured':
      return `${subject} is not captured by ${rule.title}${would}.`;
    case 'uncertain':
      return `Whether ${subject} is captured by ${rule.title} cannot be decided from the input: see the unknown or straddling amounts above${would}.`;
    case 'not-applicable':
      return `${rule.title} does not apply to ${subject}: its preconditions are not met${would}.`;
  }
}

/** One presumption per field: several conditions of a rule may rest on the same one. */
function uniquePresumptions(list: readonly Presumption[]): Presumption[] {
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
