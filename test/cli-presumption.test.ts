// The foundation-model presumption through the built CLI: the default gate catches an undeclared 2e26 text model,
// foundationModel: false rebuts it, a narrow model is never captured through it, and a designation captures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(__dirname, '..', 'bin', 'flopcheck.js');
const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-presume-'));

function check(models: unknown[], rules: string) {
  const p = join(tmp, `l${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify({ lineageVersion: 1, organizations: [{ id: 'p' }], models }));
  const r = spawnSync(
    process.execPath,
    [bin, 'check', p, '--rules', rules, '--as-of', '2026-11-29', '--format', 'json'],
    { encoding: 'utf8' },
  );
  return { code: r.status, report: r.stdout ? JSON.parse(r.stdout) : null, err: r.stderr };
}

const big = (extra: object) => ({
  id: 'p/m',
  developer: 'p',
  compute: [{ phase: 'pretraining', flop: 2e26 }],
  ...extra,
});

describe('foundation-model presumption (CLI)', () => {
  it('a 2e26 text model stating nothing is captured by SB 53, so the default gate fails, and the finding lists the presumption', () => {
    const r = check([big({ generates: ['text'] })], 'ca-sb53/frontier-model');
    expect(r.code).toBe(1);
    for (const f of r.report.findings) {
      expect(f.verdict).toBe('captured');
      expect(f.presumptions).toHaveLength(1);
      expect(f.presumptions[0]).toMatchObject({
        field: 'foundationModel',
        presumed: true,
        rebuttal: 'declare foundationModel: false',
      });
      expect(f.presumptions[0].basis[0]).toMatchObject({ comparator: '>', threshold: { value: 1e23 }, result: 'met' });
      const text = f.explanation.map((m: { text: string }) => m.text).join(' ');
      expect(text).toMatch(
        /presumed a foundation model \(foundationModel not stated\): generates text; training compute 2 × 10\^26 FLOP > 10\^23 FLOP/,
      );
      expect(text).toMatch(/foundationModel: false to rebut/);
    }
  });

  it('foundationModel: false rebuts it: not applicable, gate passes', () => {
    const r = check(
      [big({ generates: ['text'], foundationModel: false })],
      'ca-sb53/frontier-model,eu-ai-act/systemic-risk',
    );
    expect(r.code).toBe(0);
    for (const f of r.report.findings) {
      expect(f.verdict).toBe('not-applicable');
      expect(f.presumptions).toEqual([]);
    }
  });

  it('a 2e25 weather model (generates other) is not presumed general-purpose under the EU rule', () => {
    const r = check(
      [{ id: 'p/w', developer: 'p', generates: ['other'], compute: [{ phase: 'pretraining', flop: 2e25 }] }],
      'eu-ai-act/systemic-risk',
    );
    expect(r.code).toBe(0);
    for (const f of r.report.findings) expect(f.verdict).toBe('not-applicable');
  });

  it('a designated model with no compute records is captured by the EU rule, and the finding says it rests on the designation', () => {
    const r = check(
      [{ id: 'p/d', developer: 'p', generates: ['text'], designations: ['eu-ai-act/systemic-risk'] }],
      'eu-ai-act/systemic-risk',
    );
    expect(r.code).toBe(1);
    for (const f of r.report.findings) {
      expect(f.verdict).toBe('captured');
      expect(f.designated).toBe(true);
      expect(f.wrongfulCapture).toBe(false);
      expect(f.explanation[0].id).toBe('designation');
    }
  });
});
