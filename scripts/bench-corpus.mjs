// Benchmark: whole `flopcheck check` runs on generated corpora, each beside its reference in the same run (the
// machine is shared and noisy, so only side-by-side figures mean anything). Run by hand after `npm run build`:
//   node scripts/bench-corpus.mjs 10000 100000 [--merge-heavy] [--formats summary,ndjson,jsonl]
// For each size it writes the corpus (generate() in scripts/bench.mjs; --merge-heavy: 45% of models merge 8
// parents) as a JSON document and as JSON Lines under the temp folder, then runs, one after the other:
//   parse    bare `JSON.parse` of the document in a fresh node (the reference for the whole command)
//   summary  check --format summary --rules '*' --timings
//   ndjson   check --format ndjson --rules '*' --timings > /dev/null (every finding written)
//   jsonl    check <corpus>.jsonl --format summary --rules '*' --timings
// and prints wall seconds and peak RSS (GNU time) with the --timings phases. Figures go to BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generate } from './bench.mjs';

const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const mergeHeavy = args.includes('--merge-heavy');
const fi = args.indexOf('--formats');
const formats = fi >= 0 ? args[fi + 1].split(',') : ['summary', 'ndjson', 'jsonl'];
const dir = join(tmpdir(), 'flopcheck-bench-corpus');
mkdirSync(dir, { recursive: true });
const bin = join(import.meta.dirname, '..', 'bin', 'flopcheck.js');
const asOf = '2026-11-28';

/** Runs a command under GNU time: wall seconds, peak RSS in MB, stderr's last line (the --timings line). */
function measure(cmd, argv, stdoutFile = '/dev/null') {
  const r = spawnSync('sh', ['-c', `/usr/bin/time -f '@@ %e %M' "$@" > ${stdoutFile}`, 'sh', cmd, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const lines = r.stderr.trim().split('\n');
  const t = lines.find((l) => l.startsWith('@@ '));
  if (!t) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stderr.slice(-2000)}`);
  const [, wall, kb] = t.split(' ');
  const timings = lines.find((l) => l.startsWith('{"read"'));
  return { wall: Number(wall), rss: Number(kb) / 1024, timings: timings ? JSON.parse(timings) : null, code: r.status };
}

async function writeCorpus(n) {
  const doc = generate(n, 42, { merge8: mergeHeavy ? 0.45 : 0 });
  const base = join(dir, `${mergeHeavy ? 'merge-heavy' : 'ordinary'}-${n}`);
  writeFileSync(`${base}.json`, JSON.stringify(doc));
  const out = createWriteStream(`${base}.jsonl`);
  const put = async (s) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await put(JSON.stringify({ lineageVersion: 1 }) + '\n');
  for (const organization of doc.organizations) await put(JSON.stringify({ organization }) + '\n');
  for (const model of doc.models) await put(JSON.stringify({ model }) + '\n');
  out.end();
  await once(out, 'finish');
  return base;
}

const phases = ['read', 'parse', 'validate', 'index', 'measure', 'evaluate', 'render'];
console.log(`node ${process.version}; ${mergeHeavy ? 'merge-heavy' : 'ordinary'} corpora; as of ${asOf}; rules '*'`);
console.log(`| models | run | wall s | peak RSS MB | exit | ${phases.join(' ms | ')} ms |`);
console.log(`|---:|---|---:|---:|---:|${phases.map(() => '---:').join('|')}|`);
for (const n of sizes.length ? sizes : [10000, 100000]) {
  const base = await writeCorpus(n);
  const row = (name, m) =>
    console.log(
      `| ${n.toLocaleString('en-US')} | ${name} | ${m.wall.toFixed(2)} | ${m.rss.toFixed(0)} | ${m.code} | ${phases
        .map((p) => (m.timings ? m.timings[p].toFixed(0) : ''))
        .join(' | ')} |`,
    );
  const check = (file, format) => [
    bin,
    'check',
    file,
    '--format',
    format,
    '--rules',
    '*',
    '--as-of',
    asOf,
    '--timings',
  ];
  row(
    'bare JSON.parse',
    measure('node', ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(`${base}.json`)}, 'utf8'))`]),
  );
  if (formats.includes('summary')) row('check --format summary', measure('node', check(`${base}.json`, 'summary')));
  if (formats.includes('jsonl'))
    row('check .jsonl --format summary', measure('node', check(`${base}.jsonl`, 'summary')));
  if (formats.includes('ndjson')) row('check --format ndjson', measure('node', check(`${base}.json`, 'ndjson')));
}
