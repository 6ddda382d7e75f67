// The report store on an embedded SQLite file (better-sqlite3): schema created (or migrated) on open, prepared
// statements, one row per saved report with the lineage and report text Brotli-compressed (a 350 KB JSON report is
// about 10 KB stored). Synchronous, so every wait for a lock stops the whole server: the busy timeout is short, and a
// lock held past it is a StoreBusyError (HTTP 503 with Retry-After), never a frozen event loop. A size quota
// (max_page_count) makes a full store a StoreFullError (HTTP 507) before the disk fills.
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import Database from 'better-sqlite3';
import { ReportStore, StoreBusyError, StoreFullError, StoredReport } from './store';

export const DEFAULT_DB = './flopcheck.sqlite';

/** How long a statement waits for another connection's lock before giving up (the event loop waits with it). */
export const DEFAULT_BUSY_TIMEOUT_MS = 100;

export interface SqliteStoreOptions {
  /** Milliseconds to wait for a lock held by another connection (default 100). */
  busyTimeoutMs?: number;
  /** Largest database file, in bytes (default: no limit). Saves past it fail with StoreFullError. */
  maxBytes?: number;
}

// Schema version 2: compressed BLOBs. Version 0/1 databases (one TEXT `reports` table) are migrated on open.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS saved_reports (
  id         TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  as_of      TEXT NOT NULL,
  lineage    BLOB NOT NULL,
  report     BLOB NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS saved_reports_created_at ON saved_reports (created_at);
`;
const VERSION = 2;

interface Row {
  id: string;
  created_at: string;
  as_of: string;
  lineage: Buffer;
  report: Buffer;
}

// Quality 5: about 34× smaller than the text for reports, in about 3 ms (quality 11 is ten times slower for 20% less).
const pack = (s: string) =>
  brotliCompressSync(s, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
const unpack = (b: Buffer) => brotliDecompressSync(b).toString('utf8');

/** SQLite's result codes that mean "someone else holds the lock" and "no room". */
const isBusy = (e: unknown) =>
  typeof (e as { code?: unknown })?.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test((e as { code: string }).code);
const isFull = (e: unknown) => (e as { code?: unknown })?.code === 'SQLITE_FULL';

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= VERSION) return;
  db.transaction(() => {
    db.exec(SCHEMA);
    const old = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'reports'").get();
    if (old) {
      const insert = db.prepare(
        'INSERT OR IGNORE INTO saved_reports (id, created_at, as_of, lineage, report) VALUES (?, ?, ?, ?, ?)',
      );
      for (const r of db.prepare('SELECT id, created_at, as_of, lineage, report FROM reports').all() as {
        id: string;
        created_at: string;
        as_of: string;
        lineage: string;
        report: string;
      }[]) {
        insert.run(r.id, r.created_at, r.as_of, pack(r.lineage), pack(r.report));
      }
      db.exec('DROP TABLE reports');
    }
    db.pragma(`user_version = ${VERSION}`);
  })();
}

/** Runs a statement, turning lock and quota failures into the store's typed errors. */
function guarded<T>(f: () => T, quota: number | undefined): T {
  try {
    return f();
  } catch (e) {
    if (isBusy(e)) throw new StoreBusyError();
    if (isFull(e)) throw new StoreFullError(quota);
    throw e;
  }
}

export interface SqliteReportStore extends ReportStore {
  /** The connection's settings as SQLite reports them (journal mode, synchronous level, busy timeout in ms). */
  settings(): { journalMode: string; synchronous: number; busyTimeoutMs: number };
}

/** Opens (creating when needed) the store at `file`; ":memory:" gives a private in-memory database. */
export function openSqliteStore(file: string = DEFAULT_DB, options: SqliteStoreOptions = {}): SqliteReportStore {
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  if (file !== ':memory:') db.pragma('journal_mode = WAL'); // readers never wait for a writer
  // FULL: in WAL mode NORMAL may lose the last commits on power loss; a report the user was told is saved (303 to its
  // address) must survive that. The cost is one fsync per save, a few ms beside the evaluation.
  db.pragma('synchronous = FULL');
  if (options.maxBytes !== undefined) {
    const page = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`max_page_count = ${Math.max(16, Math.floor(options.maxBytes / page))}`);
  }
  migrate(db);
  const quota = options.maxBytes;
  const insert = db.prepare<[string, string, string, Buffer, Buffer]>(
    'INSERT INTO saved_reports (id, created_at, as_of, lineage, report) VALUES (?, ?, ?, ?, ?)',
  );
  const select = db.prepare<[string], Row>(
    'SELECT id, created_at, as_of, lineage, report FROM saved_reports WHERE id = ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM saved_reports WHERE id = ?');
  const purge = db.prepare<[string]>('DELETE FROM saved_reports WHERE created_at < ?');
  return {
    save(r: StoredReport) {
      const lineage = pack(r.lineage);
      const report = pack(r.report);
      guarded(() => insert.run(r.id, r.createdAt, r.asOf, lineage, report), quota);
    },
    get(id: string) {
      const row = guarded(() => select.get(id), quota);
      return row
        ? {
            id: row.id,
            createdAt: row.created_at,
            asOf: row.as_of,
            lineage: unpack(row.lineage),
            report: unpack(row.report),
          }
        : undefined;
    },
    delete(id: string) {
      return guarded(() => remove.run(id), quota).changes > 0;
    },
    purge(before: string) {
      return guarded(() => purge.run(before), quota).changes;
    },
    settings() {
      return {
        journalMode: db.pragma('journal_mode', { simple: true }) as string,
        synchronous: db.pragma('synchronous', { simple: true }) as number,
        busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
      };
    },
    close() {
      if (db.open) db.close();
    },
  };
}
