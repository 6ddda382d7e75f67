// A fixed-seed subset of the fuzzer (scripts/fuzz.mjs, issue 13 item 7): mutated lineages through the core and, on
// 127.0.0.1, the API and the form. No crash, no 5xx, no input slower than 2 s, no prototype pollution. The full run
// and its figures are in RELIABILITY.md; `node scripts/fuzz.mjs --seed N --count N` reproduces any seed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

describe('fuzz (fixed-seed subset)', () => {
  it('survives 80 mutated inputs: no crash, 5xx, hang or pollution', () => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'fuzz.mjs'), '--seed', '20261129', '--count', '80', '--slow-ms', '5000', '--json'],
      { cwd: root, encoding: 'utf8', timeout: 110_000 },
    );
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(s.examples).toEqual([]);
    expect({
      crashes: s.crashes,
      http5xx: s.http5xx,
      hangs: s.hangs,
      pollution: s.pollution,
      inputs: s.inputs,
    }).toEqual({ crashes: 0, http5xx: 0, hangs: 0, pollution: false, inputs: 80 });
    // The mutations reach both sides: some inputs evaluate, some are input errors, some are answered 400.
    expect(s.coreEvaluated).toBeGreaterThan(0);
    expect(s.coreInputErrors).toBeGreaterThan(0);
    expect(s.statuses['400']).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  }, 120_000);
});
