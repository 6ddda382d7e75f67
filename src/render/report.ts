// The JSON report: findings plus the context a reader needs (date, rules used, gate). Deterministic key order.
import type { Evaluation } from '../core/evaluate/engine';
import type { GateResult } from '../core/evaluate/gate';
import { ruleInForce } from '../core/evaluate/in-force';
import type { Finding, LineageDocument, Message, Rule } from '../core/types';
import { messageText } from './messages';
import { jsonSafe } from './safe-text';

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
  citation: { section: string; url: string };
}

/** A message with its sentence from the catalogue (render/messages.ts). */
export type RenderedMessage = Message & { text: string };

/** A finding as reports show it: each explanation step worded. */
export type ReportFinding = Omit<Finding, 'explanation'> & { explanation: RenderedMessage[] };

export interface Report {
  asOf: string;
  input: { models: number; organizations: number };
  rules: RuleMeta[];
  findings: ReportFinding[];
  gate: { failOn: string; failed: boolean; failing: number; includeNotInForce: boolean };
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
    citation: { section: rule.citation.section, url: rule.citation.url },
  };
}

export function buildReport(doc: LineageDocument, rules: readonly Rule[], ev: Evaluation, g: GateResult, includeNotInForce = false): Report {
  return {
    asOf: ev.asOf,
    input: { models: doc.models.length, organizations: (doc.organizations ?? []).length },
    rules: rules.map((r) => ruleMeta(r, ev.asOf)),
    findings: ev.findings.map(wordFinding),
    gate: { failOn: g.failOn, failed: g.failed, failing: g.failing.length, includeNotInForce },
  };
}

/** A finding with each explanation message worded. */
export function wordFinding(f: Finding): ReportFinding {
  return { ...f, explanation: f.explanation.map((m) => ({ ...m, text: messageText(m) })) };
}

/** The JSON report: explanation steps as { id, text } (their data stays in the library API). */
export function renderJson(report: Report): string {
  const findings = report.findings.map((f) => ({ ...f, explanation: f.explanation.map((m) => ({ id: m.id, text: m.text })) }));
  return jsonSafe(JSON.stringify({ ...report, findings }, null, 2)) + '\n';
}
