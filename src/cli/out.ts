// Writing a report or document to the --out file, creating its folder; a failure is a usage error (exit 2).
// Large outputs (streamed findings) go through a Sink: pieces gathered into blocks and written as they fill.
import { closeSync, fstatSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { isatty } from 'node:tty';
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

/** The process's standard output for bytes (the CLI's); openSink writes to its descriptor when it is a file. */
export const stdoutBytes = (b: Buffer): void => {
  process.stdout.write(b);
};

/**
 * Whether descriptor 1 is a regular file (`> out.ndjson`) or a device other than a terminal (`> /dev/null`): what
 * Node writes to synchronously (process.stdout is then a SyncWriteStream), so nothing of it is buffered.
 */
function stdoutIsFile(): boolean {
  try {
    const st = fstatSync(1);
    return st.isFile() || (st.isCharacterDevice() && !isatty(1));
  } catch {
    return false;
  }
}

/**
 * A sink. To a file, pieces are encoded straight into a 1 MB buffer written when full (no joined strings: joining
 * and re-encoding cost more than the writing). To standard output, each piece is handed to `write` as it comes
 * (writes to files and pipes are synchronous there, so nothing piles up in memory); bytes to `writeBytes` when
 * given (the CLI: process.stdout), else decoded for `write`.
 */
export function openSink(path: string | undefined, write: (s: string) => void, writeBytes?: (b: Buffer) => void): Sink {
  // Standard output redirected to a file: written as a file is (1 MB blocks, no copies), descriptor left open.
  if (path === undefined && writeBytes === stdoutBytes && stdoutIsFile()) return blockSink(1, false);
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
  return blockSink(fd, true);
}

/** Pieces encoded straight into a 1 MB buffer, written to `fd` when full and at close (which closes `fd` if `own`). */
function blockSink(fd: number, own: boolean): Sink {
  const buf = Buffer.allocUnsafe(BLOCK);
  let off = 0;
  const flush = () => {
    if (off > 0) writeAll(fd, buf, off);
    off = 0;
  };
  return {
    write(s) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      if (off + s.length * 3 > BLOCK) flush();
      if (s.length * 3 > BLOCK) {
        const b = Buffer.from(s, 'utf8');
        writeAll(fd, b, b.length);
      } else off += buf.write(s, off);
    },
    bytes(b) {
      if (off + b.length > BLOCK) flush();
      if (b.length > BLOCK) writeAll(fd, b, b.length);
      else off += b.copy(buf, off);
    },
    close() {
      flush();
      if (own) closeSync(fd);
    },
  };
}

/** writeSync until every byte is written (a write may take fewer). */
function writeAll(fd: number, b: Buffer, n: number): void {
  let at = 0;
  while (at < n) at += writeSync(fd, b, at, n - at);
}
