// Writing a report or document to the --out file, creating its folder; a failure is a usage error (exit 2).
import { mkdirSync, writeFileSync } from 'node:fs';
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
