// Fuzzing the engine and the HTTP API (issue 13 item 7). Mutates real lineages (examples/, test/golden/inputs/)
// structurally (keys deleted, values of the wrong type or size, hostile strings, cycles, dangling and duplicate
// ids, prototype-pollution keys, deep nesting) and textually (truncation, flipped and invalid UTF-8 bytes, BOMs),
// then feeds every input to the core (validateLineage → evaluate → JSON) and, on 127.0.0.1 only, to
// POST /api/v1/evaluate and POST /assess of an in-process server. It counts:
//   crashes   an exception from the core other than InputError, or a request the server did not answer
//   5xx       any answer >= 500, except 507 from /assess once the in-memory store reaches its quota (the designed
//             answer of a full store: the page still shows the evaluation), counted apart as storeFull
//   hangs     an input that took longer than --slow-ms (default 2000) in the core or over HTTP
//   pollution Object.prototype / Array.prototype gaining a property
// Usage (after `npm run build`): node scripts/fuzz.mjs [--seed N] [--count N] [--max-seconds S] [--no-http] [--json]
// Exit 1 when anything was counted. Bounded: at most --count inputs and --max-seconds (default 600) seconds.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { validateLineage, evaluate, InputError, loadBuiltinRules, loadReference } = require(
  join(root, 'dist', 'src', 'index.js'),
);

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SEED = Number(opt('seed', 1));
const COUNT = Number(opt('count', 2000));
const MAX_SECONDS = Math.min(1800, Number(opt('max-seconds', 600)));
const SLOW_MS = Number(opt('slow-ms', 2000));
const HTTP = !args.includes('--no-http');
const JSON_OUT = args.includes('--json');

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r = prng(SEED);
const pick = (xs) => xs[Math.floor(r() * xs.length)];
const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

const corpus = [];
for (const dir of ['examples', join('test', 'golden', 'inputs')]) {
  for (const f of readdirSync(join(root, dir)))
    if (f.endsWith('.json')) corpus.push(readFileSync(join(root, dir, f), 'utf8'));
}

const HOSTILE = [
  null,
  true,
  false,
  0,
  -1,
  -0,
  1e308,
  -1e308,
  5e-324,
  0.1,
  2 ** 53 + 1,
  1e26,
  1e25,
  '',
  ' ',
  'x'.repeat(5000),
  '\u001b[31mred\u001b[0m',
  '::error::x',
  '##[command]x',
  '\u202e\u2066rtl',
  '\u0000',
  '\ud800',
  '1e26',
  'NaN',
  '2025-02-30',
  '9999-12-31',
  '__proto__',
  'constructor',
  [],
  {},
  [null],
  { low: 2, high: 1 },
  { __proto__: { polluted: 1 } },
];
const POLLUTERS = ['__proto__', 'constructor', 'prototype'];

/** Every [container, key] in the value. */
function slots(v, out = []) {
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      out.push([v, k]);
      slots(v[k], out);
    }
  }
  return out;
}

function mutateTree(doc) {
  const all = slots(doc);
  const n = int(1, 4);
  for (let i = 0; i < n && all.length > 0; i++) {
    const [c, k] = pick(all);
    const m = r();
    if (m < 0.2) delete c[k];
    else if (m < 0.5) c[k] = structuredClone(pick(HOSTILE));
    else if (m < 0.58)
      c[k] = JSON.parse(JSON.stringify(c[k] ?? null)); // no-op copy, keeps shapes varied
    else if (m < 0.66 && Array.isArray(doc.models) && doc.models.length > 0) {
      // A cycle, a dangling reference, a duplicate id or a self-reference among the models.
      const a = pick(doc.models);
      const b = pick(doc.models);
      const how = pick(['cycle', 'dangling', 'duplicate', 'self']);
      if (a && typeof a === 'object' && b && typeof b === 'object') {
        if (how === 'duplicate') doc.models.push(structuredClone(a));
        else
          a.baseModels = [
            {
              id: how === 'dangling' ? 'no/such-model' : how === 'self' ? a.id : b.id,
              relation: pick(['finetune', 'merge', 'distillation', 'bogus']),
            },
          ];
        if (how === 'cycle' && b !== a) b.baseModels = [{ id: a.id, relation: 'finetune' }];
      }
    } else if (m < 0.74) {
      // Prototype-pollution keys as JSON text would carry them (own properties named __proto__).
      const target = c[k] && typeof c[k] === 'object' && !Array.isArray(c[k]) ? c[k] : c;
      Object.defineProperty(target, pick(POLLUTERS), {
        value: { polluted: 'yes', toString: 'x' },
        enumerable: true,
        configurable: true,
        writable: true,
      });
    } else if (m < 0.8) {
      let deep = 1;
      for (let d = 0; d < int(10, 200); d++) deep = [deep];
      c[k] = deep;
    } else if (m < 0.86 && Array.isArray(c[k]) && c[k].length > 0) {
      c[k] = Array.from({ length: int(50, 400) }, (_, j) => structuredClone(c[k][j % c[k].length]));
    } else
      c[k] = typeof c[k] === 'number' ? pick([c[k] * 10, c[k] / 3, -c[k], c[k] + 1, Number.MAX_VALUE]) : pick(HOSTILE);
  }
  return JSON.stringify(doc);
}

function mutateBytes(text) {
  const b = Buffer.from(text);
  const m = r();
  if (m < 0.3) return b.subarray(0, int(0, b.length));
  if (m < 0.55) {
    for (let i = 0; i < int(1, 8); i++) b[int(0, b.length - 1)] = int(0, 255);
    return b;
  }
  if (m < 0.7) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
  if (m < 0.85)
    return Buffer.concat([
      b.subarray(0, b.length >> 1),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
      b.subarray(b.length >> 1),
    ]);
  return Buffer.from(
    text.replace(/"flop": ?[0-9.e+]+/g, '"flop": 1e999').replace(/"amount": ?[0-9.e+]+/, '"amount": -1e400'),
  );
}

function nextInput() {
  const base = pick(corpus);
  const doc = JSON.parse(base);
  const text = r() < 0.75 ? mutateTree(doc) : base;
  return r() < 0.35 ? mutateBytes(text) : Buffer.from(text);
}

const protoKeys = () => [
  Object.getOwnPropertyNames(Object.prototype).sort().join(','),
  Object.getOwnPropertyNames(Array.prototype).sort().join(','),
];
const protoBefore = protoKeys();

const rules = loadBuiltinRules();
const reference = loadReference();
const stats = {
  seed: SEED,
  inputs: 0,
  coreEvaluated: 0,
  coreInputErrors: 0,
  httpRequests: 0,
  crashes: 0,
  http5xx: 0,
  storeFull: 0,
  hangs: 0,
  pollution: false,
  statuses: {},
  slowestCoreMs: 0,
  slowestHttpMs: 0,
  seconds: 0,
  examples: [],
};
const note = (kind, detail, input) => {
  if (stats.examples.length < 10)
    stats.examples.push({ kind, detail: String(detail).slice(0, 300), input: input.toString('utf8').slice(0, 300) });
};

let server;
let base;
if (HTTP) {
  const { createApp } = require(join(root, 'dist', 'src', 'server', 'app.js'));
  const { memoryStore } = require(join(root, 'dist', 'src', 'store', 'store.js'));
  const logged = [];
  const app = createApp({
    store: memoryStore({ maxBytes: 128 * 1024 * 1024 }),
    rateLimits: false,
    log: (m) => logged.push(m),
    clock: () => new Date('2026-11-29T12:00:00Z'),
  });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${server.address().port}`;
}

async function post(path, body, type) {
  const t = performance.now();
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 10_000);
  try {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
      signal: ac.signal,
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - t };
  } catch (e) {
    return { status: 0, ms: performance.now() - t, error: e };
  } finally {
    clearTimeout(timer);
  }
}

const start = performance.now();
for (let i = 0; i < COUNT && performance.now() - start < MAX_SECONDS * 1000; i++) {
  const input = nextInput();
  stats.inputs++;
  // The core, as a library user calls it: JSON.parse, then validate and evaluate.
  let parsed;
  try {
    parsed = JSON.parse(input.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined) {
    const t = performance.now();
    try {
      const v = validateLineage(parsed, reference);
      if (v.ok) {
        const ev = evaluate(v.doc, rules, { asOf: '2026-11-29', reference });
        JSON.stringify(ev.findings);
        stats.coreEvaluated++;
      } else stats.coreInputErrors++;
    } catch (e) {
      if (e instanceof InputError) stats.coreInputErrors++;
      else {
        stats.crashes++;
        note('core crash', e?.stack ?? e, input);
      }
    }
    const ms = performance.now() - t;
    stats.slowestCoreMs = Math.max(stats.slowestCoreMs, Math.round(ms));
    if (ms > SLOW_MS) {
      stats.hangs++;
      note('core slow', `${Math.round(ms)} ms`, input);
    }
  }
  if (HTTP) {
    const calls = [['/api/v1/evaluate?asOf=2026-11-29', 'application/json']];
    if (i % 4 === 0) calls.push(['/assess', 'application/json']);
    if (i % 16 === 0)
      calls.push([
        '/api/v1/evaluate',
        pick(['text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded']),
      ]);
    for (const [path, type] of calls) {
      const a = await post(path, input, type);
      stats.httpRequests++;
      stats.statuses[a.status] = (stats.statuses[a.status] ?? 0) + 1;
      stats.slowestHttpMs = Math.max(stats.slowestHttpMs, Math.round(a.ms));
      if (a.status === 0) {
        stats.crashes++;
        note(`no answer from ${path}`, a.error?.message, input);
      } else if (a.status === 507 && path === '/assess') {
        stats.storeFull++;
      } else if (a.status >= 500) {
        stats.http5xx++;
        note(`${a.status} from ${path}`, '', input);
      }
      if (a.ms > SLOW_MS) {
        stats.hangs++;
        note(`slow ${path}`, `${Math.round(a.ms)} ms`, input);
      }
    }
  }
}
stats.seconds = +((performance.now() - start) / 1000).toFixed(1);
const after = protoKeys();
stats.pollution =
  after[0] !== protoBefore[0] || after[1] !== protoBefore[1] || {}.polluted !== undefined || [].polluted !== undefined;
if (server) await new Promise((resolve) => server.close(resolve));

if (JSON_OUT) console.log(JSON.stringify(stats));
else {
  console.log(
    `fuzz seed ${SEED}: ${stats.inputs} inputs in ${stats.seconds} s; core evaluated ${stats.coreEvaluated}, input errors ${stats.coreInputErrors}; ${stats.httpRequests} HTTP requests ${JSON.stringify(stats.statuses)}`,
  );
  console.log(
    `crashes ${stats.crashes}, 5xx ${stats.http5xx} (507 store full: ${stats.storeFull}), hangs (> ${SLOW_MS} ms) ${stats.hangs}, pollution ${stats.pollution}; slowest core ${stats.slowestCoreMs} ms, HTTP ${stats.slowestHttpMs} ms`,
  );
  for (const e of stats.examples) console.log(`- ${e.kind}: ${e.detail}\n  input: ${JSON.stringify(e.input)}`);
}
process.exitCode = stats.crashes + stats.http5xx + stats.hangs > 0 || stats.pollution ? 1 : 0;
