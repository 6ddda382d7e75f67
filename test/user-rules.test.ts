// Rules of one's own (--rule-file, --rules-dir) on check, sweep, variants and rules list/show, and rule variants as a
// rule set (check --variants --variant, sweep --variants): loaded in the built-in format, validated like built-in
// rules, every mistake an exit 2 naming the file and the path in it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flopcheck, root } from './helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-user-rules-'));
const builtin = JSON.parse(readFileSync(join(root, 'rules', 'eu-ai-act', 'systemic-risk.json'), 'utf8')) as Record<
  string,
  unknown
>;
/** A company's internal review line: the EU rule's shape at > 10^24 FLOP, one reading. */
const review = {
  ...builtin,
  id: 'acme/review-1e24',
  title: 'Acme internal review: cumulative training compute above 10^24 FLOP',
  status: 'illustrative',
  interpretations: undefined,
  condition: { compare: { measure: 'cumulativeFlop', op: '>', wording: 'greater than', threshold: { value: '1e24' } } },
};
const write = (file: string, doc: unknown) => {
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
};
const ruleFile = write(join(tmp, 'review.json'), review);
const dir = join(tmp, 'mine');
mkdirSync(join(dir, 'what-if'), { recursive: true });
write(join(dir, 'what-if', 'eu-at-3e25.json'), {
  ...review,
  id: 'what-if/eu-at-3e25',
  title: 'EU line at 3 × 10^25',
  condition: { compare: { ...review.condition.compare, threshold: { value: '3e25' } } },
});
// Two models: 5 × 10^24 and 2 × 10^25 FLOP of own pre-training.
const lineage = write(join(tmp, 'two.json'), {
  lineageVersion: 1,
  organizations: [{ id: 'lab' }],
  models: [
    { id: 'lab/small', developer: 'lab', generates: ['text'], compute: [{ phase: 'pretraining', flop: 5e24 }] },
    { id: 'lab/large', developer: 'lab', generates: ['text'], compute: [{ phase: 'pretraining', flop: 2e25 }] },
  ],
});
const AS_OF = ['--as-of', '2026-11-28'];
type Row = { rule: string; interpretation?: string; counts: Record<string, number> };
const summary = (args: string[]) => {
  const r = flopcheck(['check', lineage, ...AS_OF, '--format', 'summary', ...args]);
  return { ...r, rows: r.code === 2 ? [] : (JSON.parse(r.out) as { rules: Row[] }).rules };
};

describe('--rule-file and --rules-dir', () => {
  it('check reports the rules of one’s own next to the built-in ones, whatever their status', () => {
    const r = summary(['--rule-file', ruleFile, '--rules-dir', dir]);
    expect(r.code).toBe(1); // the EU rule in force captures lab/large
    const byId = new Map(r.rows.map((x) => [x.rule, x]));
    expect(byId.get('acme/review-1e24')!.counts.captured).toBe(2);
    expect(byId.get('what-if/eu-at-3e25')!.counts['not-captured']).toBe(2);
    expect(byId.has('eu-ai-act/systemic-risk')).toBe(true);
    // --rules narrows the built-in selection; one's own rules are still reported.
    const only = summary(['--rule-file', ruleFile, '--rules', 'eu-ai-act/gpai-indicative']);
    expect([...new Set(only.rows.map((x) => x.rule))]).toEqual(['acme/review-1e24', 'eu-ai-act/gpai-indicative']);
  });

  it('rules list and rules show include them; sweep and variants take them', () => {
    const list = JSON.parse(flopcheck(['rules', 'list', '--format', 'json', '--rules-dir', dir, ...AS_OF]).out) as {
      rules: { id: string; inForceLabel: string }[];
    };
    expect(list.rules.find((x) => x.id === 'what-if/eu-at-3e25')?.inForceLabel).toBe('illustrative (not law)');
    const show = flopcheck(['rules', 'show', 'acme/review-1e24', '--rule-file', ruleFile]);
    expect(show.code).toBe(0);
    expect(show.out).toContain('Acme internal review');
    const sweep = flopcheck([
      'sweep',
      lineage,
      '--rule-file',
      ruleFile,
      '--rule',
      'acme/review-1e24',
      '--measure',
      'cumulativeFlop',
      '--values',
      '1e24,1e25',
      '--format',
      'json',
      ...AS_OF,
    ]);
    expect(sweep.code).toBe(0);
    const points = (JSON.parse(sweep.out) as { points: { readings: Row[] }[] }).points;
    expect(points.map((p) => p.readings[0].counts.captured)).toEqual([2, 1]);
    const variantsFile = write(join(tmp, 'on-own.json'), {
      variants: [
        {
          id: 'what-if/acme-1e25',
          title: 'Acme at 10^25',
          base: 'acme/review-1e24',
          patch: { condition: { compare: { threshold: { value: '1e25' } } } },
        },
      ],
    });
    const v = flopcheck(['variants', lineage, '--variants', variantsFile, '--rule-file', ruleFile, '--format', 'json']);
    expect(v.code).toBe(0);
    const rows = (JSON.parse(v.out) as { rows: (Row & { differences?: unknown[] })[] }).rows;
    expect(rows.map((x) => [x.rule, x.counts.captured, x.differences?.length])).toEqual([
      ['acme/review-1e24', 2, undefined],
      ['what-if/acme-1e25', 1, 1],
    ]);
  });

  it('a wrong rule file is exit 2 naming the file and the path, on every command', () => {
    const bad = write(join(tmp, 'bad.json'), { ...review, status: 'maybe' });
    const noMeasure = write(join(tmp, 'no-measure.json'), {
      ...review,
      condition: { compare: { ...review.condition.compare, measure: 'nope' } },
    });
    const dup = write(join(tmp, 'dup.json'), { ...review, id: 'eu-ai-act/systemic-risk' });
    for (const args of [
      ['check', lineage],
      ['rules', 'list'],
      ['sweep', lineage, '--rule', 'eu-ai-act/systemic-risk', '--measure', 'cumulativeFlop', '--values', '1e25'],
    ]) {
      const r = flopcheck([...args, '--rule-file', `${bad},${noMeasure}`, '--rule-file', dup]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${bad}: status: must be one of`);
      expect(r.err).toContain(`${noMeasure}: condition.compare.measure: no measure named "nope"`);
      expect(r.err).toContain(`${dup}: id: duplicate rule id "eu-ai-act/systemic-risk"`);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    }
    const notJson = join(tmp, 'not.json');
    writeFileSync(notJson, '{ "id": ');
    expect(flopcheck(['rules', 'list', '--rule-file', notJson]).err).toContain(
      `${notJson}: ${notJson} is not valid JSON`,
    );
    expect(flopcheck(['rules', 'list', '--rules-dir', join(tmp, 'none')]).err).toContain('no such directory');
    // In a folder the path is the id, as under rules/.
    const misplaced = join(tmp, 'misplaced');
    mkdirSync(join(misplaced, 'acme'), { recursive: true });
    const file = write(join(misplaced, 'acme', 'other.json'), review);
    expect(flopcheck(['rules', 'list', '--rules-dir', misplaced]).err).toContain(
      `${file}: id: is "acme/review-1e24" but the file path says "acme/other"`,
    );
  });
});

describe('variants as a rule set', () => {
  const variants = join(root, 'examples', 'research', 'variants.json');

  it('check --variants --variant evaluates that variant alone; sweep --variants sweeps it', () => {
    const r = summary(['--variants', variants, '--variant', 'what-if/eu-systemic-own-compute']);
    expect(r.rows.map((x) => [x.rule, x.interpretation, x.counts.captured])).toEqual([
      ['what-if/eu-systemic-own-compute', undefined, 1],
    ]);
    const s = flopcheck([
      'sweep',
      lineage,
      '--variants',
      variants,
      '--rule',
      'what-if/eu-systemic-own-compute',
      '--measure',
      'cumulativeFlop',
      '--values',
      '1e24,1e25,1e26',
      '--format',
      'json',
      ...AS_OF,
    ]);
    expect(s.code).toBe(0);
    const doc = JSON.parse(s.out) as { rule: string; points: { readings: Row[] }[] };
    expect(doc.rule).toBe('what-if/eu-systemic-own-compute');
    expect(doc.points.map((p) => p.readings[0].counts.captured)).toEqual([2, 1, 0]);
  });

  it('names the variant, the file and the path when something is wrong', () => {
    const missing = summary(['--variants', variants, '--variant', 'what-if/none']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--variant: "what-if/none" is not in');
    expect(summary(['--variant', 'what-if/none']).err).toContain('--variant goes with --variants');
    const bad = write(join(tmp, 'bad-variants.json'), {
      variants: [{ id: 'a/b', title: 't', base: 'eu-ai-act/systemic-risk', patch: { status: 'maybe' }, extra: 1 }],
    });
    const r = summary(['--variants', bad, '--variant', 'a/b']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}: variants[0].extra: is not a known field`);
    const patched = write(join(tmp, 'bad-patch.json'), {
      variants: [{ id: 'a/b', title: 't', base: 'eu-ai-act/systemic-risk', patch: { status: 'maybe' } }],
    });
    expect(summary(['--variants', patched, '--variant', 'a/b']).err).toContain(
      `${patched}: variants[0].patch.status: must be one of`,
    );
  });
});
