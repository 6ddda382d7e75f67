// `flopcheck import epoch` through the built CLI: a small Epoch-shaped CSV in, a checkable lineage out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(__dirname, '..', 'bin', 'flopcheck.js');
const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-epoch-'));
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: tmp });

const csv = [
  'Model,Organization,Publication date,Domain,Training compute (FLOP),Base model,Finetune compute (FLOP)',
  'Open Base,Open Lab,2025-06-01,Language,1.1e+26,,',
  'Legal Tune,Tomato AI,2026-02-01,Language,1.15e+26,Open Base,',
  'Orphan Tune,Tomato AI,2026-03-01,Language,,Somebody Else,',
].join('\n');

describe('flopcheck import epoch', () => {
  it('writes a lineage that check accepts, with warnings on stderr', () => {
    writeFileSync(join(tmp, 'models.csv'), csv);
    const r = run(['import', 'epoch', 'models.csv', '--out', 'lineage.json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/base model "Somebody Else" is not in the file/);
    const doc = JSON.parse(readFileSync(join(tmp, 'lineage.json'), 'utf8'));
    expect(doc.models.find((m: any) => m.id === 'Legal Tune').compute[0].flop).toBe(5e24);
    const c = run([
      'check',
      'lineage.json',
      '--rules',
      'illustrative/lineage-cost-100m,eu-ai-act/downstream-modifier',
      '--as-of',
      '2026-11-28',
      '--format',
      'json',
    ]);
    expect(c.status).toBe(0);
    const f = JSON.parse(c.stdout).findings.find(
      (x: any) => x.model === 'Legal Tune' && x.rule === 'eu-ai-act/downstream-modifier',
    );
    expect(f.verdict).toBe('not-captured');
  });

  it("exits 2 naming the file and line for a CSV that is not Epoch's", () => {
    writeFileSync(join(tmp, 'other.csv'), 'a,b\n1,2\n');
    const r = run(['import', 'epoch', 'other.csv']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/other\.csv:1: missing column "Model"/);
  });
});
