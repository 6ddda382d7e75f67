// Seeded random lineages for the differential test: small documents (1–12 models, 1–4 organizations) whose amounts
// sit on or next to the rules' thresholds far more often than chance would put them there. Each lineage is a pure
// function of its seed, so a failing case is reproduced by `generateLineage(seed)` alone.

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of lineage k of a run started from `base` (spread so that neighbouring runs do not overlap). */
export function seedOf(base: number, k: number): number {
  let h = (Math.imul(base ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(k + 1, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  return h >>> 0;
}

type Rand = () => number;
type Obj = Record<string, unknown>;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const chance = (r: Rand, p: number) => r() < p;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

export const RELATIONS = [
  'finetune',
  'adapter',
  'merge',
  'quantization',
  'distillation',
  'continued-pretraining',
] as const;
export const PHASES = [
  'pretraining',
  'continued-pretraining',
  'fine-tuning',
  'reinforcement-learning',
  'synthetic-data',
  'distillation',
  'merge',
  'evaluation',
  'experiment',
  'other',
] as const;
/** Evaluation dates around the rules' effective dates. */
export const AS_OF = [
  '2024-06-01',
  '2025-01-20',
  '2025-06-01',
  '2025-08-02',
  '2026-01-22',
  '2026-11-29',
  '2027-01-01',
  '2027-06-01',
] as const;

/** Thresholds and values that sit on, just above or just below them, or add up to them. */
const FLOP_ON = [
  1e23, 1e25, 1e26, 3e25, 3.6e25, 9e25, 9.5e25, 5e24, 5e21, 2e25, 1e24, 1e22, 3.4e22, 7e24, 3e24, 1.5e25, 2.5e25,
  7.5e25, 6.6e25, 3.3e25, 0, 1e19, 1.001e22,
  // a third of 1e25 and of 1e23, as floats (just above the exact third) and the integer below it
  3.3333333333333335e24, 3333333333333333333333333, 3.3333333333333335e22, 33333333333333333333333, 1.000000000001e26,
  9.99999999999e25, 1.000000000001e25, 9.99999999999e24, 1.0000000000000002e26, 9.999999999999999e25,
  1.0000000000000002e25, 9.999999999999999e24, 1.0000000000000002e23, 9.999999999999999e22,
];
/** Pairs that add up exactly to a threshold (split over records of one model or over a model and its base). */
const FLOP_SPLITS: [number, number][] = [
  [9.5e25, 5e24],
  [7e25, 3e25],
  [5e25, 5e25],
  [1e25, 2e25],
  [5e24, 5e24],
  [2.5e25, 7.5e25],
  [9.9e22, 1e21],
  [1.5e25, 1.5e25],
  [6e24, 4e24],
  [9.999999999999e24, 1000000000000],
  [9e25, 1e25],
  [1e26, 0],
];
/** Original, modification: the modification exactly a third of the original. */
const THIRDS: [number, number][] = [
  [3e25, 1e25],
  [9e25, 3e25],
  [1.5e25, 5e24],
  [3e23, 1e23],
  [3e26, 1e26],
  [6e24, 2e24],
];
const USD_ON = [
  1e8,
  1e7,
  5e6,
  9.5e7,
  5e6,
  100000001,
  99999999.99,
  1e7 + 0.01,
  5000000.01,
  4999999.99,
  2e8,
  0,
  1e6,
  5e7,
];
const USD_SPLITS: [number, number][] = [
  [9.5e7, 5e6],
  [5e7, 5e7],
  [7.5e6, 2.5e6],
  [2.5e6, 2.5e6],
  [6e7, 4e7],
];
const REVENUE = [5e8, 500000000.01, 499999999.99, 1e9, 2.5e8, 3e8, 2e8, 0, 1e6, 5e9];

const DESIGNATIONS = [
  'eu-ai-act/systemic-risk',
  'ca-sb1047/covered-model',
  'ca-sb1047/covered-fine-tune',
  'ny-raise-2025/frontier-model',
  'us-s2938/advanced-ai-system',
  'ca-sb53/frontier-model',
  'eu-ai-act/downstream-modifier',
  'mi-hb4668/foundation-model',
];
const MARKETS: string[][] = [['US-NY'], ['US'], ['EU'], [], ['US-CA', 'US-NY'], ['us-ny'], ['KR', 'EU'], ['US-CA']];
const MODALITIES = ['text', 'code', 'audio', 'image', 'video', 'biological-sequence', 'other'];

export interface Accelerator {
  id: string;
  precisions: string[];
  /** Months with a market price, sorted (empty: no price table entry). */
  priceMonths: string[];
}

/** A date `months` months and `days` days from `date` (days may push across month ends), clamped to real dates. */
function shift(date: string, months: number, days = 0): string {
  const y = +date.slice(0, 4);
  const m = +date.slice(5, 7) - 1 + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(Date.UTC(y, m, Math.min(+date.slice(8, 10), last) + days));
  return d.toISOString().slice(0, 10);
}

function date(r: Rand, asOf: string, acc?: Accelerator): string {
  const k = r();
  // On the 12-month window edge before the evaluation date (trainedWithin), or the date itself.
  if (k < 0.2) return shift(asOf, -12, pick(r, [-1, 0, 1]));
  if (k < 0.3) return shift(asOf, 0, pick(r, [-1, 0, 1]));
  // A month of the price table, its first day or last, or just outside it.
  if (k < 0.55 && acc && acc.priceMonths.length > 0) {
    const m = pick(r, [acc.priceMonths[0], acc.priceMonths[acc.priceMonths.length - 1], pick(r, acc.priceMonths)]);
    return shift(`${m}-01`, pick(r, [-1, 0, 0, 1]), pick(r, [0, 0, 27, -1]));
  }
  if (k < 0.75)
    return pick(r, [
      '2023-10-30',
      '2025-01-13',
      '2025-01-20',
      '2025-05-13',
      '2025-08-02',
      '2026-01-01',
      '2026-01-22',
      '2027-01-01',
      '2018-06-01',
      '2024-02-29',
    ]);
  return shift('2018-01-01', int(r, 0, 120), int(r, 0, 27));
}

function randomFlop(r: Rand): number {
  return Number((10 ** (18 + r() * 9)).toPrecision(int(r, 1, 4)));
}

function flopValue(r: Rand): number {
  return chance(r, 0.7) ? pick(r, FLOP_ON) : randomFlop(r);
}

/** An amount (one of the four forms) of roughly `target` FLOP, often exactly it. */
function amount(r: Rand, target: number, phase: string, accs: Accelerator[]): { rec: Obj; acc?: Accelerator } {
  const k = r();
  if (k < 0.45) return { rec: { flop: target } };
  if (k < 0.6) {
    const other = chance(r, 0.5) ? flopValue(r) : target;
    const [low, high] = target <= other ? [target, other] : [other, target];
    const fr: Obj = { low, high };
    if (chance(r, 0.3)) fr.central = pick(r, [low, high]);
    return { rec: { flopRange: fr } };
  }
  if (k < 0.75) {
    // 6·N·D (2·N·D for synthetic data and evaluations): exact products for the thresholds.
    const forward = phase === 'synthetic-data' || phase === 'evaluation';
    const pairs: [number, number][] = forward
      ? [
          [5e11, 1e14],
          [5e11, 1e13],
          [2.5e10, 2e12],
          [1.5e11, 1e14],
          [7e10, 1.5e13],
        ]
      : [
          [5e10, 1e14],
          [1e11, 1e13],
          [5e11, 1e14],
          [1.25e11, 4e13],
          [7e10, 1.5e13],
          [6e10, 2.5e13],
        ];
    const [n, d] = pick(r, pairs);
    const a: Obj = { parameters: n, tokens: d };
    if (chance(r, 0.2)) {
      a.parameters = n * 8;
      a.activeParameters = n;
    }
    if (chance(r, 0.1)) a.flopPerParameterPerToken = pick(r, [6, 2, 1, 3]);
    return { rec: { architecture: a } };
  }
  // Hardware: declared peaks giving exact round products, or a known accelerator.
  if (chance(r, 0.4)) {
    const [peak, count, hours, utilization] = pick(r, [
      [1e15, 25000, 1000, 1], // 9e25
      [1e15, 25000, 1000, 0.4], // 3.6e25
      [2.5e14, 1e4, 1e4, 0.4], // 3.6e25
      [1e15, 1e4, 250, 1], // 9e24
      [5e14, 1e5, 500, 0.5], // 4.5e25
      [1e15, 2500, 1000, 1], // 9e24
      [1e15, 5e4, 5000, 0.1], // 9e25
    ] as [number, number, number, number][]);
    return { rec: { hardware: { peakFlopPerSecond: peak, count, hours, utilization } } };
  }
  const acc = pick(r, accs);
  const hw: Obj = {
    accelerator: acc.id,
    count: pick(r, [1024, 25000, 16384, 100000, 2048, 8]),
    hours: pick(r, [1000, 2000, 720, 4000, 100.5]),
    utilization: pick(r, [0.4, 0.35, 1, 0.5, 0.123]),
  };
  if (chance(r, 0.3)) hw.precision = pick(r, acc.precisions);
  return { rec: { hardware: hw }, acc };
}

function record(r: Rand, target: number, asOf: string, accs: Accelerator[], phase?: string): Obj {
  const ph = phase ?? (chance(r, 0.5) ? pick(r, ['pretraining', 'fine-tuning']) : pick(r, PHASES));
  const { rec, acc } = amount(r, target, ph, accs);
  const out: Obj = { phase: ph, ...rec };
  if (ph === 'synthetic-data' && chance(r, 0.8)) out.syntheticDataPublic = chance(r, 0.5);
  const c = r();
  if (c < 0.3) out.costUsd = chance(r, 0.7) ? pick(r, USD_ON) : Number((10 ** (5 + r() * 4)).toPrecision(2));
  else if (c < 0.4) {
    const a = pick(r, USD_ON);
    const b = pick(r, USD_ON);
    out.costUsdRange = { low: Math.min(a, b), high: Math.max(a, b) };
  } else if (c < 0.6 && out.hardware) {
    const hw = out.hardware as { count: number; hours: number };
    // A price that makes count × hours × price land on a dollar threshold where it can.
    const hours = hw.count * hw.hours;
    out.pricePerAcceleratorHourUsd = chance(r, 0.5)
      ? Number((pick(r, [1e8, 1e7, 5e6]) / hours).toPrecision(15))
      : pick(r, [2, 2.5, 1.1, 0.5, 4]);
  }
  // A record read from a cloud bill: its list cost (what market-basis dollar tests read) lands on a dollar
  // threshold. Derived from values already drawn, so the random stream (and every other lineage) is unchanged.
  if (out.costUsd !== undefined && out.hardware) {
    const hw = out.hardware as { count: number; hours: number };
    if ((hw.count + Math.floor(hw.hours)) % 3 === 0) {
      const list = USD_ON[(hw.count + Math.floor(hw.hours)) % USD_ON.length];
      out.billing = {
        format: 'FOCUS',
        costBasis: 'effective',
        pricingCategories: ['Commitment-Based'],
        effectiveCostUsd: out.costUsd,
        listCostUsd: list,
      };
    }
  }
  // Dates: the start decides the market price month; the end (else start) the 12-month window.
  if (chance(r, 0.75)) {
    const s = date(r, asOf, acc);
    out.start = s;
    if (chance(r, 0.5)) {
      const e = chance(r, 0.5) ? date(r, asOf, acc) : shift(s, int(r, 0, 5), int(r, 0, 20));
      if (e >= s) out.end = e;
    }
  } else if (chance(r, 0.3)) out.end = date(r, asOf, acc);
  return out;
}

function records(r: Rand, asOf: string, accs: Accelerator[], role: 'base' | 'derived'): Obj[] {
  const k = r();
  if (k < 0.25) {
    const [a, b] = pick(r, FLOP_SPLITS);
    return [record(r, a, asOf, accs, role === 'base' ? 'pretraining' : undefined), record(r, b, asOf, accs)];
  }
  const n = int(r, 1, 3);
  const out: Obj[] = [];
  for (let j = 0; j < n; j++) out.push(record(r, flopValue(r), asOf, accs));
  return out;
}

function subset<T>(r: Rand, xs: readonly T[], p: number): T[] {
  return xs.filter(() => chance(r, p));
}

export interface GeneratedLineage {
  seed: number;
  asOf: string;
  doc: Obj;
}

/** One random lineage document (valid in intent; the caller validates). */
export function generateLineage(seed: number, accs: Accelerator[]): GeneratedLineage {
  const r = prng(seed);
  const asOf = pick(r, AS_OF);
  const year = +asOf.slice(0, 4);
  const nOrg = int(r, 1, 4);
  const orgs: Obj[] = [];
  for (let k = 0; k < nOrg; k++) {
    const o: Obj = { id: `org${k}` };
    if (chance(r, 0.75)) {
      const years = subset(r, [year - 3, year - 2, year - 1, year - 1, year], 0.6);
      const rev = [...new Set(years)].map((y) => {
        const e: Obj = {
          year: y,
          amount: chance(r, 0.8) ? pick(r, REVENUE) : Number((10 ** (5 + r() * 5)).toPrecision(2)),
        };
        if (chance(r, 0.25)) e.includesAffiliates = chance(r, 0.4);
        return e;
      });
      if (rev.length > 0) o.revenueUsd = rev;
    }
    if (k > 0 && chance(r, 0.25)) o.affiliateOf = `org${int(r, 0, k - 1)}`;
    if (chance(r, 0.1)) o.affiliateOf = `org${int(r, 0, nOrg - 1)}`;
    if (chance(r, 0.15)) o.academic = chance(r, 0.5);
    orgs.push(o);
  }
  // Two affiliates whose own figures add up to $500M exactly.
  if (nOrg >= 2 && chance(r, 0.15)) {
    orgs[1].affiliateOf = 'org0';
    orgs[0].revenueUsd = [{ year: year - 1, amount: 2.5e8, includesAffiliates: false }];
    orgs[1].revenueUsd = [
      { year: year - 1, amount: pick(r, [2.5e8, 2.5e8 + 0.01, 2.5e8 - 0.01]), includesAffiliates: false },
    ];
  }

  const nModels = int(r, 1, 12);
  const models: Obj[] = [];
  for (let k = 0; k < nModels; k++) {
    const m: Obj = { id: `m${k}` };
    if (chance(r, 0.9)) m.developer = `org${int(r, 0, nOrg - 1)}`;
    // Base models: earlier models only (a DAG), any relation, sometimes the same base twice.
    const bases: Obj[] = [];
    if (k > 0 && chance(r, 0.65)) {
      const nb = chance(r, 0.7) ? 1 : int(r, 2, 3);
      for (let j = 0; j < nb; j++)
        bases.push({ id: `m${int(r, Math.max(0, k - 4), k - 1)}`, relation: pick(r, RELATIONS) });
      if (chance(r, 0.05)) bases.push({ ...bases[0], relation: pick(r, RELATIONS) });
    }
    if (bases.length > 0) m.baseModels = bases;
    const c = r();
    if (c < 0.1) {
      /* compute unknown */
    } else if (c < 0.15) m.compute = [];
    else if (bases.length > 0 && c < 0.35) {
      // A modification of exactly a third of its base's compute, or the two adding up exactly to a threshold.
      const [orig, mod] = chance(r, 0.5) ? pick(r, THIRDS) : pick(r, FLOP_SPLITS);
      const base = models[+String(bases[0].id).slice(1)];
      base.compute = [record(r, orig, asOf, accs, 'pretraining')];
      m.compute = [
        record(
          r,
          mod,
          asOf,
          accs,
          pick(r, ['fine-tuning', 'fine-tuning', 'reinforcement-learning', 'merge', 'continued-pretraining']),
        ),
      ];
    } else m.compute = records(r, asOf, accs, bases.length > 0 ? 'derived' : 'base');
    // Dollar splits: two records whose declared costs add up to a threshold.
    if (Array.isArray(m.compute) && m.compute.length >= 2 && chance(r, 0.2)) {
      const [a, b] = pick(r, USD_SPLITS);
      const recs = m.compute as Obj[];
      for (const [rec, v] of [
        [recs[0], a],
        [recs[1], b],
      ] as [Obj, number][]) {
        delete rec.costUsdRange;
        delete rec.pricePerAcceleratorHourUsd;
        rec.costUsd = v;
      }
    }
    if (chance(r, 0.7)) m.generates = chance(r, 0.6) ? ['text'] : subset(r, MODALITIES, 0.3);
    if (chance(r, 0.5)) m.openWeights = chance(r, 0.5);
    if (chance(r, 0.6)) m.foundationModel = chance(r, 0.7);
    if (chance(r, 0.15)) m.trainedPrimarilyOnBiologicalSequences = chance(r, 0.6);
    if (chance(r, 0.1)) m.designations = subset(r, DESIGNATIONS, 0.3);
    if (chance(r, 0.4)) m.markets = pick(r, MARKETS);
    if (chance(r, 0.5)) m.released = date(r, asOf);
    models.push(m);
  }
  // Input order need not be topological.
  if (chance(r, 0.3)) models.reverse();
  else if (chance(r, 0.3)) {
    for (let k = models.length - 1; k > 0; k--) {
      const j = int(r, 0, k);
      [models[k], models[j]] = [models[j], models[k]];
    }
  }
  const doc: Obj = { lineageVersion: 1, models };
  if (chance(r, 0.97)) doc.organizations = orgs;
  else for (const m of models) delete m.developer;
  return { seed, asOf, doc };
}

/**
 * Greedy shrinking of a document while `fails` stays true (and the document stays valid, which `fails` checks):
 * drops models, base references, compute records and optional fields, one at a time, until nothing more can go.
 */
export function shrinkLineage(doc: Obj, fails: (d: Obj) => boolean): Obj {
  let cur: Obj = structuredClone(doc);
  const attempts = (d: Obj): Obj[] => {
    const out: Obj[] = [];
    const models = d.models as Obj[];
    models.forEach((m, k) => {
      // Drop model k and every reference to it.
      const c = structuredClone(d);
      const ms = c.models as Obj[];
      ms.splice(k, 1);
      for (const x of ms) {
        if (Array.isArray(x.baseModels)) {
          x.baseModels = (x.baseModels as Obj[]).filter((b) => b.id !== m.id);
          if ((x.baseModels as Obj[]).length === 0) delete x.baseModels;
        }
      }
      out.push(c);
    });
    models.forEach((m, k) => {
      for (const key of Object.keys(m)) {
        if (key === 'id') continue;
        const v = m[key];
        if (Array.isArray(v)) {
          v.forEach((_, j) => {
            const c = structuredClone(d);
            const arr = (c.models as Obj[])[k][key] as unknown[];
            arr.splice(j, 1);
            out.push(c);
          });
        }
        const c = structuredClone(d);
        delete (c.models as Obj[])[k][key];
        out.push(c);
        if (key === 'compute' && Array.isArray(v)) {
          v.forEach((rec, j) => {
            for (const rk of Object.keys(rec as Obj)) {
              if (rk === 'phase') continue;
              const c2 = structuredClone(d);
              delete ((c2.models as Obj[])[k].compute as Obj[])[j][rk];
              out.push(c2);
            }
          });
        }
      }
    });
    ((d.organizations as Obj[] | undefined) ?? []).forEach((o, k) => {
      for (const key of Object.keys(o)) {
        if (key === 'id') continue;
        const c = structuredClone(d);
        delete (c.organizations as Obj[])[k][key];
        out.push(c);
      }
      const c = structuredClone(d);
      (c.organizations as Obj[]).splice(k, 1);
      out.push(c);
    });
    return out;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const next of attempts(cur)) {
      if (fails(next)) {
        cur = next;
        changed = true;
        break;
      }
    }
  }
  return cur;
}
