// `flopcheck import epoch` shows how many rows it has read on a terminal (cli/research-io.ts progress), never on a
// pipe. Run on the built CLI module (dist/, as the binary loads it), with a fake stream and clock.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as ImportCli from '../src/cli/import';
import { progress } from '../src/cli/research-io';
import { root } from './helpers/cli';

const { runImportEpoch } = createRequire(__filename)(join(root, 'dist', 'src', 'cli', 'import.js')) as typeof ImportCli;
const CSV = join(root, 'test', 'data', 'epoch-mini.csv');

function fake(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => (out.push(s), true) } as never };
}

describe('import epoch progress', () => {
  it('counts the rows read on a terminal once the run is slow, then clears the line', () => {
    const f = fake(true);
    let t = 0;
    const bar = progress('import epoch: rows read', f.stream, () => (t += 1000)); // every look at the clock: 1 s later
    let doc = '';
    expect(
      runImportEpoch(
        CSV,
        {},
        (s) => (doc += s),
        () => {},
        bar,
      ),
    ).toBe(0);
    const lines = f.out.slice(0, -1);
    expect(lines.length).toBeGreaterThan(0);
    const last = /^\rimport epoch: rows read: (\d+)\/(\d+)$/.exec(lines[lines.length - 1])!;
    expect(last[1]).toBe(last[2]);
    expect(f.out[f.out.length - 1]).toBe('\r\x1b[K');
    expect(JSON.parse(doc).lineageVersion).toBe(1); // the document itself is untouched
  });

  it('writes nothing when standard error is not a terminal', () => {
    const f = fake(false);
    let t = 0;
    runImportEpoch(
      CSV,
      {},
      () => {},
      () => {},
      progress('import epoch: rows read', f.stream, () => (t += 1000)),
    );
    expect(f.out).toEqual([]);
  });
});
