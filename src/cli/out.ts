// Writing a report or document to the --out file, creating its folder; a failure is a usage error (exit 2).
// Large outputs (streamed findings) go through a Sink: pieces gathered into blocks and written as they fill.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './errors';

export function writeOut(path: string, content: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  } catch (e) {
    throw new UsageError(`--out: cannot write ${path}: ${(e as Error).message}`);
  }
}

/** Output written as it is produced: to `write` (standard output) or to a file. */
export interface Sink {
  write(s: string): void;
  /** UTF-8 bytes, done with when this returns (the caller reuses the buffer). */
  bytes(b: Buffer): void;
  close(): void;
}

const BLOCK = 1 << 20;

/**
 * A sink. To a file, pieces are encoded straight into a 1 MB buffer written when full (no joined strings: joining
 * and re-encoding cost more than the writing). To standard output, each piece is handed to `write` as it comes
 * (writes to files and pipes are synchronous there, so nothing piles up in memory); bytes to `writeBytes` when
 * given (the CLI: process.stdout), else decoded for `write`.
 */
export function openSink(path: string | undefined, write: (s: string) => void, writeBytes?: (b: Buffer) => void): Sink {
  if (path === undefined)
    return {
      write,
      // Standard output may keep what it is given (a pipe written asynchronously): a copy, or the text.
      bytes: writeBytes ? (b) => writeBytes(Buffer.from(b)) : (b) => write(b.toString('utf8')),
      close: () => {},
    };
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'w');
  } catch (e) {
    throw new UsageError(`--out: cannot write ${path}: ${(e as Error).message}`);
  }
  const buf = Buffer.allocUnsafe(BLOCK);
  let off = 0;
  const flush = () => {
    if (off > 0) writeSync(fd, buf, 0, off);
    off = 0;
  };
  return {
    write(s) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      if (off + s.length * 3 > BLOCK) flush();
      if (s.length * 3 > BLOCK) writeSync(fd, s);
      else off += buf.write(s, off);
    },
    bytes(b) {
      if (off + b.length > BLOCK) flush();
      if (b.length > BLOCK) writeSync(fd, b);
      else off += b.copy(buf, off);
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}
