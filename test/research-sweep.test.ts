// Threshold sweeps in the core, on a hand-made lineage whose counts are worked out by hand below, and against
// summarize() on the built-in rules (the sweep must be the engine's answer for each modified rule).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluator, summarize } from '../src/core/evaluate/engine';
import { sweep, SweepResult } from '../src/core/research/sweep';
import { selectTargets, withThreshold } from '../src/core/research/targets';
import type { LineageDocument } from '../src/core/types';
import { InputError } from '../src/core/validate/errors';
import { validateLineage } from '../src/core/validate/lineage';
import { reference, rules as builtin } from './helpers/engine';
import { HAND_LINEAGE, HAND_RULE, handDoc } from './helpers/research';

const AS_OF = '2026-11-28';
const run = (values: string[], changes = true): SweepResult =>
  sweep(handDoc(), [HAND_RULE], { asOf: AS_OF, rule: HAND_RULE.id, target: 'lineageFlop', values, changes });
const row = (r: SweepResult, value: string) => {
  const x = r.points.find((p) => p.value === value)!.readings[0];
  return [
    x.counts.captured,
    x.counts['not-captured'],
    x.counts.uncertain,
    x.wrongfulCaptures,
    x.changes!.map((c) => `${c.id}: ${c.from} → ${c.to}`),
  ];
};

describe('sweep on a hand-made lineage', () => {
  const r = run(['1e23', '1e24', '5e24', '1e25', '1.2e25', '2e25', '3e25']);

  it('counts verdicts and wrongful captures per value, with what changed from the previous value', () => {
    // [captured, not captured, uncertain, wrongful, changes]
    expect(row(r, '1e23')).toEqual([4, 1, 1, 0, []]); // c/small: 1e23 is not > 1e23
    expect(row(r, '1e24')).toEqual([4, 1, 1, 0, []]); // b/ft's own 2e24 > 1e24: not wrongful
    expect(row(r, '5e24')).toEqual([3, 1, 2, 1, ['c/range: captured → uncertain']]); // b/ft wrongful: own 2e24
    expect(row(r, '1e25')).toEqual([2, 2, 2, 1, ['a/base: captured → not-captured']]); // exactly 1e25 is not > 1e25
    expect(row(r, '1.2e25')).toEqual([1, 3, 2, 0, ['b/ft: captured → not-captured']]); // 1e25 + 2e24 is exactly 1.2e25
    expect(row(r, '2e25')).toEqual([1, 4, 1, 0, ['c/range: uncertain → not-captured']]);
    expect(row(r, '3e25')).toEqual([0, 5, 1, 0, ['a/big: captured → not-captured']]);
  });

  it('flips a model at exactly 10^25 only above the boundary, even one unit below it', () => {
    const b = run(['9999999999999999999999999', '1e25', '10000000000000000000000001']);
    expect(b.points.map((p) => p.value)).toEqual([
      '9.999999999999999999999999e24',
      '1e25',
      '1.0000000000000000000000001e25',
    ]);
    expect(row(b, '9.999999999999999999999999e24').slice(0, 3)).toEqual([3, 1, 2]);
    expect(row(b, '1e25')).toEqual([2, 2, 2, 1, ['a/base: captured → not-captured']]);
    expect(row(b, '1.0000000000000000000000001e25')).toEqual([2, 2, 2, 1, []]);
  });

  it("describes what was swept and marks the rule's own value", () => {
    expect(r.rule).toBe(HAND_RULE.id);
    expect(r.subjects).toBe(6);
    expect(r.unit).toBe('FLOP');
    expect(r.current).toBe('1e25');
    expect(r.thresholds.map((t) => t.pointer)).toEqual(['/condition/compare/threshold/value']);
    expect(r.points.filter((p) => p.current).map((p) => p.value)).toEqual(['1e25']);
    expect(r.interpretations).toEqual([null]);
    expect(r.inForce).toBe(false);
  });

  it('gives counts but no lists unless asked, and sorts the values it is given', () => {
    const q = sweep(handDoc(), [HAND_RULE], {
      asOf: AS_OF,
      rule: HAND_RULE.id,
      target: '/condition/compare',
      values: ['3e25', '1e23..1e25x10'],
    });
    expect(q.points.map((p) => p.value)).toEqual(['1e23', '1e24', '1e25', '3e25']);
    // 1e24 → 1e25: a/base, c/range; 1e25 → 3e25: a/big, b/ft, c/range.
    expect(q.points.map((p) => p.readings[0].changed)).toEqual([0, 0, 2, 3]);
    expect(q.points.every((p) => p.readings[0].changes === undefined)).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(run(['1e24', '1e25', '1e26']))).toBe(JSON.stringify(run(['1e24', '1e25', '1e26'])));
  });

  it('reports progress after each value', () => {
    const seen: string[] = [];
    sweep(handDoc(), [HAND_RULE], {
      asOf: AS_OF,
      rule: HAND_RULE.id,
      target: 'lineageFlop',
      values: ['1e24', '1e25'],
      onProgress: (d, t) => seen.push(`${d}/${t}`),
    });
    expect(seen).toEqual(['1/2', '2/2']);
  });

  it('rejects unknown rules, readings, measures and values with the option named', () => {
    const err = (o: Partial<Parameters<typeof sweep>[2]>) => {
      try {
        sweep(handDoc(), [HAND_RULE], {
          asOf: AS_OF,
          rule: HAND_RULE.id,
          target: 'lineageFlop',
          values: ['1e25'],
          ...o,
        });
      } catch (e) {
        if (e instanceof InputError) return `${e.errors[0].path}: ${e.errors[0].message}`;
        throw e;
      }
      return 'no error';
    };
    expect(err({ rule: 'research/nope' })).toBe('rule: no rule "research/nope" (in that pack: research/lineage-flop)');
    expect(err({ interpretation: 'x' })).toBe('interpretation: research/lineage-flop has no interpretations');
    expect(err({ target: 'cost' })).toMatch(/^target: research\/lineage-flop has no threshold on a measure "cost"/);
    expect(err({ values: ['1e26..1e25x10'] })).toMatch(/^values: "1e26..1e25x10": a range goes upwards/);
  });
});

describe('sweep on the built-in rules equals summarize() of each modified rule', () => {
  const doc = JSON.parse(
    readFileSync(join(__dirname, 'golden', 'inputs', 'ten-models.lineage.json'), 'utf8'),
  ) as LineageDocument;
  const all = builtin();
  const cases: [string, string, string[]][] = [
    ['eu-ai-act/systemic-risk', 'cumulativeFlop,ownMergeFlop', ['1e23', '1e24', '1e25', '1e26', '1e27']],
    ['ny-raise-2025/large-developer', '/condition/developedModels/sum/value', ['5e7', '1e8', '5e8']],
    ['ca-sb53/large-frontier-developer', 'revenue', ['1e8', '5e8', '1e9']],
    ['illustrative/lineage-cost-100m', 'lineageCost', ['1e6', '1e7', '1e8', '1e9']],
  ];
  for (const [id, target, values] of cases) {
    it(`${id} over ${target}`, () => {
      const rule = all.find((r) => r.id === id)!;
      let r: SweepResult;
      try {
        r = sweep(doc, all, { asOf: AS_OF, reference: reference(), rule: id, target, values });
      } catch (e) {
        throw new Error(e instanceof InputError ? e.message : String(e), { cause: e });
      }
      const pointers = selectTargets(rule, target, undefined).targets.map((t) => t.pointer);
      for (const p of r.points) {
        const modified = withThreshold(rule, pointers, p.value);
        const rows = summarize(
          doc,
          all.map((x) => (x.id === id ? modified : x)),
          { asOf: AS_OF, reference: reference(), select: [id] },
        );
        expect(p.readings.map((x) => [x.interpretation, x.counts, x.wrongfulCaptures])).toEqual(
          rows.map((x) => [x.interpretation, x.counts, x.wrongfulCaptures]),
        );
      }
    });
  }
});

describe('Evaluator sharing a MeasureStore', () => {
  it('gives the same verdicts as a fresh one, and refuses a store of another document', () => {
    const doc = handDoc();
    const first = new Evaluator(doc, [HAND_RULE], AS_OF);
    first.summaryRow(HAND_RULE, undefined);
    const lowered = withThreshold(HAND_RULE, ['/condition/compare/threshold/value'], '5e24');
    const shared = new Evaluator(doc, [lowered], AS_OF, undefined, first.store);
    const fresh = new Evaluator(doc, [lowered], AS_OF);
    expect(shared.store).toBe(first.store);
    expect(shared.summaryRow(lowered, undefined)).toEqual(fresh.summaryRow(lowered, undefined));
    const other = validateLineage(JSON.parse(JSON.stringify(HAND_LINEAGE)), reference());
    expect(() => new Evaluator(other.ok ? other.doc : doc, [HAND_RULE], AS_OF, undefined, first.store)).toThrow(
      /same document/,
    );
    expect(() => new Evaluator(doc, [HAND_RULE], AS_OF, reference(), first.store)).toThrow(
      /same document and reference/,
    );
  });
});

describe('validating the replaced rule', () => {
  // A rule judged through the swept rule, which is judged through it: the loop is across rules, so the rules linked
  // to the swept one are validated with it (the rest were validated when loaded).
  const loopy = { ...HAND_RULE, condition: { all: [HAND_RULE.condition, { modelFinding: { rule: 'test/other' } }] } };
  const other = { ...HAND_RULE, id: 'test/other', condition: { modelFinding: { rule: HAND_RULE.id } } };
  for (const perValue of [false, true])
    it(`reports a loop through a linked rule at values[0] (${perValue ? 'per value' : 'sorted'})`, () => {
      let err: unknown;
      try {
        sweep(handDoc(), [loopy, other] as (typeof HAND_RULE)[], {
          asOf: AS_OF,
          rule: HAND_RULE.id,
          target: 'lineageFlop',
          values: ['1e24', '1e25'],
          perValue,
        });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      const items = (err as InputError).errors;
      expect(items.map((x) => x.path)).toEqual(items.map(() => 'values[0]'));
      expect(items.map((x) => x.message).join('\n')).toMatch(/loop/);
    });
});
