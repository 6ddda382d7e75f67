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

/** Output written as it is produced, in blocks of about 1 MB: to `write` (standard output) or to a file. */
export interface Sink {
  write(s: string): void;
  close(): void;
}

const BLOCK = 1 << 20;

export function openSink(path: string | undefined, write: (s: string) => void): Sink {
  let fd: number | undefined;
  if (path !== undefined) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, 'w');
    } catch (e) {
      throw new UsageError(`--out: cannot write ${path}: ${(e as Error).message}`);
    }
  }
  const flushTo = (s: string) => {
    if (fd === undefined) write(s);
    else writeSync(fd, s);
  };
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length === 0) return;
    flushTo(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write(s) {
      parts.push(s);
      size += s.length;
      if (size >= BLOCK) flush();
    },
    close() {
      flush();
      if (fd !== undefined) closeSync(fd);
    },
  };
}
