// Benchmark: two builds' sort-once sweeps side by side in one process (before/after a change), against one
// evaluation of the rule. Run by hand after `npm run build` (copy this build's dist first if it may be rebuilt):
//   node scripts/bench-sweep-ab.mjs <dist A> <dist B> [runs] [lineage.json ...]
// e.g. node scripts/bench-sweep-ab.mjs /work/main/dist dist 9 /tmp/notable.json. Corpora: generated ones
// (AB_SIZES, default 10000) and the files given. Per corpus and rule: each build validates the corpus and builds its
// own measure tables; the two sweeps of 1e23..1e27/999 must give the same result; then each iteration times one
// evaluation (build B: a fresh Evaluator on the warmed tables and the counts of every reading), A's sweep and B's;
// medians. Both builds share the heap: at 100k models one build's garbage may be collected on the other's time.
// AB_CASES (rule:measure,…) and AB_VALUES (default 1e23..1e27/999) choose the sweeps; then a price-scale sweep of
// ca-sb1047/covered-model over AB_SCALES (default 0.5..5/4), declared costs scaled and not, against one evaluation
// at 1× with its measure tables (AB_SCALES= to skip). Threshold sweeps are also timed by CPU time (process.cpuUsage),
// alternating the same way, for loaded machines.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { generate } from './bench.mjs';
const require = createRequire(import.meta.url);
const [distA, distB, runsArg, ...files] = process.argv.slice(2);
const side = (dist) => {
  const root = resolve(dist);
  return {
    I: require(`${root}/src/index.js`),
    Evaluator: require(`${root}/src/core/evaluate/engine.js`).Evaluator,
    R: require(`${root}/src/core/research/index.js`),
    S: require(`${root}/src/core/research/sweep.js`),
    P: require(`${root}/src/core/research/price-sweep.js`),
  };
};
const A = side(distA);
const B = side(distB);
const runs = Number(runsArg ?? 9);
const sizes = (process.env.AB_SIZES ?? '10000').split(',').filter(Boolean).map(Number);
const asOf = '2026-07-19';
const CASES = (
  process.env.AB_CASES ?? 'ca-sb53/frontier-model:trainingFlop,kr-ai-basic-act/high-performance:trainingFlop'
)
  .split(',')
  .filter(Boolean)
  .map((c) => ({ rule: c.split(':')[0], target: c.split(':')[1] }));
const SCALES = process.env.AB_SCALES ?? '0.5..5/4';
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const time = (f) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
// CPU time of this process (user + system, ms): on a loaded machine, less sensitive than wall time to the time
// slices other processes take (it still counts this process's garbage collection threads).
const cpuTime = (f) => {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`node ${process.version}; A ${distA}, B ${distB}; ${runs} runs after one warm-up; load average ${load()}`);
console.log(
  '| corpus | rule | one evaluation ms | A sweep ms | B sweep ms | A ratio | B ratio | CPU ms: one / A / B | CPU A ratio | CPU B ratio |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const values = B.R.expandValues(process.env.AB_VALUES ?? '1e23..1e27/999');
const corpora = [
  ...sizes.map((n) => [`generated ${n / 1000}k`, () => generate(n)]),
  ...files.map((f) => [f, () => JSON.parse(readFileSync(f, 'utf8'))]),
];
for (const [name, make] of corpora) {
  const raw = make();
  const setUp = (X) => {
    const rules = X.I.loadBuiltinRules();
    const reference = X.I.loadReference();
    const doc = X.I.validateLineage(structuredClone(raw), reference).doc;
    return { X, rules, reference, doc, store: new X.Evaluator(doc, rules, asOf, reference).store };
  };
  const a = setUp(A);
  const b = setUp(B);
  for (const { rule, target } of CASES) {
    const sw = (c) => () =>
      c.X.R.sweep(c.doc, c.rules, {
        asOf,
        reference: c.reference,
        rule,
        target,
        store: c.store,
        values,
      });
    const r = b.rules.find((x) => x.id === rule);
    const which = b.X.R.chooseReadings(r, undefined);
    const one = () =>
      b.X.S.readingRows(
        new b.X.Evaluator(b.doc, b.rules, asOf, b.reference, b.store),
        r,
        which,
        which.map(() => null),
        false,
      );
    if (JSON.stringify(sw(a)()) !== JSON.stringify(sw(b)())) throw new Error(`${name} ${rule}: A and B differ`);
    const to = [];
    const ta = [];
    const tb = [];
    const co = [];
    const ca = [];
    const cb = [];
    // Alternating: wall time, then CPU time, of one evaluation, A's sweep and B's (the first round a warm-up).
    for (let k = 0; k <= runs; k++) {
      const o = time(one);
      const x = time(sw(a));
      const y = time(sw(b));
      const [p, q, r2] = [cpuTime(one), cpuTime(sw(a)), cpuTime(sw(b))];
      if (k === 0) continue; // warm-up
      to.push(o);
      ta.push(x);
      tb.push(y);
      co.push(p);
      ca.push(q);
      cb.push(r2);
    }
    const [o, x, y] = [med(to), med(ta), med(tb)];
    const [p, q, r2] = [med(co), med(ca), med(cb)];
    console.log(
      `| ${name} (${b.doc.models.length.toLocaleString('en-US')} models) | ${rule} (${target}, ${values.length} values) | ${o.toFixed(2)} | ${x.toFixed(2)} | ${y.toFixed(2)} | ${(x / o).toFixed(2)} | ${(y / o).toFixed(2)} | ${p.toFixed(2)} / ${q.toFixed(2)} / ${r2.toFixed(2)} | ${(q / p).toFixed(2)} | ${(r2 / p).toFixed(2)} |`,
    );
  }
  if (!SCALES) continue;
  const rule = 'ca-sb1047/covered-model';
  const r = b.rules.find((x) => x.id === rule);
  const which = b.X.R.chooseReadings(r, undefined);
  for (const declared of [false, true]) {
    const ps = (c) => () =>
      c.X.P.priceSweep(c.doc, c.rules, { asOf, reference: c.reference, rule, scales: SCALES, declared, changes: true });
    // One evaluation at today's prices, measure tables included (prices change the amounts).
    const one = () => b.X.S.readingRows(new b.X.Evaluator(b.doc, b.rules, asOf, b.reference), r, which, [null], false);
    if (JSON.stringify(ps(a)()) !== JSON.stringify(ps(b)())) throw new Error(`${name} price scales: A and B differ`);
    const to = [];
    const ta = [];
    const tb = [];
    for (let k = 0; k <= Math.min(runs, 3); k++) {
      const o = time(one);
      const x = time(ps(a));
      const y = time(ps(b));
      if (k === 0) continue;
      to.push(o);
      ta.push(x);
      tb.push(y);
    }
    const [o, x, y] = [med(to), med(ta), med(tb)];
    console.log(
      `| ${name} (${b.doc.models.length.toLocaleString('en-US')} models) | ${rule} (price scales ${SCALES}${declared ? ', declared too' : ''}) | ${o.toFixed(2)} (tables included) | ${x.toFixed(2)} | ${y.toFixed(2)} | ${(x / o).toFixed(2)} | ${(y / o).toFixed(2)} | | | |`,
    );
  }
}
console.log(`load average after: ${load()}`);
