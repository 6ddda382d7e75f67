// What the web adapter needs from a report store: save a report under a fresh id, get it back. Any backend fits;
// the embedded SQLite one is in sqlite.ts, and an in-memory one here serves tests and throwaway servers.

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
  close(): void;
}

export function memoryStore(): ReportStore {
  const reports = new Map<string, StoredReport>();
  return {
    save: (r) => {
      if (reports.has(r.id)) throw new Error(`report ${r.id} already exists`);
      reports.set(r.id, { ...r });
    },
    get: (id) => {
      const r = reports.get(id);
      return r ? { ...r } : undefined;
    },
    close: () => reports.clear(),
  };
}
