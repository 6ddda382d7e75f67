// `flopcheck serve`: the web form and the HTTP API (src/server) on a port, reports saved in an embedded SQLite
// file. express and better-sqlite3 are loaded only when this command runs (the other commands start faster).
import type { Server } from 'node:http';
import type { Command } from 'commander';
import { UsageError } from './errors';
import { visibleLines } from '../render/safe-text';

export interface ServeOptions {
  port: string;
  host: string;
  db: string;
  maxDbMb?: string;
  retentionDays?: string;
  rateLimit?: string;
  apiRateLimit?: string;
}

/** A whole number ≥ 0 from a flag, or a UsageError naming the flag. */
function count(flag: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d{1,9}$/.test(s)) throw new UsageError(`${flag}: "${s.slice(0, 40)}" is not a whole number (0 turns it off)`);
  return +s;
}

export function parsePort(s: string): number {
  if (!/^\d{1,5}$/.test(s) || +s > 65535)
    throw new UsageError(`--port: "${s}" is not a port number (0-65535; 0 picks a free one)`);
  return +s;
}

/** "http://127.0.0.1:3000/", with brackets for IPv6 addresses. */
export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

export interface Running {
  server: Server;
  /** Stops accepting connections, lets requests in flight finish (5 s at most), closes the store. */
  close(): Promise<void>;
}

/** Starts the server; reports "listening" (with the URL) or a listen error through the callbacks. */
export function startServer(o: ServeOptions, write: (s: string) => void, writeErr: (s: string) => void): Running {
  const port = parsePort(o.port);
  const maxDbMb = count('--max-db-mb', o.maxDbMb);
  const retentionDays = count('--retention-days', o.retentionDays);
  const pages = count('--rate-limit', o.rateLimit);
  const api = count('--api-rate-limit', o.apiRateLimit);
  /* eslint-disable @typescript-eslint/no-require-imports -- heavy modules only for this command */
  const { createApp } = require('../server/app') as typeof import('../server/app');
  const { openSqliteStore } = require('../store/sqlite') as typeof import('../store/sqlite');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let store: ReturnType<typeof openSqliteStore>;
  try {
    store = openSqliteStore(o.db, maxDbMb ? { maxBytes: maxDbMb * 1024 * 1024 } : {});
  } catch (e) {
    throw new UsageError(`--db: cannot open ${o.db}: ${(e as Error).message}`);
  }
  const app = createApp({
    store,
    retentionDays,
    rateLimits: { ...(pages !== undefined ? { pages } : {}), ...(api !== undefined ? { api } : {}) },
    log: (m) => writeErr(`${m}\n`),
  });
  const server = app.listen(port, o.host);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), 5000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        store.close();
        resolve();
      });
      server.closeIdleConnections();
    }));
  server.on('listening', () => {
    const addr = server.address();
    const actual = typeof addr === 'object' && addr ? addr.port : port;
    write(`flopcheck serving on ${serverUrl(o.host, actual)} (reports saved in ${o.db}); press Ctrl-C to stop\n`);
  });
  server.on('error', (e: NodeJS.ErrnoException) => {
    const why =
      e.code === 'EADDRINUSE' ? 'the port is already in use' : e.code === 'EACCES' ? 'permission denied' : e.message;
    writeErr(`flopcheck: error: cannot listen on ${o.host}:${port}: ${why}\n`);
    store.close();
    process.exitCode = 2;
  });
  return { server, close };
}

/** Registers `serve` on the program (one line in main.ts). */
export function registerServeCommand(program: Command, write: (s: string) => void, setCode: (c: number) => void): void {
  program
    .command('serve')
    .description('start the web assessment form and the HTTP API (GET /, POST /api/v1/evaluate, ...)')
    .option('--port <n>', 'port to listen on (0: any free port)', '3000')
    .option('--host <address>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .option(
      '--db <file>',
      'SQLite file for saved reports (:memory: keeps them only while running)',
      './flopcheck.sqlite',
    )
    .option(
      '--max-db-mb <n>',
      'size quota of the report database in MB; saves past it answer 507 (default 1024; 0: none)',
      '1024',
    )
    .option('--retention-days <n>', 'days a saved report is kept, then 410 and purged (default 90; 0: forever)')
    .option('--rate-limit <n>', 'POSTs to the form and saved reports per client per minute (default 30; 0: no limit)')
    .option('--api-rate-limit <n>', 'POST /api/v1/evaluate requests per client per minute (default 600; 0: no limit)')
    .action((o: ServeOptions) => {
      const running = startServer(o, write, (s) => process.stderr.write(visibleLines(s)));
      const stop = (signal: NodeJS.Signals) => {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        write(`flopcheck: ${signal}: shutting down\n`);
        void running.close();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      running.server.on('close', () => {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
      });
      setCode(0);
    });
}
