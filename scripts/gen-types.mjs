// Generates src/generated/*.ts from schemas/ (the single source of truth). Never edit the output by hand.
import { compileFromFile } from 'json-schema-to-typescript';
import { mkdirSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src', 'generated');
mkdirSync(out, { recursive: true });

const files = [];
const walk = (dir) => {
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    if (f.isDirectory()) walk(p);
    else if (f.name.endsWith('.schema.json')) files.push(p);
  }
};
walk(join(root, 'schemas'));

for (const file of files.sort()) {
  const name = basename(file, '.schema.json');
  const ts = await compileFromFile(file, {
    cwd: dirname(file),
    bannerComment: `/* Generated from ${file.slice(root.length + 1)} by scripts/gen-types.mjs. Do not edit. */`,
    additionalProperties: false,
    strictIndexSignatures: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true },
  });
  writeFileSync(join(out, `${name}.ts`), ts);
}
if (!existsSync(join(out, 'lineage.ts'))) throw new Error('lineage types were not generated');
console.log(`generated ${files.length} type files in src/generated`);
