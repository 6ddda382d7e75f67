// The API answer's rendering side by side in one process: this checkout's renderCompactJsonBytes (with one
// FindingEncoder kept across calls, as server/evaluate.ts keeps one per rule set) and another built checkout's (with its
// own encoder kept likewise, where it has one), on
// the same reports (the 5-model lineage of scripts/bench-api.mjs with 100 different organization names, assessed
// once by this checkout), alternating batches of 100 renders in both orders. Checks the two give the same bytes
// first. Prints the median wall-clock microseconds per render and the median process CPU microseconds per render
// (garbage collection included) of each build, and the load average. Run after `npm run build`:
//   node scripts/bench-render-ab.mjs [reference root=/work/main] [batches=20]
// Figures go to BENCHMARKS.md; nothing here is asserted in tests.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const other = resolve(process.argv[2] ?? '/work/main');
const batches = Number(process.argv[3] ?? 20);
const dist = (root, p) => import(pathToFileURL(join(root, 'dist', 'src', p)).href);

const { loadBuiltinRules, loadReference } = await dist(here, 'io/load.js');
const { parseDocument } = await dist(here, 'io/document.js');
const { assess } = await dist(here, 'core/assess.js');
const mine = await dist(here, 'render/report.js');
const theirs = await dist(other, 'render/report.js');
const { FindingEncoder } = await dist(here, 'render/json-finding-bytes.js');
const { COMPACT } = await dist(here, 'render/json-bytes.js');
const encoder = new FindingEncoder(COMPACT, 0);
// The other build's own encoder, kept across calls too, where it has one (as its server keeps one per rule set).
const theirEncoders = await dist(other, 'render/json-finding-bytes.js').catch(() => undefined);
const theirEncoder =
  theirEncoders && new theirEncoders.FindingEncoder((await dist(other, 'render/json-bytes.js')).COMPACT, 0);

const doc = JSON.parse(readFileSync(join(here, 'test', 'golden', 'inputs', 'ten-models.lineage.json'), 'utf8'));
const models = doc.models.slice(0, 5);
const devs = new Set(models.map((m) => m.developer));
const body = JSON.stringify({ ...doc, organizations: doc.organizations.filter((o) => devs.has(o.id)), models });
const rules = loadBuiltinRules();
const reference = loadReference();
const N = 100;
const reports = [];
for (let i = 0; i < N; i++) {
  const raw = parseDocument(body.replace('"name":"', `"name":"${i} `), 'the body');
  reports.push(assess(raw, rules, { asOf: '2026-11-28', reference }).report);
}
const run = {
  branch: (r) => mine.renderCompactJsonBytes(r, {}, encoder),
  other: (r) => theirs.renderCompactJsonBytes(r, {}, theirEncoder),
};
for (const r of reports)
  if (!run.branch(r).equals(run.other(r))) throw new Error('the two builds answer different bytes');
const wall = { branch: [], other: [] };
const cpu = { branch: [], other: [] };
for (let b = 0; b < batches; b++) {
  for (const k of b % 2 ? ['other', 'branch'] : ['branch', 'other']) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) {
      const t = process.hrtime.bigint();
      run[k](reports[i]);
      wall[k].push(Number(process.hrtime.bigint() - t) / 1e3);
    }
    const c = process.cpuUsage(c0);
    cpu[k].push((c.user + c.system) / N);
  }
}
const median = (xs) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]);
console.log(
  JSON.stringify({
    other,
    answerBytes: run.branch(reports[0]).length,
    findings: reports[0].findings.length,
    renderP50: { branch: median(wall.branch), other: median(wall.other) },
    cpuPerRender: { branch: median(cpu.branch), other: median(cpu.other) },
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  }),
);
