// The HTTP API of DESIGN §6 and the web pages, through supertest: every route and error path, and the API's
// answer compared with what the built CLI prints for the same input, rules and date (the same JSON value; the API
// answers it compact, the CLI pretty-printed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleInForce } from '../src/core/evaluate/in-force';
import { createApp } from '../src/server/app';
import { NAIVE_RULE } from '../src/server/pages';
import { openSqliteStore } from '../src/store/sqlite';
import { memoryStore, ReportStore } from '../src/store/store';
import { rules } from './helpers/engine';

const root = join(__dirname, '..');
const bin = join(root, 'bin', 'flopcheck.js');
const seedFile = join(root, 'examples', 'seed-fine-tuner.lineage.json');
const seed = readFileSync(seedFile, 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-server-'));
const ASOF = '2026-11-28';
const clock = () => new Date(`${ASOF}T12:34:56.000Z`);
const quiet = () => {};

/** The built CLI, run where no flopcheck.config.json can change its defaults. */
function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function writeTmp(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

let store: ReportStore;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  readFileSync(join(root, 'dist', 'src', 'cli', 'main.js')); // the test command builds first
  store = openSqliteStore(':memory:');
  app = createApp({ store, clock, log: quiet });
});
afterAll(() => {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

const evaluate = (query: string, body: string, type = 'application/json') =>
  request(app).post(`/api/v1/evaluate${query}`).set('Content-Type', type).send(body);

describe('GET /healthz', () => {
  it('answers ok, with the security headers', async () => {
    const r = await request(app)
      .get('/healthz')
      .expect(200)
      .expect('content-type', /application\/json/);
    expect(r.body).toEqual({ status: 'ok' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-powered-by']).toBeUndefined();
  });
});

describe('GET /api/v1/rules', () => {
  it('lists every built-in rule with its metadata, in force on the clock date by default', async () => {
    const r = await request(app).get('/api/v1/rules').expect(200);
    expect(r.body.asOf).toBe(ASOF);
    expect(r.body.rules.map((x: { id: string }) => x.id)).toEqual(rules().map((x) => x.id));
    for (const id of [
      'eu-ai-act/gpai-indicative',
      'eu-ai-act/systemic-risk',
      'eu-ai-act/downstream-modifier',
      'ca-sb53/frontier-model',
      NAIVE_RULE,
    ]) {
      expect(r.body.rules.map((x: { id: string }) => x.id)).toContain(id);
    }
    const sb53 = r.body.rules.find((x: { id: string }) => x.id === 'ca-sb53/frontier-model');
    expect(sb53).toMatchObject({
      jurisdiction: 'US-CA',
      status: 'in-force',
      inForce: true,
      subject: 'model',
      interpretations: ['developer-own', 'lineage-cumulative'],
    });
    expect(sb53.citation).toMatchObject({
      section: expect.any(String),
      text: expect.any(String),
      url: expect.stringMatching(/^https:/),
    });
    expect(sb53.title).toEqual(expect.any(String));
    expect(sb53.instrument).toEqual(expect.any(String));
  });

  it('answers for the asOf date: a rule not yet effective is in force later', async () => {
    const rule = rules().find((x) => x.id === 'ny-raise-2026/frontier-model')!;
    const later = '2027-06-01';
    const r = await request(app).get(`/api/v1/rules?asOf=${later}`).expect(200);
    const entry = r.body.rules.find((x: { id: string }) => x.id === rule.id);
    expect(entry.inForce).toBe(ruleInForce(rule, later).inForce);
    expect(entry.inForce).not.toBe(ruleInForce(rule, ASOF).inForce);
  });

  it('rejects a bad date and unknown parameters with paths', async () => {
    const r = await request(app).get('/api/v1/rules?asOf=2026-02-30&as_of=x').expect(400);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'query.as_of', message: expect.stringMatching(/not a known parameter/) },
        { path: 'query.asOf', message: expect.stringMatching(/YYYY-MM-DD/) },
      ]),
    );
  });
});

describe('POST /api/v1/evaluate: the same JSON as `flopcheck check --format json`', () => {
  it.each([
    ['every rule', `?rules=*&asOf=${ASOF}`, ['--rules', '*', '--as-of', ASOF]],
    [
      'a pack and a rule',
      `?rules=eu-ai-act,${encodeURIComponent(NAIVE_RULE)}&asOf=${ASOF}`,
      ['--rules', `eu-ai-act,${NAIVE_RULE}`, '--as-of', ASOF],
    ],
    ['the default rules (in force on the date)', `?asOf=2027-06-01`, ['--as-of', '2027-06-01']],
    [
      'one model',
      `?rules=*&asOf=${ASOF}&model=tomato-ai/legal-110b`,
      ['--rules', '*', '--as-of', ASOF, '--model', 'tomato-ai/legal-110b'],
    ],
    ['the clock date when asOf is not given', '', ['--as-of', ASOF]],
  ])('%s: the same JSON value', async (_name, query, args) => {
    const api = await evaluate(query, seed)
      .expect(200)
      .expect('content-type', /application\/json/);
    const c = cli(['check', seedFile, '--format', 'json', ...args]);
    expect(c.err).toBe('');
    expect(JSON.parse(api.text)).toEqual(JSON.parse(c.out));
    expect(JSON.parse(api.text).findings.length).toBeGreaterThan(0);
  });

  it('answers compact JSON (one line, no indentation) where the CLI pretty-prints for people', async () => {
    const api = await evaluate(`?rules=*&asOf=${ASOF}`, seed).expect(200);
    expect(api.text).toBe(JSON.stringify(JSON.parse(api.text)) + '\n');
    const c = cli(['check', seedFile, '--format', 'json', '--rules', '*', '--as-of', ASOF]);
    expect(c.out).toBe(JSON.stringify(JSON.parse(api.text), null, 2) + '\n');
    expect(api.text.length).toBeLessThan(c.out.length * 0.8);
  });

  it('answers 200 whatever the verdicts (the gate result is in the report)', async () => {
    const r = await evaluate(`?rules=ca-sb53&asOf=${ASOF}`, seed).expect(200);
    expect(r.body.gate).toMatchObject({ failOn: 'captured', failed: true });
    const wrongful = r.body.findings.find(
      (f: { interpretation?: string; model?: string }) =>
        f.interpretation === 'lineage-cumulative' && f.model === 'tomato-ai/legal-110b',
    );
    expect(wrongful).toMatchObject({
      verdict: 'captured',
      wrongfulCapture: true,
      ownOnly: { verdict: 'not-captured' },
    });
  });

  it('accepts application/*+json and a UTF-8 byte order mark', async () => {
    await evaluate(`?asOf=${ASOF}`, `\uFEFF${seed}`, 'application/vnd.flopcheck.lineage+json; charset=utf-8').expect(
      200,
    );
  });
});

describe('POST /api/v1/evaluate: errors', () => {
  it('400 for invalid JSON, naming line and column', async () => {
    const r = await evaluate('', '{\n  "lineageVersion": 1,\n  "models": [\n')
      .expect(400)
      .expect('content-type', /application\/json/);
    expect(r.body).toEqual({
      errors: [
        { path: '', message: expect.stringMatching(/^the request body is not valid JSON \(line \d+, column \d+\)/) },
      ],
    });
  });

  it('400 for schema and semantic errors, with the same paths and messages as the CLI', async () => {
    const doc = JSON.parse(seed);
    doc.models[1].compute[0] = {
      phase: 'fine-tuning',
      hardware: { accelerator: 'nvidia-h100-sxm', count: 0, hours: 10, utilization: 1.5 },
    };
    doc.models[1].baseModels[0].id = 'nobody/missing';
    const text = JSON.stringify(doc, null, 2);
    const r = await evaluate(`?asOf=${ASOF}`, text).expect(400);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'models[1].compute[0].hardware.count', message: 'must be > 0' },
        { path: 'models[1].compute[0].hardware.utilization', message: 'must be <= 1' },
        { path: 'models[1].baseModels[0].id', message: expect.stringMatching(/no model with id "nobody\/missing"/) },
      ]),
    );
    const c = cli(['check', writeTmp('bad.json', text), '--as-of', ASOF]);
    expect(c.code).toBe(2);
    const cliLines = c.err
      .trim()
      .split('\n')
      .map((l) => l.replace(/^flopcheck: error: /, ''));
    expect(r.body.errors.map((e: { path: string; message: string }) => `${e.path}: ${e.message}`)).toEqual(cliLines);
  });

  it('400 for a document that is not a lineage at all', async () => {
    const r = await evaluate('', '[1, 2]').expect(400);
    expect(r.body.errors[0]).toEqual({ path: '', message: 'must be an object' });
  });

  it('400 for bad query values, all at once with the body errors: unknown rule selector, bad date, unknown parameter', async () => {
    const r = await evaluate(
      '?rules=eu-ai-act,no-such-pack&asOf=2026-13-01&asof=2026-01-01',
      '{"lineageVersion": 1, "models": [{"id": 7}]}',
    ).expect(400);
    expect(r.body.errors).toEqual([
      {
        path: 'query.asof',
        message: 'is not a known parameter (known: rules, asOf, model, priceScale, priceScaleDeclared)',
      },
      { path: 'query.asOf', message: '"2026-13-01" is not a date YYYY-MM-DD' },
      { path: 'query.rules', message: expect.stringMatching(/^"no-such-pack" matches no rule/) },
      { path: 'models[0].id', message: 'must be a string' },
    ]);
  });

  it('400 for a model not in the lineage', async () => {
    const r = await evaluate('?model=nobody/nothing', seed).expect(400);
    expect(r.body.errors).toEqual([{ path: 'query.model', message: 'no model "nobody/nothing" in the lineage' }]);
  });

  it('400 for an empty body', async () => {
    const r = await request(app).post('/api/v1/evaluate').set('Content-Type', 'application/json').expect(400);
    expect(r.body.errors[0].message).toMatch(/empty/);
  });

  it('413 over the body limit, with the errors shape (default 1 MB)', async () => {
    const padded = (n: number) => seed.replace(/}\s*$/, `${' '.repeat(n - seed.length)}}`);
    await evaluate(`?asOf=${ASOF}`, padded(1_000_000)).expect(200);
    const r = await evaluate(`?asOf=${ASOF}`, padded(1_100_000))
      .expect(413)
      .expect('content-type', /application\/json/);
    expect(r.body).toEqual({
      errors: [{ path: '', message: 'the request body is larger than the limit of 1048576 bytes' }],
    });
  });

  it('413 past a configured limit', async () => {
    const small = createApp({ store: memoryStore(), clock, bodyLimit: 1000, log: quiet });
    const r = await request(small)
      .post('/api/v1/evaluate')
      .set('Content-Type', 'application/json')
      .send(seed)
      .expect(413);
    expect(r.body.errors[0].message).toMatch(/limit of 1000 bytes/);
  });

  it.each([
    ['text/plain', seed],
    ['application/x-www-form-urlencoded', 'a=1'],
    ['application/json; charset=latin1', seed],
  ])('415 for %s', async (type, body) => {
    const r = await evaluate('', body, type)
      .expect(415)
      .expect('content-type', /application\/json/);
    expect(r.body.errors).toEqual([{ path: '', message: expect.any(String) }]);
  });

  it('415 without a content type', async () => {
    const r = await request(app).post('/api/v1/evaluate').expect(415);
    expect(r.body.errors[0].message).toMatch(/Content-Type: application\/json/);
  });

  it('404 in JSON for an unknown API route', async () => {
    const r = await request(app)
      .get('/api/v1/nothing')
      .expect(404)
      .expect('content-type', /application\/json/);
    expect(r.body.errors).toEqual([{ path: '', message: 'no route GET /api/v1/nothing' }]);
  });

  it('500 without internals for an unexpected failure, logged on the server', async () => {
    const logged: string[] = [];
    const broken: ReportStore = {
      save: () => {
        throw new Error('disk on fire at /var/secret/path');
      },
      get: () => {
        throw new Error('disk on fire at /var/secret/path');
      },
      close: () => {},
    };
    const bad = createApp({ store: broken, clock, log: (m) => logged.push(m) });
    const r = await request(bad)
      .get('/reports/AAAAAAAAAAAAAAAAAAAAAA.json')
      .expect(500)
      .expect('content-type', /application\/json/);
    expect(r.body).toEqual({
      errors: [{ path: '', message: 'internal error: the server could not complete the request' }],
    });
    const page = await request(bad)
      .post('/reports')
      .type('form')
      .send({ lineageJson: seed })
      .expect(500)
      .expect('content-type', /text\/html/);
    for (const text of [r.text, page.text]) {
      expect(text).not.toMatch(/disk on fire|secret|at .*\.ts:\d+|Error:/);
    }
    expect(logged.join('\n')).toMatch(/disk on fire/);
  });
});

/** The seed case as the form sends it ("other" base with its FLOP and cost). */
const seedForm: Record<string, string | string[]> = {
  asOf: ASOF,
  orgName: 'Tomato AI',
  orgRevenue: '3,000,000',
  modelId: 'tomato-ai/legal-110b',
  modelOpenWeights: '',
  modelFoundation: 'yes',
  modelGenerates: ['text'],
  baseChoice: 'other',
  baseRelation: 'finetune',
  baseOtherId: 'open-lab/base-110b',
  baseOtherDeveloper: 'Open Lab',
  baseOtherFlop: '1.1e26',
  baseOtherCost: '$95M',
  'compute[0].phase': 'fine-tuning',
  'compute[0].flop': '5e24',
  'compute[0].costUsd': '7M',
  'compute[0].start': '2025-11-01',
  'compute[0].end': '2025-12-15',
  lineageJson: '',
  action: 'assess',
};

const urlencoded = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};
const assess = (fields: Record<string, string | string[]>) =>
  request(app).post('/assess').type('form').send(urlencoded(fields));

describe('GET / (the assessment form)', () => {
  it('labels every field, offers the catalog and the accelerators, and needs no script', async () => {
    const r = await request(app)
      .get('/')
      .expect(200)
      .expect('content-type', /text\/html/);
    const html = r.text;
    expect(html).not.toMatch(/<script/i);
    expect(r.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(html, `label for ${id}`).toContain(`<label for="${id}">`);
    for (const name of [
      'orgName',
      'orgRevenue',
      'modelId',
      'modelOpenWeights',
      'modelGenerates',
      'baseChoice',
      'baseOtherFlop',
      'baseOtherCost',
      'compute[0].phase',
      'compute[0].flop',
      'compute[0].parameters',
      'compute[0].tokens',
      'compute[0].accelerator',
      'compute[0].count',
      'compute[0].hours',
      'compute[0].utilization',
      'compute[0].costUsd',
      'compute[0].pricePerHour',
      'compute[0].start',
      'asOf',
      'lineageJson',
    ]) {
      expect(html).toContain(`name="${name}"`);
    }
    expect(html).toContain('<option value="meta-llama/Llama-3.1-405B">');
    expect(html).toContain('<option value="other">');
    expect(html).toContain('<option value="nvidia-h100-sxm">');
    expect(html).toContain(`value="${ASOF}"`);
    expect(html).toMatch(/<form method="post" action="\/assess"/);
    expect(html).toMatch(/FLOP/);
    expect(html).toMatch(/USD/);
  });
});

/** Undoes Handlebars' attribute escaping. */
const unescapeHtml = (s: string) =>
  s.replace(
    /&(quot|amp|lt|gt|#x27|#x60|#x3D);/g,
    (_m, e: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#x27': "'", '#x60': '`', '#x3D': '=' })[e]!,
  );

/** The hidden fields of the report page's "Save and get a link" form. */
function saveFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/reports" class="save-form">([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('no save form on the page');
  const out: Record<string, string> = {};
  for (const m of form[1].matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
    out[m[1]] = unescapeHtml(m[2]);
  return out;
}

/** Assesses, then presses "Save and get a link": the saved address. */
async function assessAndSave(fields: Record<string, string | string[]>): Promise<string> {
  const page = await assess(fields).expect(200);
  const saved = await request(app)
    .post('/reports')
    .type('form')
    .send(urlencoded(saveFields(page.text)))
    .expect(303);
  expect(saved.headers.location).toMatch(/^\/reports\/[A-Za-z0-9_-]{22}$/);
  return saved.headers.location;
}

describe('POST /assess, then "Save and get a link" → GET /reports/:id', () => {
  it('assessing stores nothing; saving stores the report at an unguessable address and answers 303', async () => {
    const r = await assess(seedForm).expect(200);
    expect(r.headers['content-location']).toBeUndefined();
    expect(r.text).toContain('Save and get a link');
    expect(r.text).not.toContain('id="permalink"');
    const a = await assessAndSave(seedForm);
    const b = await assessAndSave(seedForm);
    expect(a).not.toBe(b);
    const id = a.split('/').pop()!;
    expect(store.get(id)).toMatchObject({ id, asOf: ASOF, createdAt: '2026-11-28T12:34:56.000Z' });
    // Stored compactly: the lineage without pretty-printing (the store compresses it too).
    expect(store.get(id)!.lineage).not.toMatch(/\n/);
  });

  it('shows the verdicts: wrongful capture under the naive rule, not captured under the EU modifier rule', async () => {
    const location = await assessAndSave(seedForm);
    const page = await request(app)
      .get(location)
      .expect(200)
      .expect('content-type', /text\/html/);
    const html = page.text;
    expect(page.headers['cache-control']).toMatch(/no-store/);
    expect(page.headers['x-robots-tag']).toBe('noindex');
    const row = (rule: string) => {
      const m = new RegExp(
        `<tr[^>]*>\\s*<td class="rule"><code>${rule.replace(/[/[\]]/g, '\\$&')}</code>[\\s\\S]*?</tr>`,
      ).exec(html);
      if (!m) throw new Error(`no row for ${rule}`);
      return m[0];
    };
    expect(row(NAIVE_RULE)).toMatch(/v-captured">CAPTURED/);
    expect(row(NAIVE_RULE)).toMatch(/wrongful capture/);
    expect(row(NAIVE_RULE)).toMatch(/v-not-captured">not captured/); // own-only
    expect(row('eu-ai-act/downstream-modifier')).toMatch(/v-not-captured">not captured/);
    expect(row('eu-ai-act/downstream-modifier')).not.toMatch(/wrongful capture/);
    expect(html).toContain('Wrongful capture');
    expect(html).toContain('open-lab/base-110b'); // input summary: the base
    expect(html).toMatch(/\$95\.0M/);
    expect(html).toMatch(/Art\. 51|Article|Guidelines/); // citations from the embedded report
    expect(html).toContain(`href="${location}.json"`);
    expect(html).toContain(`href="${location}/lineage.json"`);
    expect(html).not.toMatch(/<script/i);
  });

  it('answers in plain words first, with one h1, no CI gate and no internal measure names', async () => {
    const html = (await assess(seedForm).expect(200)).text;
    const answer = /<section class="answer"[\s\S]*?<\/section>/.exec(html)![0];
    expect(answer).toContain('No law in force catches Tomato AI&#x27;s model tomato-ai/legal-110b on its own compute.');
    expect(answer).toMatch(
      /California SB 53 .*would, under one reading of an ambiguous text, only because Open Lab&#x27;s compute is counted/,
    );
    expect(html.indexOf('class="answer"')).toBeLessThan(html.indexOf('<table'));
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).not.toMatch(/Gate \(|--fail-on|FAILED|PASSED/);
    expect(html).not.toMatch(/>(trainingFlop|lineageCost|modificationFlop|lineageFlop)</);
    expect(html).not.toMatch(/\b(trainingFlop|lineageCost|modificationFlop):/);
    expect(html).toContain('cost over the lineage');
  });

  it('says when a saved report expires', async () => {
    const html = (
      await request(app)
        .get(await assessAndSave(seedForm))
        .expect(200)
    ).text;
    // The clock is 2026-11-28; the default retention is 90 days.
    expect(html).toMatch(/expires on <strong id="expires">2027-02-26<\/strong>/);
  });

  it('serves the JSON report and the lineage: the CLI gives the same report for that lineage', async () => {
    const location = await assessAndSave(seedForm);
    const json = await request(app)
      .get(`${location}.json`)
      .expect(200)
      .expect('content-type', /application\/json/);
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="flopcheck-report-2026-11-28-/);
    const lineage = await request(app)
      .get(`${location}/lineage.json`)
      .expect(200)
      .expect('content-type', /application\/json/);
    expect(lineage.text).toMatch(/^\{\n {2}"lineageVersion": 1,/); // pretty-printed for people
    const file = writeTmp('from-form.json', lineage.text);
    const selected = [
      ...rules()
        .filter((x) => ruleInForce(x, ASOF).inForce)
        .map((x) => x.id),
      NAIVE_RULE,
    ].join(',');
    const c = cli([
      'check',
      file,
      '--format',
      'json',
      '--as-of',
      ASOF,
      '--rules',
      selected,
      '--model',
      'tomato-ai/legal-110b',
    ]);
    expect(json.text).toBe(c.out);
    expect(JSON.parse(lineage.text).models.map((m: { id: string }) => m.id)).toEqual([
      'open-lab/base-110b',
      'tomato-ai/legal-110b',
    ]);
  });

  it('accepts a pasted lineage (form field or JSON body) and reports every model, saved or not', async () => {
    const pages = [
      await assess({ ...seedForm, lineageJson: seed }).expect(200),
      await request(app).post('/assess').set('Content-Type', 'application/json').send(seed).expect(200),
    ];
    for (const r of pages) {
      const saved = await request(app)
        .post('/reports')
        .type('form')
        .send(urlencoded(saveFields(r.text)))
        .expect(303);
      const report = JSON.parse((await request(app).get(`${saved.headers.location}.json`).expect(200)).text);
      expect(new Set(report.findings.map((f: { model?: string }) => f.model).filter(Boolean))).toEqual(
        new Set(['open-lab/base-110b', 'tomato-ai/legal-110b']),
      );
      expect(report.rules.map((x: { id: string }) => x.id)).toContain(NAIVE_RULE);
    }
  });

  it('redirects GET /assess to the form', async () => {
    await request(app).get('/assess').expect(303).expect('location', '/');
  });
});

describe('POST /assess with invalid input: the form again, errors next to fields, nothing lost', () => {
  const bad = {
    ...seedForm,
    orgName: 'Tomato <b>AI</b> & "Co"',
    orgRevenue: 'three million',
    'compute[0].flop': '',
    'compute[0].costUsd': '7M',
    'compute[0].accelerator': 'nvidia-h100-sxm',
    'compute[0].count': 'abc',
    'compute[0].hours': '500',
    'compute[0].utilization': '1.5',
    'compute[0].start': '2025-02-30',
    'compute[1].phase': 'reinforcement-learning',
    'compute[1].parameters': '7B',
    'compute[1].tokens': '',
    modelGenerates: ['text', 'code'],
  };

  it('answers 400 with an error summary linking to each field and the message beside it', async () => {
    const r = await assess(bad)
      .expect(400)
      .expect('content-type', /text\/html/);
    const html = r.text;
    expect(html).toMatch(/class="error-summary" role="alert"/);
    const fields: [string, RegExp][] = [
      ['f-orgRevenue', /not a number/],
      ['f-compute-0-count', /not a number/],
      ['f-compute-0-start', /date YYYY-MM-DD/],
      ['f-compute-1-tokens', /is required/],
    ];
    for (const [id, message] of fields) {
      expect(html).toContain(`<a href="#${id}">`);
      const block = new RegExp(
        `<div class="field has-error">\\s*<label for="${id}">[\\s\\S]*?<p class="error-message" id="${id}-error">[^<]*<span[^>]*>Error:</span>([^<]*)</p>[\\s\\S]*?id="${id}"[^>]*aria-invalid="true"`,
      ).exec(html);
      expect(block, id).not.toBeNull();
      expect(block![1]).toMatch(message);
    }
  });

  it('maps lineage errors (utilization > 1) to the field, once the numbers parse', async () => {
    const r = await assess({
      ...bad,
      orgRevenue: '3M',
      'compute[0].count': '256',
      'compute[0].start': '2025-02-03',
      'compute[1].tokens': '1T',
    }).expect(400);
    expect(r.text).toContain(
      '<a href="#f-compute-0-utilization">Compute record 1: Utilization (MFU): is a fraction between 0 and 1: did you mean 1.5 % (0.015)?</a>',
    );
  });

  it('keeps every value the user typed, escaped', async () => {
    const html = (await assess({ ...bad, lineageJson: '' }).expect(400)).text;
    expect(html).toContain('value="Tomato &lt;b&gt;AI&lt;/b&gt; &amp; &quot;Co&quot;"');
    expect(html).not.toContain('<b>AI</b>');
    for (const [name, value] of [
      ['orgRevenue', 'three million'],
      ['modelId', 'tomato-ai/legal-110b'],
      ['baseOtherId', 'open-lab/base-110b'],
      ['baseOtherDeveloper', 'Open Lab'],
      ['baseOtherFlop', '1.1e26'],
      ['baseOtherCost', '$95M'],
      ['compute[0].count', 'abc'],
      ['compute[0].hours', '500'],
      ['compute[0].utilization', '1.5'],
      ['compute[0].costUsd', '7M'],
      ['compute[0].start', '2025-02-30'],
      ['compute[1].parameters', '7B'],
      ['asOf', ASOF],
    ]) {
      expect(html, name).toMatch(
        new RegExp(`name="${name.replace(/[[\].$]/g, '\\$&')}" value="${value.replace(/[[\].$]/g, '\\$&')}"`),
      );
    }
    expect(html).toMatch(/name="modelGenerates" value="text" checked/);
    expect(html).toMatch(/name="modelGenerates" value="code" checked/);
    expect(html).toMatch(/name="modelGenerates" value="image">/);
    expect(html).toMatch(/<option value="other" selected>/);
    expect(html).toMatch(/<option value="yes" selected>Yes/);
    expect(html).toMatch(/<option value="nvidia-h100-sxm" selected>/);
    expect(html).toMatch(/<option value="reinforcement-learning" selected>/);
    // A date with an error is shown as text, so the browser keeps what was typed.
    expect(html).toMatch(/<input type="text" id="f-compute-0-start" name="compute\[0\]\.start" value="2025-02-30"/);
  });

  it('keeps a pasted lineage with its error, the advanced section open', async () => {
    const pasted =
      '{ "lineageVersion": 1, "models": [ { "id": "a", "compute": [ { "phase": "pretraining", "flop": -1 } ] } ] }';
    const html = (await assess({ ...seedForm, lineageJson: pasted }).expect(400)).text;
    expect(html).toContain('<details open>');
    expect(html).toContain('models[0].compute[0].flop: must be &gt;&#x3D; 0');
    expect(html).toContain('&quot;flop&quot;: -1 } ] } ] }</textarea>');
  });

  it('adds a compute record without validating or losing anything', async () => {
    const html = (await assess({ ...bad, action: 'add-row' }).expect(200)).text;
    expect(html).not.toMatch(/class="error-summary"/);
    expect(html).toContain('name="compute[2].flop"');
    expect(html).toContain('value="abc"');
  });

  it('415 for another content type, 413 past the limit: error pages, not stack traces', async () => {
    const r = await request(app)
      .post('/assess')
      .set('Content-Type', 'text/plain')
      .send('orgName=x')
      .expect(415)
      .expect('content-type', /text\/html/);
    expect(r.text).toMatch(/application\/x-www-form-urlencoded/);
    const small = createApp({ store: memoryStore(), clock, bodyLimit: 500, log: quiet });
    const big = await request(small)
      .post('/assess')
      .type('form')
      .send(urlencoded({ ...seedForm, lineageJson: 'x'.repeat(600) }))
      .expect(413)
      .expect('content-type', /text\/html/);
    expect(big.text).toMatch(/larger than the limit/);
  });
});

describe('GET /reports/:id for unknown reports', () => {
  it.each([
    '/reports/nothing-here',
    '/reports/AAAAAAAAAAAAAAAAAAAAAA',
    '/reports/../etc/passwd',
    '/reports/%3Cscript%3E',
  ])('404 page for %s', async (path) => {
    const r = await request(app)
      .get(path)
      .expect(404)
      .expect('content-type', /text\/html/);
    expect(r.text).not.toMatch(/<script>/);
  });

  it.each(['/reports/AAAAAAAAAAAAAAAAAAAAAA.json', '/reports/AAAAAAAAAAAAAAAAAAAAAA/lineage.json'])(
    '404 JSON for %s',
    async (path) => {
      const r = await request(app)
        .get(path)
        .expect(404)
        .expect('content-type', /application\/json/);
      expect(r.body.errors[0].message).toMatch(/no (report|lineage)/);
    },
  );
});
