// Explained findings of a small lineage read the verdicts of referred rules through the interpreter on the exact
// tables (`Evaluator.cellsByInterpreter`) instead of compiled conditions on float tables: the findings must be the
// same either way, to the byte, over the golden lineage and every rule fixture's lineage.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, loadReference } from '../../io/load';
import type { Finding, LineageDocument } from '../types';
import { eachFinding, prepareEvaluation } from './engine';

const rules = loadBuiltinRules();
const reference = loadReference();
const root = join(__dirname, '..', '..', '..', 'test');

function lineages(): { name: string; doc: LineageDocument; asOf: string }[] {
  const out = [
    {
      name: 'ten-models',
      doc: JSON.parse(
        readFileSync(join(root, 'golden', 'inputs', 'ten-models.lineage.json'), 'utf8'),
      ) as LineageDocument,
      asOf: '2026-11-28',
    },
  ];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) {
        const f = JSON.parse(readFileSync(p, 'utf8')) as { lineage?: LineageDocument; asOf?: string };
        if (f.lineage && f.asOf) out.push({ name: p, doc: f.lineage, asOf: f.asOf });
      }
    }
  };
  walk(join(root, 'fixtures'));
  return out;
}

function findings(doc: LineageDocument, asOf: string, byInterpreter: boolean): string {
  const p = prepareEvaluation(doc, rules, { asOf, reference });
  p.ev.cellsByInterpreter = byInterpreter;
  const out: Finding[] = [];
  eachFinding(p, (f) => out.push(f));
  return JSON.stringify(out);
}

describe('cells read by explained findings', () => {
  it('give the same findings by the interpreter as by compiled conditions', () => {
    const all = lineages();
    expect(all.length).toBeGreaterThan(100);
    for (const { name, doc, asOf } of all) {
      const compiled = findings(doc, asOf, false);
      expect(findings(doc, asOf, true), name).toBe(compiled);
    }
  });
});
