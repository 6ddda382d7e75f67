// Sweep and variant detail for data frames: counts per group of models (--by, grouped as summary --by groups) and
// tidy per-model rows (--per-model), checked against the hand-worked lineage; changes in long form in CSV.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweep, sweepDetail, variants, variantsDetail } from '../src/core/research';
import { flopcheck } from './helpers/cli';
import { HAND_LINEAGE, HAND_RULE, handDoc } from './helpers/research';

const AS_OF = '2026-11-28';
const SWEEP = { asOf: AS_OF, rule: HAND_RULE.id, target: 'lineageFlop', values: ['1e24', '1e25', '1e26'] };
const VARIANTS = {
  asOf: AS_OF,
  variants: [
    {
      id: 'research/lower',
      title: 'Lower line',
      base: HAND_RULE.id,
      patch: { condition: { compare: { threshold: { value: '3e24' } } } },
    },
  ],
};

describe('sweep detail', () => {
  it('per group: the counts add up to the sweep’s, group by group', () => {
    const doc = handDoc();
    const whole = sweep(doc, [HAND_RULE], SWEEP);
    const d = sweepDetail(doc, [HAND_RULE], SWEEP, { by: 'organization' });
    expect(d.groups!.map((g) => [g.group, g.models])).toEqual([
      ['a', 2],
      ['b', 1],
      ['c', 3],
    ]);
    whole.points.forEach((p, k) => {
      const sum = { captured: 0, 'not-captured': 0, uncertain: 0, 'not-applicable': 0 };
      let wrongful = 0;
      for (const g of d.groups!) {
        for (const [v, n] of Object.entries(g.points[k].readings[0].counts)) sum[v as keyof typeof sum] += n;
        wrongful += g.points[k].readings[0].wrongfulCaptures;
      }
      expect(sum).toEqual(p.readings[0].counts);
      expect(wrongful).toBe(p.readings[0].wrongfulCaptures);
    });
    // At 10^25, organization b's fine-tune is captured only through a's base model.
    const b = d.groups!.find((g) => g.group === 'b')!;
    expect(b.points[1].readings[0]).toMatchObject({ counts: { captured: 1 }, wrongfulCaptures: 1 });
  });

  it('per model: one row per model × value with the own-only verdict', () => {
    const d = sweepDetail(handDoc(), [HAND_RULE], SWEEP, { perSubject: true });
    expect(d.rows).toHaveLength(HAND_LINEAGE.models.length * 3);
    const at = (id: string, value: string) => d.rows!.find((r) => r.subject === id && r.value === value)!;
    expect(at('a/base', '1e25').verdict).toBe('not-captured'); // exactly 10^25 is not more than 10^25
    expect(at('a/base', '1e24').verdict).toBe('captured');
    expect(at('b/ft', '1e25')).toMatchObject({ verdict: 'captured', ownOnly: 'not-captured', wrongfulCapture: true });
    expect(at('c/unknown', '1e26')).toMatchObject({ verdict: 'uncertain', developer: 'c', organization: 'c' });
    expect(at('c/range', '1e25').verdict).toBe('uncertain');
  });
});

describe('variants detail', () => {
  it('per group for each row, and per model with the base’s verdict next to the variant’s', () => {
    const doc = handDoc();
    const v = variants(doc, [HAND_RULE], VARIANTS);
    const d = variantsDetail(doc, [HAND_RULE], VARIANTS, { by: 'organization', perSubject: true });
    expect(d.groups!.map((g) => g.rule)).toEqual(v.rows.map((r) => r.rule));
    d.groups!.forEach((g, k) =>
      expect(g.groups.reduce((n, x) => n + x.counts.captured, 0)).toBe(v.rows[k].counts.captured),
    );
    const lower = d.rows!.filter((r) => r.rule === 'research/lower');
    const differ = lower.filter((r) => r.verdict !== r.baseVerdict).map((r) => r.subject);
    expect(differ).toEqual(v.rows[1].differences!.map((x) => x.id).sort());
    expect(lower.find((r) => r.subject === 'b/ft')).toMatchObject({ base: HAND_RULE.id, baseVerdict: 'captured' });
  });
});

describe('the command line', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-detail-'));
  const file = join(tmp, 'corpus.json');
  writeFileSync(
    file,
    JSON.stringify({
      lineageVersion: 1,
      organizations: [
        { id: 'lab', country: 'France' },
        { id: 'lab-research', affiliateOf: 'lab', country: 'France' },
        { id: 'uni', country: 'Canada' },
      ],
      models: [
        {
          id: 'm-2023',
          developer: 'lab-research',
          released: '2023-05-01',
          generates: ['text'],
          compute: [{ phase: 'pretraining', flop: 2e25 }],
        },
        {
          id: 'm-2024',
          developer: 'lab',
          released: '2024-05-01',
          generates: ['text'],
          compute: [{ phase: 'pretraining', flop: 5e24 }],
        },
        {
          id: '=uni-model',
          developer: 'uni',
          released: '2024-07-01',
          generates: ['text'],
          compute: [{ phase: 'pretraining', flop: 3e25 }],
        },
      ],
    }),
  );
  const S = [
    'sweep',
    file,
    '--rule',
    'eu-ai-act/systemic-risk',
    '--interpretation',
    'merge-own-compute',
    '--measure',
    'cumulativeFlop,ownMergeFlop',
    '--values',
    '1e24,1e25',
    '--as-of',
    AS_OF,
  ];
  const V = [
    'variants',
    file,
    '--variants',
    join(__dirname, '..', 'examples', 'research', 'variants.json'),
    '--as-of',
    AS_OF,
  ];

  it('sweep --by year|organization|country: tidy CSV and JSON groups; affiliates count with their company', () => {
    const csv = flopcheck([...S, '--by', 'organization', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const lines = csv.out.split('\r\n');
    expect(lines[0]).toBe(
      'rule,interpretation,by,group,group_models,value,unit,rule_value,captured,not_captured,uncertain,not_applicable,wrongful_captures',
    );
    expect(lines).toContain('eu-ai-act/systemic-risk,merge-own-compute,organization,lab,2,1e25,FLOP,true,1,1,0,0,0');
    const years = JSON.parse(flopcheck([...S, '--by', 'year', '--format', 'json']).out) as {
      by: string;
      groups: { group: string; points: { readings: { counts: { captured: number } }[] }[] }[];
    };
    expect(years.by).toBe('year');
    expect(years.groups.map((g) => [g.group, g.points.map((p) => p.readings[0].counts.captured)])).toEqual([
      ['2023', [1, 1]],
      ['2024', [2, 1]],
    ]);
    expect(flopcheck([...S, '--by', 'country']).out).toMatch(/By country:[\s\S]*Canada\s+1\s+1e25\s+1/);
  });

  it('--per-model: one CSV row per model × value, a formula-like id neutralised', () => {
    const r = flopcheck([...S, '--per-model', '--format', 'csv']);
    const lines = r.out.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 3 * 2);
    expect(lines).toContain(
      "eu-ai-act/systemic-risk,merge-own-compute,1e25,FLOP,'=uni-model,model,uni,uni,Canada,2024,captured,captured,false",
    );
    const v = JSON.parse(flopcheck([...V, '--per-model', '--format', 'json']).out) as { perModel: { rule: string }[] };
    expect(v.perModel.length).toBeGreaterThan(0);
    expect(flopcheck([...V, '--per-model', '--format', 'csv']).out.split('\r\n')[0]).toBe(
      'rule,base,interpretation,subject,subject_kind,developer,organization,country,year,verdict,base_verdict,differs_from_base,own_only_verdict,wrongful_capture',
    );
  });

  it('--changes with CSV gives one row per change, not a packed cell', () => {
    const r = flopcheck([...S, '--changes', '--format', 'csv']);
    expect(r.out.split('\r\n')).toEqual([
      'rule,interpretation,previous_value,value,unit,subject,from,to',
      'eu-ai-act/systemic-risk,merge-own-compute,1e24,1e25,FLOP,m-2024,captured,not-captured',
      '',
    ]);
    const v = flopcheck([...V, '--changes', '--format', 'csv']).out.split('\r\n');
    expect(v[0]).toBe('rule,base,interpretation,compared_with,subject,base_verdict,variant_verdict');
    expect(v).toContain(
      'what-if/sb53-at-1e25,ca-sb53/frontier-model,developer-own,developer-own,m-2023,not-captured,captured',
    );
  });

  it('refuses combinations that cannot be printed, exit 2 naming the flag', () => {
    for (const [args, msg] of [
      [['--by', 'decade'], '--by: "decade" is not one of year, organization, country'],
      [['--by', 'year', '--per-model', '--format', 'csv'], '--per-model rows carry year'],
      [['--per-model'], '--per-model goes with --format csv or json'],
      [['--per-model', '--format', 'svg'], '--per-model goes with --format csv or json, not svg'],
    ] as const) {
      const r = flopcheck([...S, ...args]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(msg);
    }
  });

  it('--out <dir>/ writes each chart as SVG with its data and Vega-Lite spec, the tables and an HTML report', () => {
    const dir = join(tmp, 'report') + '/';
    const r = flopcheck(
      [...S, '--by', 'year', '--changes', '--per-model', '--out', dir].filter((a) => a !== '--per-model'),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('Threshold sweep of eu-ai-act/systemic-risk'); // the text report on stdout
    expect(r.err).toContain(`wrote ${join(dir, 'index.html')}`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual([
      'index.html',
      'sweep-by-year.csv',
      'sweep-by-year.svg',
      'sweep-by-year.vl.json',
      'sweep-changes.csv',
      'sweep-counts.csv',
      'sweep.csv',
      'sweep.json',
      'sweep.svg',
      'sweep.vl.json',
    ]);
    const spec = JSON.parse(readFileSync(join(dir, 'sweep.vl.json'), 'utf8')) as { $schema: string };
    expect(spec.$schema).toContain('vega-lite/v5');
    expect(readFileSync(join(dir, 'sweep.csv'), 'utf8').split('\r\n')[0]).toBe('reading,value,threshold,series,count');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const f of ['sweep.svg', 'sweep.csv', 'sweep.vl.json', 'sweep-by-year.svg', 'sweep-changes.csv'])
      expect(html).toContain(`href="${f}"`.replace('href="sweep.svg"', 'src="sweep.svg"'));
    const v = flopcheck([...V, '--hide-uncertain', '--out', join(tmp, 'variants-report') + '/']);
    expect(v.code).toBe(0);
    expect(readdirSync(join(tmp, 'variants-report'))).toEqual(
      expect.arrayContaining([
        'variants.svg',
        'variants.csv',
        'variants.vl.json',
        'variants-differences.csv',
        'index.html',
      ]),
    );
    expect(readFileSync(join(tmp, 'variants-report', 'variants.csv'), 'utf8')).not.toContain(',uncertain,');
  });

  it('--format svg with --by draws the groups', () => {
    const r = flopcheck([...S, '--by', 'year', '--format', 'svg']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(r.out).toContain('models by year as the threshold varies');
    expect(r.out).toContain('>2023</text>');
  });
});
