// The core is pure: no file system, network, server, template engine, process or clock.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const core = join(__dirname, '..', 'src', 'core');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

const FORBIDDEN_IMPORTS = /from\s+['"](node:)?(fs|path|http|https|net|child_process|os|worker_threads)['"]|from\s+['"](express|handlebars|better-sqlite3|commander)['"]|require\(/;
const FORBIDDEN_CALLS = /Date\.now\(|new Date\(\)|Math\.random\(|process\.(env|argv|stdout|stderr|exit|cwd)/;

describe('pure core', () => {
  const list = files(core);
  it('has modules to check', () => expect(list.length).toBeGreaterThan(10));
  for (const f of list) {
    it(`${relative(core, f)} does no I/O and reads no clock`, () => {
      const src = readFileSync(f, 'utf8');
      expect(src).not.toMatch(FORBIDDEN_IMPORTS);
      expect(src).not.toMatch(FORBIDDEN_CALLS);
    });
  }
});
