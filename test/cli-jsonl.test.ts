// Lineages as JSON Lines (DESIGN §2): `check` reads .jsonl/.ndjson files (or --input-format jsonl, standard input
// included) with the same results as the JSON document, errors name the line, and `import epoch` writes the form.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flopcheck } from './helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'flopcheck-jsonl-'));
const asOf = ['--as-of', '2026-11-28', '--rules', '*', '--fail-on', 'never'];

/** The ten-model example rewritten as JSON Lines, organizations first. */
function tenModelsJsonl(): string {
  const doc = JSON.parse(readFileSync('test/golden/inputs/ten-models.lineage.json', 'utf8')) as {
    organizations: unknown[];
    models: unknown[];
  };
  const lines = [
    JSON.stringify({ lineageVersion: 1 }),
    ...doc.organizations.map((organization) => JSON.stringify({ organization })),
    ...doc.models.map((model) => JSON.stringify({ model })),
  ];
  const file = join(dir, 'ten-models.jsonl');
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  return file;
}

describe('check on JSON Lines', () => {
  it('gives the same summary and findings as the JSON document', () => {
    const jsonl = tenModelsJsonl();
    // Findings of a few rules (the helper takes at most 1 MB of output); the summary of all.
    for (const args of [
      ['--format', 'summary'],
      ['--format', 'ndjson', '--rules', 'eu-ai-act/*,ca-sb53/*'],
    ]) {
      const doc = flopcheck(['check', 'test/golden/inputs/ten-models.lineage.json', ...asOf, ...args]);
      const lines = flopcheck(['check', jsonl, ...asOf, ...args]);
      expect(lines.err).toBe('');
      expect(lines.out).toBe(doc.out);
    }
  });

  it('reads standard input with --input-format jsonl', () => {
    const r = flopcheck(['check', '-', '--input-format', 'jsonl', ...asOf, '--format', 'summary'], {
      input: readFileSync(tenModelsJsonl(), 'utf8'),
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { models: number }).models).toBe(10);
  });

  it('names the line of an invalid model, of a line that is not JSON and of a missing header (exit 2)', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      '{"lineageVersion":1}\n{"organization":{"id":"a"}}\n\n{"model":{"id":"m","developer":"a","compute":[{"phase":"pretraining","flop":"x"}]}}\n',
    );
    const r = flopcheck(['check', bad, ...asOf]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.jsonl line 4: models[0].compute[0].flop');
    const syntax = flopcheck(['check', '-', '--input-format', 'jsonl'], { input: '{"lineageVersion":1}\n{"model":\n' });
    expect(syntax.code).toBe(2);
    expect(syntax.err).toMatch(/standard input line 2: is not valid JSON/);
    const headless = flopcheck(['check', '-', '--input-format', 'jsonl'], { input: '{"model":{"id":"m"}}\n' });
    expect(headless.code).toBe(2);
    expect(headless.err).toMatch(/line 1: the first line must be the header/);
    expect(`${r.err}${syntax.err}${headless.err}`).not.toMatch(/\n\s+at /);
  });
});

describe('import epoch to JSON Lines', () => {
  it('writes JSON Lines for an --out name ending .jsonl, which check reads like the document', () => {
    const jsonl = join(dir, 'mini.jsonl');
    const json = join(dir, 'mini.json');
    expect(flopcheck(['import', 'epoch', 'test/data/epoch-mini.csv', '--out', jsonl]).code).toBe(0);
    expect(flopcheck(['import', 'epoch', 'test/data/epoch-mini.csv', '--out', json]).code).toBe(0);
    const lines = readFileSync(jsonl, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0])).toHaveProperty('lineageVersion', 1);
    for (const l of lines.slice(1)) expect(Object.keys(JSON.parse(l) as object)).toHaveLength(1);
    const eu = ['--as-of', '2026-11-28', '--rules', 'eu-ai-act/*', '--format', 'json'];
    const a = flopcheck(['check', jsonl, ...eu]);
    const b = flopcheck(['check', json, ...eu]);
    expect(a.out.length).toBeGreaterThan(1000);
    expect(a.out).toBe(b.out);
    const stdout = flopcheck(['import', 'epoch', 'test/data/epoch-mini.csv', '--format', 'jsonl']);
    expect(stdout.out).toBe(readFileSync(jsonl, 'utf8'));
  });
});
