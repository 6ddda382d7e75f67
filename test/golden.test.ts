// Golden files: every format on the example lineages and the example model card, byte for byte, through the built
// CLI with --as-of and --rules pinned. Regenerate with `npm run golden:update` and review the diff by eye.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../src/cli/check';
import { flopcheck, root } from './helpers/cli';

const dir = join(root, 'test', 'golden');
const { formats, cases } = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as {
  formats: Record<string, string>;
  cases: Record<string, string[]>;
};
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, number>;

describe('golden files', () => {
  for (const [name, args] of Object.entries(cases)) {
    for (const [format, ext] of Object.entries(formats)) {
      const file = `${name}.${ext}`;
      it(`${file} (run \`npm run golden:update\` and review the diff if this changed on purpose)`, () => {
        const r = flopcheck([...args, '--format', format]);
        expect(r.err).toBe('');
        expect(r.code).toBe(manifest[file]);
        expect(r.out).toBe(readFileSync(join(dir, file), 'utf8'));
      });
    }
  }

  it('covers every format the CLI offers (its own list, so a new format needs golden files)', () => {
    expect(Object.keys(formats).sort()).toEqual([...FORMATS].sort());
  });
});
