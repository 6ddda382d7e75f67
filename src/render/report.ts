// The JSON report (built by src/core/report.ts) as text: deterministic key order, safe for any terminal or log.
// Explanation steps are written as { id, text }, worded by the catalogue (render/messages.ts). `JsonReportWriter`
// writes the same bytes piece by piece (head, each finding, gate), so that no report is ever one string;
// `ndjsonFinding` is one finding on one line (`--format ndjson`).
import type { Report, ReportFinding, ReportGate, ReportHead } from '../core/report';
import { boundBreakdown } from '../core/evaluate/contributions';
import type { MeasureOut } from '../core/types';
import type { RenderContext } from './context';
import { textOf } from './messages';
import { jsonSafe } from './safe-text';

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

/** A finding as the JSON formats print it: explanation steps worded, breakdowns bounded unless asked in full. */
function findingOut(f: ReportFinding, full = false): object {
  const explanation = f.explanation.map((m) => ({ id: m.id, text: textOf(m) }));
  if (full) return { ...f, explanation };
  const big = (ms: readonly MeasureOut[]) => ms.some((m) => m.byDeveloper && m.byDeveloper.length > BREAKDOWN_TOP);
  if (!big(f.measures) && !big(f.ownOnly.measures) && !f.presumptions.some((p) => big(p.basis)))
    return { ...f, explanation };
  return {
    ...f,
    measures: f.measures.map(boundedMeasure),
    ownOnly: { ...f.ownOnly, measures: f.ownOnly.measures.map(boundedMeasure) },
    presumptions: f.presumptions.map((p) => ({ ...p, basis: p.basis.map(boundedMeasure) })),
    explanation,
  };
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
export function renderJson(report: Report, ctx: RenderContext = {}): string {
  const findings = report.findings.map((f) => findingOut(f, ctx.fullBreakdowns));
  return jsonSafe(JSON.stringify({ ...report, findings }, null, 2)) + '\n';
}

/** One finding as one line of JSON (`--format ndjson`): the object `--format json` lists under `findings`. */
export function ndjsonFinding(f: ReportFinding, full = false): string {
  return jsonSafe(JSON.stringify(findingOut(f, full))) + '\n';
}
