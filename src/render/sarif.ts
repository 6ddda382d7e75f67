// SARIF 2.1.0 for code scanning: tool.driver.rules[] from rule metadata (the rule id is the stable SARIF id),
// one result per finding that needs attention, located at the line of the subject's "id" in the input file.
// Cleared findings (not captured, not applicable) are listed under run.properties.cleared instead of as
// results, because GitHub code scanning shows every result as an alert whatever its kind (microsoft/PSRule#955).
import { ILLUSTRATIVE, ILLUSTRATIVE_LABEL } from '../core/format/status';
import type { Finding } from '../core/types';
import { locate, RenderContext } from './context';
import {
  citationText,
  findingKey,
  gateText,
  headline,
  inForceText,
  level,
  nextStep,
  numbersText,
  ownShareText,
  subjectId,
} from './finding-view';
import type { Report, ReportFinding, RuleMeta } from '../core/report';
import { jsonSafe } from './safe-text';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function ruleDescriptor(r: RuleMeta) {
  const citation = `${r.instrument}, ${r.citation.section}: ${r.citation.url}`;
  const interp = r.interpretations.length > 0 ? ` Readings reported separately: ${r.interpretations.join(', ')}.` : '';
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: (r.summary ?? r.title) + interp },
    // SARIF wants an absolute URI; an illustrative rule cites the project's notes instead.
    ...(/^https?:\/\//.test(r.citation.url) ? { helpUri: r.citation.url } : {}),
    help: {
      text: `${r.summary ?? r.title}${interp}\nSource: ${citation}\nStatus: ${r.status === ILLUSTRATIVE ? ILLUSTRATIVE_LABEL : r.status}.`,
    },
    defaultConfiguration: { level: r.inForce ? 'error' : 'note' },
    properties: {
      jurisdiction: r.jurisdiction,
      instrument: r.instrument,
      status: r.status,
      inForce: r.inForce,
      subject: r.subject,
      interpretations: r.interpretations,
      citation: { section: r.citation.section, url: r.citation.url },
      tags: ['compute-threshold', r.jurisdiction, r.status],
    },
  };
}

function message(f: ReportFinding): string {
  const parts = [`${headline(f)} (${inForceText(f)}).`, `Numbers: ${numbersText(f)}.`];
  if (f.wrongfulCapture)
    parts.push(
      `Wrongful capture: only because of other developers' compute or spend (${ownShareText(f)}); own-only verdict: ${f.ownOnly.verdict}.`,
    );
  parts.push(`Next step: ${nextStep(f)}`);
  parts.push(`Source: ${citationText(f)} (${f.citation.url}).`);
  // SARIF 2.1.0 §3.11.6: "[text](target)" in a plain-text message is an embedded link, which viewers make clickable.
  // flopcheck writes none; a bracket before "(" (from an id) is escaped so an input cannot plant one.
  return parts.join(' ').replace(/\]\(/g, '\\](');
}

function measures(f: Finding) {
  return f.measures.map((m) => ({
    id: m.id,
    quantity: m.quantity,
    unit: m.unit,
    observed: { low: m.observed.low.exact, high: m.observed.high?.exact ?? null },
    comparator: m.comparator,
    threshold: m.threshold?.exact ?? null,
    result: m.result,
    ...(m.ownShare ? { ownShare: { low: m.ownShare.low.exact, high: m.ownShare.high?.exact ?? null } } : {}),
    ...(m.missing.length > 0 ? { missing: m.missing } : {}),
  }));
}

function result(f: ReportFinding, report: Report, ruleIndex: number, ctx: RenderContext) {
  const loc = locate(f, ctx);
  const w = f.waiver;
  return {
    ruleId: f.rule,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: level(f, report.gate),
    message: { text: message(f) },
    ...(loc
      ? { locations: [{ physicalLocation: { artifactLocation: { uri: loc.uri }, region: { startLine: loc.line } } }] }
      : {}),
    // Identity for de-duplication across runs: rule, reading and subject, never numbers.
    partialFingerprints: { 'flopcheckFinding/v1': findingKey(f) },
    // SARIF 2.1.0 §3.35: a held waiver is an accepted external suppression (code scanning shows it as dismissed).
    ...(w && !w.expired
      ? {
          suppressions: [
            { kind: 'external', status: 'accepted', justification: `Waived until ${w.expires}: ${w.reason}` },
          ],
        }
      : {}),
    properties: {
      subject: f.subject,
      [f.subject]: subjectId(f),
      ...(f.interpretation ? { interpretation: f.interpretation } : {}),
      verdict: f.verdict,
      inForce: f.inForce,
      status: f.status,
      wrongfulCapture: f.wrongfulCapture,
      ownOnlyVerdict: f.ownOnly.verdict,
      measures: measures(f),
      citation: f.citation,
      obligations: f.obligations,
      nextStep: nextStep(f),
      ...(w ? { waiver: w } : {}),
    },
  };
}

export function renderSarif(report: Report, ctx: RenderContext = {}): string {
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const results = [];
  const cleared = [];
  for (const f of report.findings) {
    if (level(f, report.gate) === 'none') {
      cleared.push({
        ruleId: f.rule,
        ...(f.interpretation ? { interpretation: f.interpretation } : {}),
        [f.subject]: subjectId(f),
        verdict: f.verdict,
        numbers: numbersText(f),
      });
    } else results.push(result(f, report, index.get(f.rule) ?? -1, ctx));
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'flopcheck',
            ...(ctx.version ? { version: ctx.version, semanticVersion: ctx.version } : {}),
            rules: report.rules.map(ruleDescriptor),
          },
        },
        invocations: [
          { executionSuccessful: true, exitCode: report.gate.failed ? 1 : 0, exitCodeDescription: gateText(report) },
        ],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { asOf: report.asOf, gate: report.gate, cleared },
      },
    ],
  };
  return jsonSafe(JSON.stringify(log, null, 2)) + '\n';
}
