// HTTP API throughput on loopback (issue 13 item 8): `flopcheck serve` in a child process on 127.0.0.1 (a free
// port, reports in :memory:), then two bounded autocannon runs at the same time for the same duration: one against
// GET /healthz, one POSTing a 5-model lineage to /api/v1/evaluate. Reports each route's requests per second, p50/p99
// latency, non-2xx answers and the ratio evaluate/healthz, measured in that one run: the same body again and again
// (answered from the cache; with and without Accept-Encoding: gzip) and a distinct body per request (evaluated; with
// and without gzip). Run after `npm run build`:
//   node scripts/bench-api.mjs [seconds=10] [connections=10]
// Profiling: BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" passes flags to the server's node (the
// profile is written when it exits, after the runs); BENCH_API_CASES=distinct,distinctGzip runs only those cases
// (healthz, same, sameGzip, distinct, distinctGzip, mixed; default all; the ratios need healthz).
// Figures go to BENCHMARKS.md ("HTTP API") with the command; nothing here is asserted in tests. Traffic goes only to
// 127.0.0.1 and stops by itself after the given duration (at most 60 s).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Math.min(60, Number(process.argv[2] ?? 10));
const connections = Math.min(100, Number(process.argv[3] ?? 10));

/** The first five models of the ten-model golden lineage: two bases, a fine-tune, its quantization, a chat tune. */
export function fiveModels() {
  const doc = JSON.parse(readFileSync(join(root, 'test', 'golden', 'inputs', 'ten-models.lineage.json'), 'utf8'));
  const models = doc.models.slice(0, 5);
  const ids = new Set(models.map((m) => m.id));
  if (models.some((m) => (m.baseModels ?? []).some((b) => !ids.has(b.id))))
    throw new Error('the 5-model lineage refers outside itself');
  const devs = new Set(models.map((m) => m.developer));
  return { ...doc, organizations: doc.organizations.filter((o) => devs.has(o.id)), models };
}

function startServer() {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
      join(root, 'bin', 'flopcheck.js'),
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--db',
      ':memory:',
      '--api-rate-limit',
      '0',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b) => {
      // With node flags for the server (--trace-gc, say), what it prints goes to standard error.
      if (process.env.BENCH_API_NODE_ARGS) process.stderr.write(b);
      out += b;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
}

const run = (opts) =>
  new Promise((resolve, reject) => {
    autocannon({ connections, duration: seconds, ...opts }, (err, r) => (err ? reject(err) : resolve(r)));
  });

const { child, url } = await startServer();
try {
  const doc = fiveModels();
  const body = JSON.stringify(doc);
  const post = { method: 'POST', headers: { 'content-type': 'application/json' } };
  const evaluate = { url: `${url}/api/v1/evaluate?asOf=2026-11-28`, ...post, body };
  // As curl --compressed, fetch (undici), browsers and Python's requests ask for it.
  const evaluateGzip = { ...evaluate, headers: { ...post.headers, 'accept-encoding': 'gzip' } };
  // Distinct bodies: every request names its first organization differently, so no two requests are the same input
  // (what a cache of answers could not help with).
  let n = 0;
  const distinct = {
    url: `${url}/api/v1/evaluate?asOf=2026-11-28`,
    requests: [{ ...post, setupRequest: (req) => ({ ...req, body: body.replace('"name":"', `"name":"${++n} `) }) }],
  };
  const distinctGzip = {
    ...distinct,
    requests: [{ ...distinct.requests[0], headers: { ...post.headers, 'accept-encoding': 'gzip' } }],
  };
  const healthz = { url: `${url}/healthz` };
  const only = process.env.BENCH_API_CASES?.split(',');
  const want = (name) => !only || only.includes(name);
  // Warm-up: JIT and caches, 2 s, not counted (distinct bodies when only those are run, so that a profile of the
  // server holds nothing but evaluations).
  const warmEvaluate = want('same') || want('sameGzip') ? evaluate : distinct;
  await Promise.all([run({ ...warmEvaluate, duration: 2 }), run({ ...healthz, duration: 2 })]);
  // Each alone, one after the other, on the same server: the rates whose ratio the target is about.
  const skip = { requests: { average: NaN, total: 0 }, latency: {}, non2xx: 0, errors: 0 };
  const hz = want('healthz') ? await run(healthz) : skip;
  const ev = want('same') ? await run(evaluate) : skip;
  const evz = want('sameGzip') ? await run(evaluateGzip) : skip;
  const evd = want('distinct') ? await run(distinct) : skip;
  const evdz = want('distinctGzip') ? await run(distinctGzip) : skip;
  // Both at once: how long /healthz waits while evaluations run.
  const [mixEv, mixHz] = want('mixed') ? await Promise.all([run(distinct), run(healthz)]) : [skip, skip];
  const row = (name, r) => ({
    route: name,
    'req/s': Math.round(r.requests.average),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    'max ms': r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  });
  console.table([
    row('GET /healthz (alone)', hz),
    row('POST /api/v1/evaluate, same body (alone)', ev),
    row('POST /api/v1/evaluate, same body, gzip (alone)', evz),
    row('POST /api/v1/evaluate, distinct bodies (alone)', evd),
    row('POST /api/v1/evaluate, distinct bodies, gzip (alone)', evdz),
    row('mixed: evaluate, distinct bodies', mixEv),
    row('mixed: GET /healthz', mixHz),
  ]);
  const ratio = (r) => +(r.requests.average / hz.requests.average).toFixed(3);
  console.log(
    JSON.stringify({
      seconds,
      connections,
      bodyBytes: Buffer.byteLength(body),
      ratioSameBody: ratio(ev),
      ratioSameBodyGzip: ratio(evz),
      p99SameBodyGzip: evz.latency.p99,
      ratioDistinct: ratio(evd),
      ratioDistinctGzip: ratio(evdz),
      p99DistinctGzip: evdz.latency.p99,
      p99SameBody: ev.latency.p99,
      p99Distinct: evd.latency.p99,
      healthzP99Mixed: mixHz.latency.p99,
    }),
  );
} finally {
  // Waits for the server to exit (a --cpu-prof profile is written then).
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
