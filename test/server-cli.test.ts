// `flopcheck serve` as a user runs it: prints its URL, saves reports in the SQLite file across restarts, stops
// cleanly on SIGINT/SIGTERM, fails clearly (exit 2) on a bad port or a port in use; other commands never load the
// server's packages.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'bin', 'flopcheck.js');
const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-serve-'));
const seed = readFileSync(join(root, 'examples', 'seed-fine-tuner.lineage.json'), 'utf8');
const running: ChildProcess[] = [];

afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Served {
  proc: ChildProcess;
  url: string;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

/** Starts `flopcheck serve` and resolves once it prints its URL (or rejects with its output when it exits first). */
function serve(args: string[]): Promise<Served> {
  const proc = spawn(process.execPath, [bin, 'serve', ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  let out = '';
  let err = '';
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1], out: () => out, err: () => err, exit });
    });
    proc.stderr.on('data', (d) => (err += d));
    void exit.then((code) => reject(new Error(`serve exited (${code}) before listening:\n${out}\n${err}`)));
  });
}

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('flopcheck serve', () => {
  it('serves the API and pages, keeps reports in the SQLite file across restarts, and stops on SIGTERM and SIGINT', async () => {
    const db = join(tmp, 'reports.sqlite');
    const a = await serve(['--port', '0', '--db', db]);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(a.out()).toContain(db);
    expect(await (await fetch(`${a.url}healthz`)).json()).toEqual({ status: 'ok' });
    const api = await fetch(`${a.url}api/v1/evaluate?asOf=2026-11-28`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: seed,
    });
    expect(api.status).toBe(200);
    const saved = await fetch(`${a.url}reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: seed,
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    const location = saved.headers.get('location')!;
    const before = await (await fetch(new URL(`${location}.json`, a.url))).text();
    a.proc.kill('SIGTERM');
    expect(await a.exit).toBe(0);
    expect(a.out()).toMatch(/SIGTERM: shutting down/);

    const b = await serve(['--port', '0', '--db', db]);
    const after = await fetch(new URL(`${location}.json`, b.url));
    expect(after.status).toBe(200);
    expect(await after.text()).toBe(before);
    b.proc.kill('SIGINT');
    expect(await b.exit).toBe(0);
    expect(b.err()).toBe('');
  });

  it('exits 2 with a clear message when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const proc = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--db', ':memory:'], {
        cwd: tmp,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.push(proc);
      let err = '';
      proc.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
      expect(code).toBe(2);
      expect(err).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('exits 2 for a bad port or an unusable database file', () => {
    const r = run(['serve', '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--port: "eighty" is not a port number/);
    const d = run(['serve', '--port', '0', '--db', join(tmp, 'no', 'such', 'dir', 'x.sqlite')]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/--db: cannot open/);
  });

  it('is listed in the help, and other commands load neither express nor better-sqlite3', () => {
    expect(run(['--help']).out).toMatch(/serve \[options\]/);
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(join(root, 'dist', 'src', 'cli', 'main.js'))}).run(['node', 'flopcheck', 'rules', 'list', '--format', 'json']); process.stderr.write(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](express|better-sqlite3|body-parser)[\\\\/]/.test(k)).length))`,
      ],
      { cwd: tmp, encoding: 'utf8' },
    );
    expect(probe.stderr).toBe('0');
  });
});
