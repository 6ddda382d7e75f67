// Regenerates the golden files of test/golden/ from the built CLI (run `npm run golden:update`, which builds first).
// Review the diff by eye (and the HTML in a browser) before committing: the test compares these bytes exactly.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'test', 'golden');
const { formats, cases } = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
const manifest = {};
for (const [name, args] of Object.entries(cases)) {
  for (const [format, ext] of Object.entries(formats)) {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'flopcheck.js'), ...args, '--format', format], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${name} ${format}: exit ${r.status}\n${r.stderr}`);
    const file = `${name}.${ext}`;
    writeFileSync(join(dir, file), r.stdout);
    manifest[file] = r.status;
  }
}
writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`wrote ${Object.keys(manifest).length} golden files in test/golden/`);
