// The SQLite report store: schema on open, save and get back byte-for-byte, unknown ids, persistence across opens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite';
import { memoryStore, StoredReport } from './store';

const sample: StoredReport = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  createdAt: '2026-11-28T12:00:00.000Z',
  asOf: '2026-11-28',
  lineage: '{"lineageVersion":1,"models":[{"id":"m","compute":[{"phase":"pretraining","flop":1e+25}]}]}',
  report: '{\n  "asOf": "2026-11-28"\n}\n',
};

const dir = mkdtempSync(join(tmpdir(), 'flopcheck-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['sqlite :memory:', () => openSqliteStore(':memory:')],
  ['memory', () => memoryStore()],
])('%s store', (_name, open) => {
  it('saves a report and returns it unchanged; unknown ids give undefined', () => {
    const s = open();
    s.save(sample);
    expect(s.get(sample.id)).toEqual(sample);
    expect(s.get('BBBBBBBBBBBBBBBBBBBBBB')).toBeUndefined();
    s.close();
  });

  it('refuses a second report under the same id', () => {
    const s = open();
    s.save(sample);
    expect(() => s.save({ ...sample, report: '{}' })).toThrow();
    expect(s.get(sample.id)?.report).toBe(sample.report);
    s.close();
  });
});

describe('sqlite file store', () => {
  it('creates the schema on open and keeps reports across reopening', () => {
    const file = join(dir, 'reports.sqlite');
    const a = openSqliteStore(file);
    a.save(sample);
    a.close();
    a.close(); // closing twice is harmless (shutdown paths may overlap)
    const b = openSqliteStore(file);
    expect(b.get(sample.id)).toEqual(sample);
    b.close();
  });

  it('uses WAL, synchronous=FULL (2) and a short busy timeout, so a held lock cannot freeze the server', () => {
    const s = openSqliteStore(join(dir, 'settings.sqlite'));
    expect(s.settings()).toEqual({ journalMode: 'wal', synchronous: 2, busyTimeoutMs: 100 });
    s.close();
  });
});
