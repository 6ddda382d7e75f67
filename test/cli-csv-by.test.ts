// Issue 11 items 2-4 through the built CLI: check --format csv (tidy, spreadsheet-safe), --format summary --by,
// --exclude-unreleased, and --model matching ids whatever their white space.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flopcheck } from './helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-csv-'));
const corpus = join(tmp, 'corpus.json');
writeFileSync(
  corpus,
  JSON.stringify({
    lineageVersion: 1,
    organizations: [
      { id: 'lab', country: 'France', organizationType: 'Industry' },
      { id: 'lab-research', affiliateOf: 'lab', country: 'France' },
      { id: '=evil', country: 'Nowhere' },
    ],
    models: [
      {
        id: 'big-2024',
        developer: 'lab',
        released: '2024-05-01',
        generates: ['text'],
        compute: [{ phase: 'pretraining', flop: 3e25 }],
      },
      {
        id: 'big-2026',
        developer: 'lab-research',
        released: '2026-03-19',
        generates: ['text'],
        compute: [{ phase: 'pretraining', flop: 2.32e25 }],
      },
      {
        id: 'tune-2026',
        developer: 'lab',
        released: '2026-04-01',
        generates: ['text'],
        baseModels: [{ id: 'big-2026', relation: 'finetune' }],
        compute: [{ phase: 'fine-tuning', flop: 1e22 }],
      },
      {
        id: '=HYPERLINK("x")',
        developer: '=evil',
        released: '2023-01-01',
        generates: ['text'],
        compute: [{ phase: 'pretraining', flop: 1e20 }],
      },
      {
        id: 'ALLaM\u00a0adapted 70B',
        developer: 'lab',
        released: '2024-05-21',
        generates: ['text'],
        compute: [{ phase: 'pretraining', flop: 1e24 }],
      },
    ],
  }),
);
const check = (...args: string[]) =>
  flopcheck(['check', corpus, '--rules', 'eu-ai-act/systemic-risk', '--as-of', '2026-11-28', ...args]);

describe('check --format csv', () => {
  const r = check('--format', 'csv', '--fail-on', 'never');
  const lines = r.out.split('\r\n');

  it('has one row per model × rule × reading, the header starting model,rule,interpretation,verdict', () => {
    expect(r.code).toBe(0);
    expect(lines[0].startsWith('model,rule,interpretation,verdict,')).toBe(true);
    expect(lines[0]).toContain('observed_low,observed_high');
    expect(lines[0]).toContain('own_only_verdict,wrongful_capture');
    expect(lines[0]).toContain('presumptions');
    expect(lines.filter((l) => l !== '')).toHaveLength(1 + 5 * 2);
    const row = lines.find((l) => l.startsWith('big-2024,eu-ai-act/systemic-risk,merge-includes-parents,'))!;
    expect(row.split(',').slice(0, 4)).toEqual([
      'big-2024',
      'eu-ai-act/systemic-risk',
      'merge-includes-parents',
      'captured',
    ]);
    expect(row).toContain(
      ',cumulativeFlop,3e+25,3e+25,3e+25,>,1e+25,FLOP,met,captured,false,false,foundationModel,false',
    );
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(r.out).not.toMatch(/(^|,|\r\n)=HYPERLINK/);
    expect(r.out).toContain(`"'=HYPERLINK(""x"")",eu-ai-act/systemic-risk`);
  });

  it('is byte-identical from run to run', () => {
    expect(check('--format', 'csv', '--fail-on', 'never').out).toBe(r.out);
  });
});

describe('--format summary --by', () => {
  const by = (field: string) => JSON.parse(check('--format', 'summary', '--by', field, '--fail-on', 'never').out);
  const captured = (g: { rules: { interpretation: string; counts: { captured: number } }[] }) =>
    g.rules.find((x) => x.interpretation === 'merge-includes-parents')!.counts.captured;

  it('counts models above 10^25 by publication year', () => {
    const s = by('year');
    expect(s.by).toBe('year');
    expect(s.groups.map((g: { group: string; models: number }) => [g.group, g.models])).toEqual([
      ['2023', 1],
      ['2024', 2],
      ['2026', 2],
    ]);
    expect(s.groups.map(captured)).toEqual([0, 1, 2]);
  });

  it("groups a company's labs under it, and counts by country", () => {
    expect(by('organization').groups.map((g: { group: string; models: number }) => [g.group, g.models])).toEqual([
      ['=evil', 1],
      ['lab', 4],
    ]);
    expect(by('country').groups.map((g: { group: string }) => g.group)).toEqual(['France', 'Nowhere']);
  });

  it('is a usage error without --format summary or with an unknown field', () => {
    expect(check('--by', 'year').code).toBe(2);
    const bad = check('--format', 'summary', '--by', 'colour');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--by: "colour" is not one of year, organization, country/);
  });
});

describe('--exclude-unreleased and --model', () => {
  it('leaves out models released after the date and models built on them', () => {
    const all = JSON.parse(check('--as-of', '2025-09-01', '--format', 'json', '--fail-on', 'never').out);
    expect(all.findings.some((f: { model: string }) => f.model === 'big-2026')).toBe(true);
    const r = check('--as-of', '2025-09-01', '--format', 'json', '--fail-on', 'never', '--exclude-unreleased');
    const ids = new Set(JSON.parse(r.out).findings.map((f: { model: string }) => f.model));
    expect([...ids].sort()).toEqual(['=HYPERLINK("x")', 'ALLaM\u00a0adapted 70B', 'big-2024']);
    expect(r.err).toMatch(/2 models released after 2025-09-01 \(or built on one\) left out: "big-2026", "tune-2026"/);
    const s = JSON.parse(
      flopcheck([
        'sweep',
        corpus,
        '--rule',
        'eu-ai-act/systemic-risk',
        '--measure',
        'cumulativeFlop',
        '--values',
        '1e25',
        '--as-of',
        '2025-09-01',
        '--format',
        'json',
        '--exclude-unreleased',
      ]).out,
    );
    expect(s.subjects).toBe(3);
  });

  it('matches --model ids with white space normalised (a non-breaking space in the id)', () => {
    const r = check('--model', 'ALLaM adapted  70B', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).findings[0].model).toBe('ALLaM\u00a0adapted 70B');
    expect(check('--model', 'ALLaM adapted 7', '--format', 'json').code).toBe(2);
  });
});
