// The release gate through the built CLI: the exit-code matrix (pass / captured / uncertain × each --fail-on),
// rules not in force, flopcheck.config.json (found, named, overridden, invalid), --out, and model-card input.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flopcheck, root } from './helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-gate-'));
function file(name: string, content: unknown): string {
  const p = join(tmp, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

const RULE = ['--rules', 'eu-ai-act/systemic-risk', '--as-of', '2026-11-28'];
const lineage = (flop: number | null) => ({
  lineageVersion: 1,
  models: [{ id: 'm', generates: ['text'], ...(flop === null ? {} : { compute: [{ phase: 'pretraining', flop }] }) }],
});
const inputs = {
  pass: file('pass.json', lineage(1e24)),
  captured: file('captured.json', lineage(2e25)),
  uncertain: file('uncertain.json', lineage(null)),
};

describe('exit codes: 0 pass, 1 gate failed, 2 invalid input or config', () => {
  const matrix: [keyof typeof inputs, string, number][] = [
    ['pass', 'captured', 0],
    ['captured', 'captured', 1],
    ['uncertain', 'captured', 0],
    ['pass', 'uncertain', 0],
    ['captured', 'uncertain', 1],
    ['uncertain', 'uncertain', 1],
    ['pass', 'never', 0],
    ['captured', 'never', 0],
    ['uncertain', 'never', 0],
  ];
  for (const [input, failOn, code] of matrix) {
    for (const format of ['text', 'summary', 'sarif']) {
      it(`${input} with --fail-on ${failOn} (${format}) → ${code}`, () => {
        const r = flopcheck(['check', inputs[input], ...RULE, '--fail-on', failOn, '--format', format]);
        expect(r.err).toBe('');
        expect(r.code).toBe(code);
      });
    }
  }
  it('default --fail-on is captured', () => {
    expect(flopcheck(['check', inputs.captured, ...RULE]).code).toBe(1);
    expect(flopcheck(['check', inputs.uncertain, ...RULE]).code).toBe(0);
  });
  it('bad input → 2 with the place on stderr', () => {
    const bad = file('bad.json', {
      lineageVersion: 1,
      models: [{ id: 'm', compute: [{ phase: 'pretraining', flop: -1 }] }],
    });
    const r = flopcheck(['check', bad, ...RULE, '--format', 'sarif']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/models\[0\]\.compute\[0\]\.flop: must be >= 0/);
    expect(r.out).toBe('');
  });
  it('bad usage → 2', () => {
    expect(flopcheck(['check', inputs.pass, '--fail-on', 'sometimes']).code).toBe(2);
    expect(flopcheck(['check', inputs.pass, '--format', 'pdf']).code).toBe(2);
    expect(flopcheck(['check', '--as-of', '2026-11-28'], { cwd: tmp }).err).toMatch(/name a lineage file/);
    expect(flopcheck(['check', inputs.pass, '--model-card', 'README.md']).err).toMatch(/not both/);
    expect(flopcheck(['check', inputs.pass, '--compute', 'c.json']).err).toMatch(/--compute goes with --model-card/);
  });
});

describe('rules not in force', () => {
  const seed = join(root, 'examples', 'seed-fine-tuner.lineage.json');
  const ILL = ['--rules', 'illustrative/lineage-cost-100m', '--as-of', '2026-11-28'];
  it('do not trip the gate unless --include-not-in-force (also for --format summary)', () => {
    expect(flopcheck(['check', seed, ...ILL]).code).toBe(0);
    expect(flopcheck(['check', seed, ...ILL, '--include-not-in-force']).code).toBe(1);
    expect(flopcheck(['check', seed, ...ILL, '--format', 'summary']).code).toBe(0);
    expect(flopcheck(['check', seed, ...ILL, '--format', 'summary', '--include-not-in-force']).code).toBe(1);
  });
  it('junit marks exactly the gate-tripping findings as failures', () => {
    expect(flopcheck(['check', seed, ...ILL, '--format', 'junit']).out).not.toContain('<failure');
    expect(flopcheck(['check', seed, ...ILL, '--format', 'junit', '--include-not-in-force']).out).toContain('<failure');
  });
});

describe('flopcheck.config.json', () => {
  it('is found in the working directory, with paths relative to it', () => {
    const dir = join(tmp, 'proj');
    file('proj/lineage.json', lineage(2e25));
    file('proj/flopcheck.config.json', {
      lineage: 'lineage.json',
      rules: ['eu-ai-act/systemic-risk'],
      asOf: '2026-11-28',
      failOn: 'never',
      format: 'json',
    });
    const r = flopcheck(['check'], { cwd: dir });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).gate.failOn).toBe('never');
  });
  it('flags override it; --config names another file', () => {
    const cfg = file('cfgs/strict.json', {
      lineage: '../captured.json',
      rules: 'eu-ai-act/systemic-risk',
      asOf: '2026-11-28',
      failOn: 'never',
    });
    expect(flopcheck(['check', '--config', cfg]).code).toBe(0);
    expect(flopcheck(['check', '--config', cfg, '--fail-on', 'captured']).code).toBe(1);
    expect(flopcheck(['check', inputs.pass, '--config', cfg, '--fail-on', 'captured']).code).toBe(0); // the named file wins over the config's
  });
  it('includeNotInForce and format from the config', () => {
    const cfg = file('cfgs/all.json', {
      rules: ['illustrative/lineage-cost-100m'],
      asOf: '2026-11-28',
      includeNotInForce: true,
      format: 'junit',
    });
    const r = flopcheck(['check', join(root, 'examples', 'seed-fine-tuner.lineage.json'), '--config', cfg]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^<\?xml/);
  });
  const bad: [string, unknown, RegExp][] = [
    ['unknown key', { failOn: 'captured', gate: 'strict' }, /bad\.config\.json: gate: is not a known field/],
    [
      'bad enum',
      { failOn: 'sometimes' },
      /bad\.config\.json: failOn: must be one of: "captured", "uncertain", "never"/,
    ],
    ['bad date', { asOf: '2026-02-30' }, /bad\.config\.json: asOf: is not a calendar date/],
    ['bad type', { includeNotInForce: 'yes' }, /bad\.config\.json: includeNotInForce: must be a boolean/],
    ['modelCard without compute', { modelCard: 'README.md' }, /modelCard and compute go together/],
    ['not JSON', '{ "failOn": ', /bad\.config\.json is not valid JSON/],
  ];
  for (const [name, content, want] of bad) {
    it(`invalid config (${name}) → 2, naming the place`, () => {
      const dir = join(tmp, `bad-${name.replace(/\W/g, '-')}`);
      file(`bad-${name.replace(/\W/g, '-')}/bad.config.json`, content);
      const r = flopcheck(['check', inputs.pass, '--config', 'bad.config.json'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(want);
      expect(r.out).toBe('');
    });
  }
  it('a missing --config file → 2', () => {
    const r = flopcheck(['check', inputs.pass, '--config', join(tmp, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read .*nope\.json: no such file/);
  });
});

describe('--out', () => {
  it('writes the format to the file and prints the text report', () => {
    const out = join(tmp, 'reports', 'x.sarif');
    const r = flopcheck(['check', inputs.captured, ...RULE, '--format', 'sarif', '--out', out]);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
    expect(r.out).toMatch(/^flopcheck: 1 model/);
    expect(r.out).toContain('CAPTURED');
    expect(r.err).toContain(`wrote ${out}`);
  });
  it('with text, writes the file and says so', () => {
    const out = join(tmp, 'x.txt');
    const r = flopcheck(['check', inputs.pass, ...RULE, '--out', out]);
    expect(r.out).toBe(`wrote ${out}\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/^flopcheck: 1 model/);
  });
});

describe('model-card input', () => {
  const card = (front: string) => file(`card-${front.length}.md`, `---\n${front}\n---\n# Model\n`);
  const compute = file('compute.json', {
    developer: 'team',
    model: { id: 'team/model', generates: ['text'] },
    compute: [{ phase: 'fine-tuning', flop: 1e22 }],
  });
  it('an unknown base model fails closed: uncertain, so --fail-on uncertain fails the gate', () => {
    const c = card('base_model: nobody-knows/base-9b');
    // 2e23 FLOP lies between the EU fallbacks (a third of 10^23 and of 10^25): the unknown base decides.
    const mid = file('compute-mid.json', {
      developer: 'team',
      model: { id: 'team/model', generates: ['text'] },
      compute: [{ phase: 'fine-tuning', flop: 2e23 }],
    });
    const args = [
      'check',
      '--model-card',
      c,
      '--compute',
      mid,
      '--rules',
      'eu-ai-act/downstream-modifier',
      '--as-of',
      '2026-11-28',
    ];
    const r = flopcheck([...args, '--format', 'json']);
    expect(r.err).toBe('');
    const f = JSON.parse(r.out).findings;
    expect(f.map((x: { model: string }) => x.model)).toEqual(['team/model']); // the base is not reported
    expect(f[0].verdict).toBe('uncertain');
    expect(flopcheck([...args, '--fail-on', 'uncertain']).code).toBe(1);
  });
  it('a known base carries its published compute', () => {
    const c = card('base_model: Qwen/Qwen2.5-72B\nbase_model_relation: finetune');
    const r = flopcheck([
      'check',
      '--model-card',
      c,
      '--compute',
      compute,
      '--rules',
      'eu-ai-act/downstream-modifier',
      '--as-of',
      '2026-11-28',
      '--format',
      'json',
    ]);
    const f = JSON.parse(r.out).findings[0];
    expect(f.verdict).toBe('not-captured');
    // Qwen2.5-72B's 7.8e24 in the catalog is labelled Confident (within 3×): the base is 2.6e24..2.34e25 FLOP and the
    // reported threshold is a third of the high end; the fine-tune's own compute is below a third of the low end.
    expect(f.measures[0].threshold.exact).toBe('7.8e+24');
    expect(f.explanation.map((m: { text: string }) => m.text).join(' ')).toMatch(
      /2\.6 × 10\^24 FLOP to 2\.34 × 10\^25 FLOP/,
    );
  });
  it('a catalogued base is a range of its confidence band: a modification near a third of it is uncertain, not a false point', () => {
    const c = card('base_model: Qwen/Qwen2.5-72B\nbase_model_relation: finetune');
    // 3e24 FLOP exceeds a third of the catalog's 7.8e24 (2.6e24) but not a third of its high end (7.8e24).
    const near = file('compute-near.json', {
      developer: 'team',
      model: { id: 'team/model', generates: ['text'] },
      compute: [{ phase: 'fine-tuning', flop: 3e24 }],
    });
    const args = [
      'check',
      '--model-card',
      c,
      '--compute',
      near,
      '--rules',
      'eu-ai-act/downstream-modifier',
      '--as-of',
      '2026-11-28',
    ];
    const f = JSON.parse(flopcheck([...args, '--format', 'json']).out).findings[0];
    expect(f.verdict).toBe('uncertain');
    expect(flopcheck([...args, '--fail-on', 'uncertain']).code).toBe(1);
    expect(flopcheck(args).code).toBe(0);
  });
  it('malformed front matter → 2 with the line', () => {
    const c = file('broken.md', '---\nlicense: mit\nbase_model: [a/b\n---\n');
    const r = flopcheck(['check', '--model-card', c, '--compute', compute]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.md:3: front matter is not valid YAML/);
  });
  it('errors in the compute records name compute.json', () => {
    const bad = file('bad-compute.json', { developer: 'team', compute: [{ phase: 'fine-tuning', flop: -1 }] });
    const r = flopcheck(['check', '--model-card', card('base_model: a/b'), '--compute', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-compute\.json: compute\[0\]\.flop: must be >= 0/);
  });
  it('--model-card needs --compute', () => {
    expect(flopcheck(['check', '--model-card', card('base_model: a/b')]).err).toMatch(/--model-card needs --compute/);
  });
  it('import model-card prints a valid lineage document', () => {
    const r = flopcheck([
      'import',
      'model-card',
      card('base_model:\n- google/gemma-2-9b\n- someone/other-9b'),
      '--id',
      'me/merged',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.models.map((m: { id: string }) => m.id)).toEqual(['google/gemma-2-9b', 'someone/other-9b', 'me/merged']);
    expect(doc.models[2].baseModels.map((b: { relation: string }) => b.relation)).toEqual(['merge', 'merge']);
    const again = file('imported.json', r.out);
    expect(flopcheck(['check', again, ...RULE, '--format', 'json']).code).toBe(0);
  });
});
