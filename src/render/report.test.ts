// The HTTP API's answer written as bytes (renderCompactJsonBytes) is the UTF-8 of the compact renderJson, byte for
// byte: every rule on the example lineages, and ids with characters jsonSafe rewrites or beyond Latin-1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assess } from '../core/assess';
import { loadBuiltinRules, loadReference } from '../io/load';
import { renderCompactJsonBytes, renderJson } from './report';

const root = join(__dirname, '..', '..');
const rules = loadBuiltinRules();
const reference = loadReference();
const lineages = [
  'examples/seed-fine-tuner.lineage.json',
  'examples/multi-generation-merge.lineage.json',
  'test/golden/inputs/ten-models.lineage.json',
];

describe('renderCompactJsonBytes', () => {
  it('writes the UTF-8 bytes of renderJson(report, ctx, true)', () => {
    const ids = ['', 'ünïcödé × §', 'a\u009bb\u007f ##[error] \u2028', '模型 🚀', 'lone \ud800'];
    for (const file of lineages) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const suffix of ids) {
        // Every model id and organization name gets the suffix (ids are free text to the evaluator).
        const doc: unknown = JSON.parse(
          text.replace(/"(open-lab|tomato-ai)/g, `"$1${JSON.stringify(suffix).slice(1, -1)}`),
        );
        const { report } = assess(doc, rules, { asOf: '2026-11-28', reference, selectors: '*' });
        expect(report.findings.length).toBeGreaterThan(0);
        for (const ctx of [{}, { fullBreakdowns: true }]) {
          const bytes = renderCompactJsonBytes(report, ctx);
          expect(bytes.toString('utf8') === renderJson(report, ctx, true)).toBe(true);
          expect(bytes.equals(Buffer.from(renderJson(report, ctx, true), 'utf8'))).toBe(true);
        }
      }
    }
  });
});
