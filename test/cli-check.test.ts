// The built CLI as a user runs it: exit codes, JSON shape, stdin, determinism, and clear errors on bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'bin', 'flopcheck.js');
const seed = join(root, 'examples', 'seed-fine-tuner.lineage.json');
const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-'));

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(name: string, content: unknown): string {
  const p = join(tmp, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

beforeAll(() => {
  // The test command builds first; fail clearly if it did not.
  readFileSync(join(root, 'dist', 'src', 'cli', 'main.js'));
});

const EU = 'eu-ai-act/systemic-risk,eu-ai-act/downstream-modifier';

describe('flopcheck check', () => {
  it('prints JSON with the finding keys of DESIGN §4 and exits 1 when a rule in force captures a model', () => {
    const r = cli(['check', seed, '--rules', EU, '--as-of', '2026-11-28', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(Array.isArray(report.findings)).toBe(true);
    for (const f of report.findings) {
      for (const k of [
        'rule',
        'verdict',
        'inForce',
        'measures',
        'ownOnly',
        'wrongfulCapture',
        'explanation',
        'citation',
      ])
        expect(f).toHaveProperty(k);
      expect(f.model ?? f.organization).toBeTruthy();
    }
    const base = report.findings.find(
      (f: any) => f.model === 'open-lab/base-110b' && f.rule === 'eu-ai-act/systemic-risk',
    );
    expect(base.verdict).toBe('captured');
    const ft = report.findings.find(
      (f: any) => f.model === 'tomato-ai/legal-110b' && f.rule === 'eu-ai-act/downstream-modifier',
    );
    expect(ft.verdict).toBe('not-captured');
    expect(ft.measures[0]).toMatchObject({
      id: 'modificationFlop',
      comparator: '>',
      observed: { exact: '5e+24', value: 5e24 },
      result: 'not-met',
    });
  });

  it('shows the wrongful capture of the seed fine-tuner under the naive aggregate rule', () => {
    const r = cli([
      'check',
      seed,
      '--rules',
      'illustrative/lineage-cost-100m',
      '--as-of',
      '2026-11-28',
      '--format',
      'json',
    ]);
    // The illustrative rule is never in force, so it cannot fail the gate.
    expect(r.code).toBe(0);
    const f = JSON.parse(r.out).findings.find((x: any) => x.model === 'tomato-ai/legal-110b');
    expect(f).toMatchObject({
      verdict: 'captured',
      inForce: false,
      wrongfulCapture: true,
      ownOnly: { verdict: 'not-captured' },
    });
  });

  it('explains it in text a lawyer can read', () => {
    const r = cli(['check', seed, '--rules', `${EU},illustrative/lineage-cost-100m`, '--as-of', '2026-11-28']);
    expect(r.out).toContain('Model tomato-ai/legal-110b');
    expect(r.out).toContain('WRONGFUL CAPTURE');
    expect(r.out).toMatch(/own share \$7\.0M of \$102\.0M/);
  });

  it('gives byte-identical JSON for the same input, and reads standard input', () => {
    const a = cli(['check', seed, '--rules', '*', '--as-of', '2026-11-28', '--format', 'json']);
    const b = cli(
      ['check', '-', '--rules', '*', '--as-of', '2026-11-28', '--format', 'json'],
      readFileSync(seed, 'utf8'),
    );
    expect(a.out).toBe(b.out);
    expect(a.out.length).toBeGreaterThan(1000);
  });

  it('--fail-on never passes; --model narrows the findings; --out writes a file', () => {
    expect(cli(['check', seed, '--rules', EU, '--as-of', '2026-11-28', '--fail-on', 'never']).code).toBe(0);
    const r = cli([
      'check',
      seed,
      '--rules',
      EU,
      '--as-of',
      '2026-11-28',
      '--format',
      'json',
      '--model',
      'tomato-ai/legal-110b',
    ]);
    const models = new Set(
      JSON.parse(r.out)
        .findings.map((f: any) => f.model)
        .filter(Boolean),
    );
    expect([...models]).toEqual(['tomato-ai/legal-110b']);
    const out = join(tmp, 'report.json');
    const w = cli(['check', seed, '--rules', EU, '--as-of', '2026-11-28', '--format', 'json', '--out', out]);
    expect(w.code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).findings.length).toBeGreaterThan(0);
  });

  it('exits 0 when nothing in force captures a model', () => {
    const small = write('small.json', {
      lineageVersion: 1,
      models: [{ id: 'tiny', compute: [{ phase: 'pretraining', flop: 1e20 }] }],
    });
    expect(cli(['check', small, '--rules', EU, '--as-of', '2026-11-28']).code).toBe(0);
  });

  it('--fail-on uncertain fails on an unknown amount, captured does not', () => {
    const unknown = write('unknown.json', { lineageVersion: 1, models: [{ id: 'mystery' }] });
    expect(cli(['check', unknown, '--rules', 'eu-ai-act/systemic-risk', '--as-of', '2026-11-28']).code).toBe(0);
    expect(
      cli(['check', unknown, '--rules', 'eu-ai-act/systemic-risk', '--as-of', '2026-11-28', '--fail-on', 'uncertain'])
        .code,
    ).toBe(1);
  });

  it('prints summary counts as JSON', () => {
    const r = cli([
      'check',
      seed,
      '--rules',
      'illustrative/lineage-cost-100m',
      '--as-of',
      '2026-11-28',
      '--format',
      'summary',
    ]);
    const s = JSON.parse(r.out);
    expect(s.rules[0]).toMatchObject({
      rule: 'illustrative/lineage-cost-100m',
      counts: { captured: 1, 'not-captured': 1 },
      wrongfulCaptures: 1,
    });
  });
});

describe('bad input: exit 2, the place named, no stack trace', () => {
  const cases: [string, string | object, RegExp][] = [
    ['malformed JSON', '{ "lineageVersion": 1,\n  "models": [ }', /not valid JSON \(line 2, column \d+\)/],
    [
      'schema violation',
      {
        lineageVersion: 1,
        models: [
          {
            id: 'a',
            compute: [
              { phase: 'pretraining', hardware: { peakFlopPerSecond: 1e15, count: 0, hours: 1, utilization: 0.5 } },
            ],
          },
        ],
      },
      /models\[0\]\.compute\[0\]\.hardware\.count: must be > 0/,
    ],
    [
      'unknown accelerator',
      {
        lineageVersion: 1,
        models: [
          {
            id: 'a',
            compute: [
              { phase: 'pretraining', hardware: { accelerator: 'abacus', count: 1, hours: 1, utilization: 0.5 } },
            ],
          },
        ],
      },
      /hardware\.accelerator: unknown accelerator "abacus"/,
    ],
    [
      'cycle',
      {
        lineageVersion: 1,
        models: [
          { id: 'a', baseModels: [{ id: 'b', relation: 'finetune' }] },
          { id: 'b', baseModels: [{ id: 'a', relation: 'finetune' }] },
        ],
      },
      /cycle in base models: (a → b → a|b → a → b)/,
    ],
    [
      'dangling reference',
      { lineageVersion: 1, models: [{ id: 'a', baseModels: [{ id: 'ghost', relation: 'finetune' }] }] },
      /models\[0\]\.baseModels\[0\]\.id: no model with id "ghost"/,
    ],
    [
      'negative number',
      { lineageVersion: 1, models: [{ id: 'a', compute: [{ phase: 'pretraining', flop: -5 }] }] },
      /models\[0\]\.compute\[0\]\.flop: must be >= 0/,
    ],
    [
      'non-finite number',
      '{"lineageVersion":1,"models":[{"id":"a","compute":[{"phase":"pretraining","flop":1e999}]}]}',
      /flop: is too large: numbers must lie within ±1\.8 × 10\^308/,
    ],
    [
      'two amounts in one record',
      {
        lineageVersion: 1,
        models: [{ id: 'a', compute: [{ phase: 'pretraining', flop: 1, architecture: { parameters: 1, tokens: 1 } }] }],
      },
      /gives 2 amounts \(flop, architecture\)/,
    ],
    ['empty file', '', /is empty/],
  ];
  for (const [name, content, pattern] of cases) {
    it(name, () => {
      const r = cli(['check', write(`${name.replace(/\W/g, '-')}.json`, content), '--as-of', '2026-11-28']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(pattern);
      expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
      expect(r.out).toBe('');
    });
  }
  it('a missing file, an unknown rule, a bad date, a bad format', () => {
    expect(cli(['check', join(tmp, 'nope.json')]).err).toMatch(/cannot read .*nope\.json: no such file/);
    expect(cli(['check', seed, '--rules', 'xx/yy']).code).toBe(2);
    expect(cli(['check', seed, '--as-of', '2026-02-30']).err).toMatch(/--as-of: "2026-02-30" is not a date/);
    expect(cli(['check', seed, '--format', 'pdf']).code).toBe(2);
  });
});

describe('flopcheck estimate', () => {
  it('parameters × tokens', () => {
    const r = cli(['estimate', '--params', '7e9', '--tokens', '2e12', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).flop).toMatchObject({ value: { exact: '8.4e+22' }, method: 'architecture-6nd' });
  });
  it('accelerators × hours × price (2,000 H100 for 2,190 h at $5/h)', () => {
    const r = cli([
      'estimate',
      '--accelerator',
      'nvidia-h100-sxm',
      '--count',
      '2000',
      '--hours',
      '2190',
      '--price',
      '5',
      '--json',
    ]);
    const j = JSON.parse(r.out);
    expect(j.costUsd.low.exact).toBe('21900000');
    expect(j.flop.method).toBe('hardware');
  });
  it('bad flags exit 2', () => {
    expect(cli(['estimate', '--params', 'lots', '--tokens', '1']).code).toBe(2);
    expect(cli(['estimate', '--accelerator', 'abacus', '--count', '1', '--hours', '1']).code).toBe(2);
  });
});
