// `flopcheck rules list|show` through the built binary: output shape, in-force dates, and errors (exit 2).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'bin', 'flopcheck.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  // The test command builds first; fail clearly if it did not.
  readFileSync(join(root, 'dist', 'src', 'cli', 'rules.js'));
});

describe('flopcheck rules list', () => {
  it('prints every rule as JSON with id, title, jurisdiction, status and whether it is in force on the date', () => {
    const r = cli(['rules', 'list', '--as-of', '2026-11-28', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.asOf).toBe('2026-11-28');
    const byId = new Map<string, { inForce: boolean; status: string; jurisdiction: string; title: string }>(
      doc.rules.map((x: { id: string }) => [x.id, x]),
    );
    expect(byId.get('ca-sb53/frontier-model')).toMatchObject({
      inForce: true,
      status: 'in-force',
      jurisdiction: 'US-CA',
    });
    expect(byId.get('ca-sb1047/covered-model')).toMatchObject({ inForce: false, status: 'vetoed' });
    expect(byId.get('ny-raise-2026/frontier-model')).toMatchObject({
      inForce: false,
      status: 'enacted-not-yet-effective',
    });
    expect(byId.get('us-eo14110/dual-use-model')).toMatchObject({ inForce: false, status: 'revoked' });
    expect(byId.get('kr-ai-basic-act/high-performance')).toMatchObject({
      inForce: true,
      status: 'in-force',
      jurisdiction: 'KR',
    });
    expect(byId.get('ny-raise-2025/frontier-model')).toMatchObject({ inForce: false, status: 'superseded' });
    expect(doc.rules.filter((x: { inForce: boolean }) => x.inForce).length).toBe(6);
    for (const x of doc.rules) expect(x.title.length).toBeGreaterThan(0);
  });

  it('decides in force by --as-of', () => {
    const r = cli(['rules', 'list', '--as-of', '2024-06-01', '--format', 'json']);
    const inForce = JSON.parse(r.out)
      .rules.filter((x: { inForce: boolean }) => x.inForce)
      .map((x: { id: string }) => x.id);
    expect(inForce).toEqual(['us-eo14110/bio-sequence-model', 'us-eo14110/dual-use-model']);
  });

  it('prints a text table with a row per rule', () => {
    const r = cli(['rules', 'list', '--as-of', '2027-01-05']);
    expect(r.code).toBe(0);
    const row = r.out.split('\n').find((l) => l.startsWith('ny-raise-2026/frontier-model '));
    expect(row).toMatch(/enacted-not-yet-effective\s+yes\s+US-NY\s+New York RAISE Act/);
    expect(r.out.split('\n').find((l) => l.startsWith('ca-sb1047/covered-model '))).toMatch(/vetoed\s+no\s+US-CA/);
  });

  it('rejects a bad format or date with exit 2 and a message on stderr', () => {
    const a = cli(['rules', 'list', '--format', 'xml']);
    expect(a.code).toBe(2);
    expect(a.err).toContain('--format');
    const b = cli(['rules', 'list', '--as-of', 'yesterday']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--as-of');
  });
});

describe('flopcheck rules show', () => {
  it('prints the citation, each test with its comparator and threshold, what counts, readings, obligations and unverified facts', () => {
    const r = cli(['rules', 'show', 'ca-sb53/frontier-model', '--as-of', '2026-11-28']);
    expect(r.code).toBe(0);
    for (const s of [
      '§22757.11',
      'https://leginfo.legislature.ca.gov/faces/billTextClient.xhtml?bill_id=202520260SB53',
      'Threshold review: by 2027-01-01',
      'trainingFlop > 10^26 FLOP (1e26) ("greater than")',
      'developer-own',
      'lineage-cumulative',
      'scope lineage',
      'scope developer-lineage',
      'foundationModel',
      'Obligations when captured',
      '§22757.13',
    ]) {
      expect(r.out).toContain(s);
    }
    const u = cli(['rules', 'show', 'us-bis-2025/eccn-4e091', '--as-of', '2025-06-01']);
    expect(u.out).toContain('trainingFlop >= 10^26 FLOP (1e26) ("or more")');
    expect(u.out).toContain('Unverified');
    expect(u.out).toContain('rescinded on 2025-05-13 before it applied (from 2025-05-15)');
  });

  it('shows organization tests: revenue with affiliates, models developed, sums', () => {
    const r = cli(['rules', 'show', 'ny-raise-2025/large-developer']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('developed at least one model captured by ny-raise-2025/frontier-model');
    expect(r.out).toContain('summed over them, finalRunCost > $100.0M (100000000) ("over")');
    const s = cli(['rules', 'show', 'ca-sb53/large-frontier-developer']);
    expect(s.out).toContain('together with affiliates > $500.0M (500000000) ("in excess of")');
  });

  it('prints the rule as encoded with --format json', () => {
    const r = cli(['rules', 'show', 'eu-ai-act/systemic-risk', '--format', 'json', '--as-of', '2026-11-28']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ asOf: '2026-11-28', inForce: true });
    expect(doc.rule.id).toBe('eu-ai-act/systemic-risk');
    expect(doc.rule.condition.compare).toMatchObject({ op: '>', threshold: { value: '1e25' } });
  });

  it('exits 2 with a message on stderr for an unknown id', () => {
    const r = cli(['rules', 'show', 'ca-sb53/no-such-rule']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('no rule "ca-sb53/no-such-rule"');
    expect(r.err).toContain('ca-sb53/frontier-model');
  });
});
