// Benchmark: validation and evaluation of generated lineages (10,000 and 100,000 models by default).
// Run by hand: `npm run build && npm run bench` (or `node scripts/bench.mjs 10000 100000 1000000`).
// Figures go to BENCHMARKS.md with the command that produced them; nothing here is asserted in tests.
// `generate` is also used by scripts/bench-corpus.mjs (whole CLI runs against their references).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const require = createRequire(import.meta.url);

/**
 * A deterministic corpus: 1 in 20 models is a pre-trained base; the rest fine-tune, quantize or merge earlier ones.
 * With `merge8` (a share, e.g. 0.45), that share of models instead merges 8 random earlier models (a merge-heavy
 * corpus, as on Hugging Face's merge leaderboards).
 */
export function generate(n, seed = 42, { merge8 = 0 } = {}) {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const orgs = [];
  for (let i = 0; i < Math.max(10, Math.floor(n / 50)); i++)
    orgs.push({ id: `org-${i}`, revenueUsd: [{ year: 2025, amount: Math.floor(rnd() * 2e9) }] });
  const models = [];
  for (let i = 0; i < n; i++) {
    const dev = orgs[Math.floor(rnd() * orgs.length)].id;
    const m = { id: `m-${i}`, developer: dev, generates: ['text'], openWeights: rnd() < 0.5 };
    const r = rnd();
    if (i >= 5 && merge8 > 0 && rnd() < merge8) {
      const ids = new Set();
      for (let k = 0; k < 8; k++) ids.add(`m-${Math.floor(rnd() * i)}`);
      m.baseModels = [...ids].map((id) => ({ id, relation: 'merge' }));
      m.compute = [];
    } else if (i < 5 || r < 0.05) {
      const flop = Math.round(rnd() * 2000) * 1e23;
      m.compute = [{ phase: 'pretraining', flop, costUsd: Math.round(flop / 1e18), start: '2025-01-10' }];
    } else if (r < 0.08) {
      const a = Math.floor(rnd() * i);
      const b = Math.floor(rnd() * i);
      m.baseModels =
        a === b
          ? [{ id: `m-${a}`, relation: 'merge' }]
          : [
              { id: `m-${a}`, relation: 'merge' },
              { id: `m-${b}`, relation: 'merge' },
            ];
      m.compute = [];
    } else if (r < 0.15) {
      m.baseModels = [{ id: `m-${Math.floor(rnd() * i)}`, relation: 'quantization' }];
      m.compute = [];
    } else {
      m.baseModels = [{ id: `m-${Math.max(0, i - 1 - Math.floor(rnd() * 50))}`, relation: 'finetune' }];
      m.compute = [
        r < 0.5
          ? {
              phase: 'fine-tuning',
              hardware: { accelerator: 'nvidia-h100-sxm', count: 64, hours: Math.ceil(rnd() * 500), utilization: 0.4 },
              start: '2025-03-01',
            }
          : {
              phase: 'fine-tuning',
              architecture: { parameters: 7e9, tokens: Math.ceil(rnd() * 1e12) },
              costUsd: Math.ceil(rnd() * 1e6),
            },
      ];
    }
    models.push(m);
  }
  return { lineageVersion: 1, organizations: orgs, models };
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  const v = fn();
  return [v, Number(process.hrtime.bigint() - t0) / 1e6];
}

function main() {
  const { validateLineage, summarize, evaluate, loadBuiltinRules, loadReference } = require('../dist/src/index.js');
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((x) => x > 0);
  const rules = loadBuiltinRules();
  const reference = loadReference();
  const asOf = '2026-11-28';
  console.log(`node ${process.version}; ${rules.length} rules; as of ${asOf}`);
  console.log('| models | validate ms | summary (all rules) ms | full findings ms | heap MB after |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const n of sizes.length ? sizes : [10000, 100000]) {
    const doc = generate(n);
    global.gc?.();
    const [v, tValidate] = time(() => validateLineage(doc, reference));
    if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 5)));
    const [, tSummary] = time(() => summarize(doc, rules, { asOf, reference }));
    let tFull = NaN;
    if (n <= 10000)
      [, tFull] = time(() => evaluate(doc, rules, { asOf, reference, select: rules.map((r) => r.id) }).findings.length);
    const heap = process.memoryUsage().heapUsed / 2 ** 20;
    console.log(
      `| ${n.toLocaleString('en-US')} | ${tValidate.toFixed(0)} | ${tSummary.toFixed(0)} | ${Number.isNaN(tFull) ? 'skipped' : tFull.toFixed(0)} | ${heap.toFixed(0)} |`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
