// The compact JSON shape of findings (render/json-finding.ts) and reading reports back (render/read-report.ts):
// reports saved in the long shape before it read back to the same findings, and a report read back from the
// compact shape is the Report it was written from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assess } from '../core/assess';
import type { Report } from '../core/report';
import { loadBuiltinRules, loadReference } from '../io/load';
import { amountJson, findingJson } from './json-finding';
import { readReport } from './read-report';
import { renderJson } from './report';

const root = join(__dirname, '..', '..');
const read = (...p: string[]) => readFileSync(join(root, ...p), 'utf8');
const cases = JSON.parse(read('test', 'golden', 'cases.json')) as { cases: Record<string, string[]> };
const rules = loadBuiltinRules();
const reference = loadReference();

/** The report of a golden case, evaluated in process with the case's rules and date. */
function goldenReport(name: string): Report {
  const args = cases.cases[name];
  const opt = (k: string) => args[args.indexOf(k) + 1];
  const doc: unknown = JSON.parse(read(args[1]));
  return assess(doc, rules, { asOf: opt('--as-of'), reference, selectors: opt('--rules') }).report;
}

/** A Report as JSON data, explanation steps worded (the JSON formats write { id, text }). */
function asData(r: Report): unknown {
  const worded = JSON.parse(renderJson({ ...r, findings: [] })) as object;
  const findings = r.findings.map((f) => ({
    ...f,
    explanation: (findingJson(f).explanation as unknown[]) ?? [],
  }));
  return { ...worded, findings: JSON.parse(JSON.stringify(findings)) as unknown };
}

describe('amounts', () => {
  const n = (exact: string, value: number) => ({ exact, value });
  it('writes a point as its figure, a range as its central figure with low and high', () => {
    expect(amountJson({ low: n('5', 5), high: n('5', 5), central: n('5', 5) })).toEqual(n('5', 5));
    expect(amountJson({ low: n('1', 1), high: n('9', 9), central: n('3', 3) })).toEqual({
      ...n('3', 3),
      low: n('1', 1),
      high: n('9', 9),
    });
    // Unbounded above, no central figure: the low end and a null high and figure.
    expect(amountJson({ low: n('1', 1), high: null, central: null })).toEqual({
      exact: null,
      value: null,
      low: n('1', 1),
      high: null,
    });
  });
});

describe('the compact shape of findings', () => {
  const report = goldenReport('ten-models');
  const json = JSON.parse(renderJson(report)) as {
    rules: { id: string; citation: { text: string }; obligations: string[]; unverified: string[] }[];
    findings: Record<string, unknown>[];
  };

  it('writes no central/low/high triple twice, ownShare only when others count, citation text once per rule', () => {
    const text = renderJson(report);
    expect(text).not.toContain('"central"');
    for (const f of json.findings) {
      expect(f).not.toHaveProperty('unverified');
      expect(f).not.toHaveProperty('obligations');
      expect(f.citation).not.toHaveProperty('text');
      for (const m of f.measures as Record<string, unknown>[]) expect('ownShare' in m).toBe(m.countsOthers === true);
    }
    for (const r of json.rules) expect(r.citation.text.length).toBeGreaterThan(0);
    expect(json.rules.some((r) => r.obligations.length > 0 && r.unverified.length > 0)).toBe(true);
  });

  it('writes own-only measures as id, observed and result plus the fields that differ', () => {
    const wrongful = json.findings.find((f) => f.wrongfulCapture === true)!;
    const own = (wrongful.ownOnly as { measures: Record<string, unknown>[] }).measures;
    expect(own.length).toBeGreaterThan(0);
    for (const m of own) {
      expect(m).toHaveProperty('observed');
      expect(m).toHaveProperty('result');
      expect(m).not.toHaveProperty('description');
    }
    // Counting only its own compute, the captured fine-tune counts nobody else's.
    expect(own.some((m) => m.countsOthers === false)).toBe(true);
  });

  it('reads back to the Report it was written from', () => {
    expect(readReport(renderJson(report))).toEqual(asData(report));
    expect(readReport(renderJson(report, {}, true))).toEqual(asData(report));
  });
});

describe('reports saved in the long shape (before compact findings)', () => {
  it.each(['seed', 'ten-models'])('%s reads to the same findings as the compact shape', (name) => {
    const long = readReport(read('test', 'saved-reports', `${name}.long-shape.json`));
    const compact = readReport(renderJson(goldenReport(name)));
    expect(long.findings.length).toBeGreaterThan(0);
    expect(long.findings).toEqual(compact.findings);
    expect(long.findings.some((f) => f.citation.text.length > 0 && f.unverified.length > 0)).toBe(true);
  });
});
