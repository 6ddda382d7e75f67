// examples/ci end to end: the sample model repository (model card, compute records, config, workflow) through the
// built CLI, and through the Check step of action.yml run as GitHub would run it (bash, the step's env, the
// workspace as working directory, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flopcheck, root } from './helpers/cli';

const example = join(root, 'examples', 'ci');

/** A fresh copy of the sample repository, optionally with the compute records changed. */
function workspace(compute?: (c: any) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'flopcheck-ws-'));
  cpSync(example, dir, { recursive: true });
  if (compute) {
    const c = JSON.parse(readFileSync(join(dir, 'compute.json'), 'utf8'));
    compute(c);
    writeFileSync(join(dir, 'compute.json'), JSON.stringify(c, null, 2));
  }
  return dir;
}

interface Step {
  id?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
}
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};

/** Runs the action's Check step in `ws` with the given inputs (as GitHub substitutes them into the step's env). */
function runCheckStep(ws: string, inputs: Record<string, string>) {
  const step = action.runs.steps.find((s) => s.id === 'check')!;
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const [k, v] of Object.entries(step.env ?? {})) {
    const m = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(v);
    expect(m, `env ${k} maps an input`).not.toBeNull();
    env[k] = inputs[m![1]] ?? action.inputs[m![1]].default ?? '';
  }
  const out = join(ws, '.gh-output');
  const summary = join(ws, '.gh-summary');
  writeFileSync(out, '');
  writeFileSync(summary, '');
  Object.assign(env, {
    GITHUB_ACTION_PATH: root,
    GITHUB_OUTPUT: out,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: join(ws, '.runner-temp'),
  });
  const r = spawnSync('bash', ['-c', step.run!], { cwd: ws, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: readFileSync(summary, 'utf8') };
}

describe('examples/ci: the sample repository', () => {
  it('has a model card with front matter, compute records, a config and a workflow', () => {
    for (const f of ['README.md', 'compute.json', 'flopcheck.config.json', '.github/workflows/flopcheck.yml'])
      expect(existsSync(join(example, f)), f).toBe(true);
    const wf = parse(readFileSync(join(example, '.github', 'workflows', 'flopcheck.yml'), 'utf8'));
    const steps = wf.jobs['compute-threshold-gate'].steps as Step[];
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))).toBe(true);
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
  });

  it('passes the gate with one line: `flopcheck check` finds flopcheck.config.json', () => {
    const r = flopcheck(['check', '--as-of', '2026-11-28'], { cwd: example });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Model tomato-ai/legal-8b');
    expect(r.out).not.toContain('Model meta-llama/Llama-3.1-8B'); // the base is context, not the release under test
    expect(r.out).toMatch(/Gate \(--fail-on captured, rules in force only\): passed/);
  });

  it('fails the gate when the release crosses a line, and says which', () => {
    const ws = workspace((c) => c.compute.push({ phase: 'continued-pretraining', flop: 2e25, costUsd: 30000000 }));
    const r = flopcheck(['check', '--as-of', '2026-11-28', '--format', 'github'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::error file=README\.md,line=\d+,title=eu-ai-act\/[\w-]+.*CAPTURED tomato-ai\/legal-8b::/m);
  });
});

describe('README "CI gate" section', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## CI gate'), readme.indexOf('\n## ', readme.indexOf('## CI gate') + 5));
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));

  it('shows compute.json, flopcheck.config.json and a workflow that work as written', () => {
    const [compute, config] = blocks.filter((b) => b.lang === 'json').map((b) => b.text);
    const workflow = blocks.find((b) => b.lang === 'yaml')!.text;
    const ws = mkdtempSync(join(tmpdir(), 'flopcheck-readme-'));
    cpSync(join(example, 'README.md'), join(ws, 'README.md'));
    writeFileSync(join(ws, 'compute.json'), compute);
    writeFileSync(join(ws, 'flopcheck.config.json'), config);
    const r = flopcheck(['check', '--as-of', '2026-11-28'], { cwd: ws });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const steps = parse(workflow).jobs['compute-threshold-gate'].steps as Step[];
    expect(steps.map((x) => x.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'your-org/flopcheck',
      'github/codeql-action/upload-sarif',
      'actions/upload-artifact',
    ]);
  });
});

describe('README "CI gate": waivers, base figures and GitLab as written', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## CI gate'), readme.indexOf('\n## ', readme.indexOf('## CI gate') + 5));
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));

  it('the waiver config is valid and its waiver names a real rule and reading', () => {
    const config = blocks.find((b) => b.lang === 'json' && b.text.includes('"waivers"'))!.text;
    const ws = workspace();
    writeFileSync(join(ws, 'flopcheck.config.json'), config);
    const r = flopcheck(['check', '--as-of', '2026-11-28', '--format', 'json'], { cwd: ws });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).gate.waivers).toHaveLength(1);
  });

  it('the bases example in compute.json is accepted for a base outside the catalog', () => {
    const compute = blocks.find((b) => b.lang === 'json' && b.text.includes('"bases"'))!.text;
    const ws = workspace();
    writeFileSync(
      join(ws, 'README.md'),
      readFileSync(join(ws, 'README.md'), 'utf8').replace('meta-llama/Llama-3.1-8B', 'some-lab/base-7b'),
    );
    writeFileSync(join(ws, 'compute.json'), compute);
    const r = flopcheck(['import', 'model-card', 'README.md', '--compute', 'compute.json'], { cwd: ws });
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).models[0]).toMatchObject({
      id: 'some-lab/base-7b',
      developer: 'some-lab',
      compute: [{ flop: 8.4e23 }],
    });
  });

  it('shows the GitLab job of examples/ci/.gitlab-ci.yml', () => {
    const shown = parse(blocks.filter((b) => b.lang === 'yaml')[1].text).flopcheck as {
      script: string[];
      artifacts: { reports: Record<string, string> };
    };
    const file = parse(readFileSync(join(example, '.gitlab-ci.yml'), 'utf8')).flopcheck as typeof shown;
    expect(shown.script).toEqual(file.script);
    expect(shown.artifacts.reports).toEqual(file.artifacts.reports);
  });
});

describe('examples/ci/.gitlab-ci.yml', () => {
  const job = parse(readFileSync(join(example, '.gitlab-ci.yml'), 'utf8')).flopcheck as {
    script: string[];
    artifacts: { reports: { codequality: string; junit: string } };
  };
  /** Runs the job's script lines as GitLab would (one shell, stop at the first failing line), with the built CLI. */
  function runScript(ws: string) {
    const script = [
      'set -e',
      ...job.script.map((l) =>
        l
          .replace('/opt/flopcheck/bin/flopcheck.js', JSON.stringify(join(root, 'bin', 'flopcheck.js')))
          .replace(' check ', ' check --as-of 2026-11-28 '),
      ),
    ].join('\n');
    return spawnSync('bash', ['-c', script], { cwd: ws, encoding: 'utf8' });
  }
  it('passes on the sample repository and writes the Code Quality and JUnit reports it declares', () => {
    const ws = workspace();
    const r = runScript(ws);
    expect(r.stderr).toBe(`wrote ${job.artifacts.reports.junit}\nwrote ${job.artifacts.reports.codequality}\n`);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(ws, job.artifacts.reports.codequality), 'utf8'))).toEqual(expect.any(Array));
    expect(readFileSync(join(ws, job.artifacts.reports.junit), 'utf8')).toMatch(/^<\?xml/);
  });
  it('fails the job when the gate fails, with blocker issues in the Code Quality report', () => {
    const ws = workspace((c) => c.compute.push({ phase: 'continued-pretraining', flop: 2e25, costUsd: 30000000 }));
    const r = runScript(ws);
    expect(r.status).toBe(1);
    const issues = JSON.parse(readFileSync(join(ws, job.artifacts.reports.codequality), 'utf8')) as {
      severity: string;
      location: { path: string };
    }[];
    expect(issues.some((i) => i.severity === 'blocker' && i.location.path === 'README.md')).toBe(true);
  });
});

describe('action.yml', () => {
  it('is a composite action that installs and builds in the action folder, then runs the package CLI', () => {
    expect(action.runs.using).toBe('composite');
    const install = action.runs.steps.find((s) => s.run?.includes('npm ci'))!;
    expect(install.run).toMatch(/cd "\$GITHUB_ACTION_PATH" && npm ci .*&& npm run build/);
    expect(action.runs.steps.find((s) => s.id === 'check')!.run).toContain(
      'npx --no-install --prefix "$GITHUB_ACTION_PATH" flopcheck',
    );
    for (const i of ['lineage', 'model-card', 'compute', 'rules', 'fail-on', 'as-of', 'format'])
      expect(action.inputs, i).toHaveProperty(i);
  });

  it('Check step on the sample repository: passes, writes SARIF and Markdown, fills the job summary', () => {
    const ws = workspace();
    const r = runCheckStep(ws, { 'as-of': '2026-11-28' });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.outputs['exit-code']).toBe('0');
    expect(JSON.parse(readFileSync(r.outputs.sarif, 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(r.outputs.markdown, 'utf8')).toMatch(/^## flopcheck: ✅ gate passed/);
    expect(r.summary).toContain('## flopcheck: ✅ gate passed');
    expect(r.stdout).toContain('::notice title=flopcheck as of 2026-11-28::');
  });

  it('Check step when the gate fails: exit 1, annotations, and the SARIF still written for upload', () => {
    const ws = workspace((c) => c.compute.push({ phase: 'continued-pretraining', flop: 2e25 }));
    const r = runCheckStep(ws, { 'as-of': '2026-11-28' });
    expect(r.code).toBe(1);
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.stdout).toMatch(/^::error file=README\.md/m);
    expect(
      JSON.parse(readFileSync(r.outputs.sarif, 'utf8')).runs[0].results.some(
        (x: { level: string }) => x.level === 'error',
      ),
    ).toBe(true);
    expect(r.summary).toContain('gate failed');
  });

  it("Check step with a cloud bill: the workflow's billing inputs import its GPU lines and check them with compute.json", () => {
    const wf = parse(readFileSync(join(example, '.github', 'workflows', 'flopcheck.yml'), 'utf8'));
    const step = (wf.jobs['compute-threshold-gate'].steps as (Step & { with?: Record<string, string> })[]).find(
      (s) => s.id === 'flopcheck',
    )!;
    expect(step.with).toMatchObject({ billing: 'billing/focus.csv' });
    const ws = workspace();
    const before = readFileSync(join(ws, 'compute.json'), 'utf8');
    const r = runCheckStep(ws, { ...step.with, 'as-of': '2026-11-28' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs['exit-code']).toBe('0');
    expect(r.stderr).toContain('you paid $5.8k for 1536 accelerator-hours');
    expect(r.stderr).toContain('$786.48 on 1 line outside --tag/--resource not counted');
    expect(r.summary).toContain('## flopcheck: ✅ gate passed');
    // The workspace's compute.json is left as it was; the check read it with the bill's records added.
    expect(readFileSync(join(ws, 'compute.json'), 'utf8')).toBe(before);
    const billed = join(ws, '.runner-temp', 'flopcheck', 'compute.json');
    const compute = JSON.parse(readFileSync(billed, 'utf8'));
    expect(compute.compute.map((c: any) => c.phase)).toEqual([
      'fine-tuning',
      'reinforcement-learning',
      'fine-tuning',
      'fine-tuning',
    ]);
    const modification = (args: string[]) =>
      JSON.parse(flopcheck(['check', '--as-of', '2026-11-28', '--format', 'json', ...args], { cwd: ws }).out)
        .findings.find((x: any) => x.model === 'tomato-ai/legal-8b' && x.rule === 'eu-ai-act/downstream-modifier')
        .measures.find((m: any) => m.id === 'modificationFlop').observed;
    // The low end of an amount: `low` for a range, else the amount itself.
    const low = (args: string[]) => {
      const o = modification(args);
      return (o.low ?? o).value as number;
    };
    expect(low(['--compute', billed])).toBeGreaterThan(low([]));
    // A bill that is not FOCUS stops the step with exit 2 before any check runs.
    writeFileSync(join(ws, 'billing', 'focus.csv'), 'a,b\n1,2\n');
    const bad = runCheckStep(ws, { ...step.with, 'as-of': '2026-11-28' });
    expect(bad.code).toBe(2);
    expect(bad.outputs['exit-code']).toBe('2');
    expect(bad.stderr).toMatch(/billing\/focus\.csv:1: missing FOCUS columns/);
  });

  it('Check step with explicit inputs overriding the config; bad input stops with exit 2', () => {
    const ws = workspace();
    const ok = runCheckStep(ws, {
      lineage: join(root, 'examples', 'seed-fine-tuner.lineage.json'),
      rules: 'eu-ai-act/systemic-risk',
      'fail-on': 'never',
      'as-of': '2026-11-28',
      format: 'text',
    });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Model open-lab/base-110b');
    writeFileSync(join(ws, 'compute.json'), '{ "developer": "x" ');
    const bad = runCheckStep(ws, { 'as-of': '2026-11-28' });
    expect(bad.code).toBe(2);
    expect(bad.outputs['exit-code']).toBe('2');
    expect(bad.stderr).toMatch(/compute\.json is not valid JSON/);
  });
});
