// `flopcheck sweep` and `flopcheck variants` through the built binary: formats, --out, determinism, and exit 2 with
// the place named for every kind of bad input.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { flopcheck, root } from './helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-research-'));
const lineage = join(tmp, 'two.lineage.json');
// One model at exactly 10^25 FLOP, one above: a ">" rule captures the first only below 10^25.
writeFileSync(
  lineage,
  JSON.stringify({
    lineageVersion: 1,
    organizations: [{ id: 'lab' }],
    models: [
      { id: 'lab/at-1e25', developer: 'lab', generates: ['text'], compute: [{ phase: 'pretraining', flop: 1e25 }] },
      { id: 'lab/big', developer: 'lab', generates: ['text'], compute: [{ phase: 'pretraining', flop: 3e25 }] },
    ],
  }),
);
const seed = join(root, 'examples', 'seed-fine-tuner.lineage.json');
const exampleVariants = join(root, 'examples', 'research', 'variants.json');
const SWEEP = [
  'sweep',
  lineage,
  '--rule',
  'eu-ai-act/systemic-risk',
  '--interpretation',
  'merge-includes-parents',
  '--measure',
  'cumulativeFlop',
  '--values',
  '1e24..1e26x10',
  '--as-of',
  '2026-11-28',
];

async function wellFormed(xml: string): Promise<boolean> {
  return (await validateXML({ xml: [{ fileName: 'x.svg', contents: xml }], normalization: 'format' })).valid;
}

/** `variants --format json` on the example variants, one line per row: rule, reading, captured, not captured,
 * uncertain and the number of differences from the base rule. */
function variantRows(corpus: string): string[] {
  const r = flopcheck(['variants', corpus, '--variants', exampleVariants, '--as-of', '2026-11-28', '--format', 'json']);
  expect(r.code).toBe(0);
  return (
    JSON.parse(r.out) as {
      rows: { rule: string; interpretation?: string; counts: Record<string, number>; differences?: unknown[] }[];
    }
  ).rows.map((x) =>
    `${x.rule} ${x.interpretation ?? ''} ${x.counts.captured} ${x.counts['not-captured']} ${x.counts.uncertain} ${x.differences?.length ?? ''}`
      .replace(/ +/g, ' ')
      .trim(),
  );
}

describe('flopcheck sweep', () => {
  it('prints JSON with counts per value; the model at exactly 10^25 is captured only below it', () => {
    const r = flopcheck([...SWEEP, '--format', 'json', '--changes']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out);
    expect(doc.points.map((p: { value: string }) => p.value)).toEqual(['1e24', '1e25', '1e26']);
    expect(
      doc.points.map((p: { readings: { counts: { captured: number } }[] }) => p.readings[0].counts.captured),
    ).toEqual([2, 1, 0]);
    expect(doc.points[1].current).toBe(true);
    expect(doc.points[1].readings[0].changes).toEqual([{ id: 'lab/at-1e25', from: 'captured', to: 'not-captured' }]);
    expect(doc.interpretations).toEqual(['merge-includes-parents']);
  });

  it('prints an aligned text table by default, and byte-identical JSON, CSV and SVG on every run', () => {
    const t = flopcheck(SWEEP);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(
      /THRESHOLD\s+AMOUNT\s+CAPTURED\s+NOT CAPTURED\s+UNCERTAIN\s+NOT APPLICABLE\s+WRONGFUL\s+CHANGED/,
    );
    expect(t.out).toMatch(/\n {2}\* {2}1e25 +10\^25 FLOP +1 +1 +0 +0 +0 +1\n/);
    for (const f of ['json', 'csv', 'svg'])
      expect(flopcheck([...SWEEP, '--format', f]).out).toBe(flopcheck([...SWEEP, '--format', f]).out);
  });

  it('writes RFC 4180 CSV and a well-formed SVG', async () => {
    const c = flopcheck([...SWEEP, '--format', 'csv']).out;
    expect(c.split('\r\n')[2]).toBe('eu-ai-act/systemic-risk,merge-includes-parents,1e25,FLOP,true,1,1,0,0,0,1');
    const s = flopcheck([...SWEEP, '--format', 'svg']);
    expect(s.code).toBe(0);
    expect(s.out.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(await wellFormed(s.out)).toBe(true);
  });

  it('writes --out and prints the table (progress and notes never reach stdout)', () => {
    const out = join(tmp, 'charts', 'sweep.svg');
    const r = flopcheck([...SWEEP, '--format', 'svg', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('<svg')).toBe(true);
    expect(r.out).toContain('Threshold sweep of eu-ai-act/systemic-risk');
    expect(r.err).toBe(`wrote ${out}\n`);
  });

  it('accepts a path instead of a measure, and --steps for a bare range', () => {
    const r = flopcheck([
      'sweep',
      lineage,
      '--rule',
      'eu-ai-act/systemic-risk',
      '--path',
      '/condition/compare',
      '--values',
      '1e24..1e26',
      '--steps',
      '2',
      '--as-of',
      '2026-11-28',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).points.map((p: { value: string }) => p.value)).toEqual(['1e24', '1e25', '1e26']);
  });

  const bad: [string, string[], RegExp][] = [
    [
      'an unknown rule',
      ['--rule', 'eu-ai-act/nope'],
      /^flopcheck: error: --rule: no rule "eu-ai-act\/nope" \(in that pack: eu-ai-act\/downstream-modifier, /,
    ],
    [
      'an unknown measure',
      ['--measure', 'fooFlop'],
      /^flopcheck: error: --measure: eu-ai-act\/systemic-risk has no threshold on a measure "fooFlop" \(thresholds on: cumulativeFlop, ownMergeFlop\)\n$/,
    ],
    ['a measure that is not a name', ['--measure', 'a b'], /^flopcheck: error: --measure: "a b" is not a measure name/],
    [
      'a path to no threshold',
      ['--measure', undefined as never, '--path', '/applicability'],
      /^flopcheck: error: --path: \/applicability is not an absolute threshold/,
    ],
    [
      'an unknown reading',
      ['--interpretation', 'lenient'],
      /^flopcheck: error: --interpretation: eu-ai-act\/systemic-risk has no interpretation "lenient" \(it has: merge-includes-parents, merge-own-compute\)/,
    ],
    [
      'a downward range',
      ['--values', '1e27..1e24x10'],
      /^flopcheck: error: --values: "1e27..1e24x10": a range goes upwards, low..high\n$/,
    ],
    ['a value that is not a decimal', ['--values', '1e25,ten'], /^flopcheck: error: --values: "ten" is not a decimal/],
    ['a range with no spacing', ['--values', '1e24..1e27'], /--values: "1e24..1e27": say how to space it/],
    ['bad --steps', ['--steps', 'many'], /^flopcheck: error: --steps: "many" is not a whole number/],
    ['a bad format', ['--format', 'png'], /^flopcheck: error: --format: "png" is not one of text, json, csv, svg/],
    ['a bad date', ['--as-of', '2026-13-01'], /--as-of: "2026-13-01" is not a date/],
  ];
  for (const [what, change, msg] of bad) {
    it(`exits 2 on ${what}, naming the option`, () => {
      const args = [...SWEEP];
      for (let i = 0; i < change.length; i += 2) {
        const k = args.indexOf(change[i]);
        if (change[i + 1] === undefined) args.splice(k, 2);
        else if (k >= 0) args[k + 1] = change[i + 1];
        else args.push(change[i], change[i + 1]);
      }
      const r = flopcheck(args);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
    });
  }

  it('exits 2 when the rule, the threshold or the values are missing, or the lineage cannot be read', () => {
    expect(flopcheck(['sweep', lineage, '--measure', 'x', '--values', '1']).err).toMatch(
      /--rule: name the rule to sweep/,
    );
    expect(flopcheck(['sweep', lineage, '--rule', 'eu-ai-act/systemic-risk', '--values', '1']).err).toMatch(
      /--measure <name> .* or --path <pointer>, one of the two/,
    );
    expect(
      flopcheck(['sweep', lineage, '--rule', 'eu-ai-act/systemic-risk', '--measure', 'cumulativeFlop']).err,
    ).toMatch(/--values: give the thresholds/);
    const r = flopcheck([
      'sweep',
      join(tmp, 'missing.json'),
      '--rule',
      'eu-ai-act/systemic-risk',
      '--measure',
      'cumulativeFlop',
      '--values',
      '1e25',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read .*missing\.json: no such file/);
  });
});

describe('flopcheck variants', () => {
  const V = ['variants', seed, '--variants', exampleVariants, '--as-of', '2026-11-28'];

  it('prints the variants next to their bases, with the models that differ', () => {
    const r = flopcheck(V);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/RULE OR VARIANT\s+READING\s+CAPTURED/);
    expect(r.out).toMatch(/\n {2}what-if\/lineage-cost-500m +— +0 +/);
    expect(r.out).toContain('tomato-ai/legal-110b: captured → not-captured');
  });

  it('prints JSON, CSV, Markdown and a well-formed SVG, the same bytes every time', async () => {
    const j = JSON.parse(flopcheck([...V, '--format', 'json']).out);
    expect(j.rows.find((x: { rule: string }) => x.rule === 'what-if/lineage-cost-500m').differences).toEqual([
      { id: 'tomato-ai/legal-110b', base: 'captured', variant: 'not-captured' },
    ]);
    expect(flopcheck([...V, '--format', 'csv']).out.split('\r\n')[0]).toMatch(
      /^rule,base,interpretation,subject,captured,/,
    );
    expect(flopcheck([...V, '--format', 'markdown']).out).toMatch(/^## Rule variants as of 2026-11-28/);
    const svg = flopcheck([...V, '--format', 'svg']).out;
    expect(await wellFormed(svg)).toBe(true);
    for (const f of ['json', 'csv', 'markdown', 'svg'])
      expect(flopcheck([...V, '--format', f]).out).toBe(flopcheck([...V, '--format', f]).out);
  });

  const file = (name: string, content: string) => {
    const p = join(tmp, name);
    writeFileSync(p, content);
    return p;
  };
  const variant = (o: object) =>
    JSON.stringify({ variants: [{ id: 'what-if/x', title: 'X', base: 'eu-ai-act/systemic-risk', patch: {}, ...o }] });
  const badFiles: [string, string, (p: string) => RegExp][] = [
    [
      'invalid JSON',
      '{ "variants": [ }',
      (p) =>
        new RegExp(
          `^flopcheck: error: \\(document\\): ${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON \\(line 1, column 17\\)`,
        ),
    ],
    [
      'a bad threshold in the patch',
      variant({ patch: { condition: { compare: { threshold: { value: '1e25 FLOP' } } } } }),
      (p) =>
        new RegExp(
          `^flopcheck: error: ${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: variants\\[0\\]\\.patch\\.condition\\.compare\\.threshold\\.value: must match`,
        ),
    ],
    [
      'an unknown base',
      variant({ base: 'eu-ai-act/nope' }),
      () => /: variants\[0\]\.base: no rule "eu-ai-act\/nope"\n$/,
    ],
    [
      'a missing patch',
      JSON.stringify({ variants: [{ id: 'what-if/x', title: 'X', base: 'eu-ai-act/systemic-risk' }] }),
      () => /: variants\[0\]\.patch: is required\n$/,
    ],
    [
      'an id already taken',
      variant({ id: 'eu-ai-act/gpai-indicative' }),
      () => /: variants\[0\]\.id: "eu-ai-act\/gpai-indicative" is already the id of a rule/,
    ],
  ];
  for (const [what, content, msg] of badFiles) {
    it(`exits 2 on a variants file with ${what}, naming the file and the JSON path`, () => {
      const p = file(`${what.replace(/\W+/g, '-')}.json`, content);
      const r = flopcheck(['variants', seed, '--variants', p]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg(p));
    });
  }

  it('exits 2 without --variants, on a missing file and on a bad format', () => {
    expect(flopcheck(['variants', seed]).err).toMatch(/^flopcheck: error: --variants: name the variants file/);
    expect(flopcheck(['variants', seed, '--variants', join(tmp, 'none.json')]).err).toMatch(
      /cannot read .*none\.json: no such file/,
    );
    const f = flopcheck([...V, '--format', 'html']);
    expect(f.code).toBe(2);
    expect(f.err).toMatch(/--format: "html" is not one of text, json, csv, svg, markdown/);
  });
});

// The README figures' code paths (import epoch → sweep and variants, JSON and text) on a small CSV committed in the
// repository, so they run on every machine: 11 rows in Epoch's format with a base and fine-tunes of other developers,
// a row with two bases (imported as a composition fine-tuned from each, not a weight merge), unknown and ranged compute, a model at
// exactly 10^25 FLOP and a corrupted finetune value.
describe('research figures on a committed Epoch fixture (test/data/epoch-mini.csv)', () => {
  const csv = join(root, 'test', 'data', 'epoch-mini.csv');
  const corpus = join(tmp, 'mini.json');
  it('the sweep table', () => {
    // Epoch's central figures as points (--no-confidence-bands), so the counts pin exact comparisons.
    const imp = flopcheck(['import', 'epoch', csv, '--no-confidence-bands', '--out', corpus]);
    expect(imp.code).toBe(0);
    expect(imp.err).toMatch(/"Math Tune" finetune compute 6 is implausibly small/);
    const args = [
      'sweep',
      corpus,
      '--rule',
      'eu-ai-act/systemic-risk',
      '--measure',
      'cumulativeFlop,ownMergeFlop',
      '--values',
      '1e23..1e27x10',
      '--as-of',
      '2026-11-28',
    ];
    const r = flopcheck([...args, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.subjects).toBe(11);
    const cells = doc.points.map((p: { readings: { counts: Record<string, number>; wrongfulCaptures: number }[] }) =>
      p.readings.map((x) => `${x.counts.captured} / ${x.counts.uncertain} / ${x.wrongfulCaptures}`).join(' | '),
    );
    expect(cells).toEqual([
      '5 / 2 / 0 | 5 / 2 / 0',
      '3 / 3 / 0 | 3 / 3 / 0',
      '2 / 3 / 0 | 2 / 3 / 0',
      '1 / 2 / 0 | 1 / 2 / 0',
      '0 / 2 / 0 | 0 / 2 / 0',
    ]);
    expect(flopcheck(args).out).toMatch(/\n {2}\* {2}1e25 +10\^25 FLOP +2 +2 +3 +4 +0 +1\n/);
  });

  it('the variants table', () => {
    expect(variantRows(corpus)).toEqual([
      'ca-sb53/frontier-model developer-own 1 8 2',
      'ca-sb53/frontier-model lineage-cumulative 4 6 1',
      'what-if/sb53-at-1e25 developer-own 2 6 3 2',
      'what-if/sb53-at-1e25 lineage-cumulative 7 2 2 4',
      'illustrative/lineage-cost-100m 0 6 5',
      'what-if/lineage-cost-500m 0 6 5 0',
      'eu-ai-act/systemic-risk merge-includes-parents 2 2 3',
      'eu-ai-act/systemic-risk merge-own-compute 2 2 3',
      'what-if/eu-systemic-own-compute 2 2 3 0',
    ]);
  });
});

// The README's "Research: sweeps and variants" figures, recomputed from the Epoch snapshot when it is on this machine
// (it is read at run time and never committed).
const NOTABLE = join(root, '..', 'shared', 'data', 'epoch', '2026-07-19_notable', 'notable_ai_models.csv');
describe.skipIf(!existsSync(NOTABLE))(
  existsSync(NOTABLE)
    ? 'README research figures (Epoch notable snapshot 2026-07-19)'
    : 'README research figures: skipped, the Epoch snapshot ../shared/data/epoch/2026-07-19_notable is not on this machine',
  () => {
    const corpus = join(tmp, 'notable.json');
    it('the sweep table', () => {
      expect(flopcheck(['import', 'epoch', NOTABLE, '--out', corpus]).code).toBe(0);
      const r = flopcheck([
        'sweep',
        corpus,
        '--rule',
        'eu-ai-act/systemic-risk',
        '--measure',
        'cumulativeFlop,ownMergeFlop',
        '--values',
        '1e23..1e27x10',
        '--as-of',
        '2026-11-28',
        '--format',
        'json',
      ]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.out);
      expect(doc.subjects).toBe(1077);
      const cellsOf = (d: { points: { readings: { counts: Record<string, number>; wrongfulCaptures: number }[] }[] }) =>
        d.points.map((p) =>
          p.readings.map((x) => `${x.counts.captured} / ${x.counts.uncertain} / ${x.wrongfulCaptures}`).join(' | '),
        );
      const cells = cellsOf(doc);
      expect(cells).toEqual([
        '122 / 576 / 0 | 122 / 576 / 0',
        '48 / 593 / 0 | 48 / 593 / 0',
        '4 / 576 / 0 | 4 / 576 / 0',
        '0 / 534 / 0 | 0 / 534 / 0',
        '0 / 518 / 0 | 0 / 518 / 0',
      ]);
      // The same import with Epoch's central figures as points (the README's right-hand columns).
      const points = join(tmp, 'notable-points.json');
      expect(flopcheck(['import', 'epoch', NOTABLE, '--no-confidence-bands', '--out', points]).code).toBe(0);
      const p = flopcheck([
        'sweep',
        points,
        '--rule',
        'eu-ai-act/systemic-risk',
        '--measure',
        'cumulativeFlop,ownMergeFlop',
        '--values',
        '1e23..1e27x10',
        '--as-of',
        '2026-11-28',
        '--format',
        'json',
      ]);
      const pointCells = cellsOf(JSON.parse(p.out));
      expect(pointCells).toEqual([
        '142 / 518 / 0 | 142 / 518 / 0',
        '100 / 510 / 0 | 100 / 510 / 0',
        '24 / 511 / 0 | 24 / 511 / 0',
        '3 / 513 / 0 | 3 / 513 / 0',
        '0 / 513 / 0 | 0 / 513 / 0',
      ]);
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      expect(readme).toContain('| 10^23 FLOP | 122 / 576 / 0 | 122 / 576 / 0 | 142 / 518 / 0 | 142 / 518 / 0 |');
      expect(readme).toContain(
        '| **10^25 FLOP (Art. 51(2))** | **4 / 576 / 0** | **4 / 576 / 0** | **24 / 511 / 0** | **24 / 511 / 0** |',
      );
    });

    it('the variants table', () => {
      expect(variantRows(corpus)).toEqual([
        'ca-sb53/frontier-model developer-own 0 504 530',
        'ca-sb53/frontier-model lineage-cumulative 0 500 534',
        'what-if/sb53-at-1e25 developer-own 5 458 571 50',
        'what-if/sb53-at-1e25 lineage-cumulative 5 451 578 53',
        'illustrative/lineage-cost-100m 0 533 544',
        'what-if/lineage-cost-500m 0 533 544 0',
        'eu-ai-act/systemic-risk merge-includes-parents 4 437 576',
        'eu-ai-act/systemic-risk merge-own-compute 4 437 576',
        'what-if/eu-systemic-own-compute 4 441 572 4',
      ]);
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      expect(readme).toContain('| ↳ `what-if/eu-systemic-own-compute` | | 4 | 441 | 572 | 4 |');
    });

    it('the worked example: models above 10^25 by year, own against cumulative counting', () => {
      const points = join(tmp, 'notable-points.json');
      if (!existsSync(corpus)) expect(flopcheck(['import', 'epoch', NOTABLE, '--out', corpus]).code).toBe(0);
      if (!existsSync(points))
        expect(flopcheck(['import', 'epoch', NOTABLE, '--no-confidence-bands', '--out', points]).code).toBe(0);
      const own = join(root, 'examples', 'research', 'eu-own-compute.json');
      type ByYear = { rows: { groups: { group: string; models: number; counts: Record<string, number> }[] }[] };
      const run = (file: string) => {
        const r = flopcheck([
          'variants',
          file,
          '--variants',
          own,
          '--as-of',
          '2026-11-28',
          '--by',
          'year',
          '--format',
          'json',
        ]);
        expect(r.code).toBe(0);
        return JSON.parse(r.out) as ByYear;
      };
      const ranges = run(corpus);
      const central = run(points);
      // Rows: the enacted rule's two readings, then the own-compute variant.
      const cell = (d: ByYear, k: number, year: string) => {
        const g = d.rows[k].groups.find((x) => x.group === year)!;
        return `${g.counts.captured} / ${g.counts.uncertain}`;
      };
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      for (const year of ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026', 'unknown']) {
        const models = ranges.rows[0].groups.find((x) => x.group === year)!.models;
        expect(readme).toContain(
          `| ${year} | ${models} | ${cell(ranges, 0, year)} | ${cell(ranges, 2, year)} | ${cell(central, 0, year)} | ${cell(central, 2, year)} |`,
        );
        expect(cell(ranges, 1, year)).toBe(cell(ranges, 0, year)); // the merge-own-compute reading gives the same
      }
      const early = (d: ByYear) =>
        d.rows.flatMap((r) => r.groups.filter((g) => g.group < '2019')).reduce((n, g) => n + g.counts.captured, 0);
      expect(early(ranges) + early(central)).toBe(0);
    });
    it('the worked example: GPU prices move two SB 1047 verdicts, captures none', () => {
      const cloud = join(tmp, 'notable-cloud.json');
      expect(flopcheck(['import', 'epoch', NOTABLE, '--cost-basis', 'cloud', '--out', cloud]).code).toBe(0);
      const r = flopcheck([
        'sweep',
        cloud,
        '--rule',
        'ca-sb1047/covered-model',
        '--price-scales',
        '0.5,1,2,3,5',
        '--price-scale-declared',
        '--as-of',
        '2026-11-28',
        '--changes',
        '--format',
        'json',
      ]);
      expect(r.code).toBe(0);
      type Point = { scale: string; readings: { counts: { captured: number }; changes?: { id: string }[] }[] };
      const points = (JSON.parse(r.out) as { points: Point[] }).points;
      expect(points.map((p) => p.readings[0].counts.captured)).toEqual([0, 0, 0, 0, 0]);
      expect(points.map((p) => (p.readings[0].changes ?? []).map((c) => c.id).join())).toEqual([
        '',
        'Llama 3.1-405B',
        'GPT-4 (Mar 2023)',
        '',
        '',
      ]);
    });
  },
);

describe('--timings on sweep, variants and price sweeps', () => {
  const runs: [string, string[]][] = [
    ['sweep', [...SWEEP, '--format', 'json']],
    ['sweep --changes --by year', [...SWEEP, '--changes', '--by', 'year']],
    ['variants', ['variants', seed, '--variants', exampleVariants, '--as-of', '2026-11-28']],
    [
      'sweep --price-scales',
      ['sweep', seed, '--rule', 'ca-sb1047/covered-model', '--price-scales', '0.5,1,2', '--as-of', '2026-11-28'],
    ],
  ];
  for (const [name, args] of runs)
    it(`${name}: one JSON line of phases on stderr, standard output unchanged`, () => {
      const plain = flopcheck(args);
      const timed = flopcheck([...args, '--timings']);
      expect(plain.code).toBe(0);
      expect(timed.code).toBe(0);
      expect(timed.out).toBe(plain.out);
      const lines = timed.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      const t = JSON.parse(lines[0]) as Record<string, number>;
      expect(Object.keys(t)).toEqual(['read', 'parse', 'validate', 'index', 'measure', 'evaluate', 'render', 'total']);
      for (const v of Object.values(t)) expect(v).toBeGreaterThanOrEqual(0);
      expect(t.evaluate).toBeGreaterThan(0);
      expect(plain.err).toBe('');
    });

  it('sweep --out dir/ --timings: the line once the folder is written', () => {
    const out = join(tmp, 'timed-sweep') + '/';
    const r = flopcheck([...SWEEP, '--out', out, '--timings']);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const lines = r.err.trim().split('\n');
    expect(Object.keys(JSON.parse(lines.at(-1)!) as object)).toContain('render');
  });
});
