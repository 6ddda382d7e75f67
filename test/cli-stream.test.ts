// Corpus-scale output of `flopcheck check`: --format ndjson (one finding per line, the objects of --format json's
// findings), --format json written piece by piece (the same bytes as the whole-report renderer behind --out),
// per-developer breakdowns bounded unless --full-breakdowns, and --timings on stderr.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, flopcheck, root } from './helpers/cli';

// Rules with readings, organization rules and a reference between rules, under the helper's 1 MB output limit.
const tenModels = [
  'check',
  'test/golden/inputs/ten-models.lineage.json',
  '--as-of',
  '2026-11-28',
  '--rules',
  'eu-ai-act/*,ca-sb53/*,ny-raise-2025/*',
];
const dir = mkdtempSync(join(tmpdir(), 'flopcheck-stream-'));

interface Measure {
  id: string;
  byDeveloper?: { developer: string; models: number }[];
  byDeveloperRest?: { developers: number; models: number; amount: { exact: string | null } };
}

/** Twelve developers' bases (1e24 … 12e24 FLOP) merged by the first developer. */
function twelveDevelopers(): string {
  const organizations = Array.from({ length: 12 }, (_, i) => ({ id: `org-${i}` }));
  const models: object[] = organizations.map((o, i) => ({
    id: `${o.id}/base`,
    developer: o.id,
    generates: ['text'],
    compute: [{ phase: 'pretraining', flop: (i + 1) * 1e24 }],
  }));
  models.push({
    id: 'org-0/merged',
    developer: 'org-0',
    generates: ['text'],
    baseModels: organizations.map((o) => ({ id: `${o.id}/base`, relation: 'merge' })),
    compute: [{ phase: 'merge', flop: 1e20 }],
  });
  const file = join(dir, 'twelve.json');
  writeFileSync(file, JSON.stringify({ lineageVersion: 1, organizations, models }));
  return file;
}

describe('check --format ndjson and streamed json', () => {
  it('prints one finding per line: exactly the findings of --format json, in the same order', () => {
    const json = flopcheck([...tenModels, '--format', 'json']);
    const nd = flopcheck([...tenModels, '--format', 'ndjson']);
    expect(nd.code).toBe(json.code);
    const lines = nd.out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(
      (JSON.parse(json.out) as { findings: unknown[] }).findings,
    );
  });

  it('writes the same JSON to standard output (streamed) as to --out (whole report)', () => {
    const out = join(dir, 'report.json');
    const streamed = flopcheck([...tenModels, '--format', 'json']);
    const whole = flopcheck([...tenModels, '--format', 'json', '--out', out]);
    expect(whole.code).toBe(streamed.code);
    expect(readFileSync(out, 'utf8')).toBe(streamed.out);
  });

  it('writes the same bytes to standard output redirected to a file (written to its descriptor) as to a pipe', () => {
    for (const format of ['json', 'ndjson']) {
      const piped = flopcheck([...tenModels, '--format', format]);
      const file = join(dir, `stdout.${format}`);
      const fd = openSync(file, 'w');
      const r = spawnSync(process.execPath, [bin, ...tenModels, '--format', format], {
        cwd: root,
        stdio: ['ignore', fd, 'pipe'],
      });
      closeSync(fd);
      expect(r.status).toBe(piped.code);
      expect(readFileSync(file, 'utf8')).toBe(piped.out);
      expect(piped.out.length).toBeGreaterThan(1000);
    }
  });

  it('writes nothing to standard output and no --out file for an invalid lineage (exit 2)', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ lineageVersion: 1, models: [{ id: 'a', compute: [{ phase: 'x' }] }] }));
    const r = flopcheck(['check', bad, '--format', 'ndjson', '--out', join(dir, 'never.ndjson')]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/models\[0\]/);
    expect(() => readFileSync(join(dir, 'never.ndjson'))).toThrow();
  });

  it('bounds a breakdown to the 10 largest developers and sums the rest exactly; --full-breakdowns lists all', () => {
    const args = ['check', twelveDevelopers(), '--as-of', '2026-11-28', '--rules', 'eu-ai-act/systemic-risk'];
    const measure = (extra: string[]): Measure => {
      const r = flopcheck([...args, '--model', 'org-0/merged', '--format', 'ndjson', ...extra]);
      const f = JSON.parse(r.out.split('\n')[0]) as { measures: Measure[] };
      return f.measures.find((m) => m.id === 'cumulativeFlop')!;
    };
    const bounded = measure([]);
    expect(bounded.byDeveloper!.map((c) => c.developer)).toEqual(Array.from({ length: 10 }, (_, k) => `org-${11 - k}`));
    // org-1 (2e24) and org-0 (its base 1e24 and the merge's own 1e20): 3.0001e24 FLOP over 3 models.
    expect(bounded.byDeveloperRest).toMatchObject({
      developers: 2,
      models: 3,
      amount: { exact: '3.0001e+24' },
    });
    const full = measure(['--full-breakdowns']);
    expect(full.byDeveloper).toHaveLength(12);
    expect(full.byDeveloperRest).toBeUndefined();
  });
});

describe('check --timings', () => {
  it('prints one JSON line on stderr with milliseconds per phase, and leaves standard output unchanged', () => {
    for (const format of ['summary', 'json', 'text']) {
      const plain = flopcheck([...tenModels, '--format', format]);
      const timed = flopcheck([...tenModels, '--format', format, '--timings']);
      expect(timed.out).toBe(plain.out);
      expect(timed.code).toBe(plain.code);
      const lines = timed.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      const t = JSON.parse(lines[0]) as Record<string, number>;
      expect(Object.keys(t)).toEqual(['read', 'parse', 'validate', 'index', 'measure', 'evaluate', 'render', 'total']);
      for (const v of Object.values(t)) expect(v).toBeGreaterThanOrEqual(0);
      expect(t.evaluate).toBeGreaterThan(0);
    }
  });
});
