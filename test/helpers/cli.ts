// Runs the built CLI as a child process, as CI does (the test command builds first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');
export const bin = join(root, 'bin', 'flopcheck.js');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export function flopcheck(args: string[], opts: { cwd?: string; input?: string } = {}): CliResult {
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: opts.cwd ?? root, input: opts.input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
