// The JSON report (built by src/core/report.ts) as text: deterministic key order, safe for any terminal or log.
// Findings are written in the compact projection of render/json-finding.ts (explanation steps as { id, text }).
// `JsonReportWriter` writes the same bytes piece by piece (head, each finding, gate), so that no report is ever one
// string; `ndjsonFinding` is one finding on one line (`--format ndjson`). `check --format json` is pretty-printed
// for people; the HTTP API answers the same value without indentation (`compact`).
import type { Report, ReportFinding, ReportGate, ReportHead } from '../core/report';
import { boundBreakdown } from '../core/evaluate/contributions';
import type { DeveloperContribution, MeasureOut, Message } from '../core/types';
import type { RenderContext } from './context';
import { findingJson } from './json-finding';
import { jsonSafe, jsonSafeUtf8Line } from './safe-text';

/**
 * Developers listed in a measure's `byDeveloper` unless `--full-breakdowns`: the largest contributors; the others
 * are summed in `byDeveloperRest` ({ developers, models, amount }). A merge of thousands of ancestors by hundreds
 * of developers would otherwise repeat them in every finding of every model built on it.
 */
export const BREAKDOWN_TOP = 10;

function boundedMeasure(m: MeasureOut): MeasureOut {
  if (!m.byDeveloper || m.byDeveloper.length <= BREAKDOWN_TOP) return m;
  const b = boundBreakdown(m.byDeveloper, BREAKDOWN_TOP);
  return { ...m, byDeveloper: b.top, byDeveloperRest: b.rest };
}

/** The explanation step that words a breakdown ("Of which: …"), bounded the same way. */
function boundedStep(m: Message): Message {
  const list = m.id === 'contributions' ? (m.data.developers as DeveloperContribution[] | undefined) : undefined;
  if (!list || list.length <= BREAKDOWN_TOP) return m;
  const b = boundBreakdown(list, BREAKDOWN_TOP);
  return { ...m, data: { ...m.data, developers: b.top, rest: b.rest } };
}

/** A finding as the JSON formats print it (render/json-finding.ts), breakdowns bounded unless asked in full. */
function findingOut(f: ReportFinding, full = false): object {
  return findingJson(f, full ? {} : { bound: boundedMeasure, boundStep: boundedStep });
}

// A finding pretty-printed at the depth it has in the report ("findings" array of the top object): stringified
// inside a wrapper of the same shape, so JSON.stringify indents it, and the wrapper cut off.
const OPEN = '{\n  "f": [\n    ';
const CLOSE = '\n  ]\n}';

/** Writes `--format json` in pieces: `head`, then each `finding`, then `end`; the bytes of `renderJson`. */
export class JsonReportWriter {
  private count = 0;
  constructor(
    private readonly write: (s: string) => void,
    private readonly full = false,
  ) {}

  head(h: ReportHead): void {
    const t = JSON.stringify({ asOf: h.asOf, input: h.input, rules: h.rules, findings: [] }, null, 2);
    // t ends with `"findings": []\n}`: keep up to the opening bracket.
    this.write(jsonSafe(t.slice(0, t.length - 3)));
  }

  finding(f: ReportFinding): void {
    const t = JSON.stringify({ f: [findingOut(f, this.full)] }, null, 2);
    this.write((this.count++ === 0 ? '\n    ' : ',\n    ') + jsonSafe(t.slice(OPEN.length, t.length - CLOSE.length)));
  }

  end(gate: ReportGate): void {
    const t = JSON.stringify({ gate }, null, 2);
    // t is `{\n  "gate": {…}\n}`: its member line is already at the report's depth.
    this.write((this.count > 0 ? '\n  ]' : ']') + ',\n' + jsonSafe(t.slice(2, t.length - 2)) + '\n}\n');
  }
}

/** The whole report as one string (the HTTP API, `--out`): the bytes `JsonReportWriter` writes in pieces. */
export function renderJson(report: Report, ctx: RenderContext = {}, compact = false): string {
  const findings = report.findings.map((f) => findingOut(f, ctx.fullBreakdowns));
  return jsonSafe(JSON.stringify({ ...report, findings }, null, compact ? undefined : 2)) + '\n';
}

/**
 * The UTF-8 bytes of `renderJson(report, ctx, true)` (the HTTP API's answer), written finding by finding into one
 * buffer (see jsonSafeUtf8Line): the report is never one string.
 */
export function renderCompactJsonBytes(report: Report, ctx: RenderContext = {}): Buffer {
  // The report with no findings, cut at its empty findings array: `"findings":[` cannot occur elsewhere (any quote
  // inside a string is escaped, and no other member of a report is named so).
  const outer = JSON.stringify({ ...report, findings: [] });
  const cut = outer.indexOf('"findings":[]') + '"findings":['.length;
  const pieces = [outer.slice(0, cut)];
  report.findings.forEach((f, i) => {
    if (i > 0) pieces.push(',');
    pieces.push(JSON.stringify(findingOut(f, ctx.fullBreakdowns)));
  });
  pieces.push(outer.slice(cut));
  return jsonSafeUtf8Line(pieces);
}

/** One finding as one line of JSON (`--format ndjson`): the object `--format json` lists under `findings`. */
export function ndjsonFinding(f: ReportFinding, full = false): string {
  return jsonSafe(JSON.stringify(findingOut(f, full))) + '\n';
}

/** A JSON report (compact, as the API answers and reports are saved) pretty-printed as `check --format json` is. */
export function prettyJson(json: string): string {
  return jsonSafe(JSON.stringify(JSON.parse(json), null, 2)) + '\n';
}
