// Adapters depend on the core (and the shared I/O module src/io), never on each other (issue 9, item 4; README
// "Layout"). Every static import, `import()` and `require()` in src/ is resolved to its top-level folder and checked
// against the table below; each deliberate exception is listed with its reason, file by file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(__dirname, '..', 'src');

/** What each folder of src/ may import besides itself and src/generated (types and validators made at build). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  io: ['core'],
  render: ['core', 'io'],
  import: ['core'],
  store: ['core'],
  server: ['core', 'io'],
  // The composition root: each command wires what it runs (see EXCEPTIONS for the adapters it may reach).
  cli: ['core', 'io'],
  // The library API: the engine and the loaders.
  'index.ts': ['core', 'io'],
};

/** Deliberate exceptions: [file under src/ (a folder ends in /), adapter it may import, why]. */
export const EXCEPTIONS: [string, string, string][] = [
  ['cli/', 'render', 'the command line prints reports in the format asked for'],
  ['cli/import.ts', 'import', '`flopcheck import epoch` runs the Epoch importer'],
  ['cli/import-billing.ts', 'import', '`flopcheck import billing` runs the FOCUS bill importer'],
  ['cli/model-card-input.ts', 'import', '`check --model-card` and `import model-card` read the card with the importer'],
  ['cli/serve.ts', 'server', '`flopcheck serve` starts the web app'],
  ['cli/serve.ts', 'store', '`flopcheck serve` opens the SQLite report store it hands to the app'],
  ['server/evaluate.ts', 'render', 'the API answers the JSON report as `check --format json` prints it'],
  ['server/report-page.ts', 'render', 'the report page embeds the HTML report and its finding texts'],
  ['server/', 'store', 'the app saves reports through the ReportStore interface (an in-memory one by default)'],
  [
    'server/form-lineage.ts',
    'import',
    'the form adds catalog base models as the model-card importer does (import/catalog.ts)',
  ],
  [
    'server/form-uploads.ts',
    'import',
    'the form reads an uploaded model card and FOCUS cloud bill with the importers `flopcheck import` runs',
  ],
  ['index.ts', 'render', 'the library words explanation messages (render/messages.ts) as every report does'],
];

const FOLDERS = Object.keys(ALLOWED).filter((k) => !k.endsWith('.ts'));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return p.endsWith(`${sep}generated`) ? [] : files(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Module specifiers of static imports and re-exports, `import()` and `require()`, comments stripped first. */
export function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const re of [
    /\b(?:import|export)\s[^;'"]*?from\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]/g,
  ]) {
    for (const m of code.matchAll(re)) out.push(m[1]);
  }
  return out;
}

/** The top-level entry of src/ a relative specifier in `file` lands in ('core', 'io', ..., or 'index.ts'). */
function area(file: string, spec: string): string | undefined {
  const target = relative(src, resolve(dirname(file), spec));
  if (target.startsWith('..')) return undefined; // schemas/, package.json
  return target.split(sep)[0].replace(/\.js$/, '');
}

/** Imports of `file` (path under src/, "/" separators) that break the table, as "file → spec (area)". */
export function violations(file: string, text: string): string[] {
  const from = file.split('/')[0];
  const own = FOLDERS.includes(from) ? from : file;
  // Unit tests beside the code may load the built-in rules and tables through src/io, whatever they test.
  const allowed = [...(ALLOWED[own] ?? []), ...(file.endsWith('.test.ts') ? ['io'] : [])];
  const out: string[] = [];
  for (const spec of specifiers(text)) {
    if (!spec.startsWith('.')) continue;
    const to = area(join(src, file), spec);
    if (to === undefined || to === own || to === 'generated' || allowed.includes(to)) continue;
    if (EXCEPTIONS.some(([f, a]) => a === to && (f.endsWith('/') ? file.startsWith(f) : file === f))) continue;
    out.push(`${file} → ${spec} (${to})`);
  }
  return out;
}

describe('adapters depend on the core and src/io, never on each other', () => {
  const list = files(src).map((f) => relative(src, f).split(sep).join('/'));
  it('has every folder to check', () => {
    for (const f of FOLDERS)
      expect(
        list.some((x) => x.startsWith(`${f}/`)),
        f,
      ).toBe(true);
  });

  it('no module imports an adapter outside the table and its listed exceptions', () => {
    const bad = list.flatMap((f) => violations(f, readFileSync(join(src, f), 'utf8')));
    expect(bad).toEqual([]);
  });

  it('every listed exception is still used (the list does not outlive the code)', () => {
    for (const [file, to] of EXCEPTIONS) {
      const used = list
        .filter((f) => (file.endsWith('/') ? f.startsWith(file) : f === file))
        .some((f) =>
          specifiers(readFileSync(join(src, f), 'utf8')).some((s) => s.startsWith('.') && area(join(src, f), s) === to),
        );
      expect(used, `${file} → ${to}`).toBe(true);
    }
  });

  it('catches static, dynamic and require imports across adapters (the check can fail)', () => {
    expect(violations('server/api.ts', "import { parseDocument } from '../cli/input';")).toEqual([
      'server/api.ts → ../cli/input (cli)',
    ]);
    expect(violations('render/x.ts', "const s = () => import('../server/app');")).toEqual([
      'render/x.ts → ../server/app (server)',
    ]);
    expect(violations('import/x.ts', "const r = require('../render/text') as X;")).toEqual([
      'import/x.ts → ../render/text (render)',
    ]);
    expect(violations('index.ts', "export { loadRules } from './cli/load';")).toEqual(['index.ts → ./cli/load (cli)']);
    expect(
      violations(
        'server/app.ts',
        "import { openSqliteStore } from '../store/sqlite';\nimport { x } from '../io/load';",
      ),
    ).toEqual([]);
    expect(violations('core/x.ts', "import { x } from '../io/load'; // not the core's")).toEqual([
      'core/x.ts → ../io/load (io)',
    ]);
    expect(violations('server/app.ts', "// import { x } from '../cli/main';\n/* require('../cli/main') */")).toEqual(
      [],
    );
  });
});
