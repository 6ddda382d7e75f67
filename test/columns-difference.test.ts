// The column path on measure scopes that are differences of two tables (base-lineage, other-lineage), read as typed
// arrays by compare's column loops, and on thresholds relative to such a measure (the column pre-pass, the residual
// path's models decided from local columns alone): every verdict and own-only verdict of the verdict tables must be
// the traced one, on generated lineages and on exact ties.
import { describe, expect, it } from 'vitest';
import { Evaluator, evaluate, readings } from '../src/core/evaluate/engine';
import { VERDICT_NAMES } from '../src/core/evaluate/tri';
import type { LineageDocument, MeasureSpec, Rule } from '../src/core/types';
import { validateLineage } from '../src/core/validate/lineage';
import { reference, rules } from './helpers/engine';
import { Accelerator, generateLineage } from './helpers/gen-lineage';

const REF = reference();
const BUILTIN = rules();

/** A built-in rule under a new id with every measure's scope replaced. */
function rescoped(id: string, newId: string, scope: MeasureSpec['scope']): Rule {
  const r = structuredClone(BUILTIN.find((x) => x.id === id)!);
  const set = (m: Record<string, MeasureSpec> | undefined) => {
    for (const k of Object.keys(m ?? {})) m![k] = { ...m![k], scope };
  };
  set(r.measures);
  for (const x of r.interpretations ?? []) set(x.measures);
  return { ...r, id: newId };
}

/** The EU modifier rule with the original's compute as base-lineage (its fallbacks still read systemic-risk). */
function modifierOnBase(): Rule {
  const r = structuredClone(BUILTIN.find((x) => x.id === 'eu-ai-act/downstream-modifier')!);
  r.measures!.originalFlop = { ...r.measures!.originalFlop, scope: 'base-lineage' };
  return r;
}

const EXTRA = [
  rescoped('kr-ai-basic-act/high-performance', 'test/base-lineage', 'base-lineage'),
  rescoped('kr-ai-basic-act/high-performance', 'test/other-lineage', 'other-lineage'),
];

function check(doc: LineageDocument, asOf: string, all: Rule[]): string[] {
  const diffs: string[] = [];
  const { findings } = evaluate(doc, all, { asOf, reference: REF, select: all.map((r) => r.id) });
  const ev = new Evaluator(doc, all, asOf, REF);
  for (const rule of all)
    if (rule.subject === 'model') for (const interp of readings(rule)) ev.summaryRow(rule, interp);
  for (const f of findings) {
    if (f.model === undefined) continue;
    const i = ev.ix.byId.get(f.model)!;
    const at = `${f.model} ${f.rule} ${f.interpretation ?? ''}`;
    const full = VERDICT_NAMES[ev.verdictOf(f.rule, f.interpretation, false, i)];
    const own = VERDICT_NAMES[ev.verdictOf(f.rule, f.interpretation, true, i)];
    if (full !== f.verdict) diffs.push(`${at}: ${full} vs traced ${f.verdict}`);
    if (own !== f.ownOnly.verdict) diffs.push(`${at} own-only: ${own} vs traced ${f.ownOnly.verdict}`);
  }
  return diffs;
}

describe('difference scopes on the column path', () => {
  it('agree with the traced evaluator on generated lineages', () => {
    const accs: Accelerator[] = [...REF.accelerators.values()].map((a) => ({
      id: a.id,
      precisions: Object.keys(a.peakFlopPerSecond),
      priceMonths: [...new Set((REF.prices.get(a.id) ?? []).map((p) => p.month))],
    }));
    const withBase = BUILTIN.filter((r) => r.id !== 'eu-ai-act/downstream-modifier').concat(modifierOnBase());
    const diffs: string[] = [];
    for (let seed = 1; seed <= 16; seed++) {
      const g = generateLineage(seed, accs);
      const v = validateLineage(g.doc, REF);
      if (!v.ok) continue;
      for (const set of [[...BUILTIN, ...EXTRA], withBase])
        diffs.push(...check(v.doc, g.asOf, set).map((d) => `seed ${seed}: ${d}`));
    }
    expect(diffs).toEqual([]);
  }, 240_000);

  it('decide a tie of a base-lineage sum exactly: 9.5e25 + 5e24 is at least 1e26', () => {
    const model = (id: string, developer: string, flop: number, base?: string) => ({
      id,
      developer,
      generates: ['text'],
      compute: [{ phase: base ? 'fine-tuning' : 'pretraining', flop }],
      ...(base ? { baseModels: [{ id: base, relation: 'finetune' }] } : {}),
    });
    const v = validateLineage(
      {
        lineageVersion: 1,
        organizations: [{ id: 'a' }, { id: 'b' }],
        models: [model('base', 'a', 9.5e25), model('ft', 'b', 5e24, 'base'), model('ft2', 'a', 1, 'ft')],
      },
      REF,
    );
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    expect(check(v.doc, '2026-11-28', [...BUILTIN, ...EXTRA])).toEqual([]);
  });
});
