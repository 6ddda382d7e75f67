// Rule variants in the core: merge patches of a base rule, evaluated next to it; errors point into the variants file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVariants, parseVariants, variants, Variant } from '../src/core/research/variants';
import type { LineageDocument } from '../src/core/types';
import { InputError } from '../src/core/validate/errors';
import { validateLineage } from '../src/core/validate/lineage';
import { reference, rules as builtin } from './helpers/engine';
import { HAND_RULE, handDoc } from './helpers/research';

const AS_OF = '2026-11-28';
const AT_LEAST: Variant = {
  id: 'research/at-least',
  title: 'At least 10^25',
  base: HAND_RULE.id,
  patch: { condition: { compare: { op: '>=' } } },
};
const OWN_ONLY: Variant = {
  id: 'research/own-only',
  title: 'Own compute only',
  description: "Counts only the developer's own models along the lineage.",
  base: HAND_RULE.id,
  patch: { measures: { lineageFlop: { scope: 'developer-lineage' } } },
};

const errors = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.errors.map((x) => `${x.path}: ${x.message}`);
    throw e;
  }
  return [];
};

describe('variants on the hand-made lineage', () => {
  const r = variants(handDoc(), [HAND_RULE], { asOf: AS_OF, variants: [AT_LEAST, OWN_ONLY] });
  const byRule = new Map(r.rows.map((x) => [x.rule, x]));

  it('puts the base first, then its variants in the order given', () => {
    expect(r.rows.map((x) => x.rule)).toEqual([HAND_RULE.id, 'research/at-least', 'research/own-only']);
    expect(byRule.get('research/at-least')!.base).toBe(HAND_RULE.id);
    expect(byRule.get(HAND_RULE.id)!.base).toBeUndefined();
    expect(r.models).toBe(6);
  });

  it('counts each side by side: ">=" takes in the model at exactly 10^25', () => {
    const c = (id: string) => {
      const x = byRule.get(id)!;
      return [x.counts.captured, x.counts['not-captured'], x.counts.uncertain, x.wrongfulCaptures];
    };
    expect(c(HAND_RULE.id)).toEqual([2, 2, 2, 1]); // a/big, b/ft captured; b/ft wrongfully
    expect(c('research/at-least')).toEqual([3, 1, 2, 1]);
    expect(c('research/own-only')).toEqual([1, 3, 2, 0]);
  });

  it("lists the models whose verdict differs from the base rule's", () => {
    expect(byRule.get('research/at-least')!.differences).toEqual([
      { id: 'a/base', base: 'not-captured', variant: 'captured' },
    ]);
    expect(byRule.get('research/own-only')!.differences).toEqual([
      { id: 'b/ft', base: 'captured', variant: 'not-captured' },
    ]);
    expect(byRule.get('research/own-only')!.description).toBe(OWN_ONLY.description);
    expect(byRule.get(HAND_RULE.id)!.differences).toBeUndefined();
  });

  it('is deterministic and leaves the base rule alone', () => {
    const before = JSON.stringify(HAND_RULE);
    const again = variants(handDoc(), [HAND_RULE], { asOf: AS_OF, variants: [AT_LEAST, OWN_ONLY] });
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
    expect(JSON.stringify(HAND_RULE)).toBe(before);
  });
});

describe('the example variants file on the seed lineage', () => {
  const file = JSON.parse(readFileSync(join(__dirname, '..', 'examples', 'research', 'variants.json'), 'utf8'));
  const v = validateLineage(
    JSON.parse(readFileSync(join(__dirname, '..', 'examples', 'seed-fine-tuner.lineage.json'), 'utf8')),
    reference(),
  );
  const doc = (v.ok ? v.doc : null) as LineageDocument;
  const r = variants(doc, builtin(), { asOf: AS_OF, reference: reference(), variants: parseVariants(file) });

  it('evaluates every variant next to its base, reading by reading', () => {
    expect(r.rows.map((x) => `${x.rule}${x.interpretation ? ` ${x.interpretation}` : ''}`)).toEqual([
      'ca-sb53/frontier-model developer-own',
      'ca-sb53/frontier-model lineage-cumulative',
      'what-if/sb53-at-1e25 developer-own',
      'what-if/sb53-at-1e25 lineage-cumulative',
      'illustrative/lineage-cost-100m',
      'what-if/lineage-cost-500m',
      'eu-ai-act/systemic-risk merge-includes-parents',
      'eu-ai-act/systemic-risk merge-own-compute',
      'what-if/eu-systemic-own-compute',
    ]);
    const own = r.rows.find((x) => x.rule === 'what-if/eu-systemic-own-compute')!;
    expect(own.comparedWith).toBe('combined');
    expect(r.rows.find((x) => x.rule === 'what-if/sb53-at-1e25')!.comparedWith).toBe('developer-own');
  });

  it('raising the naive rule to $500M frees the seed fine-tuner ($95M + $7M of lineage cost)', () => {
    const base = r.rows.find((x) => x.rule === 'illustrative/lineage-cost-100m')!;
    const hi = r.rows.find((x) => x.rule === 'what-if/lineage-cost-500m')!;
    expect(base.wrongfulCaptures).toBe(1);
    expect(hi.counts.captured).toBe(0);
    expect(hi.differences!.map((d) => `${d.id}: ${d.base} → ${d.variant}`)).toEqual([
      'tomato-ai/legal-110b: captured → not-captured',
    ]);
  });
});

describe('variants files that are wrong', () => {
  it('names the field in the file (schemas/variants.schema.json)', () => {
    expect(errors(() => parseVariants([]))).toEqual([': must be an object { "variants": [ … ] }']);
    expect(errors(() => parseVariants({}))).toEqual(['variants: is required']);
    expect(errors(() => parseVariants({ variants: [], extra: 1 }))).toEqual([
      'extra: is not a known field',
      'variants: must list at least one variant',
    ]);
    expect(
      errors(() => parseVariants({ variants: [{ id: 'Bad Id', title: 'x', base: 'a/b', patch: [], colour: 1 }] })),
    ).toEqual([
      'variants[0].colour: is not a known field',
      'variants[0].id: must look like a rule id, "pack/name" (lower case, digits, dots, dashes)',
      'variants[0].patch: must be an object (a JSON merge patch of the base rule)',
    ]);
    expect(errors(() => parseVariants({ variants: [7, { title: '', base: 'a/b' }] }))).toEqual([
      'variants[0]: must be an object { id, title, base, patch }',
      'variants[1].id: is required',
      'variants[1].patch: is required',
      'variants[1].title: must be a non-empty string',
    ]);
  });

  it('names the variant for bases, ids and subjects', () => {
    const v = (o: Partial<Variant>): Variant => ({ ...AT_LEAST, ...o });
    expect(errors(() => buildVariants([HAND_RULE], [v({ base: 'research/none' })]))).toEqual([
      'variants[0].base: no rule "research/none"',
    ]);
    expect(errors(() => buildVariants([HAND_RULE], [v({ id: HAND_RULE.id })]))).toEqual([
      'variants[0].id: "research/lineage-flop" is already the id of a rule',
    ]);
    expect(errors(() => buildVariants([HAND_RULE], [v({}), v({})]))).toEqual([
      'variants[1].id: "research/at-least" is already the id of a variant above',
    ]);
    expect(errors(() => buildVariants([HAND_RULE], [v({ patch: { subject: 'organization' } })]))).toEqual([
      'variants[0].patch.subject: a variant judges the same subjects as its base (models)',
    ]);
  });

  it('validates the patched rule like any rule, with paths into the patch where it put the value', () => {
    const v = (patch: Record<string, unknown>): Variant[] => [{ ...AT_LEAST, patch }];
    expect(
      errors(() => buildVariants([HAND_RULE], v({ condition: { compare: { threshold: { value: 'ten' } } } }))),
    ).toEqual([
      'variants[0].patch.condition.compare.threshold.value: must match ^[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$',
    ]);
    expect(errors(() => buildVariants([HAND_RULE], v({ condition: null })))).toEqual([
      'variants[0].patch.condition: is required',
    ]);
    expect(errors(() => buildVariants([HAND_RULE], v({ measures: { lineageFlop: null } })))).toEqual([
      'variants[0]: condition.compare.measure (of research/lineage-flop after the patch): no measure named "lineageFlop"',
    ]);
  });
});
