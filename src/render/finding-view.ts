// What every output format says about a finding, in one place: its subject, verdict label, severity against the
// gate, priority, the numbers as text, the citation and the next step. Formats differ only in layout.
import { ILLUSTRATIVE, inForceLabel } from '../core/format/status';
import { intervalText, quantity } from '../core/format/numbers';
import type { Finding, MeasureOut } from '../core/types';
import { reachesGate } from '../core/evaluate/gate';
import type { Report, ReportFinding } from '../core/report';

/** The one definition of a wrongful capture, repeated wherever the flag appears. */
export const WRONGFUL_CAPTURE_DEFINITION =
  "Wrongful capture: captured only because other developers' compute or spend was counted; counting only the developer's own, it is not.";

export type Level = 'error' | 'warning' | 'note' | 'none';

export const VERDICT_LABEL: Record<string, string> = {
  captured: 'CAPTURED',
  'not-captured': 'not captured',
  uncertain: 'UNCERTAIN',
  'not-applicable': 'not applicable',
};

export function subjectId(f: Finding): string {
  return (f.subject === 'model' ? f.model : f.organization) ?? '';
}

/** "eu-ai-act/systemic-risk" or "ca-sb53/frontier-model [developer-own]". */
export function ruleLabel(f: Finding): string {
  return f.interpretation ? `${f.rule} [${f.interpretation}]` : f.rule;
}

/** Stable identity of a finding across runs: rule, reading and subject (never numbers or prose). */
export function findingKey(f: Finding): string {
  return `${f.rule}|${f.interpretation ?? ''}|${f.subject}:${subjectId(f)}`;
}

/** Whether this finding trips the release gate of the report (core/evaluate/gate's test; a held waiver lets it through). */
export function trips(f: ReportFinding, gate: Report['gate']): boolean {
  if (f.waiver && !f.waiver.expired) return false;
  return reachesGate(f, gate);
}

/** Whether a waiver that still holds lets this finding through the gate. */
export function isWaived(f: ReportFinding): boolean {
  return f.waiver !== undefined && !f.waiver.expired;
}

/** "WAIVED until 2027-03-31: <reason>" or "waiver EXPIRED on 2026-10-31 (was: <reason>)"; "" without a waiver. */
export function waiverText(f: ReportFinding): string {
  const w = f.waiver;
  if (!w) return '';
  const reason = w.reason.trim().replace(/[.\s]+$/, ''); // callers end the sentence
  return w.expired
    ? `Waiver EXPIRED on ${w.expires}, so this finding fails the gate (the waiver said: ${reason})`
    : `WAIVED until ${w.expires}: ${reason}`;
}

/**
 * Severity for annotations and SARIF: error when the finding fails the gate; warning for a capture or an open
 * question under a rule in force that the gate lets through, and for any wrongful capture; note for captures and
 * open questions under rules not in force; none for cleared findings.
 */
export function level(f: Finding, gate: Report['gate']): Level {
  if (trips(f, gate)) return 'error';
  const flagged = f.verdict === 'captured' || f.verdict === 'uncertain';
  if (!flagged) return 'none';
  if (f.inForce || f.wrongfulCapture) return 'warning';
  return 'note';
}

/** Most important first: captured under a rule in force, then wrongful captures, then uncertain (in force first). */
export function priority(f: Finding): number {
  if (f.verdict === 'captured' && f.inForce) return 0;
  if (f.wrongfulCapture) return 1;
  if (f.verdict === 'uncertain') return f.inForce ? 2 : 3;
  if (f.verdict === 'captured') return 4;
  return 5;
}

/** Findings sorted by priority, report order kept within a priority (stable sort). */
export function byPriority<F extends Finding>(findings: readonly F[]): F[] {
  return findings
    .map((f, i) => ({ f, i, p: priority(f) }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map((x) => x.f);
}

export function inForceText(f: Finding): string {
  return inForceLabel(f.inForce, f.status);
}

const RESULT_TEXT: Record<MeasureOut['result'], string> = { met: 'met', 'not-met': 'not met', unknown: 'unknown' };

/** "1.15 × 10^26 FLOP against > 10^26 FLOP: met"; a threshold that is itself unknown reads "an unknown threshold". */
export function measureText(m: MeasureOut): string {
  const observed = intervalText(m.observed, m.quantity);
  const threshold = m.threshold ? quantity(m.threshold.value, m.quantity) : 'an unknown threshold';
  return `${observed} against ${m.comparator} ${threshold}: ${RESULT_TEXT[m.result]}`;
}

/** Every measure of the finding as "label: observed cmp threshold (result)", joined by "; ". */
export function numbersText(f: Finding, label: (id: string) => string = (id) => id): string {
  if (f.measures.length === 0) return 'no amounts compared';
  return f.measures.map((m) => `${label(m.id)}: ${measureText(m)}`).join('; ');
}

/** The own share of each measure that counted other developers' models, for wrongful-capture explanations. */
export function ownShareText(f: Finding, label: (id: string) => string = (id) => id): string {
  const parts = f.measures
    .filter((m) => m.countsOthers && m.ownShare)
    .map(
      (m) => `${label(m.id)}: own ${intervalText(m.ownShare!, m.quantity)} of ${intervalText(m.observed, m.quantity)}`,
    );
  return parts.join('; ');
}

export function citationText(f: Finding): string {
  return `${f.citation.instrument}, ${f.citation.section}`;
}

/** Models whose missing amounts made the verdict uncertain, in first-seen order. */
export function missingModels(f: Finding): string[] {
  const out: string[] = [];
  for (const m of f.measures) for (const id of m.missing) if (!out.includes(id)) out.push(id);
  return out;
}

/** What the team should do about this finding, in one sentence; a waiver (held or expired) comes first. */
export function nextStep(f: ReportFinding): string {
  const step = findingStep(f);
  if (!f.waiver) return step;
  if (f.waiver.expired) return `${waiverText(f)}. Renew the waiver with a new date or resolve the finding: ${step}`;
  return `${waiverText(f)}. Review before the waiver expires: ${step}`;
}

function findingStep(f: Finding): string {
  const notInForce = f.inForce
    ? ''
    : f.status === ILLUSTRATIVE
      ? ' No obligation: the rule is illustrative (not law).'
      : ` No obligation today: the rule is ${f.status === 'in-force' ? 'not in force on this date' : f.status}.`;
  switch (f.verdict) {
    case 'captured':
      if (f.wrongfulCapture) {
        return `Captured only through other developers' compute or spend (own-only: ${f.ownOnly.verdict}); document the own share and get legal review of whether this reading applies.${notInForce}`;
      }
      if (!f.inForce) return `Would be captured if the rule applied.${notInForce}`;
      if (f.obligations.length === 0) return 'Captured: review the cited provision.';
      return `Obligations apply: ${f.obligations[0]}${f.obligations.length > 1 ? `; and ${f.obligations.length - 1} more (see the full report)` : ''}.`;
    case 'uncertain': {
      const missing = missingModels(f);
      const exactButOpen = f.measures.some(
        (m) => m.result === 'unknown' && m.observed.high !== null && m.observed.low.exact === m.observed.high.exact,
      );
      const straddles = f.measures.some(
        (m) => m.result === 'unknown' && m.observed.high !== null && m.observed.low.exact !== m.observed.high.exact,
      );
      const presumptionOpen = f.explanation.some((m) => m.id === 'presumption.unknown');
      const what =
        missing.length > 0
          ? `Supply the missing compute or cost of ${missing.join(', ')}`
          : exactButOpen
            ? "Supply the figures the threshold depends on (such as the original model's compute)"
            : straddles
              ? 'Narrow the ranges that straddle the threshold (declare exact figures)'
              : presumptionOpen
                ? 'Declare foundationModel (true or false) for the model, or supply the missing compute of the models it was built on (for a model card: "bases" in compute.json)'
                : 'Supply the facts the rule depends on (see the explanation)';
      return `${what}, then re-run.${notInForce}`;
    }
    case 'not-captured':
      return 'None.';
    default:
      return "None: the rule's preconditions are not met.";
  }
}

/** One-line headline: "tomato-ai/legal-110b: CAPTURED under illustrative/lineage-cost-100m". */
export function headline(f: Finding): string {
  return `${subjectId(f)}: ${VERDICT_LABEL[f.verdict]} under ${ruleLabel(f)}`;
}

export interface Counts {
  findings: number;
  captured: number;
  capturedInForce: number;
  uncertain: number;
  wrongful: number;
  failing: number;
}

export function counts(report: Report): Counts {
  const c: Counts = {
    findings: report.findings.length,
    captured: 0,
    capturedInForce: 0,
    uncertain: 0,
    wrongful: 0,
    failing: 0,
  };
  for (const f of report.findings) {
    if (f.verdict === 'captured') c.captured++;
    if (f.verdict === 'captured' && f.inForce) c.capturedInForce++;
    if (f.verdict === 'uncertain') c.uncertain++;
    if (f.wrongfulCapture) c.wrongful++;
    if (trips(f, report.gate)) c.failing++;
  }
  return c;
}

/** "Gate (--fail-on captured, rules in force only): FAILED by 1 finding." */
export function gateText(report: Report): string {
  const g = report.gate;
  const scope = g.includeNotInForce ? 'all selected rules' : 'rules in force only';
  const result = g.failed ? `FAILED by ${g.failing} finding${g.failing === 1 ? '' : 's'}` : 'passed';
  const readings = g.readings ? `, readings ${[...new Set(Object.values(g.readings).flat())].join(', ')} only` : '';
  const waived = report.findings.filter(isWaived).length;
  const expired = report.findings.filter((f) => f.waiver?.expired).length;
  const w = [waived > 0 ? `${waived} waived` : '', expired > 0 ? `${expired} with an expired waiver` : '']
    .filter(Boolean)
    .join(', ');
  return `Gate (--fail-on ${g.failOn}, ${scope}${readings}): ${result}${w ? ` (${w})` : ''}.`;
}

export function summaryText(report: Report): string {
  const c = counts(report);
  return `${c.findings} findings; ${c.captured} captured (${c.capturedInForce} under rules in force), ${c.uncertain} uncertain, ${c.wrongful} wrongful capture${c.wrongful === 1 ? '' : 's'}.`;
}
