// Issue 13 items 2 and 5: hostile documents (nested thousands of levels deep, YAML alias bombs, numbers beyond a
// double, byte order marks, foreign charsets, hundreds of the same mistake) through every input path of the CLI and
// the HTTP API. Each must be an input error naming the place or the problem (exit 2, HTTP 400/415 with
// { errors: [{ path, message }] }), never a crash, a stack trace, exit 3 or a 500; and the same input must get the
// same answer on every path.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app';
import { flopcheck, root } from './helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-hostile-input-'));
const put = (name: string, content: string | Buffer) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

const HEAD = '{"lineageVersion":1,"organizations":[],"models":[],"x":';
/** The document of the issue: 10,000 "[" after a valid head (not closed: also not valid JSON). */
const OPEN = HEAD + '['.repeat(10_000);
/** The same, closed: valid JSON that only a depth limit rejects. */
const CLOSED = `${OPEN}${']'.repeat(10_000)}}`;
const DEEP_YAML = `lineageVersion: 1\nmodels: []\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
/** YAML nested 2,000 levels in block style: the parser manages, the depth limit must not let it through. */
const DEEP_BLOCK_YAML = `lineageVersion: 1\nmodels: []\nx:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 1)}- `).join('\n')}1\n`;
function aliasBomb(prefix = ''): string {
  let y = `${prefix}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  let prev = 'a';
  for (const n of 'bcdefghi') {
    y += `${prefix}${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = n;
  }
  return y;
}
const SEED = readFileSync(join(root, 'examples', 'seed-fine-tuner.lineage.json'), 'utf8');

/** exit 2, every stderr line a "flopcheck: error:" line, nothing that looks like a crash. */
function inputError(r: { code: number | null; err: string }, message: RegExp): void {
  expect(r.code, r.err).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/internal error|Maximum call stack|RangeError|ReferenceError|\n\s+at /);
  for (const l of r.err.trimEnd().split('\n')) expect(l).toMatch(/^flopcheck: error: /);
}

const DEPTH = /is nested too deeply|nests objects and arrays more than 64 levels|more than 64 levels/;

describe('CLI: any depth, any alias count: exit 2 naming the place', () => {
  it('the issue\'s document (10,000 unclosed "["): invalid JSON, with line and column', () => {
    inputError(
      flopcheck(['check', put('open.json', OPEN)]),
      /open\.json is not valid JSON \(line 1, column \d+\): unexpected end of input/,
    );
  });
  it('the same closed (valid JSON), from a file and from standard input', () => {
    const file = put('closed.json', CLOSED);
    inputError(
      flopcheck(['check', file]),
      /error: x\[0\]\[0\]\[0\]\S*…: is nested too deeply: .*closed\.json nests objects and arrays more than 64 levels deep/,
    );
    inputError(
      flopcheck(['check', '-'], { input: CLOSED }),
      /x\[0\]\[0\].*: is nested too deeply: standard input nests/,
    );
  });
  it('deep YAML, flow and block style', () => {
    inputError(flopcheck(['check', put('deep.yaml', DEEP_YAML)]), DEPTH);
    inputError(flopcheck(['check', put('block.yaml', DEEP_BLOCK_YAML)]), DEPTH);
  });
  it('a YAML alias bomb names the problem', () => {
    inputError(
      flopcheck(['check', put('bomb.yaml', aliasBomb())]),
      /bomb\.yaml expands YAML aliases \(\*name\) too many times: more than 100, as in an alias bomb/,
    );
  });
  it('model card front matter: deep, alias bomb; compute.json deep', () => {
    const compute = put('compute.json', JSON.stringify({ developer: 'me', compute: [] }));
    const deepCard = put(
      'deep-card.md',
      `---\nbase_model: a/b\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n# card\n`,
    );
    inputError(
      flopcheck(['check', '--model-card', deepCard, '--compute', compute]),
      /deep-card\.md:\d+: front matter nests lists and mappings more than 64 levels deep/,
    );
    const blockCard = put(
      'block-card.md',
      `---\nbase_model: a/b\n${DEEP_BLOCK_YAML.split('\n').slice(2).join('\n')}---\n`,
    );
    inputError(
      flopcheck(['check', '--model-card', blockCard, '--compute', compute]),
      /block-card\.md:\d+: front matter nests lists and mappings more than 64 levels deep/,
    );
    const bombCard = put('bomb-card.md', `---\nbase_model: a/b\n${aliasBomb()}---\n`);
    inputError(flopcheck(['import', 'model-card', bombCard]), /bomb-card\.md:\d+: front matter expands YAML aliases/);
    const deepCompute = put(
      'deep-compute.json',
      `{"developer":"me","compute":[],"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    );
    const card = put('card.md', '---\nbase_model: a/b\n---\n');
    inputError(
      flopcheck(['check', '--model-card', card, '--compute', deepCompute]),
      /x\[0\]\[0\].*: is nested too deeply: .*deep-compute\.json nests/,
    );
  });
  it('config file, variants file, and the lineage of sweep and variants', () => {
    const deepConfig = put(
      'deep-config.json',
      `{"asOf":"2026-01-01","x":${CLOSED.slice(HEAD.length)}`.replace(/}$/, '}'),
    );
    inputError(
      flopcheck(['check', put('seed.json', SEED), '--config', deepConfig]),
      /deep-config\.json nests objects and arrays more than 64 levels/,
    );
    const deepVariants = put(
      'deep-variants.json',
      `{"variants":[{"id":"v/x","title":"t","base":"eu-ai-act/systemic-risk","patch":{"p":${'['.repeat(10_000)}${']'.repeat(10_000)}}}]}`,
    );
    inputError(
      flopcheck(['variants', put('seed2.json', SEED), '--variants', deepVariants]),
      /deep-variants\.json: variants\[0\]\.patch\.p\[0\].*is nested too deeply/,
    );
    const closed = put('closed2.json', CLOSED);
    inputError(
      flopcheck([
        'sweep',
        closed,
        '--rule',
        'eu-ai-act/systemic-risk',
        '--measure',
        'cumulativeFlop',
        '--values',
        '1e25',
      ]),
      DEPTH,
    );
    inputError(
      flopcheck(['variants', closed, '--variants', join(root, 'examples', 'research', 'variants.json')]),
      DEPTH,
    );
  });
});

describe('CLI: consistency', () => {
  it('a UTF-8 byte order mark is skipped (JSON file, YAML file, standard input), as the API does', () => {
    const plain = flopcheck(['check', put('plain.json', SEED), '--as-of', '2026-11-28', '--format', 'json']);
    expect(plain.code, plain.err).toBe(1);
    const bom = flopcheck(['check', put('bom.json', `\uFEFF${SEED}`), '--as-of', '2026-11-28', '--format', 'json']);
    expect(bom.err).toBe('');
    expect(bom.out).toBe(plain.out);
    expect(flopcheck(['check', '-', '--as-of', '2026-11-28', '--format', 'json'], { input: `\uFEFF${SEED}` }).out).toBe(
      plain.out,
    );
    // SARIF still finds each model's line in a file that starts with a BOM.
    const sarif = (f: string) =>
      JSON.parse(flopcheck(['check', f, '--as-of', '2026-11-28', '--format', 'sarif']).out).runs[0].results.map(
        (r: { locations: { physicalLocation: { region: unknown } }[] }) => r.locations[0].physicalLocation.region,
      );
    expect(sarif(join(tmp, 'bom.json'))).toEqual(sarif(join(tmp, 'plain.json')));
    const yaml = flopcheck([
      'check',
      put('bom.yaml', '\uFEFFlineageVersion: 1\nmodels:\n  - id: a\n'),
      '--as-of',
      '2026-11-28',
    ]);
    expect(yaml.code, yaml.err).toBe(0);
  });
  it('a 400-digit number is "too large", not "must be a number"', () => {
    const doc = SEED.replace(/"flop": [0-9.e+]+/, `"flop": 1${'0'.repeat(400)}`);
    expect(doc).not.toBe(SEED);
    const r = flopcheck(['check', put('big.json', doc)]);
    inputError(r, /models\[\d+\]\.compute\[\d+\]\.flop: is too large: numbers must lie within ±1\.8 × 10\^308/);
    expect(r.err).not.toMatch(/must be a number|finite/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(flopcheck(['estimate', '--params', `9${'9'.repeat(400)}`, '--tokens', '1']).err).toMatch(
      /--params: "9{40}…" is too large/,
    );
  });
  it('the known accelerators are listed once per error batch, not once per error', () => {
    const compute = Array.from({ length: 800 }, (_, i) => ({
      phase: 'pretraining',
      hardware: { accelerator: `gpu-${i}`, count: 1, hours: 1, utilization: 0.5 },
    }));
    const r = flopcheck([
      'check',
      put('gpus.json', JSON.stringify({ lineageVersion: 1, models: [{ id: 'a', compute }] })),
    ]);
    inputError(
      r,
      /models\[0\]\.compute\[0\]\.hardware\.accelerator: unknown accelerator "gpu-0" \(known: .*nvidia-h100-sxm.*; listed once for all 800 unknown accelerators\)/,
    );
    expect(r.err.match(/nvidia-h100-sxm/g)).toHaveLength(1);
    expect(r.err).toContain('models[0].compute[1].hardware.accelerator: unknown accelerator "gpu-1"\n');
  });
});

describe('HTTP: 400 with { errors: [{ path, message }] }, never a 500', () => {
  const app = createApp({ log: () => {} });
  const api = (body: string, type = 'application/json') =>
    request(app).post('/api/v1/evaluate?asOf=2026-11-28').set('Content-Type', type).send(body);

  it('POST /api/v1/evaluate: any depth', async () => {
    for (const body of [
      CLOSED,
      HEAD + '['.repeat(400_000) + ']'.repeat(400_000) + '}',
      `[${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]`,
    ]) {
      const r = await api(body).expect(400);
      expect(r.body.errors).toHaveLength(1);
      expect(r.body.errors[0].message).toMatch(
        /is nested too deeply: the request body nests objects and arrays more than 64 levels deep/,
      );
      expect(r.body.errors[0].path).toMatch(/^(x|\[0\]\.a)(\[0\]|\.a)*…$/);
    }
    const open = await api(OPEN).expect(400);
    expect(open.body.errors[0].message).toMatch(
      /the request body is not valid JSON \(line 1, column \d+\): unexpected end of input/,
    );
  });

  it('POST /api/v1/evaluate: a 400-digit number is too large; the accelerator list comes once', async () => {
    const big = await api(SEED.replace(/"flop": [0-9.e+]+/, `"flop": 1${'0'.repeat(400)}`)).expect(400);
    expect(big.body.errors).toEqual([
      {
        path: expect.stringMatching(/^models\[\d+\]\.compute\[\d+\]\.flop$/),
        message: 'is too large: numbers must lie within ±1.8 × 10^308',
      },
    ]);
    const compute = Array.from({ length: 800 }, (_, i) => ({
      phase: 'pretraining',
      hardware: { accelerator: `gpu-${i}`, count: 1, hours: 1, utilization: 0.5 },
    }));
    const gpus = await api(JSON.stringify({ lineageVersion: 1, models: [{ id: 'a', compute }] })).expect(400);
    expect(JSON.stringify(gpus.body).match(/nvidia-h100-sxm/g)).toHaveLength(1);
  });

  it('POST /assess: deep lineage as a JSON body or pasted into the form is a 400 page, not a 500', async () => {
    const json = await request(app).post('/assess').set('Content-Type', 'application/json').send(CLOSED);
    expect(json.status).toBe(400);
    expect(json.text).toMatch(/nested too deeply/);
    const form = await request(app)
      .post('/assess')
      .type('form')
      .send({ asOf: '2026-11-28', lineageJson: HEAD + '['.repeat(20_000) + ']'.repeat(20_000) + '}' });
    expect(form.status).toBe(400);
    expect(form.text).toMatch(/nested too deeply/);
  });

  it('POST /assess refuses a charset other than UTF-8, as the API does (415)', async () => {
    const apiAnswer = await api(SEED, 'application/json; charset=latin1').expect(415);
    expect(apiAnswer.body.errors[0].message).toBe('unsupported charset "latin1": send UTF-8');
    const json = await request(app).post('/assess').set('Content-Type', 'application/json; charset=latin1').send(SEED);
    expect(json.status).toBe(415);
    expect(json.text).toContain('unsupported charset &quot;latin1&quot;: send UTF-8');
    const form = await request(app)
      .post('/assess')
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=iso-8859-1')
      .send('asOf=2026-11-28');
    expect(form.status).toBe(415);
    await request(app).post('/assess').set('Content-Type', 'application/json; charset=utf-8').send(SEED).expect(200);
  });
});
