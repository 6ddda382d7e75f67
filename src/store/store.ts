// What the web adapter needs from a report store: save a report under a fresh id, get it back, delete it, drop the
// expired ones. Any backend fits; the embedded SQLite one is in sqlite.ts, and an in-memory one here serves tests and
// throwaway servers. Failures the user can act on are typed (StoreBusyError, StoreFullError) so the server can
// answer 503 or 507 and still show the evaluation.

/** One saved assessment: the input lineage and the JSON report, both as the exact text that was produced. */
export interface StoredReport {
  /** Unguessable id (128 random bits, base64url): the report page URL is its only key. */
  id: string;
  /** When it was saved (ISO 8601 timestamp, UTC). */
  createdAt: string;
  /** The evaluation date of the report (YYYY-MM-DD). */
  asOf: string;
  /** The lineage document as JSON text. */
  lineage: string;
  /** The report as JSON text (renderJson's output: what `check --format json` prints). */
  report: string;
}

export interface ReportStore {
  save(report: StoredReport): void;
  /** The report with this id, or undefined. */
  get(id: string): StoredReport | undefined;
  /** Removes the report; false when there was none. */
  delete?(id: string): boolean;
  /** Removes every report saved before `createdBefore` (ISO timestamp); how many went. */
  purge?(createdBefore: string): number;
  close(): void;
}

/** The store is locked by another process (SQLITE_BUSY past the busy timeout): try again shortly. */
export class StoreBusyError extends Error {
  constructor(readonly retryAfterSeconds = 2) {
    super('the report store is busy (locked by another process)');
    this.name = 'StoreBusyError';
  }
}

/** The store has reached its size quota (or the disk is full): nothing more can be saved until reports go. */
export class StoreFullError extends Error {
  constructor(readonly quotaBytes?: number) {
    super('the report store is full');
    this.name = 'StoreFullError';
  }
}

export interface MemoryStoreOptions {
  /** Largest total of lineage and report text kept, in bytes (default: no limit). */
  maxBytes?: number;
}

export function memoryStore(options: MemoryStoreOptions = {}): ReportStore {
  const reports = new Map<string, StoredReport>();
  let bytes = 0;
  const size = (r: StoredReport) => r.lineage.length + r.report.length;
  return {
    save: (r) => {
      if (reports.has(r.id)) throw new Error(`report ${r.id} already exists`);
      if (options.maxBytes !== undefined && bytes + size(r) > options.maxBytes)
        throw new StoreFullError(options.maxBytes);
      reports.set(r.id, { ...r });
      bytes += size(r);
    },
    get: (id) => {
      const r = reports.get(id);
      return r ? { ...r } : undefined;
    },
    delete: (id) => {
      const r = reports.get(id);
      if (r) bytes -= size(r);
      return reports.delete(id);
    },
    purge: (before) => {
      let n = 0;
      for (const [id, r] of reports) {
        if (r.createdAt < before) {
          reports.delete(id);
          bytes -= size(r);
          n++;
        }
      }
      return n;
    },
    close: () => reports.clear(),
  };
}
