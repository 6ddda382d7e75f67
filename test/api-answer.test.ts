// POST /api/v1/evaluate answers with bytes made finding by finding (render/report.ts renderCompactJsonBytes) and keeps
// them in the answer cache: inputs that differ in one number get their own findings through the same server, with
// and without gzip, and each answer is the compact renderJson of its own evaluation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { assess } from '../src/core/assess';
import { evaluate } from '../src/core/evaluate/engine';
import type { Rule } from '../src/core/types';
import { loadBuiltinRules, loadReference } from '../src/io/load';
import { renderJson } from '../src/render/report';
import { createApp } from '../src/server/app';
import { memoryStore } from '../src/store/store';

const root = join(__dirname, '..');
const seed = readFileSync(join(root, 'examples', 'seed-fine-tuner.lineage.json'), 'utf8');
const rules = loadBuiltinRules();
const reference = loadReference();

/** Each body POSTed `rounds` times (evaluated, then from the cache while kept), alternating plain and gzipped. */
async function answersEach(app: ReturnType<typeof createApp>, bodies: string[], expected: string[], rounds: number) {
  for (let round = 0; round < rounds; round++)
    for (const [i, body] of bodies.entries()) {
      const plain = await request(app)
        .post('/api/v1/evaluate?asOf=2026-11-28')
        .set('Content-Type', 'application/json')
        .set('Accept-Encoding', 'identity')
        .send(body)
        .expect(200);
      expect(plain.text).toBe(expected[i]);
      expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(expected[i]));
      const gz = await request(app)
        .post('/api/v1/evaluate?asOf=2026-11-28')
        .set('Content-Type', 'application/json')
        .set('Accept-Encoding', 'gzip')
        .send(body)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      // supertest has gunzipped it (a bad stream fails the request).
      expect((gz.body as Buffer).toString('utf8')).toBe(expected[i]);
    }
}

describe('API answers of lineages that differ in one number', () => {
  const bodies = [
    seed,
    seed.replace('"flop": 5e24', '"flop": 6e24'),
    seed.replace('"flop": 5e24', '"flop": 5.000000000000001e24'),
  ];
  const expected = bodies.map((b) =>
    renderJson(assess(JSON.parse(b), rules, { asOf: '2026-11-28', reference }).report, {}, true),
  );

  it('are each their own evaluation, through the same server and its cache', async () => {
    const app = createApp({ store: memoryStore(), log: () => {}, clock: () => new Date('2026-11-28T00:00:00Z') });
    expect(new Set(bodies).size).toBe(3);
    expect(new Set(expected).size).toBe(3);
    await answersEach(app, bodies, expected, 2);
  });

  it('stay each their own when answers leave a small cache and their memory is reused for others', async () => {
    // Eight bodies, a cache that keeps about four answers: answers are evicted while others are made, and their
    // slab memory (render/json-bytes.ts releaseAnswer) goes to later answers.
    const many = [...bodies];
    for (let k = 7; many.length < 8; k++) many.push(seed.replace('"flop": 5e24', `"flop": ${k}e24`));
    const want = many.map((b) =>
      renderJson(assess(JSON.parse(b), rules, { asOf: '2026-11-28', reference }).report, {}, true),
    );
    expect(new Set(want).size).toBe(8);
    const largest = Math.max(...want.map((w) => Buffer.byteLength(w)));
    const app = createApp({
      store: memoryStore(),
      log: () => {},
      clock: () => new Date('2026-11-28T00:00:00Z'),
      answerCacheBytes: 4 * largest + 1024,
    });
    await answersEach(app, many, want, 3);
  });
});

describe('evaluations of one process with different rule sets', () => {
  it('each get their own rule set’s answers (nothing derived from another rule set is reused)', () => {
    // Base and fine-tuner priced from GPU-hours: price sensitivity reads the covered-model rule through the rules
    // referring to it (covered-fine-tune's base finding), per rule set.
    const doc = JSON.parse(readFileSync(join(root, 'test', 'price', 'fine-tuner-own-only.lineage.json'), 'utf8'));
    const lower = (r: Rule): Rule =>
      r.id === 'ca-sb1047/covered-model'
        ? (JSON.parse(JSON.stringify(r).replace('"value":"100000000"', '"value":"84000000"')) as Rule)
        : r;
    // B shares every rule object but one with the built-in set; C is B with no object shared with anything.
    const b = rules.map(lower);
    const c = JSON.parse(JSON.stringify(b)) as Rule[];
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(rules));
    const run = (set: readonly Rule[]) => evaluate(doc, set, { asOf: '2026-11-28', reference }).findings;
    const fresh = run(c);
    const first = run(rules);
    expect(run(b)).toEqual(fresh);
    expect(run(rules)).toEqual(first);
    expect(fresh).not.toEqual(first);
  });
});
