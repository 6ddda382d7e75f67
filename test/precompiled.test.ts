// The validators generated at build time (scripts/precompile.mjs) are the only ones the core uses: they must be
// built from the schemas in schemas/ now (a stale build fails here) and judge exactly like run-time compilation:
// same verdict, same errors, for valid and invalid documents of each schema.
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from '../src/render/html';
import { buildReport } from '../src/core/report';
import { evaluate } from '../src/core/evaluate/engine';
import { gate } from '../src/core/evaluate/gate';
import { validateLineage } from '../src/core/validate/lineage';
import { loadBuiltinRules, loadReference } from '../src/io/load';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS } from '../src/core/validate/schema';
import { fingerprint } from '../src/io/fingerprint';
import { root } from './helpers/cli';

const generated = require(join(root, 'dist', 'src', 'generated', 'validators.js'));
const schema = (n: string) => JSON.parse(readFileSync(join(root, 'schemas', `${n}.schema.json`), 'utf8'));
const seed = JSON.parse(readFileSync(join(root, 'examples', 'seed-fine-tuner.lineage.json'), 'utf8'));
const rule = JSON.parse(readFileSync(join(root, 'rules', 'eu-ai-act', 'systemic-risk.json'), 'utf8'));

const samples: Record<string, unknown[]> = {
  lineage: [
    seed,
    { lineageVersion: 2, models: 'x' },
    {
      lineageVersion: 1,
      models: [{ id: 'a', compute: [{ phase: 'pretraining', flop: -1, hardware: { count: 0 } }], extra: true }],
    },
    { lineageVersion: 1, models: [{ id: '', released: '2025-13-01', generates: ['text', 'text'] }] },
  ],
  rule: [rule, { ...rule, status: 'maybe' }, { id: 'x' }, { ...rule, condition: { nonsense: 1 } }],
  config: [
    { failOn: 'never', rules: ['a'] },
    { failOn: 'sometimes', rules: [] },
    { format: 'pdf', extra: 1, asOf: '2026-1-1' },
    [],
  ],
  variants: [
    JSON.parse(readFileSync(join(root, 'examples', 'research', 'variants.json'), 'utf8')),
    { variants: [] },
    { variants: [{ id: 'Bad Id', title: '', base: 'a/b', patch: [], colour: 1 }, 7] },
    [],
  ],
};

describe('precompiled validators', () => {
  it('the core imports the very code the build ships (src/generated and dist/src/generated)', () => {
    const text = (dir: string) => readFileSync(join(root, dir, 'generated', 'validators.js'), 'utf8');
    expect(text('src')).toBe(text(join('dist', 'src')));
  });
  for (const name of Object.keys(samples)) {
    it(`${name}: same verdict and errors as a run-time compile`, () => {
      const s = schema(name);
      expect(generated.fingerprints[name]).toBe(fingerprint(s));
      const runtime = new Ajv2020({ ...AJV_OPTIONS }).compile(s);
      for (const doc of samples[name]) {
        const pre = generated[name] as typeof runtime;
        expect(pre(doc)).toBe(runtime(doc));
        expect(pre.errors ?? null).toEqual(runtime.errors ?? null);
      }
    });
  }
});

describe('precompiled report template', () => {
  it('renders byte for byte what the template compiled at run time renders', () => {
    // From src/, html.ts finds no precompiled template and compiles templates/report.hbs; the golden file was made
    // by the built CLI with the precompiled one.
    const ids = ['eu-ai-act/systemic-risk', 'eu-ai-act/downstream-modifier', 'illustrative/lineage-cost-100m'];
    const v = validateLineage(seed, loadReference());
    if (!v.ok) throw new Error('seed invalid');
    const all = loadBuiltinRules();
    const ev = evaluate(v.doc, all, { asOf: '2026-11-28', reference: loadReference(), select: ids });
    const rules = all.filter((r) => ids.includes(r.id));
    const html = renderHtml(buildReport(v.doc, rules, ev, gate(ev.findings, 'captured')));
    expect(html).toBe(readFileSync(join(root, 'test', 'golden', 'seed.html'), 'utf8'));
  });
});
