// Price-scale sweeps on shared tables (core/research/price-sorted.ts) against evaluating each scale (priceSweep with
// perScale): the same counts, wrongful captures and changes, for every built-in rule with a dollar test (and ">="
// copies of them) over seeded generated lineages, with scales exactly where a model's dollar amount equals a
// threshold (a0 + k·(a1 − a0) = t), declared costs scaled or not. Rules the sorted path does not take (organization
// rules, rules referring to rules with dollar tests) go scale by scale, so both paths are exercised.
import { describe, expect, it } from 'vitest';
import { Evaluator, readings } from '../src/core/evaluate/engine';
import { cmp, parseDec, sub, ZERO } from '../src/core/exact/decimal';
import { fromDec, qDiv, qSign, qSub, toDec } from '../src/core/exact/rational';
import { planPriceReading } from '../src/core/research/price-sorted';
import { priceSweep, type PriceSweepOptions } from '../src/core/research/price-sweep';
import { thresholdSites } from '../src/core/research/targets';
import { variants, type Variant } from '../src/core/research/variants';
import { canonicalDecimal, MAX_VALUES } from '../src/core/research/values';
import type { LineageDocument, Rule } from '../src/core/types';
import { validateLineage } from '../src/core/validate/lineage';
import { reference, rules } from './helpers/engine';
import { generateLineage, seedOf } from './helpers/gen-lineage';

const REF = reference();
const BUILTIN = rules();
const RUNS = Number(process.env.FLOPCHECK_SWEEP_RUNS ?? 6);

const dollarRule = (r: Rule) =>
  JSON.stringify(r.measures ?? {}).includes('costUsd') || /costUsd/.test(JSON.stringify(r));

/** A copy of a rule with every ">" turned into ">=" (a new id), to test ties on both comparators. */
function atLeast(r: Rule): Rule {
  return JSON.parse(JSON.stringify({ ...r, id: `${r.id}-ge` }).replace(/"op":">"/g, '"op":">="')) as Rule;
}

const ALL = [...BUILTIN, ...BUILTIN.filter(dollarRule).map(atLeast)];

/** A grid of scales, and every scale at which a model's dollar amount (either bound, either table) meets a threshold. */
function scalesFor(doc: LineageDocument, rule: Rule, asOf: string, declared: boolean): string {
  const e1 = new Evaluator(doc, ALL, asOf, { ...REF, priceScale: { k: parseDec('1')!, declared } });
  const e0 = new Evaluator(doc, ALL, asOf, { ...REF, priceScale: { k: ZERO, declared } });
  const out = new Set(['0.001', '0.5', '1', '1.5', '2', '3', '10', '1000']);
  const specs = [rule.measures ?? {}, ...(rule.interpretations ?? []).map((x) => x.measures ?? {})].flatMap((m) =>
    Object.values(m).filter((s) => s.quantity === 'costUsd'),
  );
  const thresholds = thresholdSites(rule)
    .sites.filter((s) => s.unit === 'USD')
    .map((s) => parseDec(s.value)!);
  for (const spec of specs)
    for (let i = 0; i < e1.ix.models.length; i++)
      for (const restrict of [false, true]) {
        const a0 = e0.store.exact(spec, i, restrict);
        const a1 = e1.store.exact(spec, i, restrict);
        for (const [x0, x1] of [
          [a0.lo, a1.lo],
          [a0.hiKnown, a1.hiKnown],
        ])
          for (const t of thresholds) {
            const g = fromDec(sub(x1, x0));
            if (qSign(g) === 0) continue;
            const k = qDiv(qSub(fromDec(t), fromDec(x0)), g);
            const d = qSign(k) > 0 ? toDec(k) : undefined;
            if (d && cmp(d, ZERO) > 0) out.add(canonicalDecimal(d));
          }
      }
  return [...out].slice(0, MAX_VALUES).join(',');
}

function both(doc: LineageDocument, opts: PriceSweepOptions) {
  return [priceSweep(doc, ALL, { ...opts, perScale: true }), priceSweep(doc, ALL, opts)];
}

describe('sorted price sweeps give the per-scale answers', () => {
  it('at scales where a price-derived cost equals the threshold exactly (> and >=)', () => {
    // 20,000 H100 × 2,000 h at $2.50/h = $100M at 1×: exactly the threshold; $2M declared on top in b/tune's lineage.
    const doc = {
      lineageVersion: 1,
      organizations: [{ id: 'a' }, { id: 'b' }],
      models: [
        {
          id: 'a/base',
          developer: 'a',
          generates: ['text'],
          compute: [
            {
              phase: 'pretraining',
              hardware: { accelerator: 'nvidia-h100-sxm', count: 20000, hours: 2000, utilization: 0.8 },
              pricePerAcceleratorHourUsd: 2.5,
              start: '2025-01-01',
            },
          ],
        },
        {
          id: 'b/tune',
          developer: 'b',
          generates: ['text'],
          baseModels: [{ id: 'a/base', relation: 'finetune' }],
          compute: [{ phase: 'fine-tuning', flop: 1e24, costUsd: 2000000, start: '2025-06-01' }],
        },
      ],
    };
    const v = validateLineage(doc, REF);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const scales = '0.5,0.98,0.99,1,1.0000000000000001,1.02,2';
    for (const rule of ['ca-sb1047/covered-model', 'illustrative/lineage-cost-100m']) {
      for (const id of [rule, `${rule}-ge`]) {
        const r = ALL.find((x) => x.id === id)!;
        const ev = new Evaluator(v.doc, ALL, '2026-11-28', REF);
        for (const interp of readings(r)) expect(planPriceReading(ev, r, interp)).not.toBeNull();
        const [ref, fast] = both(v.doc, { asOf: '2026-11-28', reference: REF, rule: id, scales, changes: true });
        expect(fast, id).toEqual(ref);
      }
    }
    // The lineage-summed cost (declared $/h, not market prices): at 1× a/base's is exactly $100M, not more than it
    // but at least it; b/tune's is $2M + k·$100M, exactly $100M at 0.98.
    const count = (id: string, scale: string) =>
      priceSweep(v.doc, ALL, { asOf: '2026-11-28', reference: REF, rule: id, scales: scale }).points[0].readings[0]
        .counts.captured;
    expect(count('illustrative/lineage-cost-100m', '0.98')).toBe(0);
    expect(count('illustrative/lineage-cost-100m-ge', '0.98')).toBe(1);
    expect(count('illustrative/lineage-cost-100m', '1')).toBe(1);
    expect(count('illustrative/lineage-cost-100m-ge', '1')).toBe(2);
    expect(count('illustrative/lineage-cost-100m', '1.0000000000000001')).toBe(2);
  });

  it(`on every rule with a dollar test over ${RUNS} generated lineages`, { timeout: 600_000 }, () => {
    const accs = [...REF.accelerators.values()].map((a) => ({
      id: a.id,
      precisions: Object.keys(a.peakFlopPerSecond),
      priceMonths: [...new Set((REF.prices.get(a.id) ?? []).map((p) => p.month))],
    }));
    let sorted = 0;
    let perScale = 0;
    let valid = 0;
    for (let k = 0; valid < RUNS && k < RUNS * 3; k++) {
      const g = generateLineage(seedOf(20261201, k), accs);
      const v = validateLineage(g.doc, REF);
      if (!v.ok) continue;
      valid++;
      const ev = new Evaluator(v.doc, ALL, g.asOf, REF);
      for (const rule of ALL.filter(dollarRule))
        for (const declared of [false, true]) {
          if (readings(rule).every((x) => planPriceReading(ev, rule, x) !== null)) sorted++;
          else perScale++;
          const scales = scalesFor(v.doc, rule, g.asOf, declared);
          const opts = { asOf: g.asOf, reference: REF, rule: rule.id, scales, declared, changes: true };
          const [ref, fast] = both(v.doc, opts);
          expect(fast, `seed ${g.seed}, ${rule.id}, declared ${declared}`).toEqual(ref);
        }
    }
    expect(valid).toBe(RUNS);
    expect(sorted).toBeGreaterThan(0);
    expect(perScale).toBeGreaterThan(0);
  });

  it(
    `prices variants on the shared tables as on their own, over ${RUNS} generated lineages`,
    { timeout: 600_000 },
    () => {
      const accs = [...REF.accelerators.values()].map((a) => ({
        id: a.id,
        precisions: Object.keys(a.peakFlopPerSecond),
        priceMonths: [...new Set((REF.prices.get(a.id) ?? []).map((p) => p.month))],
      }));
      let valid = 0;
      for (let k = 0; valid < RUNS && k < RUNS * 3; k++) {
        const g = generateLineage(seedOf(20261202, k), accs);
        const v = validateLineage(g.doc, REF);
        if (!v.ok) continue;
        valid++;
        const list: Variant[] = [];
        for (const rule of BUILTIN.filter(dollarRule)) {
          // The scales where an amount meets a threshold, and a few others; a lower threshold as well.
          const scales = scalesFor(v.doc, rule, g.asOf, false).split(',').slice(0, 12);
          scales.forEach((scale, j) =>
            list.push({
              id: `test/${rule.id.replace('/', '-')}-${j}`,
              title: `${rule.id} at ${scale}×`,
              base: rule.id,
              patch: {},
              priceScale: scale,
              priceScaleDeclared: j % 2 === 1,
            }),
          );
        }
        const opts = { asOf: g.asOf, reference: REF, variants: list };
        const ref = variants(v.doc, BUILTIN, { ...opts, perScale: true });
        const fast = variants(v.doc, BUILTIN, opts);
        expect(JSON.stringify(fast), `seed ${g.seed}`).toBe(JSON.stringify(ref));
      }
      expect(valid).toBe(RUNS);
    },
  );
});
