// A finding whose reading reads no other developer's amounts (`ownOnlyMatters` false) takes its own-only verdict and
// measures from the full trace instead of a second traced judge: they must be exactly what that judge gives.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, loadReference } from '../../io/load';
import type { LineageDocument } from '../types';
import type { Subject, Trace } from './conditions';
import { Evaluator, readings } from './engine';
import { VERDICT_NAMES } from './tri';

const rules = loadBuiltinRules();
const reference = loadReference();
const root = join(__dirname, '..', '..', '..', 'test');

/** The golden lineage and every rule fixture's lineage. */
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
  const fixtures = join(root, 'fixtures');
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
  walk(fixtures);
  return out;
}

describe('own-only counterfactual shared with the full trace', () => {
  it('equals a second traced judge wherever the engine shares it', () => {
    let shared = 0;
    for (const { doc, asOf } of lineages()) {
      const ev = new Evaluator(doc, rules, asOf, reference);
      const subjects: Subject[] = [
        ...ev.ix.models.map((_, i): Subject => ({ kind: 'model', i })),
        ...ev.organizations().map((o): Subject => ({ kind: 'organization', id: o.id, models: o.models })),
      ];
      for (const rule of rules)
        for (const interp of readings(rule)) {
          if (ev.ownOnlyMatters(rule, interp)) continue;
          for (const s of subjects) {
            if ((s.kind === 'model') !== (rule.subject === 'model')) continue;
            const f = ev.finding(rule, interp, s);
            const t: Trace = { measures: [], messages: [] };
            const code = ev.judge(rule, interp, s, true, t);
            expect(f.ownOnly.verdict).toBe(VERDICT_NAMES[code]);
            // Key order too: the JSON formats write these objects as they are.
            expect(JSON.stringify(f.ownOnly.measures)).toBe(JSON.stringify(t.measures));
            shared++;
          }
        }
    }
    expect(shared).toBeGreaterThan(100);
  });
});
