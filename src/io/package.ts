// Where the flopcheck package is on disk (from src/ or dist/src/), and what it ships: rules/, templates/, package.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The package root (the folder holding flopcheck's package.json), found once from this file in src/ or dist/src/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'flopcheck') return (root = dir);
      } catch {
        /* keep looking */
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the flopcheck package root');
    dir = up;
  }
}

/** flopcheck's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The templates/ folder of the package. */
export function templatesDir(): string {
  return join(packageRoot(), 'templates');
}
