// Cold start of the CLI as CI runs it (one process per job): `node bin/flopcheck.js check <10-model lineage>`
// against bare `node -e 0`, alternating the two, N runs each (default 20), reporting medians, the ratio and the
// added milliseconds. Run after `npm run build`: `node scripts/bench-cold-start.mjs [runs] [format]`.
// Figures go to BENCHMARKS.md ("Cold start") with the command; nothing here is asserted in tests.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 20);
const format = process.argv[3] ?? 'text';
const lineage = join('test', 'golden', 'inputs', 'ten-models.lineage.json');
const check = [join('bin', 'flopcheck.js'), 'check', lineage, '--as-of', '2026-11-28', '--format', format];

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// One warm-up of each so the file-system cache is the same for both.
time(['-e', '0']);
time(check);
const bare = [];
const cli = [];
for (let i = 0; i < runs; i++) {
  bare.push(time(['-e', '0']));
  cli.push(time(check));
}
const b = median(bare);
const c = median(cli);
const fmt = (x) => x.toFixed(1);
console.log(`node ${process.version}, ${runs} runs each, medians`);
console.log(`node -e 0:                                   ${fmt(b)} ms`);
console.log(`node ${check.join(' ')}: ${fmt(c)} ms`);
console.log(`ratio ${(c / b).toFixed(2)}x, added ${fmt(c - b)} ms (target: under 150 ms)`);
