// Benchmark: a 1,000-value threshold sweep by the sorted path against ONE evaluation of the same rule, side by side
// in one process on warmed measure tables (issue 10: the sweep within 1.5× of one evaluation).
// Run by hand after `npm run build`:
//   node scripts/bench-sweep-sorted.mjs [runs] [lineage.json ...]
// Corpora: generated ones of 10k and 100k models (scripts/bench.mjs generate), then any lineage files given (e.g. the
// Epoch AI notable-models corpus made by `flopcheck import epoch`). Per corpus and rule, alternating runs, medians:
//   one   — one evaluation of the rule as it stands: a fresh Evaluator sharing the warmed MeasureStore, then the
//           counts of every reading (readingRows, what the per-value sweep runs for each value, validation left out);
//   sorted — sweep() of 1,000 values (1e23..1e27/999) by the sorted path (selection, one validation, planning,
//           symbolic evaluation, sorting, the walk), with --changes;
//   per-value — the same sweep evaluating each value (perValue), on 10 values only, given per value.
// It also checks that the sorted and per-value sweeps agree on those 10 values. A rule the sorted path does not take
// (e.g. eu-ai-act/systemic-risk) is swept over 1,000 values only where the per-value figure says that takes under 20 s.
// A rule reading itself back (eu-ai-act/systemic-risk) takes the cycle path (sorted-cycle.ts) where the build has it.
// Then price-scale sweeps (sweep --price-scales) of ca-sb1047/covered-model, declared costs scaled and not (3 runs):
// 1,000 scales (0.01..10/999) against one evaluation at 1× with its measure tables, and the per-scale path (perScale)
// on 5 scales, given per scale.
// Environment: SWEEP_BENCH_SIZES (generated corpora, default 10000,100000), SWEEP_BENCH_CASES (rule:measure,…).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { generate } from './bench.mjs';
const require = createRequire(import.meta.url);
const { validateLineage, loadBuiltinRules, loadReference } = require('../dist/src/index.js');
const { Evaluator } = require('../dist/src/core/evaluate/engine.js');
const { sweep, chooseReadings, expandValues } = require('../dist/src/core/research/index.js');
const { priceSweep } = require('../dist/src/core/research/price-sweep.js');
const { readingRows } = require('../dist/src/core/research/sweep.js');
const { planReading } = require('../dist/src/core/research/sorted-sweep.js');
const { refersBack } = require('../dist/src/core/research/sorted-plan.js');
let cycleBuild = true;
try {
  require('../dist/src/core/research/sorted-cycle.js');
} catch {
  cycleBuild = false;
}
const { selectTargets } = require('../dist/src/core/research/targets.js');

const [runsArg, ...files] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);
const asOf = '2026-07-19';
const CASES = (
  process.env.SWEEP_BENCH_CASES ??
  'ca-sb53/frontier-model:trainingFlop,kr-ai-basic-act/high-performance:trainingFlop,eu-ai-act/systemic-risk:cumulativeFlop'
)
  .split(',')
  .map((c) => ({ rule: c.split(':')[0], target: c.split(':')[1] }));
const SIZES = (process.env.SWEEP_BENCH_SIZES ?? '10000,100000').split(',').filter(Boolean).map(Number);
const values = expandValues('1e23..1e27/999');
const few = expandValues('1e23..1e27/9');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// No forced GC between runs: a collection just before a short run slowed it several times over.
const time = (fn) => {
  const t0 = process.hrtime.bigint();
  const v = fn();
  return [v, Number(process.hrtime.bigint() - t0) / 1e6];
};

const rules = loadBuiltinRules();
const reference = loadReference();
const corpora = [
  ...SIZES.map((n) => [`generated ${n / 1000}k`, () => generate(n)]),
  ...files.map((f) => [f, () => JSON.parse(readFileSync(f, 'utf8'))]),
];

console.log(
  `node ${process.version}; ${values.length} values; ${runs} runs after one warm-up; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(
  '| corpus | rule (measure) | one evaluation ms | 1,000-value sorted sweep ms | ratio | per-value sweep ms per value |',
);
console.log('|---|---|---:|---:|---:|---:|');
for (const [name, make] of corpora) {
  const v = validateLineage(make(), reference);
  if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 5)));
  const doc = v.doc;
  // Measure tables are built once (they do not depend on thresholds) and shared by both sides.
  const store = new Evaluator(doc, rules, asOf, reference).store;
  for (const c of CASES) {
    const rule = rules.find((r) => r.id === c.rule);
    const which = chooseReadings(rule, undefined);
    const opts = { asOf, reference, rule: c.rule, target: c.target, store };
    const one = () =>
      readingRows(
        new Evaluator(doc, rules, asOf, reference, store),
        rule,
        which,
        which.map(() => null),
        false,
      );
    const a = sweep(doc, rules, { ...opts, values: few, changes: true });
    const b = sweep(doc, rules, { ...opts, values: few, perValue: true, changes: true });
    if (!isDeepStrictEqual(a, b)) throw new Error(`${name} ${c.rule}: sorted and per-value sweeps differ`);
    const tOne = [];
    const tSorted = [];
    const tPer = [];
    // A rule left to the per-value path: 1,000 values only when that stays short.
    const p0 = time(() => sweep(doc, rules, { ...opts, values: few, perValue: true }))[1] / few.length;
    const ev = new Evaluator(doc, rules, asOf, reference, store);
    const sites = selectTargets(rule, c.target, undefined).targets;
    const cyclic = cycleBuild && refersBack(ev, rule) && which.every((i) => planReading(ev, rule, i, sites, true));
    const full = which.every((i) => planReading(ev, rule, i, sites) !== null) || cyclic || p0 * values.length < 20_000;
    for (let k = 0; k <= runs; k++) {
      const o = time(one)[1];
      const s = full ? time(() => sweep(doc, rules, { ...opts, values }))[1] : NaN;
      const p = time(() => sweep(doc, rules, { ...opts, values: few, perValue: true }))[1] / few.length;
      if (k === 0) continue; // warm-up
      tOne.push(o);
      tSorted.push(s);
      tPer.push(p);
    }
    const mo = median(tOne);
    const ms = median(tSorted);
    console.log(
      `| ${name} (${doc.models.length.toLocaleString('en-US')} models) | ${c.rule} (${c.target}) | ${mo.toFixed(1)} | ${full ? ms.toFixed(1) : '—'} | ${full ? (ms / mo).toFixed(2) : '—'} | ${median(tPer).toFixed(1)} |`,
    );
  }
  // Price scales: one evaluation at 1× (measure tables included: prices change the amounts) against a sweep of 1,000
  // scales, and the per-scale path per scale.
  const PRICE_RULE = 'ca-sb1047/covered-model';
  const rule = rules.find((r) => r.id === PRICE_RULE);
  const which = chooseReadings(rule, undefined);
  for (const declared of [false, true]) {
    const tOne = [];
    const tPrice = [];
    const tPer = [];
    const o = { asOf, reference, rule: PRICE_RULE, declared, changes: true };
    for (let k = 0; k <= Math.min(runs, 3); k++) {
      const t1 = time(() =>
        readingRows(
          new Evaluator(doc, rules, asOf, reference),
          rule,
          which,
          which.map(() => null),
          false,
        ),
      )[1];
      // A build without the shared-table price path (main before it) would evaluate 1,000 scales one by one.
      const t2 = cycleBuild ? time(() => priceSweep(doc, rules, { ...o, scales: '0.01..10/999' }))[1] : NaN;
      const t3 = time(() => priceSweep(doc, rules, { ...o, scales: '0.5..5/4', perScale: true }))[1] / 5;
      if (k === 0) continue;
      tOne.push(t1);
      tPrice.push(t2);
      tPer.push(t3);
    }
    const [mo, mp] = [median(tOne), median(tPrice)];
    console.log(
      `| ${name} (${doc.models.length.toLocaleString('en-US')} models) | ${PRICE_RULE} (price scales${declared ? ', declared too' : ''}) | ${mo.toFixed(1)} (tables included) | ${cycleBuild ? mp.toFixed(1) : '—'} | ${cycleBuild ? (mp / mo).toFixed(2) : '—'} | ${median(tPer).toFixed(1)} |`,
    );
  }
}
console.log(
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
