// Issue 14 through the built CLI: waivers in flopcheck.config.json (held, expired, invalid), the gate limited to
// named readings, --no-include-not-in-force undoing the config, --format gitlab, --source-name for standard input,
// and base figures in compute.json.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flopcheck } from './helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-policy-'));
function file(name: string, content: unknown): string {
  const p = join(tmp, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

// A fine-tuner caught by SB 53 only through its base under the cumulative reading (the contested one).
const lineage = file('lineage.json', {
  lineageVersion: 1,
  organizations: [{ id: 'open-lab' }, { id: 'tomato-ai' }],
  models: [
    {
      id: 'open-lab/base',
      developer: 'open-lab',
      generates: ['text'],
      foundationModel: true,
      compute: [{ phase: 'pretraining', flop: 1.1e26, start: '2025-01-01' }],
    },
    {
      id: 'tomato-ai/ft',
      developer: 'tomato-ai',
      generates: ['text'],
      foundationModel: true,
      released: '2026-03-01',
      baseModels: [{ id: 'open-lab/base', relation: 'finetune' }],
      compute: [{ phase: 'fine-tuning', flop: 1e22, start: '2026-01-01' }],
    },
  ],
});
const ARGS = ['--rules', 'ca-sb53/frontier-model', '--model', 'tomato-ai/ft'];
const waiver = {
  rule: 'ca-sb53/frontier-model',
  interpretation: 'lineage-cumulative',
  model: 'tomato-ai/ft',
  reason: 'Counsel: the cumulative reading does not reach a fine-tuner',
  expires: '2026-12-31',
};
const config = file('waived.config.json', { waivers: [waiver] });
const check = (asOf: string, extra: string[] = [], cfg = config) =>
  flopcheck(['check', lineage, ...ARGS, '--as-of', asOf, '--config', cfg, ...extra]);

describe('waivers', () => {
  it('without the waiver the contested reading blocks the release', () => {
    expect(flopcheck(['check', lineage, ...ARGS, '--as-of', '2026-11-28']).code).toBe(1);
  });

  it('a waiver in date passes the gate; the finding is reported as waived with its reason in every format', () => {
    for (const format of ['text', 'json', 'markdown', 'html', 'junit', 'sarif', 'github', 'gitlab', 'summary']) {
      const r = check('2026-11-28', ['--format', format]);
      expect(r.code, `${format}: ${r.err}`).toBe(0);
      if (format === 'summary') continue; // counts only
      expect(r.out, format).toContain(
        format === 'html' ? 'Counsel: the cumulative reading does not reach a fine-tuner' : waiver.reason,
      );
      if (format !== 'json') expect(r.out, format).toMatch(/waived/i);
    }
    const report = JSON.parse(check('2026-11-28', ['--format', 'json']).out);
    const f = report.findings.find((x: { interpretation?: string }) => x.interpretation === 'lineage-cumulative');
    expect(f.waiver).toEqual({ index: 0, reason: waiver.reason, expires: '2026-12-31', expired: false });
    expect(report.gate).toMatchObject({
      failed: false,
      failing: 0,
      waivers: [{ ...waiver, index: 0, expired: false, matched: 1 }],
    });
    const sarif = JSON.parse(check('2026-11-28', ['--format', 'sarif']).out);
    const waived = sarif.runs[0].results.find(
      (x: { properties: { interpretation?: string } }) => x.properties.interpretation === 'lineage-cumulative',
    );
    expect(waived.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: `Waived until 2026-12-31: ${waiver.reason}` },
    ]);
    expect(waived.level).toBe('warning');
    const junit = check('2026-11-28', ['--format', 'junit']).out;
    expect(junit).toMatch(/failures="0"/);
    expect(junit).toContain(
      '<skipped message="waived until 2026-12-31: Counsel: the cumulative reading does not reach a fine-tuner"/>',
    );
    const summary = JSON.parse(check('2026-11-28', ['--format', 'summary']).out);
    expect(summary.gate).toMatchObject({
      failed: false,
      failing: 0,
      waived: 1,
      expiredWaivers: 0,
      waivers: [{ ...waiver, matched: 1, expired: false }],
    });
    const gitlab = JSON.parse(check('2026-11-28', ['--format', 'gitlab']).out);
    expect(gitlab.map((i: { severity: string }) => i.severity)).toEqual(['minor']);
  });

  it('an expired waiver trips the gate and says it expired', () => {
    const r = check('2027-01-01');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Waiver EXPIRED on 2026-12-31');
    expect(r.out).toMatch(/FAILED by 1 finding \(1 with an expired waiver\)/);
    const j = JSON.parse(check('2027-01-01', ['--format', 'json']).out);
    expect(j.findings.find((x: { waiver?: unknown }) => x.waiver).waiver.expired).toBe(true);
    expect(check('2027-01-01', ['--format', 'github']).out).toMatch(/^::error .*waiver expired/m);
    const summary = check('2027-01-01', ['--format', 'summary']);
    expect(summary.code).toBe(1);
    expect(JSON.parse(summary.out).gate).toMatchObject({ failed: true, failing: 1, waived: 0, expiredWaivers: 1 });
  });

  it('a waiver without a reason or date, or naming nothing real, is a configuration error (exit 2, place named)', () => {
    const cases: [unknown, RegExp][] = [
      [{ rule: waiver.rule, expires: '2026-12-31' }, /bad\.config\.json: waivers\[0\]\.reason: is required/],
      [{ rule: waiver.rule, reason: 'r' }, /bad\.config\.json: waivers\[0\]\.expires: is required/],
      [{ rule: waiver.rule, reason: '   ', expires: '2026-12-31' }, /waivers\[0\]\.reason: must not be blank/],
      [{ rule: waiver.rule, reason: 'r', expires: '2026-02-30' }, /waivers\[0\]\.expires: is not a calendar date/],
      [{ rule: waiver.rule, reason: 'r', expires: 'next year' }, /waivers\[0\]\.expires: must be a date YYYY-MM-DD/],
      [
        { rule: 'ca-sb53/frontier', reason: 'r', expires: '2026-12-31' },
        /waivers\[0\]\.rule: no rule "ca-sb53\/frontier"/,
      ],
      [
        { rule: waiver.rule, interpretation: 'cumulative', reason: 'r', expires: '2026-12-31' },
        /waivers\[0\]\.interpretation: rule ca-sb53\/frontier-model has no reading "cumulative"/,
      ],
      [
        { rule: waiver.rule, model: 'a', organization: 'b', reason: 'r', expires: '2026-12-31' },
        /waivers\[0\]: name model or organization, not both/,
      ],
    ];
    for (const [w, re] of cases) {
      const r = check('2026-11-28', [], file('bad.config.json', { waivers: [w] }));
      expect(r.code, JSON.stringify(w)).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err).not.toMatch(/at .*\.js/); // no stack trace
    }
  });
});

describe('the gate limited to named readings', () => {
  it('--fail-on-reading developer-own reports the cumulative capture without failing', () => {
    const r = flopcheck(['check', lineage, ...ARGS, '--as-of', '2026-11-28', '--fail-on-reading', 'developer-own']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('CAPTURED');
    expect(r.out).toContain('readings developer-own only): passed');
    expect(
      flopcheck(['check', lineage, ...ARGS, '--as-of', '2026-11-28', '--fail-on-reading', 'lineage-cumulative']).code,
    ).toBe(1);
  });
  it('works from the config (failOnReadings) and for --format summary', () => {
    const cfg = file('readings.config.json', { failOnReadings: ['developer-own'] });
    expect(check('2026-11-28', [], cfg).code).toBe(0);
    expect(check('2026-11-28', ['--format', 'summary'], cfg).code).toBe(0);
    expect(check('2026-11-28', ['--fail-on-reading', 'lineage-cumulative'], cfg).code).toBe(1); // the flag wins
  });
  it('a reading no selected rule has is an error naming it', () => {
    const r = flopcheck(['check', lineage, ...ARGS, '--as-of', '2026-11-28', '--fail-on-reading', 'developer-owm']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--fail-on-reading: no selected rule has the reading "developer-owm" \(readings of the selected rules: developer-own, lineage-cumulative\)/,
    );
    const cfg = file('bad-readings.config.json', { failOnReadings: ['nope'] });
    expect(check('2026-11-28', [], cfg).err).toMatch(
      /bad-readings\.config\.json: failOnReadings: no selected rule has the reading "nope"/,
    );
  });
});

describe('--no-include-not-in-force undoes the config', () => {
  // SB 1047 was vetoed: a capture under it trips the gate only with includeNotInForce.
  const big = file('big.json', {
    lineageVersion: 1,
    models: [
      {
        id: 'm',
        generates: ['text'],
        compute: [{ phase: 'pretraining', flop: 2e26, costUsd: 2e8, start: '2025-01-01' }],
      },
    ],
  });
  const cfg = file('nif.config.json', { includeNotInForce: true });
  const run = (extra: string[]) =>
    flopcheck(['check', big, '--rules', 'ca-sb1047/covered-model', '--as-of', '2026-11-28', '--config', cfg, ...extra]);
  it('the config counts rules not in force; the flag turns it off; the positive flag still works', () => {
    expect(run([]).code).toBe(1);
    expect(run(['--no-include-not-in-force']).code).toBe(0);
    expect(run(['--no-include-not-in-force', '--format', 'summary']).code).toBe(0);
    expect(
      flopcheck(['check', big, '--rules', 'ca-sb1047/covered-model', '--as-of', '2026-11-28', '--include-not-in-force'])
        .code,
    ).toBe(1);
  });
});

describe('--format gitlab and --source-name', () => {
  const text = JSON.stringify(
    { lineageVersion: 1, models: [{ id: 'm', generates: ['text'], compute: [{ phase: 'pretraining', flop: 2e25 }] }] },
    null,
    2,
  );
  const f = file('captured.json', text);
  const RULE = ['--rules', 'eu-ai-act/systemic-risk', '--as-of', '2026-11-28'];
  it('Code Quality issues: description, check_name, fingerprint, severity, location.path and lines.begin', () => {
    const r = flopcheck(['check', f, ...RULE, '--format', 'gitlab']);
    expect(r.code).toBe(1);
    const issues = JSON.parse(r.out);
    expect(issues).toHaveLength(2); // both readings capture
    for (const i of issues) {
      expect(i).toEqual({
        description: expect.stringMatching(
          /^m: CAPTURED under eu-ai-act\/systemic-risk \[merge-(includes-parents|own-compute)\]/,
        ),
        check_name: 'eu-ai-act/systemic-risk',
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        severity: 'blocker',
        location: { path: expect.stringMatching(/captured\.json$/), lines: { begin: 5 } },
      });
    }
    expect(issues[0].fingerprint).not.toBe(issues[1].fingerprint);
    // Stable across runs and numbers: the same finding keeps its fingerprint when the figure changes.
    const again = JSON.parse(
      flopcheck(['check', file('captured.json', text.replace('2e25', '3e25')), ...RULE, '--format', 'gitlab']).out,
    );
    expect(again.map((i: { fingerprint: string }) => i.fingerprint)).toEqual(
      issues.map((i: { fingerprint: string }) => i.fingerprint),
    );
    expect(
      JSON.parse(flopcheck(['check', f, ...RULE, '--format', 'gitlab', '--fail-on', 'never']).out)[0].severity,
    ).toBe('major');
  });
  it('passing findings give an empty list', () => {
    const pass = file('pass.json', {
      lineageVersion: 1,
      models: [{ id: 'm', generates: ['text'], compute: [{ phase: 'pretraining', flop: 1e24 }] }],
    });
    expect(JSON.parse(flopcheck(['check', pass, ...RULE, '--format', 'gitlab']).out)).toEqual([]);
  });
  it('--source-name: results read from standard input point at the named file, with lines', () => {
    const sarif = JSON.parse(
      flopcheck(['check', '-', ...RULE, '--format', 'sarif', '--source-name', 'models/lineage.json'], { input: text })
        .out,
    );
    expect(sarif.runs[0].results[0].locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'models/lineage.json' }, region: { startLine: 5 } } },
    ]);
    const gh = flopcheck(['check', '-', ...RULE, '--format', 'github', '--source-name', 'models/lineage.json'], {
      input: text,
    }).out;
    expect(gh).toMatch(/^::error file=models\/lineage\.json,line=5,title=/m);
    const gl = JSON.parse(
      flopcheck(['check', '-', ...RULE, '--format', 'gitlab', '--source-name', 'models/lineage.json'], { input: text })
        .out,
    );
    expect(gl[0].location).toEqual({ path: 'models/lineage.json', lines: { begin: 5 } });
    // Without it, standard input has no file to point at.
    expect(
      JSON.parse(flopcheck(['check', '-', ...RULE, '--format', 'sarif'], { input: text }).out).runs[0].results[0]
        .locations,
    ).toBeUndefined();
  });
  it('--source-name goes with standard input only', () => {
    const r = flopcheck(['check', f, ...RULE, '--source-name', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--source-name names the file behind standard input/);
  });
});

describe('base figures in compute.json', () => {
  const card = file(
    'card/README.md',
    '---\nbase_model: some-lab/unlisted-7b\nbase_model_relation: finetune\n---\n# M\n',
  );
  const records = (extra: object) =>
    file(`card/compute-${Object.keys(extra).join('')}${JSON.stringify(extra).length}.json`, {
      developer: 'team',
      model: { id: 'team/m', generates: ['text'] },
      compute: [{ phase: 'fine-tuning', flop: 1e22 }],
      ...extra,
    });
  const run = (c: string) =>
    flopcheck([
      'check',
      '--model-card',
      card,
      '--compute',
      c,
      '--rules',
      'ca-sb53/frontier-model',
      '--as-of',
      '2026-11-28',
      '--format',
      'json',
    ]);
  it('a base missing from the catalog is uncertain and the finding says to supply its compute', () => {
    const f = JSON.parse(run(records({})).out).findings.find(
      (x: { interpretation: string }) => x.interpretation === 'lineage-cumulative',
    );
    expect(f.verdict).toBe('uncertain');
    expect(f.measures[0].missing).toEqual(['some-lab/unlisted-7b']);
  });
  it('bases in compute.json carry its compute and developer, and decide the verdict', () => {
    const c = records({
      bases: [
        { id: 'some-lab/unlisted-7b', developer: 'some-lab-inc', compute: [{ phase: 'pretraining', flop: 2e26 }] },
      ],
    });
    const r = run(c);
    expect(r.code, r.err).toBe(1);
    const f = JSON.parse(r.out).findings.filter((x: { subject: string }) => x.subject === 'model');
    expect(
      f.map((x: { interpretation: string; verdict: string; wrongfulCapture: boolean }) => [
        x.interpretation,
        x.verdict,
        x.wrongfulCapture,
      ]),
    ).toEqual([
      ['developer-own', 'not-captured', false],
      ['lineage-cumulative', 'captured', true],
    ]);
    const lin = JSON.parse(flopcheck(['import', 'model-card', card, '--compute', c]).out);
    expect(lin.models[0]).toMatchObject({ id: 'some-lab/unlisted-7b', developer: 'some-lab-inc' });
  });
  it('a base the card does not name, or bad base figures, are errors naming compute.json', () => {
    const stray = run(records({ bases: [{ id: 'other/x', compute: [] }] }));
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(
      /compute-bases\d+\.json: bases\[0\]\.id: "other\/x" is not a base_model of .*README\.md \(it names some-lab\/unlisted-7b\)/,
    );
    const bad = run(
      records({ bases: [{ id: 'some-lab/unlisted-7b', compute: [{ phase: 'pretraining', flop: -1 }] }] }),
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/compute-bases\d+\.json: bases\[0\]\.compute\[0\]\.flop: must be >= 0/);
    expect(run(records({ bases: [{ id: 'some-lab/unlisted-7b' }] })).err).toMatch(/bases\[0\]\.compute: is required/);
  });
});
