// The report store on an embedded SQLite file (better-sqlite3): schema created on open, prepared statements,
// one row per saved report. Synchronous by design: a save is one small INSERT on a local file.
import Database from 'better-sqlite3';
import type { ReportStore, StoredReport } from './store';

export const DEFAULT_DB = './flopcheck.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reports (
  id         TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  as_of      TEXT NOT NULL,
  lineage    TEXT NOT NULL,
  report     TEXT NOT NULL
) STRICT;
`;

interface Row {
  id: string;
  created_at: string;
  as_of: string;
  lineage: string;
  report: string;
}

/** Opens (creating when needed) the store at `file`; ":memory:" gives a private in-memory database. */
export function openSqliteStore(file: string = DEFAULT_DB): ReportStore {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL'); // readers never wait for a writer
  db.exec(SCHEMA);
  const insert = db.prepare<[string, string, string, string, string]>('INSERT INTO reports (id, created_at, as_of, lineage, report) VALUES (?, ?, ?, ?, ?)');
  const select = db.prepare<[string], Row>('SELECT id, created_at, as_of, lineage, report FROM reports WHERE id = ?');
  return {
    save(r: StoredReport) {
      insert.run(r.id, r.createdAt, r.asOf, r.lineage, r.report);
    },
    get(id: string) {
      const row = select.get(id);
      return row ? { id: row.id, createdAt: row.created_at, asOf: row.as_of, lineage: row.lineage, report: row.report } : undefined;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
