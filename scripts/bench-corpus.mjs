// Benchmark: whole `flopcheck check` runs on generated corpora, each beside its reference in the same run (the
// machine is shared and noisy, so only side-by-side figures mean anything). Run by hand after `npm run build`:
//   node scripts/bench-corpus.mjs 10000 100000 [--merge-heavy] [--formats summary,ndjson,jsonl]
//     [--against /work/main/bin/flopcheck.js] [--rounds 2] [--dir /tmp/corpora] [--clean] [--timeout <s>]
// For each size it writes the corpus (generate() in scripts/bench.mjs; --merge-heavy: 45% of models merge 8
// parents) as a JSON document and as JSON Lines under the temp folder, then runs, one after the other:
//   parse    bare `JSON.parse` of the document in a fresh node (the reference for the whole command)
//   summary  check --format summary --rules '*' --timings
//   ndjson   check --format ndjson --rules '*' --timings > /dev/null (every finding written)
//   jsonl    check <corpus>.jsonl --format summary --rules '*' --timings
// and prints wall seconds, CPU seconds (user + system) and peak RSS (GNU time) with the --timings phases. Figures go
// to BENCHMARKS.md.
// --against <bin>: each check is also run with another build (e.g. main's), the two alternating, for --rounds
// rounds (each round: parse, then every format with the reference build, then with this one). --dir: where the
// corpora go (default <tmp>/flopcheck-bench-corpus); --clean deletes each size's corpus files after its runs (a
// million models take about 0.5 GB as a document and as JSON Lines). --timeout <s>: each run of the reference build
// is stopped after that many seconds (`timeout`; exit 124 in the table, wall time the bound).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generate } from './bench.mjs';

const args = process.argv.slice(2);
const sizes = args.filter((a, k) => /^\d+$/.test(a) && args[k - 1] !== '--rounds').map(Number);
const mergeHeavy = args.includes('--merge-heavy');
const fi = args.indexOf('--formats');
const formats = fi >= 0 ? args[fi + 1].split(',') : ['summary', 'ndjson', 'jsonl'];
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const against = option('--against');
const rounds = Number(option('--rounds') ?? 1);
const clean = args.includes('--clean');
const timeout = option('--timeout');
const dir = option('--dir') ?? join(tmpdir(), 'flopcheck-bench-corpus');
mkdirSync(dir, { recursive: true });
const bin = join(import.meta.dirname, '..', 'bin', 'flopcheck.js');
const asOf = '2026-11-28';

/** Runs a command under GNU time: wall seconds, peak RSS in MB, stderr's last line (the --timings line). */
function measure(cmd, argv, stdoutFile = '/dev/null') {
  const r = spawnSync('sh', ['-c', `/usr/bin/time -f '@@ %e %M %U %S' "$@" > ${stdoutFile}`, 'sh', cmd, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const lines = r.stderr.trim().split('\n');
  const t = lines.find((l) => l.startsWith('@@ '));
  if (!t) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stderr.slice(-2000)}`);
  const [, wall, kb, user, sys] = t.split(' ');
  const timings = lines.find((l) => l.startsWith('{"read"'));
  return {
    wall: Number(wall),
    rss: Number(kb) / 1024,
    cpu: Number(user) + Number(sys),
    timings: timings ? JSON.parse(timings) : null,
    code: r.status,
  };
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
console.log(`| models | run | wall s | CPU s | peak RSS MB | exit | ${phases.join(' ms | ')} ms |`);
console.log(`|---:|---|---:|---:|---:|---:|${phases.map(() => '---:').join('|')}|`);
for (const n of sizes.length ? sizes : [10000, 100000]) {
  const base = await writeCorpus(n);
  const row = (name, m) =>
    console.log(
      `| ${n.toLocaleString('en-US')} | ${name} | ${m.wall.toFixed(2)} | ${m.cpu.toFixed(2)} | ${m.rss.toFixed(0)} | ${m.code} | ${phases
        .map((p) => (m.timings ? m.timings[p].toFixed(0) : ''))
        .join(' | ')} |`,
    );
  const check = (b, file, format) => [
    b,
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
  // The reference build under `timeout` when --timeout is given.
  const run = (b, file, format) =>
    timeout && b === against
      ? measure('timeout', [timeout, 'node', ...check(b, file, format)])
      : measure('node', check(b, file, format));
  const builds = against
    ? [
        [' (reference build)', against],
        ['', bin],
      ]
    : [['', bin]];
  for (let r = 0; r < rounds; r++) {
    row(
      'bare JSON.parse',
      measure('node', ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(`${base}.json`)}, 'utf8'))`]),
    );
    for (const [label, b] of builds) {
      if (formats.includes('summary')) row(`check --format summary${label}`, run(b, `${base}.json`, 'summary'));
      if (formats.includes('jsonl')) row(`check .jsonl --format summary${label}`, run(b, `${base}.jsonl`, 'summary'));
      if (formats.includes('ndjson')) row(`check --format ndjson${label}`, run(b, `${base}.json`, 'ndjson'));
    }
    console.log(
      `(round ${r + 1} done; load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(', ')})`,
    );
  }
  if (clean) for (const ext of ['json', 'jsonl']) rmSync(`${base}.${ext}`, { force: true });
}
