// Status words in every output: an illustrative rule reads "illustrative (not law)", never "not in force"; a repealed
// and replaced text is "superseded", not "revoked"; Korea's AI Basic Act is in force; BIS 4E091 never applied.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'bin', 'flopcheck.js');
const seed = join(root, 'examples', 'seed-fine-tuner.lineage.json');
const ILL = 'illustrative/lineage-cost-100m';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  readFileSync(join(root, 'dist', 'src', 'cli', 'main.js'));
});

describe('illustrative rules are labelled "illustrative (not law)" in every format', () => {
  for (const format of ['text', 'markdown', 'html', 'junit', 'sarif', 'github']) {
    it(`check --format ${format}`, () => {
      const r = cli(['check', seed, '--rules', ILL, '--as-of', '2026-11-29', '--format', format, '--fail-on', 'never']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('illustrative (not law)');
      expect(r.out).not.toMatch(/not in force \(illustrative\)/);
      expect(r.out).not.toMatch(/Not in force on/);
      expect(r.out).not.toMatch(/rule is not in force/);
    });
  }

  it('check --format json: no not-in-force message on an illustrative finding', () => {
    const doc = JSON.parse(
      cli(['check', seed, '--rules', ILL, '--as-of', '2026-11-29', '--format', 'json', '--fail-on', 'never']).out,
    );
    for (const f of doc.findings) {
      expect(f.status).toBe('illustrative');
      expect(f.inForce).toBe(false);
      const ids = f.explanation.map((m: { id: string }) => m.id);
      expect(ids).toContain('rule.illustrative');
      expect(ids).not.toContain('rule.not-in-force');
      for (const m of f.explanation) expect(m.text).not.toMatch(/not in force/);
    }
  });

  it('check --format summary counts it without a not-in-force label', () => {
    const r = cli([
      'check',
      seed,
      '--rules',
      ILL,
      '--as-of',
      '2026-11-29',
      '--format',
      'summary',
      '--fail-on',
      'never',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/not in force/);
  });

  it('the text overview marks it with its own sign and legend', () => {
    const r = cli([
      'check',
      seed,
      '--rules',
      `${ILL},ca-sb1047/covered-model`,
      '--as-of',
      '2026-11-29',
      '--fail-on',
      'never',
    ]);
    expect(r.out).toContain('† = illustrative (not law)');
    expect(r.out).toMatch(new RegExp(`${ILL} †`));
  });

  it('rules list and rules show say "not law", never "not in force"', () => {
    const list = cli(['rules', 'list', '--as-of', '2026-11-29']);
    const row = list.out.split('\n').find((l) => l.startsWith(`${ILL} `))!;
    expect(row).toMatch(/illustrative\s+not law\s+/);
    const json = JSON.parse(cli(['rules', 'list', '--as-of', '2026-11-29', '--format', 'json']).out);
    const e = json.rules.find((x: { id: string }) => x.id === ILL);
    expect(e).toMatchObject({ status: 'illustrative', inForce: false, inForceLabel: 'illustrative (not law)' });
    expect(e.inForceReason).not.toMatch(/not in force/i);
    const show = cli(['rules', 'show', ILL, '--as-of', '2026-11-29']);
    expect(show.out).not.toMatch(/not in force/i);
    expect(show.out).toContain('reference/regimes.md#8.5');
  });
});

describe('statuses on 2026-11-29', () => {
  const doc = JSON.parse(cli(['rules', 'list', '--as-of', '2026-11-29', '--format', 'json']).out) as {
    rules: { id: string; status: string; inForce: boolean; inForceLabel: string; inForceReason: string }[];
  };
  const byId = new Map(doc.rules.map((r) => [r.id, r]));

  it('Korea: the AI Basic Act high-performance rule is in force', () => {
    expect(byId.get('kr-ai-basic-act/high-performance')).toMatchObject({
      status: 'in-force',
      inForce: true,
      inForceLabel: 'in force',
    });
  });

  it('RAISE as passed (2025) is superseded, not revoked, and never took effect as written', () => {
    for (const id of ['ny-raise-2025/frontier-model', 'ny-raise-2025/large-developer']) {
      const r = byId.get(id)!;
      expect(r).toMatchObject({ status: 'superseded', inForce: false, inForceLabel: 'not in force (superseded)' });
      expect(r.inForceReason).toContain('repealed and replaced on 2026-03-27');
    }
    expect(
      doc.rules
        .filter((r) => r.status === 'revoked')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['us-eo14110/bio-sequence-model', 'us-eo14110/dual-use-model']);
  });

  it('the Illinois SB 53-style bill is proposed, not in force', () => {
    for (const id of ['il-sb315/frontier-model', 'il-sb315/large-frontier-developer']) {
      expect(byId.get(id)).toMatchObject({ status: 'proposed', inForce: false });
    }
  });

  it('rules list explains every status it shows', () => {
    const text = cli(['rules', 'list', '--as-of', '2026-11-29']).out;
    expect(text).toContain('Statuses:');
    expect(text).toMatch(/superseded\s+repealed and replaced by a later text/);
    expect(text).toMatch(/illustrative\s+not law/);
  });
});

describe('BIS ECCN 4E091: compliance first required on 2025-05-15, rescinded on 2025-05-13', () => {
  it('is never in force: the window runs from the compliance date, after the rescission', () => {
    for (const asOf of ['2025-04-15', '2025-05-14', '2025-05-15', '2025-06-01']) {
      const doc = JSON.parse(cli(['rules', 'list', '--as-of', asOf, '--format', 'json']).out);
      const r = doc.rules.find((x: { id: string }) => x.id === 'us-bis-2025/eccn-4e091');
      expect(r.inForce, asOf).toBe(false);
      expect(r.inForceReason, asOf).toContain('rescinded on 2025-05-13 before it applied (from 2025-05-15)');
    }
  });
});

describe('rules show: threshold reviews the laws set for themselves', () => {
  it('SB 53: the Department of Technology reviews the definitions by 2027-01-01 (§22757.14)', () => {
    const r = cli(['rules', 'show', 'ca-sb53/frontier-model', '--as-of', '2026-11-29']);
    expect(r.out).toContain('Threshold review: by 2027-01-01 (Bus. & Prof. Code §22757.14)');
    expect(r.out).toContain('Department of Technology');
    const j = JSON.parse(cli(['rules', 'show', 'ca-sb53/frontier-model', '--format', 'json']).out);
    expect(j.rule.thresholdReview).toMatchObject({ by: '2027-01-01', section: 'Bus. & Prof. Code §22757.14' });
  });

  it('EU Art. 51(3): the Commission may amend 10^25 by delegated act, no date set', () => {
    const r = cli(['rules', 'show', 'eu-ai-act/systemic-risk', '--as-of', '2026-11-29']);
    expect(r.out).toContain('Threshold review: no date set (Art. 51(3); Art. 97)');
    const j = JSON.parse(cli(['rules', 'show', 'eu-ai-act/systemic-risk', '--format', 'json']).out);
    expect(j.rule.thresholdReview.text).toContain('delegated acts');
    expect(j.rule.thresholdReview.by).toBeUndefined();
  });
});
