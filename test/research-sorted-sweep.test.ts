// Sort-once sweeps (core/research/sorted-sweep.ts) against evaluating each value (sweep with perValue): the same
// counts, wrongful captures and changes, on every threshold of every built-in rule over seeded generated lineages,
// with values exactly on the models' amounts (sums included: 9.5e25 + 5e24 is exactly 1e26). Thresholds the sorted
// path does not take (organization rules, fallbacks, inflation-adjusted values, rules referring back to themselves)
// go through the per-value path, so both are exercised.
import { describe, expect, it } from 'vitest';
import { Evaluator, readings } from '../src/core/evaluate/engine';
import { planReading } from '../src/core/research/sorted-sweep';
import { refersBack } from '../src/core/research/sorted-plan';
import { sweep, SweepOptions } from '../src/core/research/sweep';
import { sweepDetail } from '../src/core/research/detail';
import { selectTargets, thresholdSites } from '../src/core/research/targets';
import { canonicalDecimal, expandValues, MAX_VALUES } from '../src/core/research/values';
import type { LineageDocument, Rule } from '../src/core/types';
import { validateLineage } from '../src/core/validate/lineage';
import { reference, rules } from './helpers/engine';
import { generateLineage, seedOf } from './helpers/gen-lineage';

const ALL = rules();
const REF = reference();
const RUNS = Number(process.env.FLOPCHECK_SWEEP_RUNS ?? 8);

function accelerators() {
  return [...REF.accelerators.values()].map((a) => ({
    id: a.id,
    precisions: Object.keys(a.peakFlopPerSecond),
    priceMonths: [...new Set((REF.prices.get(a.id) ?? []).map((p) => p.month))],
  }));
}

/** A grid over the unit's range, the rule's own value, and every model's exact low and high of the measure. */
function valuesFor(ev: Evaluator, rule: Rule, pointer: string): string[] {
  const sel = selectTargets(rule, pointer, undefined);
  const site = sel.targets[0];
  const out = [site.value, '0', ...(site.unit === 'USD' ? expandValues('1..1e12/22') : expandValues('1e20..1e28/16'))];
  const specs = [rule.measures ?? {}, ...(rule.interpretations ?? []).map((x) => x.measures ?? {})]
    .map((m) => m[site.measure])
    .filter((s) => s !== undefined);
  for (const spec of specs)
    for (let i = 0; i < ev.ix.models.length; i++)
      for (const restrict of [false, true]) {
        const a = ev.store.exact(spec, i, restrict);
        out.push(canonicalDecimal(a.lo), canonicalDecimal(a.hiKnown));
      }
  return expandValues(out.slice(0, MAX_VALUES).join(','));
}

function both(doc: LineageDocument, opts: SweepOptions) {
  return [sweep(doc, ALL, { ...opts, perValue: true }), sweep(doc, ALL, opts)];
}

describe('sorted sweeps give the per-value answers', () => {
  it('on a lineage summing exactly to thresholds (> and >=)', () => {
    const doc = {
      lineageVersion: 1,
      organizations: [{ id: 'a' }, { id: 'b' }],
      models: [
        {
          id: 'a/base',
          developer: 'a',
          generates: ['text'],
          compute: [{ phase: 'pretraining', flop: 9.5e25, start: '2025-01-01' }],
        },
        {
          id: 'b/tune',
          developer: 'b',
          generates: ['text'],
          baseModels: [{ id: 'a/base', relation: 'finetune' }],
          compute: [{ phase: 'fine-tuning', flop: 5e24, start: '2025-06-01' }],
        },
        {
          id: 'b/range',
          developer: 'b',
          generates: ['text'],
          compute: [{ phase: 'pretraining', flopRange: { low: 1e25, high: 1e26 }, start: '2025-01-01' }],
        },
      ],
    };
    const v = validateLineage(doc, REF);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const values = ['9.5e25', '9.9999999999999999e25', '1e26', '1.0000000000000001e26', '1e25', '5e24'];
    for (const [rule, target] of [
      ['kr-ai-basic-act/high-performance', '/condition'],
      ['us-bis-2025/eccn-4e091', '/condition'],
      ['ca-sb53/frontier-model', '/condition'],
    ]) {
      const r = ALL.find((x) => x.id === rule)!;
      const ev = new Evaluator(v.doc, ALL, '2026-11-28', REF);
      const sites = selectTargets(r, target, undefined).targets;
      for (const interp of readings(r)) expect(planReading(ev, r, interp, sites)).not.toBeNull();
      const [ref, fast] = both(v.doc, { asOf: '2026-11-28', reference: REF, rule, target, values, changes: true });
      expect(fast).toEqual(ref);
    }
    // 9.5e25 + 5e24 is exactly 1e26: at least 1e26 (kr-ai-basic-act), but not more than 1e26 (ca-sb53).
    const at = (rule: string, values: string[]) =>
      both(v.doc, { asOf: '2026-11-28', reference: REF, rule, target: '/condition', values, changes: true })[1];
    expect(
      at('kr-ai-basic-act/high-performance', ['1e26', '1.0000000000000001e26']).points[1].readings[0].changes,
    ).toContainEqual({
      id: 'b/tune',
      from: 'captured',
      to: 'not-captured',
    });
    const sb53 = at('ca-sb53/frontier-model', ['9.9999999999999999e25', '1e26']).points[1].readings;
    expect(sb53.find((x) => x.interpretation === 'lineage-cumulative')!.changes).toContainEqual({
      id: 'b/tune',
      from: 'captured',
      to: 'not-captured',
    });
  });

  it('on a rule reading itself back through another rule (eu-ai-act/systemic-risk), at exact ties, > and >=', () => {
    // a/base's cumulative compute is at least 2e25 (its own base's is unknown); b/tune modifies it with 1e24, and the
    // original's compute being unknown, downstream-modifier's fallback asks whether a/base has systemic risk (then a
    // third of 1e25, not met; else a third of 1e23, met): b/tune is a provider, and has systemic risk, only as far as
    // a/base does not, at the same threshold. c/tune reads b/tune's verdict the same way.
    const doc = {
      lineageVersion: 1,
      organizations: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      models: [
        { id: 'a/root', developer: 'a', generates: ['text'] },
        {
          id: 'a/base',
          developer: 'a',
          generates: ['text'],
          baseModels: [{ id: 'a/root', relation: 'continued-pretraining' }],
          compute: [{ phase: 'continued-pretraining', flop: 2e25, start: '2025-01-01' }],
        },
        {
          id: 'b/tune',
          developer: 'b',
          generates: ['text'],
          baseModels: [{ id: 'a/base', relation: 'finetune' }],
          compute: [{ phase: 'fine-tuning', flop: 1e24, start: '2025-06-01' }],
        },
        {
          id: 'c/merge',
          developer: 'c',
          generates: ['text'],
          baseModels: [
            { id: 'b/tune', relation: 'merge' },
            { id: 'a/base', relation: 'merge' },
          ],
          compute: [{ phase: 'merge', flop: 1e22, start: '2025-07-01' }],
        },
        {
          id: 'c/tune',
          developer: 'c',
          generates: ['text'],
          baseModels: [{ id: 'b/tune', relation: 'finetune' }],
          compute: [{ phase: 'fine-tuning', flop: 1e24, start: '2025-08-01' }],
        },
      ],
    };
    const v = validateLineage(doc, REF);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const values = expandValues(
      '1e24,3e24,1.9999999999999999e25,2e25,2.0000000000000001e25,2.1e25,2.1000000000000001e25,2.2e25,2.2000000000000001e25,1e26',
    );
    const sr = ALL.find((x) => x.id === 'eu-ai-act/systemic-risk')!;
    const atLeast = JSON.parse(JSON.stringify(sr).replace(/"op":">"/g, '"op":">="')) as Rule;
    for (const set of [ALL, ALL.map((r) => (r === sr ? atLeast : r))]) {
      const rule = set.find((x) => x.id === sr.id)!;
      const ev = new Evaluator(v.doc, set, '2026-11-28', REF);
      expect(refersBack(ev, rule)).toBe(true);
      const sites = selectTargets(rule, 'cumulativeFlop', undefined).targets;
      for (const interp of readings(rule)) expect(planReading(ev, rule, interp, sites, true)).not.toBeNull();
      for (const interpretation of [undefined, 'merge-own-compute']) {
        const opts = {
          asOf: '2026-11-28',
          reference: REF,
          rule: sr.id,
          target: 'cumulativeFlop',
          interpretation,
          values,
          changes: true,
        };
        const ref = sweep(v.doc, set, { ...opts, perValue: true });
        const fast = sweep(v.doc, set, opts);
        expect(fast, `${rule === sr ? '>' : '>='} ${interpretation}`).toEqual(ref);
        // Sweeping every reading: at 2e25 (just above it for ">=") a/base's verdict changes (in one reading;
        // downstream-modifier reads the readings combined), and with it b/tune's, whose own amount (2.1e25) is not
        // passed there. (Sweeping merge-own-compute alone leaves a/base captured under the other reading.)
        if (interpretation !== undefined) continue;
        const at = fast.points.find((p) => p.value === (rule === sr ? '2e25' : '2.0000000000000001e25'))!;
        for (const r of at.readings) expect(r.changes!.map((c) => c.id)).toContain('b/tune');
      }
    }
  });

  it(`on every threshold of every built-in rule over ${RUNS} generated lineages`, { timeout: 600_000 }, () => {
    const accs = accelerators();
    let sorted = 0;
    let perValue = 0;
    let valid = 0;
    for (let k = 0; valid < RUNS && k < RUNS * 3; k++) {
      const g = generateLineage(seedOf(20261130, k), accs);
      const v = validateLineage(g.doc, REF);
      if (!v.ok) continue;
      valid++;
      const ev = new Evaluator(v.doc, ALL, g.asOf, REF);
      for (const rule of ALL) {
        for (const site of thresholdSites(rule).sites) {
          const values = valuesFor(ev, rule, site.pointer);
          const sites = selectTargets(rule, site.pointer, undefined).targets;
          const qualifies = readings(rule).every((x) => planReading(ev, rule, x, sites) !== null);
          if (qualifies) sorted++;
          else perValue++;
          const opts = { asOf: g.asOf, reference: REF, rule: rule.id, target: site.pointer, values, changes: true };
          const [ref, fast] = both(v.doc, opts);
          expect(fast, `seed ${g.seed}, ${rule.id} ${site.pointer}`).toEqual(ref);
        }
      }
    }
    expect(valid).toBe(RUNS);
    // Both paths ran.
    expect(sorted).toBeGreaterThan(0);
    expect(perValue).toBeGreaterThan(0);
  });
});

describe('sorted sweeps on a corpus of thousands of models', () => {
  // Bases of k × 10^23 FLOP (ties with every value of the grid), quantizations of them (the same amounts), merges
  // and fine-tunes of other developers (wrongful captures), some with a FLOP range: many breakpoints per value.
  function corpus(n: number) {
    let s = 7;
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const orgs = Array.from({ length: 20 }, (_, k) => ({ id: `org-${k}` }));
    const models: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const m: Record<string, unknown> = {
        id: `m-${i}`,
        developer: orgs[Math.floor(rnd() * orgs.length)].id,
        generates: ['text'],
        openWeights: rnd() < 0.5,
      };
      const r = rnd();
      const base = () => `m-${Math.floor(rnd() * i)}`;
      if (i < 5 || r < 0.3) {
        const flop = Math.round(rnd() * 1500) * 1e23;
        m.compute = [
          r < 0.05
            ? { phase: 'pretraining', flopRange: { low: flop, high: flop * 2 }, start: '2025-01-10' }
            : { phase: 'pretraining', flop, start: '2025-01-10' },
        ];
      } else if (r < 0.5) m.baseModels = [{ id: base(), relation: 'quantization' }];
      else if (r < 0.6) {
        const [a, b] = [base(), base()];
        m.baseModels = a === b ? [{ id: a, relation: 'merge' }] : [a, b].map((id) => ({ id, relation: 'merge' }));
      } else {
        m.baseModels = [{ id: base(), relation: 'finetune' }];
        m.compute = [{ phase: 'fine-tuning', flop: Math.round(rnd() * 50) * 1e23, start: '2025-03-01' }];
      }
      models.push(m);
    }
    return { lineageVersion: 1, organizations: orgs, models };
  }

  it('gives the per-value counts per group (--by) and per-model rows (--per-model)', { timeout: 300_000 }, () => {
    const doc = corpus(600) as { models: Record<string, unknown>[]; organizations: Record<string, unknown>[] };
    // Years and countries to group by (some left unknown).
    doc.models.forEach((m, i) => {
      if (i % 4 !== 0) m.released = `${2020 + (i % 6)}-01-01`;
    });
    doc.organizations.forEach((o, k) => {
      if (k % 3 !== 0) o.country = ['US', 'FR', 'KR'][k % 3];
    });
    const v = validateLineage(doc, REF);
    if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 3)));
    const values = expandValues('0,1e25..1e26+5e24,1e26..2e26+2.5e25');
    for (const [rule, target] of [
      ['ca-sb53/frontier-model', 'trainingFlop'],
      ['kr-ai-basic-act/high-performance', 'trainingFlop'],
      ['eu-ai-act/systemic-risk', 'cumulativeFlop'],
    ])
      for (const by of ['year', 'organization', 'country'] as const) {
        const opts = { asOf: '2026-11-28', reference: REF, rule, target, values };
        const want = { by, perSubject: by === 'year' };
        const ref = sweepDetail(v.doc, ALL, { ...opts, perValue: true }, want);
        const fast = sweepDetail(v.doc, ALL, opts, want);
        expect(fast, `${rule} --by ${by}`).toEqual(ref);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(ref));
      }
  });

  it('gives the per-value counts, wrongful captures and changes', { timeout: 300_000 }, () => {
    const v = validateLineage(corpus(3000), REF);
    if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 3)));
    const values = expandValues('0,1e25..1e26+5e23,1e26..2e26+1e24');
    for (const [rule, target] of [
      ['ca-sb53/frontier-model', 'trainingFlop'],
      ['kr-ai-basic-act/high-performance', 'trainingFlop'],
    ]) {
      const [ref, fast] = both(v.doc, { asOf: '2026-11-28', reference: REF, rule, target, values, changes: true });
      expect(fast, rule).toEqual(ref);
      expect(fast.points.some((p) => p.readings.some((r) => r.wrongfulCaptures > 0))).toBe(true);
    }
  });
});
