// Cost of one distinct POST /api/v1/evaluate in process (issue 13 item 8): the 5-model lineage of
// scripts/bench-api.mjs, a different first-organization name every round (so nothing is reused between rounds that
// a new request could not reuse), through the server's own steps: parseDocument, assess, the compact answer bytes (as
// server/evaluate.ts evaluateAnswer, with its encoder kept across rounds) and gzipAnswer (level 1). Prints the median and p90 wall-clock microseconds of each step over the rounds, and the
// process CPU microseconds per round.
// Run after `npm run build`:
//   node scripts/bench-traced.mjs [rounds=2000] [root=this checkout]
// `root` lets the same script time another built checkout (e.g. /work/main) side by side. Figures go to
// BENCHMARKS.md; nothing here is asserted in tests.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 2000);
const root = resolve(process.argv[3] ?? here);
const dist = (p) => import(pathToFileURL(join(root, 'dist', 'src', p)).href);

const { loadBuiltinRules, loadReference } = await dist('io/load.js');
const { parseDocument } = await dist('io/document.js');
const { assess } = await dist('core/assess.js');
const { renderJson, renderCompactJsonBytes } = await dist('render/report.js');
// The server's rendering of the answer: bytes where the build has renderCompactJsonBytes (gzipped as they are), the
// text otherwise (gzipAnswer encodes it, as the server did).
// Where the build has a FindingEncoder, one is kept across rounds, as server/evaluate.ts keeps one per rule set.
const encoders = await dist('render/json-finding-bytes.js').catch(() => undefined);
const encoder = encoders && new encoders.FindingEncoder((await dist('render/json-bytes.js')).COMPACT, 0);
const render = renderCompactJsonBytes ? (r) => renderCompactJsonBytes(r, {}, encoder) : (r) => renderJson(r, {}, true);
const { gzipAnswer } = await dist('server/answer-cache.js');

const doc = JSON.parse(readFileSync(join(here, 'test', 'golden', 'inputs', 'ten-models.lineage.json'), 'utf8'));
const models = doc.models.slice(0, 5);
const devs = new Set(models.map((m) => m.developer));
const body = JSON.stringify({ ...doc, organizations: doc.organizations.filter((o) => devs.has(o.id)), models });
const env = { rules: loadBuiltinRules(), reference: loadReference() };
const request = { asOf: '2026-11-28' };
const names = { rules: 'query.rules', model: 'query.model' };

const steps = { parse: [], assess: [], render: [], gzip: [], total: [] };
let bytes = 0;
let gzBytes = 0;
let findings = 0;
const warm = Math.min(200, Math.ceil(rounds / 5));
let cpu;
for (let i = 0; i < warm + rounds; i++) {
  if (i === warm) cpu = process.cpuUsage();
  const text = body.replace('"name":"', `"name":"${i} `);
  const t0 = process.hrtime.bigint();
  const raw = parseDocument(text, 'the request body');
  const t1 = process.hrtime.bigint();
  // As server/evaluate.ts evaluateLineage: assess, then the compact renderJson.
  const { report } = assess(raw, env.rules, { ...request, reference: env.reference, names });
  const t2 = process.hrtime.bigint();
  const json = render(report);
  const t3 = process.hrtime.bigint();
  const gz = gzipAnswer(json);
  const t4 = process.hrtime.bigint();
  if (i < warm) continue;
  steps.parse.push(Number(t1 - t0) / 1e3);
  steps.assess.push(Number(t2 - t1) / 1e3);
  steps.render.push(Number(t3 - t2) / 1e3);
  steps.gzip.push(Number(t4 - t3) / 1e3);
  steps.total.push(Number(t4 - t0) / 1e3);
  bytes = typeof json === 'string' ? Buffer.byteLength(json) : json.length;
  gzBytes = gz.length;
  findings = report.findings.length;
}
const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]);
};
// Process CPU time per round (user + system, all threads: garbage collection included), less sensitive to other
// processes than the wall-clock steps on a shared machine.
const used = process.cpuUsage(cpu);
const out = { root, rounds, findings, answerBytes: bytes, gzipBytes: gzBytes };
out.cpuPerRound = Math.round((used.user + used.system) / rounds);
for (const [k, xs] of Object.entries(steps)) out[k] = { p50: q(xs, 0.5), p90: q(xs, 0.9) };
console.log(JSON.stringify(out));
