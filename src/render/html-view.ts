// The HTML report's view model: plain JSON objects only (Handlebars blocks getters and prototype access), every
// key present (the template is compiled strict), numbers kept as numbers for the template's formatting helpers.
import { inForceLabel } from '../core/format/status';
import type { Finding, IntervalOut, MeasureOut } from '../core/types';
import {
  byPriority,
  counts,
  gateText,
  inForceText,
  level,
  nextStep,
  numbersText,
  ownShareText,
  ruleLabel,
  subjectId,
  summaryText,
  VERDICT_LABEL,
  WRONGFUL_CAPTURE_DEFINITION,
} from './finding-view';
import type { Report } from '../core/report';
import { textOf } from './messages';
import { measureLabel } from './measure-label';

export interface IntervalView {
  low: number;
  high: number | null;
  exactLow: string;
  exactHigh: string | null;
  quantity: MeasureOut['quantity'];
}

function interval(iv: IntervalOut, quantity: MeasureOut['quantity']): IntervalView {
  return {
    low: iv.low.value,
    high: iv.high ? iv.high.value : null,
    exactLow: iv.low.exact,
    exactHigh: iv.high ? iv.high.exact : null,
    quantity,
  };
}

function safeUrl(u: string): string {
  return /^https?:\/\/[^\s"'<>]+$/.test(u) ? u : '';
}

/** How the report is shown: `embedded` in the web report page (no h1, no CI gate, measures by people's names). */
export interface HtmlViewOptions {
  embedded?: boolean;
}

function measureView(m: MeasureOut, o: HtmlViewOptions) {
  return {
    id: m.id,
    label: o.embedded ? measureLabel(m.id) : '',
    description: m.description,
    quantity: m.quantity,
    observed: interval(m.observed, m.quantity),
    comparator: m.comparator,
    threshold: m.threshold ? m.threshold.value : null,
    thresholdExact: m.threshold ? m.threshold.exact : null,
    thresholdBasis: m.thresholdBasis,
    result: m.result,
    resultClass: m.result === 'met' ? 'met' : m.result === 'unknown' ? 'unknown' : 'not-met',
    estimated: m.estimated,
    ownShare: m.ownShare ? interval(m.ownShare, m.quantity) : null,
    countsOthers: m.countsOthers,
    missing: m.missing.join(', '),
  };
}

function findingView(f: Finding, report: Report, o: HtmlViewOptions) {
  const label = o.embedded ? measureLabel : undefined;
  return {
    rule: f.rule,
    label: ruleLabel(f),
    subject: subjectId(f),
    verdict: f.verdict,
    verdictLabel: VERDICT_LABEL[f.verdict],
    level: level(f, report.gate),
    inForce: f.inForce,
    inForceText: inForceText(f),
    wrongful: f.wrongfulCapture,
    ownShare: ownShareText(f, label),
    ownOnly: f.ownOnly.verdict,
    numbers: numbersText(f, label),
    measures: f.measures.map((m) => measureView(m, o)),
    explanation: f.explanation.map(textOf),
    obligations: f.obligations,
    nextStep: nextStep(f),
    // A citation that is not a web link (an illustrative rule's reference to the project notes) is shown as text.
    citation: {
      instrument: f.citation.instrument,
      section: f.citation.section,
      text: f.citation.text,
      url: safeUrl(f.citation.url),
      ref: safeUrl(f.citation.url) ? '' : f.citation.url,
    },
  };
}

export function htmlView(report: Report, o: HtmlViewOptions = {}) {
  const groups = new Map<string, { kind: string; id: string; findings: ReturnType<typeof findingView>[] }>();
  for (const f of report.findings) {
    const key = `${f.subject}:${subjectId(f)}`;
    if (!groups.has(key))
      groups.set(key, { kind: f.subject === 'model' ? 'Model' : 'Organization', id: subjectId(f), findings: [] });
    groups.get(key)!.findings.push(findingView(f, report, o));
  }
  const c = counts(report);
  return {
    asOf: report.asOf,
    embedded: o.embedded === true,
    models: report.input.models,
    gate: { failed: report.gate.failed, text: gateText(report) },
    summary: summaryText(report),
    wrongfulDefinition: WRONGFUL_CAPTURE_DEFINITION,
    counts: c,
    attention: byPriority(report.findings)
      .filter((f) => level(f, report.gate) !== 'none')
      .map((f) => findingView(f, report, o)),
    subjects: [...groups.values()],
    rules: report.rules.map((r) => ({
      id: r.id,
      title: r.title,
      instrument: r.instrument,
      status: r.status,
      inForce: r.inForce,
      inForceText: inForceLabel(r.inForce, r.status),
      section: r.citation.section,
      url: safeUrl(r.citation.url),
      ref: safeUrl(r.citation.url) ? '' : r.citation.url,
    })),
  };
}
