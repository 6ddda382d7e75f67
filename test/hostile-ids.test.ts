// Issue 13 item 1: ids and names are attacker-controlled text. Fed through every output format of the built CLI,
// hostile ids (line breaks, workflow-command syntax, %, CR, ESC and C1 sequences, XML and Markdown markup, bidi
// overrides) must never become a workflow command, break a table or an XML document, or reach a terminal raw;
// the JSON formats must still carry them exactly.
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { flopcheck, root } from './helpers/cli';

const HOSTILE = [
  'evil\n::error file=.github/workflows/release.yml,line=1::INJECTED',
  'cr\r::warning title=x::INJECTED',
  'crlf\r\n  ::notice::INJECTED',
  'pct%0A::error::INJECTED%0D',
  'legacy ##[error]INJECTED',
  'stop\n::stop-commands::tok',
  'esc\x1b[31mRED\x1b[0m\x1b]0;title\x07',
  'c1\u009b31mCSI\u0085NEL',
  'bidi\u202eetirw\u2066x\u2069',
  'ls\u2028::error::INJECTED',
  '</testcase><testcase name="x"><failure/>',
  'cdata]]><![CDATA[',
  'pipe|cell`code`*b*_i_',
  '<script>alert(1)</script>',
  'link[click here](https://evil.example/)',
  'nul\u0000lone\ud800surrogate\uFFFE',
];

const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-hostile-'));
const file = join(tmp, 'hostile.lineage.json');
// Fourteen hostile organizations, each with a hostile model above every threshold: far more than the ten
// annotations per level GitHub shows, so the overflow lines are exercised too.
const lineage = {
  lineageVersion: 1,
  organizations: HOSTILE.map((id, i) => ({
    id: `${i}-${id}`,
    name: id,
    revenueUsd: [
      { year: 2025, amount: 2e9 },
      { year: 2026, amount: 2e9 },
    ],
  })),
  models: HOSTILE.map((id, i) => ({
    id: `m${i}-${id}`,
    developer: `${i}-${id}`,
    foundationModel: true,
    generates: ['text'],
    released: '2026-02-01',
    compute: [{ phase: 'pretraining', flop: 2e26, costUsd: 2e8, start: '2025-06-01', end: '2025-09-01', source: id }],
  })),
};
writeFileSync(file, JSON.stringify(lineage, null, 2));
const ids = [...lineage.organizations.map((o) => o.id), ...lineage.models.map((m) => m.id)];
// Model and organization rules, kept few so that the JSON report stays well under spawnSync's 1 MB output buffer.
const RULES = 'eu-ai-act/systemic-risk,ca-sb53/frontier-model,ca-sb53/large-frontier-developer';
const run = (format: string, extra: string[] = []) =>
  flopcheck(['check', file, '--rules', RULES, '--as-of', '2026-11-28', '--format', format, ...extra]);

// C0 controls but line feed, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** Safe to print in a terminal or a CI log: no raw control, no line starting a workflow command, no legacy "##[". */
function printable(out: string): void {
  expect(out).not.toMatch(RAW_CONTROL);
  expect(out).not.toMatch(/^[^\S\n]*::/m);
  expect(out).not.toContain('##[');
}

describe('hostile ids through every format', () => {
  it('the fixture is evaluated (valid input, findings about every hostile subject)', () => {
    const r = run('json', ['--fail-on', 'never']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as { findings: { model?: string; organization?: string }[] };
    const seen = new Set(report.findings.map((f) => f.model ?? f.organization));
    for (const id of ids) expect(seen.has(id), JSON.stringify(id)).toBe(true);
  });

  it('github: only the commands flopcheck means to emit, at most 10 per level, nothing for the legacy ##[ form', () => {
    const r = run('github');
    expect(r.code).toBe(1);
    // The runner splits the log at CR and LF, trims leading white space, then looks for "::"; the legacy form
    // "##[command]" is found anywhere in a line.
    const lines = r.out.split(/\r\n|\r|\n/).filter((l) => l !== '');
    const commands = lines.filter((l) => l.trimStart().startsWith('::'));
    const LEGIT = /^::(error|warning|notice)( (file|line|title)=[^,:]*(,(file|line|title)=[^,:]*)*)?::/;
    for (const l of commands) expect(l, JSON.stringify(l.slice(0, 120))).toMatch(LEGIT);
    for (const kind of ['error', 'warning'])
      expect(commands.filter((l) => l.startsWith(`::${kind}`)).length).toBeLessThanOrEqual(10);
    expect(commands.filter((l) => l.startsWith('::notice')).length).toBeLessThanOrEqual(10);
    expect(commands.filter((l) => l.startsWith('::error')).length).toBe(10);
    for (const l of lines) {
      expect(l.includes('##['), JSON.stringify(l.slice(0, 120))).toBe(false);
      if (!l.startsWith('::'))
        expect(l, JSON.stringify(l.slice(0, 120))).toMatch(/^flopcheck (error|warning|notice): /);
    }
    expect(r.out).not.toMatch(RAW_CONTROL);
    expect(lines.filter((l) => l.startsWith('flopcheck error: ')).length).toBeGreaterThan(10); // the overflow is there
  });

  it('text: no raw ESC, C1, CR or bidi control; every id line is one line', () => {
    const r = run('text');
    printable(r.out);
    expect(r.out).toContain('esc\\x1b[31mRED\\x1b[0m');
    expect(r.out.split('\n').filter((l) => /^(Model|Organization) /.test(l)).length).toBe(ids.length);
    // A CI log is parsed for workflow commands: no line may start with "::", none may hold "##[".
    expect(r.out).not.toMatch(/^[^\S\n]*::/m);
    expect(r.out).not.toContain('##[');
  });

  it('markdown: no markup, no broken rows, no raw controls', () => {
    const md = run('markdown').out;
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('</testcase>');
    printable(md);
    expect(md).not.toMatch(/(?<!\\)`/);
    const rows = md
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Rule |') && !l.startsWith('| Model'));
    const findingRows = rows.filter((l) => !/^\| [a-z0-9-]+\/[a-z0-9-]+ \| /.test(l));
    expect(findingRows.length).toBeGreaterThan(ids.length);
    for (const row of findingRows) expect(row.split(/(?<!\\)\|/).length, row.slice(0, 120)).toBe(9);
  });

  it('junit: valid against the schema, one testcase per finding, no injected element, no raw controls', async () => {
    const xml = run('junit').out;
    const xsd = readFileSync(join(root, 'test', 'schemas', 'junit.xsd'), 'utf8');
    const v = await validateXML({
      xml: [{ fileName: 'r.xml', contents: xml }],
      schema: [{ fileName: 'junit.xsd', contents: xsd }],
    });
    expect(v.errors.map((e) => e.message)).toEqual([]);
    const findings = (JSON.parse(run('json').out) as { findings: unknown[] }).findings.length;
    expect((xml.match(/<testcase /g) ?? []).length).toBe(findings);
    expect(xml).not.toContain('<testcase name="x">');
    expect(xml).toContain('esc\\x1b[31mRED');
    expect(xml).toContain('legacy ##&#91;error]INJECTED');
    printable(xml);
  });

  it('sarif: valid SARIF 2.1.0 carrying each id exactly, no raw controls in the file', () => {
    const out = run('sarif').out;
    printable(out);
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(join(root, 'test', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')),
    );
    const log = JSON.parse(out);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // No embedded link (SARIF §3.11.6 "[text](target)") planted by an id in a message.
    for (const r of log.runs[0].results) expect(r.message.text).not.toMatch(/(?<!\\)\]\(/);
    const subjects = new Set<string>(
      log.runs[0].results.map(
        (r: { properties: Record<string, string> }) => r.properties.model ?? r.properties.organization,
      ),
    );
    for (const id of ids) expect(subjects.has(id), JSON.stringify(id)).toBe(true);
  });

  it('json and summary: parse, ids exact, no raw controls in the bytes', () => {
    const out = run('json').out;
    printable(out);
    const report = JSON.parse(out) as { findings: { model?: string }[] };
    expect(report.findings.some((f) => f.model === lineage.models[7].id)).toBe(true);
    const summary = run('summary').out;
    printable(summary);
    expect(() => JSON.parse(summary)).not.toThrow();
  });

  it('html: no markup or raw controls from the input', () => {
    const html = run('html').out;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('</testcase>');
    expect(html).toContain('&lt;script&gt;');
    printable(html);
  });

  it('gitlab: Code Quality JSON with every key GitLab reads, one-line descriptions, unique fingerprints, no raw controls', () => {
    const out = run('gitlab').out;
    printable(out);
    const issues = JSON.parse(out) as {
      description: string;
      check_name: string;
      fingerprint: string;
      severity: string;
      location: { path: string; lines: { begin: number } };
    }[];
    expect(issues.length).toBeGreaterThan(ids.length);
    for (const i of issues) {
      expect(Object.keys(i).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(i.description).not.toMatch(/[\r\n]/);
      expect(i.description).not.toMatch(RAW_CONTROL);
      expect(RULES.split(',')).toContain(i.check_name);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(i.severity);
      expect(i.location.path).toMatch(/hostile\.lineage\.json$/);
      expect(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1).toBe(true);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(issues.some((i) => i.description.includes('esc\\x1b[31mRED'))).toBe(true);
  });

  it('a hostile waiver reason and --source-name are escaped in every format', async () => {
    const reason = `${HOSTILE[0]} ${HOSTILE[6]} ${HOSTILE[10]} ${HOSTILE[12]} ${HOSTILE[14]}`;
    const config = join(tmp, 'hostile.config.json');
    writeFileSync(
      config,
      JSON.stringify({ waivers: [{ rule: 'eu-ai-act/systemic-risk', reason, expires: '2099-12-31' }] }),
    );
    const source = 'dir/evil\n::error::INJECTED\x1b[31m.json';
    const input = readFileSync(file, 'utf8');
    let gitlab = '';
    for (const format of ['text', 'json', 'markdown', 'html', 'junit', 'sarif', 'github', 'gitlab']) {
      const r = flopcheck(
        [
          'check',
          '-',
          '--source-name',
          source,
          '--config',
          config,
          '--rules',
          RULES,
          '--as-of',
          '2026-11-28',
          '--format',
          format,
        ],
        { input },
      );
      expect(r.code, `${format}: ${r.err}`).toBe(1); // other rules still capture
      if (format === 'github') {
        // Commands are what this format is made of: only flopcheck's own (checked below), nothing raw, no "##[".
        expect(r.out).not.toMatch(RAW_CONTROL);
        expect(r.out).not.toContain('##[');
      } else printable(r.out);
      expect(r.out, format).toMatch(format === 'json' ? /"waiver": \{/ : /waived/i);
      if (format === 'junit') {
        const xsd = readFileSync(join(root, 'test', 'schemas', 'junit.xsd'), 'utf8');
        const v = await validateXML({
          xml: [{ fileName: 'r.xml', contents: r.out }],
          schema: [{ fileName: 'junit.xsd', contents: xsd }],
        });
        expect(v.errors.map((e) => e.message)).toEqual([]);
      }
      if (format === 'github') {
        for (const l of r.out.split(/\r\n|\r|\n/).filter((x) => x.trimStart().startsWith('::')))
          expect(l).toMatch(/^::(error|warning|notice)( (file|line|title)=[^,:]*(,(file|line|title)=[^,:]*)*)?::/);
      }
      if (format === 'gitlab' || format === 'sarif' || format === 'json')
        expect(() => JSON.parse(r.out) as unknown).not.toThrow();
      if (format === 'gitlab') gitlab = r.out;
    }
    const gl = JSON.parse(gitlab) as { location: { path: string } }[];
    expect(gl[0].location.path).toBe(source); // JSON carries the name exactly
  });

  it('--out with another format prints a clean text report', () => {
    const r = run('sarif', ['--out', join(tmp, 'out.sarif')]);
    printable(r.out);
  });
});

describe('hostile text in the other commands and in error messages', () => {
  it('sweep and variants: ids shown with escapes in text, CSV and SVG (still well-formed XML), JSON safe', async () => {
    const sweep = flopcheck([
      'sweep',
      file,
      '--rule',
      'eu-ai-act/systemic-risk',
      '--measure',
      'cumulativeFlop',
      '--values',
      '1e26,1e27',
      '--changes',
      '--as-of',
      '2026-11-28',
    ]);
    expect(sweep.code, sweep.err).toBe(0);
    expect(sweep.out).toContain('esc\\x1b[31mRED');
    printable(sweep.out);
    const variantsFile = join(tmp, 'variants.json');
    writeFileSync(
      variantsFile,
      JSON.stringify({
        variants: [
          {
            id: 'what-if/esc',
            title: 'title \x1b[2J\x1b[H cleared',
            description: 'desc\u009b2J',
            base: 'eu-ai-act/systemic-risk',
            patch: { summary: 'what-if \x1b' },
          },
        ],
      }),
    );
    const variants = flopcheck(['variants', file, '--variants', variantsFile, '--as-of', '2026-11-28']);
    expect(variants.code, variants.err).toBe(0);
    printable(variants.out);
    expect(variants.out).toContain('\\x1b[2J');
    for (const [cmd, args] of [
      ['variants', ['--variants', variantsFile]],
      [
        'sweep',
        ['--rule', 'eu-ai-act/systemic-risk', '--measure', 'cumulativeFlop', '--values', '1e26,1e27', '--changes'],
      ],
    ] as const) {
      const svg = flopcheck([cmd, file, ...args, '--as-of', '2026-11-28', '--format', 'svg']).out;
      printable(svg);
      expect(
        (await validateXML({ xml: [{ fileName: 'c.svg', contents: svg }], normalization: 'format' })).valid,
        cmd,
      ).toBe(true);
      const csv = flopcheck([cmd, file, ...args, '--as-of', '2026-11-28', '--format', 'csv']).out;
      printable(csv.replace(/\r\n/g, '\n'));
    }
    printable(
      flopcheck([
        'sweep',
        file,
        '--rule',
        'eu-ai-act/systemic-risk',
        '--measure',
        'cumulativeFlop',
        '--values',
        '1e26,1e27',
        '--changes',
        '--as-of',
        '2026-11-28',
        '--format',
        'json',
      ]).out,
    );
  });

  it('validation errors that echo an id keep it on one line, escaped', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        lineageVersion: 1,
        models: [
          {
            id: 'a',
            developer: 'nobody\x1b[31m\n::error::INJECTED',
            compute: [
              {
                phase: 'pretraining',
                hardware: { accelerator: 'gpu\x1b]0;pwned\x07', count: 1, hours: 1, utilization: 0.5 },
              },
            ],
          },
        ],
      }),
    );
    const r = flopcheck(['check', bad]);
    expect(r.code).toBe(2);
    printable(r.err);
    expect(r.err).toContain('models[0].developer: unknown organization "nobody\\x1b[31m\\x0a::error::INJECTED"');
    for (const l of r.err.split('\n').filter(Boolean)) expect(l).toMatch(/^flopcheck: error: /);
  });

  it('usage errors that echo an option value are escaped', () => {
    const r = flopcheck(['check', file, '--model', 'x\x1b[31m\n::error::INJECTED', '--as-of', '2026-11-28']);
    expect(r.code).toBe(2);
    printable(r.err);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
