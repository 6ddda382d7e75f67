// Reliability measurements of `flopcheck serve` (issue 13 items 3 and 4), each against a server this script starts on
// 127.0.0.1 with a fresh database in a temporary folder; bounded in requests and time; figures go to RELIABILITY.md.
// Run after `npm run build`:
//   node scripts/reliability.mjs sigkill [rounds=5]   saves acknowledged (200 + Content-Location) survive SIGKILL
//   node scripts/reliability.mjs lock [seconds=12]    another process holds the SQLite write lock: what users see
//   node scripts/reliability.mjs disk [seconds=30]    disk written by POST /assess as fast as one client can, with
//                                                     the default rate limit and with none
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const seed = readFileSync(join(root, 'examples', 'seed-fine-tuner.lineage.json'));
const mode = process.argv[2];
const arg = (d) => Math.min(120, Number(process.argv[3] ?? d));
const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-reliability-'));

function serve(db, extra = []) {
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'flopcheck.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--db', db, ...extra],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.stderr.on('data', () => {});
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
}
const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

async function timed(url, init) {
  const t = performance.now();
  try {
    const r = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const body = await r.text();
    return { status: r.status, ms: performance.now() - t, headers: r.headers, body };
  } catch (e) {
    return { status: 0, ms: performance.now() - t, error: e.message };
  }
}
const assess = (url) =>
  timed(`${url}/assess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: seed });
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]) : 0;
};

async function sigkill(rounds) {
  // Clients keep saving; the server is killed with SIGKILL at a random moment; after a restart every report whose
  // save was acknowledged must be there. synchronous=FULL is what makes this hold on power loss too.
  const db = join(tmp, 'kill.sqlite');
  const acked = [];
  let inFlightAtKill = 0;
  for (let round = 0; round < rounds; round++) {
    const { child, url } = await serve(db, ['--rate-limit', '0']);
    let killed = false;
    const clients = Array.from({ length: 4 }, async () => {
      while (!killed) {
        const r = await assess(url);
        if (r.status === 200 && r.headers.get('content-location')) acked.push(r.headers.get('content-location'));
        if (r.status === 0) break;
      }
    });
    await new Promise((res) => setTimeout(res, 500 + Math.random() * 1500));
    killed = true;
    child.kill('SIGKILL');
    inFlightAtKill += 4;
    await Promise.all(clients);
    await new Promise((res) =>
      child.exitCode !== null || child.signalCode !== null ? res() : child.once('exit', res),
    );
  }
  const { child, url } = await serve(db);
  let missing = 0;
  for (const loc of acked) if ((await timed(`${url}${loc}.json`)).status !== 200) missing++;
  await stop(child);
  const integrity = new Database(db, { readonly: true }).pragma('integrity_check', { simple: true });
  return {
    rounds,
    acknowledgedSaves: acked.length,
    missingAfterRestart: missing,
    integrity,
    clientsInFlightAtKill: inFlightAtKill,
  };
}

async function lock(seconds) {
  // The case: another process holds the database's write lock for `seconds` s while users assess and
  // probes hit /healthz. Then the lock is released and saves work again.
  const db = join(tmp, 'lock.sqlite');
  const { child, url } = await serve(db, ['--rate-limit', '0']);
  const first = await assess(url);
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const D=require(${JSON.stringify(require.resolve('better-sqlite3'))});const d=new D(${JSON.stringify(db)});d.exec('BEGIN EXCLUSIVE');process.stdout.write('locked\\n');setTimeout(()=>{d.exec('ROLLBACK');d.close();},${seconds * 1000});`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((res) => holder.stdout.once('data', res));
  const t0 = performance.now();
  const during = { assess: [], healthz: [], report: [] };
  while (performance.now() - t0 < (seconds - 1) * 1000) {
    const [a, h, g] = await Promise.all([
      assess(url),
      timed(`${url}/healthz`),
      timed(`${url}${first.headers.get('content-location')}`),
    ]);
    during.assess.push(a);
    during.healthz.push(h);
    during.report.push(g);
    await new Promise((res) => setTimeout(res, 200));
  }
  await new Promise((res) => holder.once('exit', res));
  const after = await assess(url);
  await stop(child);
  const sum = (xs) => ({
    n: xs.length,
    statuses: [...new Set(xs.map((x) => x.status))].join(','),
    p50: pct(
      xs.map((x) => x.ms),
      50,
    ),
    max: Math.round(Math.max(...xs.map((x) => x.ms))),
  });
  return {
    seconds,
    assessDuringLock: {
      ...sum(during.assess),
      retryAfter: during.assess[0]?.headers?.get('retry-after'),
      showsEvaluation: during.assess.every((x) => /At a glance/.test(x.body)),
      saysNotSaved: during.assess.every((x) => /was not saved/.test(x.body)),
    },
    healthzDuringLock: sum(during.healthz),
    savedReportDuringLock: sum(during.report),
    assessAfterRelease: after.status,
  };
}

async function disk(seconds) {
  // One client POSTing /assess back to back for `seconds` s: bytes the database grew by, with the default rate
  // limit (30 per minute per client) and with the limit off (what compression alone gives).
  const out = {};
  for (const [name, extra] of [
    ['default rate limit', []],
    ['no rate limit', ['--rate-limit', '0']],
  ]) {
    const db = join(tmp, `disk-${name.replace(/ /g, '-')}.sqlite`);
    const { child, url } = await serve(db, extra);
    const statuses = {};
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      const r = await assess(url);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
    await stop(child);
    const size = ['', '-wal', '-shm'].reduce((s, x) => s + (existsSync(db + x) ? statSync(db + x).size : 0), 0);
    const saved = new Database(db, { readonly: true }).prepare('SELECT count(*) AS n FROM saved_reports').get().n;
    out[name] = {
      seconds,
      statuses,
      saved,
      bytesOnDisk: size,
      bytesPerReport: saved ? Math.round(size / saved) : null,
    };
  }
  return out;
}

try {
  const result =
    mode === 'sigkill'
      ? await sigkill(arg(5))
      : mode === 'lock'
        ? await lock(arg(12))
        : mode === 'disk'
          ? await disk(arg(30))
          : undefined;
  if (!result) {
    console.error('usage: node scripts/reliability.mjs sigkill|lock|disk [n]');
    process.exitCode = 2;
  } else console.log(JSON.stringify({ mode, ...result }, null, 2));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
