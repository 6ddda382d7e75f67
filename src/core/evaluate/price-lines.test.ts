// The price sensitivity of organizations with many models (and of the model findings around them) against the
// first method, kept as the slow reference: a new Evaluator of the sub-lineage at every breakpoint of every model
// the subject reads (`priceSensitivityByBreakpoints`). Generated lineages, with costs placed exactly on thresholds.
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, loadReference } from '../../io/load';
import { parseDec } from '../exact/decimal';
import type { LineageDocument } from '../types';
import type { Subject } from './conditions';
import { eachFinding, Evaluator, prepareEvaluation } from './engine';
import { priceContext, priceSensitivityByBreakpoints } from './price';

const rules = loadBuiltinRules();
const reference = loadReference();
const ASOF = '2026-11-28';
const DOLLAR_RULES = [
  'ny-raise-2025/large-developer',
  'ny-raise-2025/frontier-model',
  'mi-hb4668/large-developer',
  'ca-sb1047/covered-model',
  'ca-sb1047/covered-fine-tune',
  'illustrative/lineage-cost-100m',
];

/**
 * A lineage where most models belong to one developer. Accelerator-hours at $2–$4/h (peak 1e15 FLOP/s, full
 * utilization: 3.6e18 FLOP per hour) put runs on both sides of 1e26 FLOP, and some exactly on a dollar threshold at
 * 1× or 2.5× ($100M, $10M, $5M); some runs are priced from the market table (a range), some declare their cost;
 * fine-tunes, distillations and merges of earlier models.
 */
function lineage(seed: number, n: number): LineageDocument {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const orgs = ['big-lab', 'lab-a', 'lab-b'];
  const models: LineageDocument['models'] = [];
  for (let i = 0; i < n; i++) {
    const developer = rnd() < 0.75 ? 'big-lab' : pick(orgs.slice(1));
    const price = pick([2, 2.5, 4]);
    const r = rnd();
    const run = (hours: number, phase: 'pretraining' | 'fine-tuning' | 'distillation') => {
      const kind = rnd();
      if (kind < 0.15) return { phase, flop: hours * 3.6e18, costUsd: hours * price, start: '2026-02-01' };
      if (kind < 0.3)
        return {
          phase,
          hardware: { accelerator: 'nvidia-h100-sxm', count: 1000, hours: hours / 1000, utilization: 0.5 },
          start: '2025-06-15',
        };
      return {
        phase,
        hardware: { peakFlopPerSecond: 1e15, count: 1000, hours: hours / 1000, utilization: 1 },
        pricePerAcceleratorHourUsd: price,
        start: '2026-02-01',
      };
    };
    const m: LineageDocument['models'][number] = { id: `m-${i}`, developer, generates: ['text'] };
    if (i < 3 || r < 0.2) {
      // 4e7 h × $2.5 is exactly $100M; 2e7–5e7 h is 7.2e25–1.8e26 FLOP.
      m.compute = [run(pick([2e7, 3e7, 4e7, 4e7, 5e7]), 'pretraining')];
    } else if (r < 0.35) {
      m.baseModels = [{ id: `m-${Math.floor(rnd() * i)}`, relation: 'distillation' }];
      // 2e6 h × $2.5 is exactly $5M.
      m.compute = [run(pick([1e6, 2e6, 2e6, 4e6]), 'distillation')];
    } else if (r < 0.42) {
      const a = Math.floor(rnd() * i);
      const b = Math.floor(rnd() * i);
      m.baseModels = [
        { id: `m-${a}`, relation: 'merge' },
        ...(a === b ? [] : [{ id: `m-${b}`, relation: 'merge' as const }]),
      ];
      m.compute = [];
    } else {
      m.baseModels = [{ id: `m-${Math.max(0, i - 1 - Math.floor(rnd() * 8))}`, relation: 'finetune' }];
      // 4e6 h × $2.5 is exactly $10M; 9e6 h is 3.24e25 FLOP (a covered fine-tune's 3e25).
      m.compute = [run(pick([1e5, 2e6, 4e6, 9e6]), 'fine-tuning')];
    }
    models.push(m);
  }
  return { lineageVersion: 1, organizations: orgs.map((id) => ({ id, name: id })), models };
}

/** Every finding's price sensitivity against the first method's, for one lineage and price scenario. */
function compareAll(doc: LineageDocument, k: string, declared: boolean): number {
  const scale = { k: parseDec(k)!, declared };
  const p = prepareEvaluation(doc, rules, { asOf: ASOF, reference, select: DOLLAR_RULES, priceScale: scale });
  const slow = priceContext(rules, scale, reference, (d, ref) => new Evaluator(d, rules, ASOF, ref));
  const byId = new Map(rules.map((r) => [r.id, r]));
  const orgs = p.ev.organizations();
  let flips = 0;
  eachFinding(p, (f) => {
    const subject: Subject =
      f.model !== undefined
        ? { kind: 'model', i: p.ev.ix.byId.get(f.model)! }
        : { kind: 'organization', id: f.organization!, models: orgs.find((o) => o.id === f.organization)!.models };
    const want = priceSensitivityByBreakpoints(slow, p.ev, byId.get(f.rule)!, f.interpretation, subject, {
      full: f.verdict,
      own: f.ownOnly.verdict,
      measures: f.measures,
      ownMeasures: f.ownOnly.measures,
    });
    expect({ rule: f.rule, subject: f.model ?? f.organization, ps: f.priceSensitivity }).toEqual({
      rule: f.rule,
      subject: f.model ?? f.organization,
      ps: want,
    });
    if (f.priceSensitivity?.flipScale != null) flips++;
  });
  return flips;
}

describe('price sensitivity on lines (against the per-breakpoint method)', () => {
  it('agrees for a developer with many models (sub-lineages: over 64 models)', () => {
    let flips = 0;
    for (const seed of [1, 2, 3]) flips += compareAll(lineage(seed, 90), '1', false);
    // The lineages are built so that verdicts do change with prices.
    expect(flips).toBeGreaterThan(20);
  });

  it('agrees at a scale exactly on breakpoints, and with declared costs scaled', () => {
    compareAll(lineage(4, 80), '2.5', false);
    compareAll(lineage(5, 80), '2.5', true);
  });

  it('agrees on small documents (the whole document at each scale)', () => {
    for (const seed of [6, 7]) compareAll(lineage(seed, 40), '1', false);
  });

  it('puts a tie at the breakpoint on the side the comparator says', () => {
    // Exactly $100M at 1× for a frontier run (4e7 h × $2.5): "more than" is not met at 1×, met just above.
    const doc = lineage(8, 3);
    doc.models = [
      {
        id: 'm-0',
        developer: 'big-lab',
        generates: ['text'],
        compute: [
          {
            phase: 'pretraining',
            hardware: { peakFlopPerSecond: 1e15, count: 1000, hours: 4e4, utilization: 1 },
            pricePerAcceleratorHourUsd: 2.5,
            start: '2026-02-01',
          },
        ],
      },
    ];
    const p = prepareEvaluation(doc, rules, { asOf: ASOF, reference, select: ['ny-raise-2025/frontier-model'] });
    const found: { verdict: string; exact: string | null; included: boolean | null }[] = [];
    eachFinding(p, (f) =>
      found.push({
        verdict: f.verdict,
        exact: f.priceSensitivity!.flipScaleExact,
        included: f.priceSensitivity!.flipIncluded,
      }),
    );
    expect(found).toEqual([{ verdict: 'not-captured', exact: '1', included: false }]);
    compareAll(doc, '1', false);
  });
});
