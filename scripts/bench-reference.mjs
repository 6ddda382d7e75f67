// Benchmark: flopcheck's evaluation per model-reading against two references on the same threshold logic, all in
// one process and one run (the machine is shared and noisy, so only side-by-side figures mean anything):
//   flopcheck  Evaluator.summaryRow for every model rule and reading over every model, measure tables already built
//              (a fresh Evaluator sharing the MeasureStore per round, so verdicts are computed, not looked up, and
//              the store's evaluation caches cleared: fact columns and exact re-sums are rebuilt each round)
//   jre        json-rules-engine 7 (a devDependency): one engine holding one rule per model-rule reading whose
//              conditions are the reading's threshold comparisons (`compare` nodes: measure, op, threshold), run once
//              per model on that model's measure values (the low floats flopcheck's fast path compares)
//   scan       a bare loop over Float64Array columns doing the same comparisons per model and reading
// Each is warmed up first, then timed over `rounds` rounds (median). json-rules-engine runs on a sample of models.
// Run by hand after `npm run build`: `node scripts/bench-reference.mjs [models=10000] [rounds=5] [jreModels=2000]`.
import { createRequire } from 'node:module';
import { generate } from './bench.mjs';
const require = createRequire(import.meta.url);
const { Evaluator, readings, validateLineage, loadBuiltinRules, loadReference } = require('../dist/src/index.js');
const { Engine } = require('json-rules-engine');

const [nArg, roundsArg, jreArg] = process.argv.slice(2);
const n = Number(nArg ?? 10000);
const rounds = Number(roundsArg ?? 5);
const jreModels = Math.min(n, Number(jreArg ?? 2000));
const asOf = '2026-11-28';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => Number(process.hrtime.bigint()) / 1e6;

const reference = loadReference();
const v = validateLineage(generate(n, 42), reference);
if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 3)));
const doc = v.doc;
const rules = loadBuiltinRules();
const modelRules = rules.filter((r) => r.subject === 'model');

// Threshold comparisons of each reading: applicability and condition (the reading's own condition when it has one).
function compares(node, out) {
  if (Array.isArray(node)) for (const x of node) compares(x, out);
  else if (node && typeof node === 'object') {
    if (node.compare && node.compare.threshold && node.compare.threshold.value !== undefined) out.push(node.compare);
    for (const x of Object.values(node)) compares(x, out);
  }
  return out;
}
const base = new Evaluator(doc, rules, asOf, reference);
const store = base.store;
const columns = new Map(); // measure key -> Float64Array of low floats
const view = { lo: 0, hi: 0, err: 0, missing: 0 };
function column(spec) {
  const key = JSON.stringify(spec);
  let col = columns.get(key);
  if (!col) {
    const at = store.viewer(spec, false);
    col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      at(i, view);
      col[i] = view.lo;
    }
    columns.set(key, col);
  }
  return col;
}
const OPS = { '>': 'greaterThan', '>=': 'greaterThanInclusive', '<': 'lessThan', '<=': 'lessThanInclusive' };
const tests = []; // per reading: [{ col, op, t, fact }]
for (const rule of modelRules) {
  for (const interp of readings(rule)) {
    const reading = interp === undefined ? undefined : rule.interpretations.find((x) => x.id === interp);
    const measures = { ...(rule.measures ?? {}), ...(reading?.measures ?? {}) };
    const cs = compares([rule.applicability ?? null, reading?.condition ?? rule.condition], []);
    tests.push({
      id: `${rule.id}|${interp ?? ''}`,
      list: cs
        .filter((c) => measures[c.measure] && OPS[c.op])
        .map((c) => ({ col: column(measures[c.measure]), op: c.op, t: Number(c.threshold.value), fact: c.measure })),
    });
  }
}
const readingsCount = tests.length;
const compareCount = tests.reduce((s, x) => s + x.list.length, 0);

// flopcheck: verdicts of every model rule reading. The measure tables (the measure phase, `warmMeasures`) are shared;
// what the evaluation derives from them and caches in the store (the per-model fact columns, the exact re-sums of
// amounts near a threshold) is forgotten before each round, so every round does the evaluate phase's whole work.
const memos = store.memos;
if (!(memos instanceof Map)) throw new Error('MeasureStore has no memos map to clear between rounds');
let fallbacks = 0;
function runFlopcheck() {
  memos.clear();
  const ev = new Evaluator(doc, rules, asOf, reference, store);
  let captured = 0;
  for (const rule of modelRules)
    for (const interp of readings(rule)) captured += ev.summaryRow(rule, interp).counts.captured;
  fallbacks = ev.columnStats?.exactFallbacks ?? 0; // comparisons decided exactly, each round (column path)
  return captured;
}
// Bare scan: the same comparisons, all of a reading's must hold.
function runScan() {
  let pass = 0;
  for (const { list } of tests) {
    for (let i = 0; i < n; i++) {
      let ok = 1;
      for (let k = 0; k < list.length; k++) {
        const c = list[k];
        const x = c.col[i];
        const r = c.op === '>' ? x > c.t : c.op === '>=' ? x >= c.t : c.op === '<' ? x < c.t : x <= c.t;
        if (!r) {
          ok = 0;
          break;
        }
      }
      pass += ok;
    }
  }
  return pass;
}
// json-rules-engine: one rule per reading, facts per model.
const engine = new Engine([], { allowUndefinedFacts: true });
tests.forEach(({ id, list }, k) =>
  engine.addRule({
    name: id,
    conditions: { all: list.map((c, j) => ({ fact: `m${k}_${j}`, operator: OPS[c.op], value: c.t })) },
    event: { type: 'pass', params: { reading: id } },
  }),
);
async function runJre() {
  let pass = 0;
  for (let i = 0; i < jreModels; i++) {
    const facts = {};
    tests.forEach(({ list }, k) => list.forEach((c, j) => (facts[`m${k}_${j}`] = c.col[i])));
    const { events } = await engine.run(facts);
    pass += events.length;
  }
  return pass;
}

// Warm up, then alternate the three per round.
runFlopcheck();
runScan();
await runJre();
// Wall time and this process's CPU time (user + system) per run: on a loaded machine the CPU time leaves out the
// time the process waited for a core, so its ratios move less with the load than the wall-clock ones.
const tf = [];
const ts = [];
const tj = [];
const cf = [];
const cs = [];
const cj = [];
const timed = async (run, wall, cpu) => {
  const c0 = process.cpuUsage();
  const t0 = now();
  await run();
  wall.push(now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
};
for (let r = 0; r < rounds; r++) {
  await timed(runFlopcheck, tf, cf);
  await timed(runScan, ts, cs);
  await timed(runJre, tj, cj);
}
const perF = (median(tf) * 1e6) / (n * readingsCount); // ns per model-reading
const perS = (median(ts) * 1e6) / (n * readingsCount);
const perJ = (median(tj) * 1e6) / (jreModels * readingsCount); // ns per model-rule
const cpuF = (median(cf) * 1e6) / (n * readingsCount);
const cpuS = (median(cs) * 1e6) / (n * readingsCount);
const cpuJ = (median(cj) * 1e6) / (jreModels * readingsCount);
console.log(
  `node ${process.version}; ${n} models (generate(${n}, 42)); ${modelRules.length} model rules, ${readingsCount} readings, ${compareCount} threshold comparisons; median of ${rounds} rounds; json-rules-engine on ${jreModels} models`,
);
console.log('| run | median ms | ns per model-reading (model-rule) | flopcheck ÷ this |');
console.log('|---|---:|---:|---:|');
console.log(`| flopcheck summaryRow (tables built) | ${median(tf).toFixed(1)} | ${perF.toFixed(0)} | 1 |`);
console.log(
  `| json-rules-engine ${require('json-rules-engine/package.json').version} | ${median(tj).toFixed(1)} | ${perJ.toFixed(0)} | ${(perF / perJ).toFixed(3)} |`,
);
console.log(`| bare Float64Array scan | ${median(ts).toFixed(2)} | ${perS.toFixed(1)} | ${(perF / perS).toFixed(1)} |`);
console.log(
  `CPU time (median ns per model-reading): flopcheck ${cpuF.toFixed(0)}, json-rules-engine ${cpuJ.toFixed(0)} (${(cpuJ / cpuF).toFixed(0)}× flopcheck), bare scan ${cpuS.toFixed(1)} (flopcheck ${(cpuF / cpuS).toFixed(1)}×)`,
);
if (fallbacks) console.log(`flopcheck: ${fallbacks} comparisons per round decided by the exact fallback`);
