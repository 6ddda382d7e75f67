// The report: findings plus the context a reader needs (date, rules used, gate), as data. Every output format is
// rendered from it (src/render), and `check --format json` and POST /api/v1/evaluate print it as it is.
import type { Evaluation } from './evaluate/engine';
import type { GateResult, WaiverApplied } from './evaluate/gate';
import { ruleInForce } from './evaluate/in-force';
import type { LineageDocument, Rule } from './types';

export interface RuleMeta {
  id: string;
  title: string;
  /** The rule's one-paragraph summary, when it has one (SARIF fullDescription, report headings). */
  summary?: string;
  jurisdiction: string;
  instrument: string;
  status: string;
  inForce: boolean;
  subject: string;
  interpretations: string[];
  /** The citation with its quoted text (written once here, not in every finding of the JSON report). */
  citation: { section: string; url: string; text: string };
  /** Facts the rule relies on that are not verified (every finding of the rule rests on them). */
  unverified: string[];
  /** What a captured finding of the rule obliges, as findings list them ("text (section)"). */
  obligations: string[];
}

/** A finding as reported: a finding covered by a waiver carries it (held: it does not trip the gate; expired: it does). */
export type ReportFinding = Evaluation['findings'][number] & { waiver?: WaiverApplied };

/** A waiver as reported in the gate: what it covers, why, until when, whether it expired, how many findings it covered. */
export type ReportWaiver = GateResult['waivers'][number];

export interface ReportGate {
  failOn: string;
  failed: boolean;
  failing: number;
  includeNotInForce: boolean;
  /** Present when the gate counts only some readings: rule id → the readings it counts. */
  readings?: Record<string, string[]>;
  /** Present when the config has waivers. */
  waivers?: ReportWaiver[];
}

export interface Report {
  asOf: string;
  input: { models: number; organizations: number };
  rules: RuleMeta[];
  findings: ReportFinding[];
  gate: ReportGate;
}

export function ruleMeta(rule: Rule, asOf: string): RuleMeta {
  return {
    id: rule.id,
    title: rule.title,
    ...(rule.summary ? { summary: rule.summary } : {}),
    jurisdiction: rule.jurisdiction,
    instrument: rule.instrument,
    status: rule.status,
    inForce: ruleInForce(rule, asOf).inForce,
    subject: rule.subject,
    interpretations: (rule.interpretations ?? []).map((i) => i.id),
    citation: { section: rule.citation.section, url: rule.citation.url, text: rule.citation.text },
    unverified: rule.unverified ?? [],
    obligations: ruleObligations(rule),
  };
}

/** A rule's obligations as findings and reports list them: the text, its section in parentheses. */
export function ruleObligations(rule: Rule): string[] {
  return rule.obligations.map((o) => (o.section ? `${o.text} (${o.section})` : o.text));
}

export function buildReport(
  doc: LineageDocument,
  rules: readonly Rule[],
  ev: Evaluation,
  g: GateResult,
  includeNotInForce = false,
): Report {
  const head = reportHead(doc, rules, ev.asOf);
  return { ...head, findings: withWaivers(ev.findings, g), gate: reportGate(g, includeNotInForce) };
}

/** What a report says before its findings (written first when findings are streamed). */
export type ReportHead = Pick<Report, 'asOf' | 'input' | 'rules'>;

export function reportHead(doc: LineageDocument, rules: readonly Rule[], asOf: string): ReportHead {
  return {
    asOf,
    input: { models: doc.models.length, organizations: (doc.organizations ?? []).length },
    rules: rules.map((r) => ruleMeta(r, asOf)),
  };
}

export function reportGate(g: GateResult, includeNotInForce: boolean, failing = g.failing.length): ReportGate {
  return {
    failOn: g.failOn,
    failed: g.failed,
    failing,
    includeNotInForce,
    // Keys only when the policy uses them, so reports without a policy stay byte-identical.
    ...(g.readings ? { readings: g.readings } : {}),
    ...(g.waivers && g.waivers.length > 0 ? { waivers: g.waivers } : {}),
  };
}

function withWaivers(findings: Evaluation['findings'], g: GateResult): ReportFinding[] {
  if (!g.waived || g.waived.length === 0) return findings;
  const by = new Map(g.waived.map((w) => [w.finding, w.waiver]));
  return findings.map((f) => {
    const w = by.get(f);
    return w ? { ...f, waiver: w } : f;
  });
}
