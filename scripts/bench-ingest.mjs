// Benchmark: the ingest phases alone (read, parse, validate, index) of a corpus, this build beside another, in fresh
// processes, alternating, so that a noisy machine affects both alike. Run by hand after `npm run build`:
//   node scripts/bench-ingest.mjs <corpus.json|.jsonl> [more files] [--against /work/main] [--rounds 5]
// Corpora come from scripts/bench-corpus.mjs (--dir, without --clean). Each run prints its phases in ms (as the CLI
// steps do them: readText + parseDocument, or readJsonLines; validateLineage; indexLineage), peak RSS after the
// index, and the process's CPU time (cpuRPV: of read, parse and validate; cpu: with the index); the table ends with
// the median of each column per build and file.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const against = option('--against');
const rounds = Number(option('--rounds') ?? 5);
const files = args.filter((a, k) => !a.startsWith('--') && !['--against', '--rounds'].includes(args[k - 1]));
const here = join(import.meta.dirname, '..');
const builds = against
  ? [
      ['reference', against],
      ['this', here],
    ]
  : [['this', here]];

/**
 * One fresh process ingesting `file` with the build at `root` the way its `check` does (a build with
 * core/validate/lineage-fast.js: parse without the depth walk, the fast walk, the reference only when it does not
 * accept); its figures as JSON on stdout: wall ms per phase, and CPU ms (user + system) of read + parse + validate.
 */
const child = `
const [root, file] = process.argv.slice(1);
const { existsSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const d = (p) => require(root + '/dist/src/' + p);
const { readText, parseDocument, parseUnchecked, checkDepth } = d('io/document.js');
const { readJsonLines } = d('io/jsonl.js');
const { validateLineage } = d('core/validate/lineage.js');
const fast = existsSync(root + '/dist/src/core/validate/lineage-fast.js') ? d('core/validate/lineage-fast.js').fastValidLineage : null;
const { indexLineage } = d('core/graph/lineage.js');
const { loadReference } = d('io/load.js');
const ref = loadReference();
const c0 = process.cpuUsage();
const t = [performance.now()];
let raw, again = () => {};
if (/\\.jsonl$/.test(file)) {
  t.push(performance.now());
  const r = fast ? readJsonLines(file, { deferDepth: true }) : readJsonLines(file);
  raw = r.doc;
  if (fast) again = r.checkDepth;
} else {
  const text = readText(file);
  t.push(performance.now());
  raw = fast ? parseUnchecked(text, file) : parseDocument(text, file);
  if (fast) again = () => checkDepth(raw, file);
}
t.push(performance.now());
let v = fast ? fast(raw, ref) : null;
if (v) v = { ok: true, ...v };
else { again(); v = validateLineage(raw, ref); }
if (!v.ok) throw new Error('invalid corpus');
t.push(performance.now());
const rpv = process.cpuUsage(c0);
const ix = indexLineage(v.doc, v.ids);
t.push(performance.now());
const cpu = process.cpuUsage(c0);
console.log(JSON.stringify({ read: t[1] - t[0], parse: t[2] - t[1], validate: t[3] - t[2], index: t[4] - t[3],
  ingest: t[4] - t[0], cpuRPV: (rpv.user + rpv.system) / 1000, cpu: (cpu.user + cpu.system) / 1000,
  rssMB: process.memoryUsage().rss / 2 ** 20, n: ix.models.length }));
`;
const cols = ['read', 'parse', 'validate', 'index', 'ingest', 'cpuRPV', 'cpu', 'rssMB'];
console.log(
  `node ${process.version}; load average at start ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`,
);
console.log(`| file | build | round | ${cols.join(' | ')} |`);
console.log(`|---|---|---:|${cols.map(() => '---:').join('|')}|`);
const seen = {};
for (const file of files) {
  for (let r = 1; r <= rounds; r++)
    for (const [name, root] of builds) {
      const p = spawnSync('node', ['-e', child, root, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (p.status !== 0) throw new Error(`${name} on ${file} failed:\n${p.stderr.slice(-2000)}`);
      const m = JSON.parse(p.stdout.trim().split('\n').pop());
      ((seen[file] ??= {})[name] ??= []).push(m);
      console.log(`| ${file} | ${name} | ${r} | ${cols.map((c) => m[c].toFixed(0)).join(' | ')} |`);
    }
  for (const [name] of builds) {
    const runs = seen[file][name];
    const median = (c) => {
      const xs = runs.map((m) => m[c]).sort((a, b) => a - b);
      return xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
    };
    console.log(`| ${file} | ${name} | median | ${cols.map((c) => median(c).toFixed(0)).join(' | ')} |`);
  }
}
console.log(
  `load average at end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`,
);
