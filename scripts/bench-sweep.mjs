// Benchmark: a 20-value threshold sweep (eu-ai-act/systemic-risk, cumulativeFlop and ownMergeFlop, 1e23..1e27/19)
// over a lineage file, e.g. the Epoch AI notable-models corpus made by `flopcheck import epoch`.
// Run by hand after `npm run build`: `node scripts/bench-sweep.mjs /tmp/notable.json [runs]`. Reports medians of:
// the whole CLI run (start-up, reading and validating the lineage, the sweep, JSON output), the sweep in process,
// and the same 20 evaluations with a fresh Evaluator (and MeasureStore) per value, i.e. without sharing tables.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { validateLineage, sweep, summarize, loadBuiltinRules, loadReference } = require('../dist/src/index.js');
const { expandValues, selectTargets, withThreshold } = require('../dist/src/core/research/index.js');

const [file, runsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node scripts/bench-sweep.mjs <lineage.json> [runs]');
const runs = Number(runsArg ?? 7);
const asOf = '2026-07-19';
const rule = 'eu-ai-act/systemic-risk';
const target = 'cumulativeFlop,ownMergeFlop';
const spec = '1e23..1e27/19';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

const rules = loadBuiltinRules();
const reference = loadReference();
const v = validateLineage(JSON.parse(readFileSync(file, 'utf8')), reference);
if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 5)));
const doc = v.doc;
const values = expandValues(spec);
const base = rules.find((r) => r.id === rule);
const pointers = selectTargets(base, target, undefined).targets.map((t) => t.pointer);

const cli = [];
const shared = [];
const fresh = [];
for (let k = 0; k < runs + 1; k++) {
  const c = time(() => {
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'bin', 'flopcheck.js'),
        'sweep',
        file,
        '--rule',
        rule,
        '--measure',
        target,
        '--values',
        spec,
        '--as-of',
        asOf,
        '--format',
        'json',
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(r.stderr);
  });
  const s = time(() => sweep(doc, rules, { asOf, reference, rule, target, values, changes: true }));
  const f = time(() => {
    for (const value of values) {
      const modified = withThreshold(base, pointers, value);
      summarize(
        doc,
        rules.map((r) => (r.id === rule ? modified : r)),
        { asOf, reference, select: [rule] },
      );
    }
  });
  if (k === 0) continue; // warm-up
  cli.push(c);
  shared.push(s);
  fresh.push(f);
}
console.log(
  `node ${process.version}; ${doc.models.length} models; ${values.length} values (${spec}); ${runs} runs after one warm-up`,
);
console.log('| measure | median ms |');
console.log('|---|---:|');
console.log(`| CLI \`flopcheck sweep … --format json\`, whole process | ${median(cli).toFixed(0)} |`);
console.log(
  `| sweep() in process (validated clone per value, shared MeasureStore, --changes) | ${median(shared).toFixed(1)} |`,
);
console.log(
  `| same 20 evaluations, fresh Evaluator and MeasureStore per value, no validation | ${median(fresh).toFixed(1)} |`,
);
