// The JSON report (built by src/core/report.ts) as text: deterministic key order, safe for any terminal or log.
// Findings are written in the compact projection of render/json-finding.ts (explanation steps as { id, text }).
// `JsonReportWriter` writes the same bytes piece by piece (head, each finding, gate), so that no report is ever one
// string; `ndjsonFinding` is one finding on one line (`--format ndjson`). `check --format json` is pretty-printed
// for people; the HTTP API answers the same value without indentation (`compact`).
import type { Report, ReportFinding, ReportGate, ReportHead } from '../core/report';
import { boundBreakdown } from '../core/evaluate/contributions';
import type { DeveloperContribution, MeasureOut, Message } from '../core/types';
import type { RenderContext } from './context';
import { findingJson, type FindingJsonOptions } from './json-finding';
import { jsonSafe } from './safe-text';
import { ByteWriter, COMPACT, PRETTY, utf8ByteString } from './json-bytes';
import { FindingEncoder } from './json-finding-bytes';

/**
 * Developers listed in a measure's `byDeveloper` unless `--full-breakdowns`: the largest contributors; the others
 * are summed in `byDeveloperRest` ({ developers, models, amount }). A merge of thousands of ancestors by hundreds
 * of developers would otherwise repeat them in every finding of every model built on it.
 */
export const BREAKDOWN_TOP = 10;

// A finding's measure is bounded up to three times (its measures, the own-only diff, a presumption's basis) and its
// breakdown once more for the step that words it, each time summing the rest exactly: the cut of a list is kept
// by the list (read only: the bounded copies are written, never changed).
const cuts = new WeakMap<readonly DeveloperContribution[], ReturnType<typeof boundBreakdown>>();
function cut(list: readonly DeveloperContribution[]): ReturnType<typeof boundBreakdown> {
  let b = cuts.get(list);
  if (b === undefined) cuts.set(list, (b = boundBreakdown(list, BREAKDOWN_TOP)));
  return b;
}

function boundedMeasure(m: MeasureOut): MeasureOut {
  if (!m.byDeveloper || m.byDeveloper.length <= BREAKDOWN_TOP) return m;
  const b = cut(m.byDeveloper);
  return { ...m, byDeveloper: b.top, byDeveloperRest: b.rest };
}

/** The explanation step that words a breakdown ("Of which: …"), bounded the same way. */
function boundedStep(m: Message): Message {
  const list = m.id === 'contributions' ? (m.data.developers as DeveloperContribution[] | undefined) : undefined;
  if (!list || list.length <= BREAKDOWN_TOP) return m;
  const b = cut(list);
  return { ...m, data: { ...m.data, developers: b.top, rest: b.rest } };
}

const BOUNDED: FindingJsonOptions = { bound: boundedMeasure, boundStep: boundedStep };
const FULL: FindingJsonOptions = {};

/** A finding as the JSON formats print it (render/json-finding.ts), breakdowns bounded unless asked in full. */
function findingOut(f: ReportFinding, full = false): object {
  return findingJson(f, full ? FULL : BOUNDED);
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

/**
 * `--format json` and `--format ndjson` as bytes (render/json-bytes.ts), for streams: the bytes of JsonReportWriter
 * and ndjsonFinding in UTF-8, put into a ByteWriter (which hands them on in blocks).
 */
export class FindingBytesWriter {
  private count = 0;
  private readonly encoder: FindingEncoder;
  constructor(
    private readonly out: ByteWriter,
    private readonly format: 'json' | 'ndjson',
    private readonly full = false,
  ) {
    // A finding is at depth 2 of the pretty report (its "findings" array's element), at depth 0 on its NDJSON line.
    this.encoder = format === 'ndjson' ? new FindingEncoder(COMPACT, 0) : new FindingEncoder(PRETTY, 2);
  }

  head(h: ReportHead): void {
    if (this.format === 'ndjson') return;
    const t = JSON.stringify({ asOf: h.asOf, input: h.input, rules: h.rules, findings: [] }, null, 2);
    this.out.put(utf8ByteString(jsonSafe(t.slice(0, t.length - 3))));
  }

  finding(f: ReportFinding): void {
    const bytes = this.encoder.finding(f, this.full ? FULL : BOUNDED);
    if (this.format === 'ndjson') this.out.put(bytes + '\n');
    else this.out.put((this.count++ === 0 ? '\n    ' : ',\n    ') + bytes);
  }

  end(gate: ReportGate): void {
    if (this.format === 'json') {
      const t = JSON.stringify({ gate }, null, 2);
      this.out.put(
        utf8ByteString((this.count > 0 ? '\n  ]' : ']') + ',\n' + jsonSafe(t.slice(2, t.length - 2)) + '\n}\n'),
      );
    }
    this.out.flush();
  }
}

/** The whole report as one string (the HTTP API, `--out`): the bytes `JsonReportWriter` writes in pieces. */
export function renderJson(report: Report, ctx: RenderContext = {}, compact = false): string {
  const findings = report.findings.map((f) => findingOut(f, ctx.fullBreakdowns));
  return jsonSafe(JSON.stringify({ ...report, findings }, null, compact ? undefined : 2)) + '\n';
}

/**
 * The UTF-8 bytes of `renderJson(report, ctx, true)` (the HTTP API's answer), written finding by finding into one
 * byte string (render/json-bytes.ts) copied once, in place, into the current answer slab (`ByteWriter.answer`): the
 * report is never encoded by V8 as UTF-8.
 */
export function renderCompactJsonBytes(
  report: Report,
  ctx: RenderContext = {},
  encoder = new FindingEncoder(COMPACT, 0),
): Buffer {
  if (encoder.layout.pretty || encoder.depth !== 0)
    throw new Error('renderCompactJsonBytes: a compact encoder at depth 0');
  const o = ctx.fullBreakdowns ? FULL : BOUNDED;
  // The report with no findings, cut at its empty findings array: `"findings":[` cannot occur elsewhere (any quote
  // inside a string is escaped, and no other member of a report is named so).
  const outer = encoder.remembered({ ...report, findings: [] }, 0);
  const cut = outer.indexOf('"findings":[]') + '"findings":['.length;
  const w = ByteWriter.answer();
  w.put(outer.slice(0, cut));
  const fs = report.findings;
  for (let i = 0; i < fs.length; i++) w.put((i > 0 ? ',' : '') + encoder.finding(fs[i], o));
  w.put(outer.slice(cut) + '\n');
  return w.take();
}

/** One finding as one line of JSON (`--format ndjson`): the object `--format json` lists under `findings`. */
export function ndjsonFinding(f: ReportFinding, full = false): string {
  return jsonSafe(JSON.stringify(findingOut(f, full))) + '\n';
}

/** A JSON report (compact, as the API answers and reports are saved) pretty-printed as `check --format json` is. */
export function prettyJson(json: string): string {
  return jsonSafe(JSON.stringify(JSON.parse(json), null, 2)) + '\n';
}
