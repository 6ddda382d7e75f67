// The report: findings plus the context a reader needs (date, rules used, gate), as data. Every output format is
// rendered from it (src/render), and `check --format json` and POST /api/v1/evaluate print it as it is.
import type { Evaluation } from './evaluate/engine';
import type { GateResult } from './evaluate/gate';
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
  citation: { section: string; url: string };
}

export interface Report {
  asOf: string;
  input: { models: number; organizations: number };
  rules: RuleMeta[];
  findings: Evaluation['findings'];
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
    findings: ev.findings,
    gate: { failOn: g.failOn, failed: g.failed, failing: g.failing.length, includeNotInForce },
  };
}
