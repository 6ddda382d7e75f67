// The CI formats: JUnit valid against the common Jenkins/Ant XSD, SARIF valid against the SARIF 2.1.0 schema and
// GitHub's extra rules, every format carrying the same rule id, verdict, numbers and citation, and everything from
// the input escaped (HTML, Markdown, XML, workflow commands).
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { flopcheck, root } from './helpers/cli';
import { intervalText } from '../src/core/format/numbers';
import type { Finding } from '../src/core/types';
import { readReport } from '../src/render/read-report';

const golden = join(root, 'test', 'golden');
const { cases } = JSON.parse(readFileSync(join(golden, 'cases.json'), 'utf8')) as { cases: Record<string, string[]> };
const names = Object.keys(cases);
const read = (f: string) => readFileSync(join(golden, f), 'utf8');
const xsd = readFileSync(join(root, 'test', 'schemas', 'junit.xsd'), 'utf8');

async function junitErrors(xml: string): Promise<string[]> {
  const r = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: 'junit.xsd', contents: xsd }],
  });
  return r.valid ? [] : r.errors.map((e) => e.message);
}

// unicodeRegExp off: the rtm.5 schema's "language" pattern has a stray ']' that only non-unicode regular expressions accept.
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const sarifValidate = ajv.compile(
  JSON.parse(readFileSync(join(root, 'test', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')),
);

describe('JUnit XML', () => {
  for (const n of names) {
    it(`${n}.junit.xml is valid against the Jenkins/Ant JUnit schema`, async () =>
      expect(await junitErrors(read(`${n}.junit.xml`))).toEqual([]));
  }
  it('the schema is strict enough to reject a malformed report', async () => {
    expect(await junitErrors('<testsuites><testsuite tests="1"><testcase/></testsuite></testsuites>')).not.toEqual([]);
    expect(await junitErrors('<testsuites><testsuite name="a" tests="x"/></testsuites>')).not.toEqual([]);
    expect(
      await junitErrors(
        '<testsuites><testsuite name="a" tests="1"><testcase name="b"><skipped/><skipped/></testcase></testsuite></testsuites>',
      ),
    ).not.toEqual([]);
  });
  it('one testsuite per rule, one testcase per subject and reading; failures agree with the exit code', () => {
    const xml = read('seed.junit.xml');
    const json = JSON.parse(read('seed.json'));
    expect((xml.match(/<testsuite /g) ?? []).length).toBe(json.rules.length);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(json.findings.length);
    expect((xml.match(/<failure /g) ?? []).length).toBe(json.gate.failing);
  });
});

describe('GitLab Code Quality', () => {
  // The fields GitLab reads (docs.gitlab.com/ci/testing/code_quality, "Code Quality report format").
  const SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];
  for (const n of names) {
    it(`${n}.gitlab.json has what GitLab needs for every issue, at the subject's line, one fingerprint each`, () => {
      const issues = JSON.parse(read(`${n}.gitlab.json`)) as {
        description: string;
        check_name: string;
        fingerprint: string;
        severity: string;
        location: { path: string; lines: { begin: number } };
      }[];
      expect(Array.isArray(issues)).toBe(true);
      const json = JSON.parse(read(`${n}.json`)) as { findings: { rule: string }[]; gate: { failing: number } };
      for (const i of issues) {
        expect(typeof i.description === 'string' && i.description.length > 0).toBe(true);
        expect(json.findings.some((f) => f.rule === i.check_name)).toBe(true);
        expect(i.fingerprint).toMatch(/^[0-9a-f]{32}$/);
        expect(SEVERITIES).toContain(i.severity);
        const subject = i.description.slice(0, i.description.indexOf(': '));
        const text = readFileSync(join(root, i.location.path), 'utf8').split('\n');
        expect(text[i.location.lines.begin - 1], `${i.check_name} ${subject}`).toContain(subject);
      }
      expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
      // Blockers and criticals are exactly the findings that fail the gate.
      expect(issues.filter((i) => i.severity === 'blocker' || i.severity === 'critical').length).toBe(
        json.gate.failing,
      );
    });
  }
});

describe('SARIF 2.1.0', () => {
  for (const n of names) {
    it(`${n}.sarif is valid against the SARIF 2.1.0 schema and GitHub's code-scanning rules`, () => {
      const log = JSON.parse(read(`${n}.sarif`));
      expect(sarifValidate(log), JSON.stringify(sarifValidate.errors?.slice(0, 3))).toBe(true);
      expect(log.runs.length).toBeLessThanOrEqual(20);
      const run = log.runs[0];
      const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const res of run.results) {
        expect(ids[res.ruleIndex]).toBe(res.ruleId);
        expect(['error', 'warning', 'note']).toContain(res.level);
        // GitHub rejects results without a location ("expected at least one location").
        const loc = res.locations[0].physicalLocation;
        const text = readFileSync(join(root, loc.artifactLocation.uri), 'utf8').split('\n');
        const subject = res.properties.model ?? res.properties.organization;
        expect(text[loc.region.startLine - 1], `${res.ruleId} ${subject}`).toContain(subject);
      }
    });
  }
  it('points each model at the line of its "id" in the lineage file', () => {
    const run = JSON.parse(read('ten-models.sarif')).runs[0];
    const lines = readFileSync(join(root, 'test', 'golden', 'inputs', 'ten-models.lineage.json'), 'utf8').split('\n');
    const r = run.results.find((x: { properties: { model?: string } }) => x.properties.model === 'mango/range-model');
    expect(lines[r.locations[0].physicalLocation.region.startLine - 1]).toMatch(/^\s*"id": "mango\/range-model"/);
  });
});

/** Text as a reader sees it: HTML tags and entities, Markdown and XML escapes undone. */
function plain(s: string): string {
  return s
    .replace(/10<sup>(-?\d+)<\/sup>/g, '10^$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&apos;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\\([\\`*_[\]|#~])/g, '$1')
    .replace(/\s+/g, ' ');
}

describe('every format carries the same rule id, verdict, numbers and citation for each finding', () => {
  const LABEL: Record<string, string> = {
    captured: 'CAPTURED',
    'not-captured': 'not captured',
    uncertain: 'UNCERTAIN',
    'not-applicable': 'not applicable',
  };
  for (const n of names) {
    it(n, () => {
      // The JSON report read back into Findings (its amounts are compact: render/json-finding.ts).
      const report = readReport(read(`${n}.json`)) as { findings: Finding[] };
      const outputs: Record<string, string> = {
        text: read(`${n}.txt`).replace(/\s+/g, ' '), // the text report wraps lines
        markdown: plain(read(`${n}.md`)),
        html: plain(read(`${n}.html`)),
        junit: plain(read(`${n}.junit.xml`)),
        sarif: read(`${n}.sarif`),
      };
      const sarif = JSON.parse(outputs.sarif).runs[0];
      const github = read(`${n}.github.txt`)
        .replace(/%0A/g, '\n')
        .replace(/%3A/g, ':')
        .replace(/%2C/g, ',')
        .replace(/%25/g, '%');
      for (const f of report.findings) {
        const subject = f.model ?? f.organization!;
        const numbers = f.measures.map((m) => intervalText(m.observed, m.quantity));
        for (const [fmt, text] of Object.entries(outputs)) {
          if (fmt === 'sarif') continue;
          expect(text, `${fmt}: ${f.rule} ${subject}`).toContain(f.rule);
          expect(text, `${fmt}: ${subject}`).toContain(subject);
          expect(text, `${fmt}: verdict of ${f.rule} ${subject}`).toContain(LABEL[f.verdict]);
          for (const x of numbers) expect(text, `${fmt}: number ${x}`).toContain(x);
          expect(text, `${fmt}: citation of ${f.rule}`).toContain(f.citation.url);
        }
        // SARIF: a result for findings that need attention, run.properties.cleared for the rest; citation via rules[].
        const res = sarif.results.find(
          (r: any) =>
            r.ruleId === f.rule &&
            r.properties[f.subject] === subject &&
            r.properties.interpretation === f.interpretation,
        );
        const cleared = sarif.properties.cleared.find(
          (r: any) => r.ruleId === f.rule && r[f.subject] === subject && r.interpretation === f.interpretation,
        );
        expect(res ?? cleared, `sarif: ${f.rule} ${subject}`).toBeDefined();
        expect((res?.properties ?? cleared).verdict).toBe(f.verdict);
        for (const x of numbers) expect(res ? res.message.text : cleared.numbers).toContain(x);
        // helpUri must be an absolute URI; a reference to the project notes (illustrative rules) is in the help text.
        const descriptor = sarif.tool.driver.rules.find((r: any) => r.id === f.rule);
        if (/^https?:\/\//.test(f.citation.url)) expect(descriptor.helpUri).toBe(f.citation.url);
        else expect(descriptor.help.text).toContain(f.citation.url);
        // GitHub annotations: captured and uncertain findings only.
        if (f.verdict === 'captured' || f.verdict === 'uncertain') {
          const line = github
            .split(/\n(?=::|flopcheck )/)
            .find((l) =>
              l.includes(
                `${f.rule}${f.interpretation ? ` [${f.interpretation}]` : ''}: ${LABEL[f.verdict]} ${subject}`,
              ),
            );
          expect(line, `github: ${f.rule} ${subject}`).toBeDefined();
          for (const x of numbers) expect(line).toContain(x);
          expect(line).toContain(f.citation.url);
        }
      }
    });
  }

  it('summary counts agree with the findings', () => {
    const report = JSON.parse(read('ten-models.json')) as { findings: Finding[] };
    const summary = JSON.parse(read('ten-models.summary.json')) as {
      rules: { rule: string; interpretation?: string; counts: Record<string, number>; wrongfulCaptures: number }[];
    };
    for (const row of summary.rules) {
      const fs = report.findings.filter((f) => f.rule === row.rule && f.interpretation === row.interpretation);
      for (const v of Object.keys(row.counts))
        expect(row.counts[v], `${row.rule} ${v}`).toBe(fs.filter((f) => f.verdict === v).length);
      expect(row.wrongfulCaptures).toBe(fs.filter((f) => f.wrongfulCapture).length);
    }
  });
});

describe('GitHub annotations', () => {
  it('print the most important first: captured in force, then wrongful captures, then uncertain; a summary notice', () => {
    const lines = read('ten-models.github.txt').trimEnd().split('\n');
    const kinds = lines.map((l) => /^::(\w+)/.exec(l)?.[1]);
    expect(kinds[0]).toBe('error');
    const firstWrongful = lines.findIndex((l) => l.includes('Wrongful capture'));
    const firstUncertain = lines.findIndex((l) => l.includes('UNCERTAIN'));
    expect(firstWrongful).toBeGreaterThan(kinds.lastIndexOf('error'));
    expect(firstUncertain).toBeGreaterThan(firstWrongful);
    expect(lines.filter((l) => l.startsWith('::notice title=flopcheck as of')).length).toBe(1);
  });

  it("stay within GitHub's 10 per level per step and log the rest", () => {
    const models = Array.from({ length: 14 }, (_, i) => ({
      id: `big-${i}`,
      generates: ['text'],
      compute: [{ phase: 'pretraining', flop: 2e25 }],
    }));
    const dir = mkdtempSync(join(tmpdir(), 'flopcheck-gh-'));
    const file = join(dir, 'many.json');
    writeFileSync(file, JSON.stringify({ lineageVersion: 1, models }));
    const r = flopcheck([
      'check',
      file,
      '--rules',
      'eu-ai-act/systemic-risk',
      '--as-of',
      '2026-11-28',
      '--format',
      'github',
    ]);
    expect(r.code).toBe(1);
    const errors = r.out.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors.length).toBe(10);
    expect(r.out).toMatch(/more not annotated/);
    expect(r.out.split('\n').filter((l) => l.startsWith('flopcheck error:')).length).toBe(models.length * 2 - 10);
  });
});

describe('escaping of everything that comes from the input', () => {
  const evil = '<script>alert(1)</script>"\'|*_,:%\nx';
  const dir = mkdtempSync(join(tmpdir(), 'flopcheck-esc-'));
  const file = join(dir, 'evil.json');
  writeFileSync(
    file,
    JSON.stringify({
      lineageVersion: 1,
      organizations: [{ id: 'org', name: evil }],
      models: [
        {
          id: `m${evil}`,
          developer: 'org',
          generates: ['text'],
          compute: [{ phase: 'pretraining', flop: 2e25, source: evil }],
        },
      ],
    }),
  );
  const run = (format: string) =>
    flopcheck(['check', file, '--rules', 'eu-ai-act/systemic-risk', '--as-of', '2026-11-28', '--format', format]).out;

  it('html: no markup from the input survives', () => {
    const html = run('html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(
      /<(?!\/?(html|head|meta|title|style|body|main|h[1-4]|p|div|table|caption|thead|tbody|tr|th|td|span|code|br|section|ul|li|strong|blockquote|footer|a|sup)\b)[a-z]/i,
    );
  });
  it('html is self-contained: no scripts, stylesheets, images or fonts to fetch', () => {
    for (const n of names) {
      const html = read(`${n}.html`);
      expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
      expect(html).toContain('<style>');
    }
  });
  it('the template never uses unescaped output', () => {
    expect(readFileSync(join(root, 'templates', 'report.hbs'), 'utf8')).not.toContain('{{{');
  });
  it('markdown: table cells cannot break out', () => {
    const md = run('markdown');
    expect(md).not.toContain('<script>');
    const row = md.split('\n').find((l) => l.includes('alert(1)'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(9); // 7 cells between 8 unescaped pipes
  });
  it('junit: still valid XML', async () => expect(await junitErrors(run('junit'))).toEqual([]));
  it('github: one line per annotation, properties escaped', () => {
    const lines = run('github').trimEnd().split('\n');
    const ann = lines.find((l) => l.startsWith('::error'))!;
    expect(ann).toContain('%0Ax');
    expect(ann).toMatch(/title=[^:]*%3A/);
    const title = /title=([^:]*)::/.exec(ann)![1];
    expect(title).not.toMatch(/[,\n]/);
  });
  it('sarif: valid', () => expect(sarifValidate(JSON.parse(run('sarif')))).toBe(true));
});
