// Price-scale sweeps on shared tables. Every dollar amount is a line in the GPU price scale k: a0 + k·(a1 − a0), from
// the measure tables at 0× and 1× (evaluate/price-scaled.ts's `ZeroStore` shares the lineage and FLOP with 1×). When a
// reading's dollars enter its verdict only through absolute compare tests under all/any/not (at most two distinct
// measure–comparator–threshold tests) and no rule it refers to has a dollar test, each model's verdict depends on k
// only through the outcome of those tests. Amounts never fall as prices rise, so a test's outcome moves once from
// "not met" to "unknown" (the known high passes the threshold) and once to "met" (the low passes it): the verdict
// table with the tests symbolic is built once (sorted-plan.ts), the scales where each bound passes are grouped once,
// and the ascending scales walk them. Floats decide where their error bounds prove the side; at and near a tie (an
// amount equal to the threshold at exactly that scale) the exact line decides, "> t" and ">= t" apart.
import { addErr, decErr, decFloat, provenSign, U } from '../exact/bound';
import { add, cmp, mul, parseDec, sub, ZERO, type Dec } from '../exact/decimal';
import { Evaluator } from '../evaluate/engine';
import { operatorKeys, forEachCondition } from '../evaluate/operators/registry';
import { ZeroStore } from '../evaluate/price-scaled';
import type { ReferenceTables } from '../estimate/reference';
import { withPriceScale } from '../estimate/price-scale';
import type { Amount } from '../measure/amount';
import { floatView, type FloatView, type MeasureStore } from '../measure/store';
import type { Condition, LineageDocument, Rule } from '../types';
import { MAX_SLOTS, referencedRules, statesOf, type SortedReading } from './sorted-plan';
import { columnVerdictTable, sweepScratch } from './sorted-columns';
import {
  byFirstValue,
  parseValues,
  walkRows,
  type SortedRow,
  type StateWalk,
  type SweepValues,
  type VerdictHooks,
} from './sorted-sweep';

/** A reading's plan for the sorted price path: the dollar tests as slots, each with its threshold. */
export interface PricePlan {
  reading: SortedReading;
  /** The threshold of each slot, exact, and as a float with its bound. */
  thresholds: { exact: Dec; f: number; err: number }[];
}

const hasDollars = (r: Rule): boolean =>
  [r.measures ?? {}, ...(r.interpretations ?? []).map((x) => x.measures ?? {})].some((m) =>
    Object.values(m).some((s) => s.quantity === 'costUsd'),
  );

/** Whether a JSON value holds one of `names` as a string anywhere. */
function mentions(x: unknown, names: ReadonlySet<string>): boolean {
  if (typeof x === 'string') return names.has(x);
  if (Array.isArray(x)) return x.some((y) => mentions(y, names));
  if (x !== null && typeof x === 'object') return Object.values(x).some((y) => mentions(y, names));
  return false;
}

/**
 * The sorted price plan of one reading, or null when it must be evaluated scale by scale: an organization rule, a
 * rule referring to itself or to a rule with a dollar test, a dollar amount compared otherwise than with an absolute
 * threshold (inflation-adjusted, a fraction, relative to another measure) or read by another operator, a dollar test
 * under another operator than all/any/not, or more than two distinct dollar tests.
 */
export function planPriceReading(ev: Evaluator, rule: Rule, interp: string | undefined): PricePlan | null {
  if (rule.subject !== 'model') return null;
  const seen = new Set<string>();
  const todo = referencedRules(rule);
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (id === rule.id) return null;
    if (seen.has(id)) continue;
    seen.add(id);
    const other = ev.rule(id);
    if (hasDollars(other)) return null;
    todo.push(...referencedRules(other));
  }
  const reading = interp === undefined ? undefined : rule.interpretations?.find((x) => x.id === interp);
  const measures = reading?.measures ? { ...rule.measures, ...reading.measures } : (rule.measures ?? {});
  const dollars = new Set(Object.keys(measures).filter((k) => measures[k].quantity === 'costUsd'));
  const targets = new Map<Condition, number>();
  const keys: string[] = [];
  const slots: SortedReading['slots'] = [];
  const thresholds: PricePlan['thresholds'] = [];
  let ok = true;
  const visit = (c: Condition) => {
    for (const key of operatorKeys(c)) {
      if (key === 'all' || key === 'any' || key === 'not') continue;
      if (key !== 'compare') {
        // Any other operator naming a dollar measure (itself or in a sub-condition) reads amounts that move.
        if (mentions((c as Record<string, unknown>)[key], dollars)) ok = false;
        continue;
      }
      const t = c.compare!;
      const th = t.threshold;
      if (!dollars.has(t.measure) && !(th.of !== undefined && dollars.has(th.of))) continue;
      if (!dollars.has(t.measure) || th.value === undefined || th.of !== undefined || th.inflation || th.fraction) {
        ok = false;
        continue;
      }
      const slotKey = `${t.measure} ${t.op} ${th.value}`;
      let k = keys.indexOf(slotKey);
      if (k < 0) {
        k = keys.push(slotKey) - 1;
        slots.push({ spec: measures[t.measure], op: t.op });
        const exact = parseDec(th.value)!;
        const f = decFloat(exact);
        thresholds.push({ exact, f, err: decErr(f) });
      }
      targets.set(c, k);
    }
  };
  const cond = reading?.condition ?? rule.condition;
  forEachCondition(rule.applicability, visit);
  forEachCondition(cond, visit);
  if (!ok || slots.length > MAX_SLOTS) return null;
  return {
    reading: { interpretation: interp, app: rule.applicability, cond, targets, slots, measures },
    thresholds,
  };
}

const TINY = Number.MIN_VALUE;

/**
 * Breakpoints of the price path: per model whose verdict varies, slot and bound (low; known high), the amount's
 * line a0 + k·g with error bounds, and a lower bound of the scale where it first passes the threshold.
 */
interface PriceBreakpoints {
  model: Int32Array;
  /** bit 0: 0 low / 1 high amount; bits 1–2: slot; bit 3: own-only table. */
  what: Uint8Array;
  a0: Float64Array;
  e0: Float64Array;
  g: Float64Array;
  eg: Float64Array;
  bound: Float64Array;
}

type Observe = (i: number, out: FloatView) => void;

function varies(codes: Int8Array, S: number, i: number): boolean {
  for (let j = 1; j < S; j++) if (codes[S * i + j] !== codes[S * i]) return true;
  return false;
}

/** The walk over the price breakpoints: each model's state (per table), advanced scale by scale. */
class PriceWalk implements StateWalk {
  readonly state: Uint8Array[];
  readonly touched: Int32Array;
  touchedCount = 0;
  private readonly b: PriceBreakpoints;
  private readonly order: Uint32Array;
  private readonly start: Uint32Array;
  private readonly pending: Int32Array;
  private np = 0;
  private readonly stamp: Int32Array;
  private readonly exactLine = new Map<number, [Dec, Dec]>();
  /** Set when an amount proves to fall as prices rise (the walk's premise fails: scale by scale instead). */
  readonly falling: boolean = false;

  constructor(
    codes: Int8Array[],
    S: number,
    n: number,
    private readonly plan: PricePlan,
    views: [Observe, Observe][][],
    /** The exact amount of a slot for model i at 0× (0) or 1× (1) in table tb. */
    private readonly exact: (at: 0 | 1, sl: number, tb: number, i: number) => Amount,
    values: SweepValues,
  ) {
    const slots = plan.reading.slots.length;
    this.state = codes.map(() => new Uint8Array(n));
    let room = 0;
    for (let tb = 0; tb < codes.length; tb++)
      for (let i = 0; i < n; i++) if (varies(codes[tb], S, i)) room += 2 * slots;
    const model = new Int32Array(room);
    const what = new Uint8Array(room);
    const a0 = new Float64Array(room);
    const e0 = new Float64Array(room);
    const g = new Float64Array(room);
    const eg = new Float64Array(room);
    const bound = new Float64Array(room);
    const v0 = floatView();
    const v1 = floatView();
    let e = 0;
    let falling = false;
    for (let tb = 0; tb < codes.length; tb++)
      for (let i = 0; i < n; i++) {
        if (!varies(codes[tb], S, i)) continue;
        let st = 0;
        for (let sl = 0; sl < slots; sl++) {
          views[tb][sl][0](i, v0);
          views[tb][sl][1](i, v1);
          // Below every breakpoint a test is not met (unknown while part of the amount is unknown).
          st += (v1.missing === 0 ? 2 : 1) * 3 ** sl;
          const { f: tf, err: te } = plan.thresholds[sl];
          const kinds = v1.missing === 0 ? 2 : 1;
          for (let kind = 0; kind < kinds; kind++, e++) {
            const x0 = kind === 0 ? v0.lo : v0.hi;
            const x1 = kind === 0 ? v1.lo : v1.hi;
            const gx = x1 - x0;
            const ex = addErr(gx, v0.err, v1.err);
            if (gx + ex < 0) falling = true;
            model[e] = i;
            what[e] = kind | (sl << 1) | (tb << 3);
            a0[e] = x0;
            e0[e] = v0.err;
            g[e] = gx;
            eg[e] = ex;
            // amount(k) ≤ (x0 + e0) + k·(gx + ex): no scale below (t − te − x0 − e0)/(gx + ex) reaches the threshold.
            const num = tf - te - x0 - v0.err - (4 * U * (Math.abs(tf) + te + Math.abs(x0) + v0.err) + TINY);
            const den = (gx + ex) * (1 + 4 * U) + TINY;
            let bd: number;
            if (Number.isNaN(num) || Number.isNaN(den)) bd = -Infinity;
            else if (num <= 0) bd = -Infinity;
            else if (den <= 0) bd = Infinity;
            else bd = (num / den) * (1 - 4 * U);
            bound[e] = Number.isNaN(bd) ? -Infinity : bd;
          }
        }
        this.state[tb][i] = st;
      }
    this.falling = falling;
    this.b = { model, what, a0, e0, g, eg, bound };
    ({ order: this.order, start: this.start } = byFirstValue(bound.subarray(0, e), values.reach));
    this.pending = new Int32Array(e);
    this.stamp = new Int32Array(n).fill(-1);
    this.touched = new Int32Array(n);
  }

  /** Whether breakpoint x is passed at value k, decided exactly. */
  private passedExactly(x: number, k: number, values: SweepValues): boolean {
    const what = this.b.what[x];
    const sl = (what >> 1) & 3;
    let line = this.exactLine.get(x);
    if (!line) {
      const i = this.b.model[x];
      const tb = what >> 3;
      const pick = (a: Amount) => ((what & 1) === 0 ? a.lo : a.hiKnown);
      const d = pick(this.exact(0, sl, tb, i));
      this.exactLine.set(x, (line = [d, sub(pick(this.exact(1, sl, tb, i)), d)]));
    }
    const c = cmp(add(line[0], mul(values.exact(k), line[1])), this.plan.thresholds[sl].exact);
    return this.plan.reading.slots[sl].op === '>' ? c > 0 : c >= 0;
  }

  advance(k: number, values: SweepValues): void {
    const tv = values.float[k];
    const te = values.err[k];
    const { b, order, pending } = this;
    for (let q = this.start[k]; q < this.start[k + 1]; q++) pending[this.np++] = order[q];
    let kept = 0;
    this.touchedCount = 0;
    const th = this.plan.thresholds;
    for (let q = 0; q < this.np; q++) {
      const x = pending[q];
      // a0 + k·g with its bound (the product's as mulApprox, inlined).
      const g = b.g[x];
      const eg = b.eg[x];
      const p = tv * g;
      const pe = Math.abs(tv) * eg + Math.abs(g) * te + te * eg + Math.abs(p) * U + TINY;
      const v = b.a0[x] + p;
      const t = th[(b.what[x] >> 1) & 3];
      let s = provenSign(v, addErr(v, b.e0[x], pe), t.f, t.err);
      if (s === 0) s = this.passedExactly(x, k, values) ? 1 : -1;
      if (s < 0) {
        pending[kept++] = x;
        continue;
      }
      // Passed: the test moves one outcome towards "met" (not met → unknown → met).
      const i = b.model[x];
      this.state[b.what[x] >> 3][i] -= 3 ** ((b.what[x] >> 1) & 3);
      if (this.stamp[i] !== k) {
        this.stamp[i] = k;
        this.touched[this.touchedCount++] = i;
      }
    }
    this.np = kept;
  }
}

/**
 * Rows per scale (ascending positive exact decimals) of one reading that qualifies, from the stores at 1× (`ev`'s)
 * and 0× (`s0`); null when an amount falls as prices rise (never for costs, which are not negative).
 */
export function sortedPriceRows(
  ev: Evaluator,
  s0: MeasureStore,
  rule: Rule,
  plan: PricePlan,
  parsed: SweepValues,
  count: number,
  changes: boolean,
  onValue?: (k: number) => void,
  hooks?: VerdictHooks,
): SortedRow[] | null {
  const n = ev.ix.models.length;
  const reading = plan.reading;
  const tables = ev.ownOnlyMatters(rule, reading.interpretation) ? [false, true] : [false];
  const S = statesOf(reading);
  // The verdict table by columns, as for threshold sweeps (sorted-columns.ts).
  const buffers = sweepScratch(n);
  const codes = tables.map((restrict) => columnVerdictTable(ev, rule, reading, restrict, null, buffers));
  const views = tables.map((restrict) =>
    reading.slots.map((sl): [Observe, Observe] => [s0.viewer(sl.spec, restrict), ev.store.viewer(sl.spec, restrict)]),
  );
  const stores = [s0, ev.store];
  const memo = new Map<string, Amount>();
  const exact = (at: 0 | 1, sl: number, tb: number, i: number): Amount => {
    const key = `${at}|${sl}|${tb}|${i}`;
    let a = memo.get(key);
    if (!a) memo.set(key, (a = stores[at].exact(reading.slots[sl].spec, i, tables[tb])));
    return a;
  };
  const walk = new PriceWalk(codes, S, n, plan, views, exact, parsed);
  if (walk.falling) return null;
  return walkRows(ev, codes, S, walk, reading.interpretation, count, parsed, changes, onValue, hooks);
}

/**
 * A price sweep by the sorted path when every reading qualifies (planPriceReading), else null: one row per scale
 * and reading, as evaluating each scale gives. `scales`: ascending distinct positive exact decimals.
 */
export function sortedPriceSweep(
  doc: LineageDocument,
  rules: readonly Rule[],
  rule: Rule,
  which: readonly (string | undefined)[],
  scales: readonly string[],
  opts: {
    asOf: string;
    reference: ReferenceTables;
    declared: boolean;
    changes: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): { rows: SortedRow[][]; subjects: number } | null {
  const { reference, declared } = opts;
  const e1 = new Evaluator(doc, rules, opts.asOf, withPriceScale(reference, { k: parseDec('1')!, declared }));
  const plans = which.map((interp) => planPriceReading(e1, rule, interp));
  if (plans.some((p) => p === null)) return null;
  const ref0 = { ...reference, priceScale: { k: ZERO, declared } };
  const s0 = new ZeroStore(e1.store, ref0);
  const parsed = parseValues(scales);
  const last = plans.length - 1;
  const rows: SortedRow[][] = [];
  for (let j = 0; j < plans.length; j++) {
    const r = sortedPriceRows(
      e1,
      s0,
      rule,
      plans[j]!,
      parsed,
      scales.length,
      opts.changes,
      j === last ? (k) => opts.onProgress?.(k + 1, scales.length) : undefined,
    );
    if (!r) return null;
    rows.push(r);
  }
  return { rows, subjects: e1.ix.models.length };
}
