// Issue 12 item 9: GET /api/openapi.json is OpenAPI 3.1, documents every express route the app has (method and
// path), and the answers of real requests validate against its response schemas (ajv, JSON Schema 2020-12).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app';
import { memoryStore } from '../src/store/store';

const seed = readFileSync(join(__dirname, '..', 'examples', 'seed-fine-tuner.lineage.json'), 'utf8');
const app = createApp({ store: memoryStore(), clock: () => new Date('2026-11-28T12:00:00Z'), log: () => {} });

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
};

/** Every route the express app answers, as "get /reports/{id}". */
function routes(a: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const l of stack) {
      if (l.route)
        for (const m of Object.keys(l.route.methods)) out.push(`${m} ${l.route.path.replace(/:(\w+)/g, '{$1}')}`);
      else if (l.handle?.stack) walk(l.handle.stack);
    }
  };
  walk((a as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('GET /api/openapi.json', async () => {
  const doc = (await request(app).get('/api/openapi.json').expect(200).expect('content-type', /json/)).body as {
    openapi: string;
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
    >;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: 'openapi.json' });

  /** Validates a response's JSON body against the document's schema for that path, method and status. */
  const check = (path: string, method: string, r: request.Response) => {
    const op = doc.paths[path]?.[method];
    expect(op, `${method} ${path} is documented`).toBeDefined();
    const resp = op.responses[String(r.status)];
    expect(resp, `${method} ${path} documents status ${r.status}`).toBeDefined();
    const type = String(r.headers['content-type'] ?? '').split(';')[0];
    if (!resp.content) return;
    expect(Object.keys(resp.content), `${method} ${path} ${r.status} is ${type}`).toContain(type);
    if (type !== 'application/json') return;
    const pointer = `openapi.json#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${r.status}/content/application~1json/schema`;
    const validate = ajv.getSchema(pointer)!;
    expect(validate(JSON.parse(r.text)), JSON.stringify(validate.errors)).toBe(true);
  };

  it('describes the compact shape of findings, not the long one of older saved reports', () => {
    const report = ajv.getSchema('openapi.json#/components/schemas/Report')!;
    const golden = (name: string) => JSON.parse(readFileSync(join(__dirname, name), 'utf8')) as unknown;
    expect(report(golden('golden/ten-models.json')), JSON.stringify(report.errors)).toBe(true);
    expect(report(golden('saved-reports/ten-models.long-shape.json'))).toBe(false);
  });

  it('is OpenAPI 3.1 and documents every route of the app', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'parameters')
        .map((m) => `${m} ${p}`),
    );
    const actual = routes(app);
    expect(actual.length).toBeGreaterThan(10);
    expect(actual.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((r) => !actual.includes(r))).toEqual([]);
  });

  it('validates real answers against the document', async () => {
    check('/healthz', 'get', await request(app).get('/healthz'));
    check('/api/v1/rules', 'get', await request(app).get('/api/v1/rules'));
    check('/api/v1/rules', 'get', await request(app).get('/api/v1/rules?asof=x'));
    const post = (body: string, q = '?asOf=2026-11-28') =>
      request(app).post(`/api/v1/evaluate${q}`).set('Content-Type', 'application/json').send(body);
    check('/api/v1/evaluate', 'post', await post(seed));
    // Ranges, unbounded amounts and wrongful captures: the ten-model golden lineage, every rule.
    const ten = readFileSync(join(__dirname, 'golden', 'inputs', 'ten-models.lineage.json'), 'utf8');
    check('/api/v1/evaluate', 'post', await post(ten, '?asOf=2026-11-28&rules=*'));
    check('/api/v1/evaluate', 'post', await post('{"lineageVersion": 2}'));
    check(
      '/api/v1/evaluate',
      'post',
      await request(app).post('/api/v1/evaluate').set('Content-Type', 'text/plain').send('x'),
    );
    check('/api/openapi.json', 'get', await request(app).get('/api/openapi.json'));
    check('/', 'get', await request(app).get('/'));
    check('/assess', 'get', await request(app).get('/assess'));
    check('/assess', 'post', await request(app).post('/assess').set('Content-Type', 'application/json').send(seed));
    check('/assess', 'post', await request(app).post('/assess').set('Content-Type', 'application/json').send('{'));
    const saved = await request(app).post('/reports').set('Content-Type', 'application/json').send(seed);
    check('/reports', 'post', saved);
    const id = String(saved.headers.location).split('/').pop()!;
    check('/reports/{id}', 'get', await request(app).get(`/reports/${id}`));
    check('/reports/{id}.json', 'get', await request(app).get(`/reports/${id}.json`));
    check('/reports/{id}/lineage.json', 'get', await request(app).get(`/reports/${id}/lineage.json`));
    check('/reports/{id}/delete', 'post', await request(app).post(`/reports/${id}/delete`));
    check('/reports/{id}', 'delete', await request(app).delete(`/reports/${id}`));
    check('/reports/{id}', 'get', await request(app).get(`/reports/${id}`));
    check('/reports/{id}.json', 'get', await request(app).get(`/reports/${id}.json`));
    check('/reports/{id}', 'delete', await request(app).delete(`/reports/${id}`));
  });
});
