// The core is pure: no file system, network, server, template engine, process or clock; no dynamic import(); and
// no relative import out of src/core except the code generated from schemas/ (src/generated) and schemas/ itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const core = join(__dirname, '..', 'src', 'core');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

const FORBIDDEN_IMPORTS =
  /from\s+['"](node:)?(fs|path|http|https|net|child_process|os|worker_threads)['"]|from\s+['"](express|handlebars|better-sqlite3|commander)['"]|require\(/;
const FORBIDDEN_CALLS = /Date\.now\(|new Date\(\)|Math\.random\(|process\.(env|argv|stdout|stderr|exit|cwd)/;
/** import('x') as an expression (a type query `typeof import('x')` loads nothing and is allowed). */
const DYNAMIC_IMPORT = /(?<!typeof\s*)\bimport\s*\(/;

/** Relative imports of `file` (static, re-exports, side-effect) that leave src/core, other than src/generated and schemas/. */
function escapes(file: string, text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const specs = [
    ...code.matchAll(/\b(?:import|export)\s[^;'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]/g),
  ].map((m) => m[1] ?? m[2]);
  const src = join(core, '..');
  return specs.filter((spec) => {
    if (!spec.startsWith('.')) return false;
    const target = resolve(dirname(file), spec);
    const under = (dir: string) => target === dir || target.startsWith(dir + sep);
    return !under(core) && !under(join(src, 'generated')) && !under(join(src, '..', 'schemas'));
  });
}

describe('pure core', () => {
  const list = files(core);
  it('has modules to check', () => expect(list.length).toBeGreaterThan(10));
  for (const f of list) {
    it(`${relative(core, f)} does no I/O and reads no clock`, () => {
      const src = readFileSync(f, 'utf8');
      expect(src).not.toMatch(FORBIDDEN_IMPORTS);
      expect(src).not.toMatch(FORBIDDEN_CALLS);
      expect(src).not.toMatch(DYNAMIC_IMPORT);
      expect(escapes(f, src)).toEqual([]);
    });
  }

  it('the checks catch what they are for (they can fail)', () => {
    const f = join(core, 'evaluate', 'x.ts');
    expect(escapes(f, "import { loadReference } from '../../io/load';")).toEqual(['../../io/load']);
    expect(escapes(f, "export { renderText } from '../../render/text';\nimport '../../cli/main';")).toEqual([
      '../../render/text',
      '../../cli/main',
    ]);
    expect(
      escapes(
        f,
        "import { x } from '../exact/decimal';\nimport { lineage } from '../../generated/validators';\nimport s from '../../../schemas/rule.schema.json';",
      ),
    ).toEqual([]);
    expect("const m = await import('node:fs');").toMatch(DYNAMIC_IMPORT);
    expect("type T = typeof import('./x');").not.toMatch(DYNAMIC_IMPORT);
    expect("const fs = require('fs');").toMatch(FORBIDDEN_IMPORTS);
  });
});
