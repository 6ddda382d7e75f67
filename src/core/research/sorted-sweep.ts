// Sort-once threshold sweeps. For a reading that qualifies (sorted-plan.ts), each model's verdict depends on the
// swept value only through the outcome of the swept tests: a comparison turns from met to unknown where the value
// passes the model's low amount, and to not met where it passes the known high one. Those breakpoints are sorted once
// and the values, ascending, walk them, so a model is looked at once per breakpoint passed, not once per value;
// counts, wrongful captures and changes are updated for the models touched. Floats place a breakpoint against a value
// when their error bounds prove the side; otherwise the exact amounts decide ("> t" and ">= t" differ at a tie).
// Plain threshold sweeps no longer walk: sorted-buckets.ts finds each breakpoint's first value and sums the changes.
// The walk (exactWalk) stays for the self-referring readings (sorted-cycle.ts) and price scales (price-sorted.ts);
// this file keeps it and what every path shares (the values, valueGuide, sortedRow).
import { decErr, provenSign } from '../exact/bound';
import { cmp, Dec, parseDec } from '../exact/decimal';
import type { Evaluator } from '../evaluate/engine';
import { V_CAPTURED, V_NOT_APPLICABLE, V_NOT_CAPTURED, V_UNCERTAIN, VERDICT_NAMES } from '../evaluate/tri';
import { floatView, type FloatView } from '../measure/store';
import type { MeasureSpec, Verdict } from '../types';
import type { Amount } from '../measure/amount';
import type { SortedReading } from './sorted-plan';
import type { VerdictChange } from './verdicts';

export { planReading, MAX_SLOTS, type SortedReading } from './sorted-plan';

/** One point of a sorted sweep for one reading: the per-value path's row (sweep.ts), in its key order. */
export interface SortedRow {
  interpretation?: string;
  counts: Record<Verdict, number>;
  wrongfulCaptures: number;
  changed: number;
  changes?: VerdictChange[];
}

/**
 * Sweep values read once for every reading: their floats and the floats' error bounds, and their exact decimals,
 * parsed only for the values a float cannot place (a tie, or nearly one).
 */
export interface SweepValues {
  float: Float64Array;
  err: Float64Array;
  /** An upper bound of each exact value (ascending with the values). */
  reach: Float64Array;
  exact: (k: number) => Dec;
}

export function parseValues(values: readonly string[]): SweepValues {
  const n = values.length;
  const float = new Float64Array(n);
  const err = new Float64Array(n);
  const reach = new Float64Array(n);
  // Number() rounds a decimal string correctly (within the half unit decErr's bound covers).
  for (let k = 0; k < n; k++) {
    float[k] = Number(values[k]);
    err[k] = decErr(float[k]);
    reach[k] = float[k] + 4 * err[k];
  }
  const exact: (Dec | undefined)[] = [];
  return { float, err, reach, exact: (k) => (exact[k] ??= parseDec(values[k])!) };
}

/** Index of the high 32 bits of a double in its two 32-bit words (1 on little-endian machines). */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The first k with `reach[k] >= x` (reach ascending; reach.length if none), by a guide over the high bits of the
 * positive doubles between the first and last reach: values in lower bins are below x, in higher ones above, so only
 * x's bin is searched. Other arguments by binary search.
 */
export function valueGuide(reach: Float64Array): (x: number) => number {
  const V = reach.length;
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  /** The high 32 bits of a double (ascending with positive doubles). */
  const high = (x: number): number => {
    f64[0] = x;
    return u32[HIGH];
  };
  const search = (x: number, lo: number, hi: number): number => {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (reach[mid] >= x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  if (V === 0 || !(reach[0] > 0) || !(reach[V - 1] < Infinity)) return (x) => search(x, 0, V);
  const h0 = high(reach[0]);
  const span = high(reach[V - 1]) - h0;
  let shift = 0;
  while (span >>> shift > 4 * V) shift++;
  const bins = (span >>> shift) + 2;
  // guide[b]: the number of values whose reach lies in a bin below b.
  const guide = new Int32Array(bins + 1);
  for (let k = 0; k < V; k++) guide[((high(reach[k]) - h0) >>> shift) + 1]++;
  for (let b = 1; b <= bins; b++) guide[b] += guide[b - 1];
  const last = reach[V - 1];
  const first = reach[0];
  return (x) => {
    if (!(x > first)) return 0; // every value reaches it (or NaN: the first value looks)
    if (x > last) return V;
    const b = (high(x) - h0) >>> shift;
    return search(x, guide[b], guide[b + 1]);
  };
}

/**
 * Breakpoints grouped by the first value that can reach them: value k reaches a breakpoint when its float's upper
 * bound (`reach[k]`, ascending) is at least the breakpoint's lower bound. Each breakpoint finds its value by `valueGuide`,
 * then a counting pass groups them: `order[start[k]..start[k + 1])` are those value k reaches first, and
 * `order[start[V]..]` those no value reaches. No sort of the breakpoints themselves.
 */
export function byFirstValue(bound: Float64Array, reach: Float64Array): { order: Uint32Array; start: Uint32Array } {
  const E = bound.length;
  const V = reach.length;
  const first = new Uint32Array(E);
  const start = new Uint32Array(V + 2);
  const firstReaching = valueGuide(reach);
  for (let e = 0; e < E; e++) {
    const lo = firstReaching(bound[e]);
    first[e] = lo;
    start[lo + 1]++;
  }
  for (let k = 1; k <= V + 1; k++) start[k] += start[k - 1];
  const order = new Uint32Array(E);
  const at = start.slice(0, V + 1);
  for (let e = 0; e < E; e++) order[at[first[e]]++] = e;
  return { order, start };
}

/** Breakpoints: the model, what (bit 0: 0 low / 1 high amount; bits 1–2: slot; bit 3: own-only table), key ± err. */
export interface Breakpoints {
  model: Int32Array;
  what: Uint8Array;
  key: Float64Array;
  err: Float64Array;
  /** A lower bound of the exact key: a value below it has not passed the breakpoint. */
  bound: Float64Array;
}

export type Observe = (i: number, out: FloatView) => void;

function varies(codes: Int8Array, S: number, i: number): boolean {
  for (let j = 1; j < S; j++) if (codes[S * i + j] !== codes[S * i]) return true;
  return false;
}

/**
 * The breakpoints of the models whose verdict is not the same in every state (the others never change); of every
 * model with `all` (when verdicts per state may still change).
 */
export function breakpoints(
  codes: Int8Array[],
  S: number,
  observers: Observe[][],
  n: number,
  all = false,
): Breakpoints {
  const keep = (tb: number, i: number) => all || varies(codes[tb], S, i);
  const view = floatView();
  let room = 0;
  for (let tb = 0; tb < codes.length; tb++)
    for (let i = 0; i < n; i++) if (keep(tb, i)) room += 2 * observers[tb].length;
  const model = new Int32Array(room);
  const what = new Uint8Array(room);
  const key = new Float64Array(room);
  const err = new Float64Array(room);
  const bound = new Float64Array(room);
  let e = 0;
  for (let tb = 0; tb < codes.length; tb++)
    for (let i = 0; i < n; i++) {
      if (!keep(tb, i)) continue;
      for (let sl = 0; sl < observers[tb].length; sl++) {
        observers[tb][sl](i, view);
        const kinds = view.missing === 0 ? 2 : 1;
        for (let kind = 0; kind < kinds; kind++, e++) {
          const k = kind === 0 ? view.lo : view.hi;
          model[e] = i;
          what[e] = kind | (sl << 1) | (tb << 3);
          key[e] = k;
          err[e] = view.err;
          const l = k - 4 * view.err - Number.MIN_VALUE;
          bound[e] = l === l ? l : -Infinity; // NaN (no float bound): always decided exactly
        }
      }
    }
  return {
    model: model.subarray(0, e),
    what: what.subarray(0, e),
    key: key.subarray(0, e),
    err: err.subarray(0, e),
    bound: bound.subarray(0, e),
  };
}

/** The walk over the sorted breakpoints: each model's state (per table), advanced value by value. */
export class Walk {
  private readonly order: Uint32Array;
  private readonly pending: Int32Array;
  private readonly start: Uint32Array;
  private np = 0;
  readonly state: Uint8Array[];
  private readonly stamp: Int32Array;
  /** Models whose state changed at the last value (the first `touchedCount`). */
  readonly touched: Int32Array;
  touchedCount = 0;
  private readonly exactKey = new Map<number, Dec>();

  constructor(
    private readonly b: Breakpoints,
    tables: number,
    n: number,
    private readonly step: readonly number[],
    private readonly strict: readonly boolean[],
    /** The exact key of a breakpoint (low or known high amount). */
    private readonly exact: (e: number) => Dec,
    values: SweepValues,
  ) {
    ({ order: this.order, start: this.start } = byFirstValue(b.bound, values.reach));
    this.pending = new Int32Array(b.model.length);
    this.state = Array.from({ length: tables }, () => new Uint8Array(n));
    this.stamp = new Int32Array(n).fill(-1);
    this.touched = new Int32Array(n);
  }

  private keyOf(e: number): Dec {
    let d = this.exactKey.get(e);
    if (!d) this.exactKey.set(e, (d = this.exact(e)));
    return d;
  }

  /** Passes every breakpoint that value k passes. */
  advance(k: number, values: SweepValues): void {
    const tv = values.float[k];
    const te = values.err[k];
    const { b, order, pending } = this;
    // Breakpoints enter the pending list once their lower bound is reached, and leave it once passed.
    for (let q = this.start[k]; q < this.start[k + 1]; q++) pending[this.np++] = order[q];
    let kept = 0;
    this.touchedCount = 0;
    for (let q = 0; q < this.np; q++) {
      const x = pending[q];
      // "lo > t" stops being met once t >= lo; "lo >= t" once t > lo (the same for the high amount).
      let s = provenSign(b.key[x], b.err[x], tv, te);
      if (s === 0) {
        const c = cmp(this.keyOf(x), values.exact(k));
        s = this.strict[(b.what[x] >> 1) & 3] ? (c <= 0 ? -1 : 1) : c < 0 ? -1 : 1;
      }
      if (s > 0) {
        pending[kept++] = x;
        continue;
      }
      const i = b.model[x];
      this.state[b.what[x] >> 3][i] += this.step[(b.what[x] >> 1) & 3];
      if (this.stamp[i] !== k) {
        this.stamp[i] = k;
        this.touched[this.touchedCount++] = i;
      }
    }
    this.np = kept;
  }
}

/**
 * Exact amounts re-summed for ties, per measure spec, (full, own-only) and model: shared by the readings of one sweep
 * (readings usually sweep the same measure, and a model tying with a value in one ties in the other).
 */
export type ExactAmounts = Map<MeasureSpec, [Map<number, Amount>, Map<number, Amount>]>;

/**
 * The walk over breakpoints `b` of a reading with these slots, over the tables `restricts` (full, own-only): ties
 * are decided on the models' exact amounts, re-summed once each into `amounts`.
 */
export function exactWalk(
  ev: Evaluator,
  b: Breakpoints,
  restricts: readonly boolean[],
  n: number,
  slots: SortedReading['slots'],
  amounts: ExactAmounts,
  values: SweepValues,
): Walk {
  return new Walk(
    b,
    restricts.length,
    n,
    slots.map((_, k) => 3 ** k),
    slots.map((sl) => sl.op === '>'),
    (e) => {
      const spec = slots[(b.what[e] >> 1) & 3].spec;
      const restrict = restricts[b.what[e] >> 3];
      let byModel = amounts.get(spec);
      if (!byModel) amounts.set(spec, (byModel = [new Map<number, Amount>(), new Map<number, Amount>()]));
      const i = b.model[e];
      let a = byModel[restrict ? 1 : 0].get(i);
      if (!a) byModel[restrict ? 1 : 0].set(i, (a = ev.store.exact(spec, i, restrict)));
      return (b.what[e] & 1) === 0 ? a.lo : a.hiKnown;
    },
    values,
  );
}

/**
 * Per-model verdicts as a sorted sweep walks (for counts per group and per-model rows): `model` for every model at
 * the first value and then for each model whose full or own-only verdict changed, `value` once a value is done.
 */
export interface VerdictHooks {
  model(i: number, full: number, own: number): void;
  value(k: number): void;
}

/** What the rows read of a walk: each model's state per table, and the models whose state changed at the last value. */
export interface StateWalk {
  readonly state: Uint8Array[];
  readonly touched: Int32Array;
  readonly touchedCount: number;
  advance(k: number, values: SweepValues): void;
}

/**
 * The rows of one reading from a walk over `count` ascending values: `codes[tb]` holds each model's verdict code per
 * state (S per model) for table tb (full, then own-only when it differs); counts, wrongful captures and changes are
 * updated for the models the walk touched.
 */
/**
 * One value's row from its verdict counts (indexed by verdict code), wrongful captures, changed models and (with
 * `--per-model`) the changes; built field by field in the per-value rows' key order (a spread of optional parts is
 * slow here).
 */
export function sortedRow(
  interpretation: string | undefined,
  counts: ArrayLike<number>,
  wrongfulCaptures: number,
  changed: number,
  list: VerdictChange[] | null | undefined,
): SortedRow {
  const counted = {
    captured: counts[V_CAPTURED],
    'not-captured': counts[V_NOT_CAPTURED],
    uncertain: counts[V_UNCERTAIN],
    'not-applicable': counts[V_NOT_APPLICABLE],
  };
  const row: SortedRow =
    interpretation !== undefined
      ? { interpretation, counts: counted, wrongfulCaptures, changed }
      : { counts: counted, wrongfulCaptures, changed };
  if (list) row.changes = list.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return row;
}

export function walkRows(
  ev: Evaluator,
  codes: Int8Array[],
  S: number,
  walk: StateWalk,
  interpretation: string | undefined,
  count: number,
  parsed: SweepValues,
  changes: boolean,
  onValue?: (k: number) => void,
  hooks?: VerdictHooks,
): SortedRow[] {
  const n = ev.ix.models.length;
  const tables = codes.length;
  const ids = changes ? ev.ix.models.map((m) => m.id) : [];
  const cur = codes.map(() => new Int8Array(n));
  const full = cur[0];
  const own = cur[tables - 1];
  const counts = [0, 0, 0, 0];
  let wrongful = 0;
  const rows: SortedRow[] = [];
  for (let k = 0; k < count; k++) {
    walk.advance(k, parsed);
    const list: VerdictChange[] | undefined = changes ? [] : undefined;
    let changed = 0;
    if (k === 0) {
      for (let tb = 0; tb < tables; tb++) for (let i = 0; i < n; i++) cur[tb][i] = codes[tb][S * i + walk.state[tb][i]];
      for (let i = 0; i < n; i++) {
        counts[full[i]]++;
        if (full[i] === V_CAPTURED && own[i] === V_NOT_CAPTURED) wrongful++;
      }
      if (hooks) for (let i = 0; i < n; i++) hooks.model(i, full[i], own[i]);
    } else {
      for (let q = 0; q < walk.touchedCount; q++) {
        const i = walk.touched[q];
        const before = full[i];
        const beforeOwn = own[i];
        const wasWrong = before === V_CAPTURED && own[i] === V_NOT_CAPTURED;
        for (let tb = 0; tb < tables; tb++) cur[tb][i] = codes[tb][S * i + walk.state[tb][i]];
        const after = full[i];
        if (hooks && (before !== after || beforeOwn !== own[i])) hooks.model(i, after, own[i]);
        wrongful += (after === V_CAPTURED && own[i] === V_NOT_CAPTURED ? 1 : 0) - (wasWrong ? 1 : 0);
        if (before !== after) {
          counts[before]--;
          counts[after]++;
          changed++;
          if (list) list.push({ id: ids[i], from: VERDICT_NAMES[before], to: VERDICT_NAMES[after] });
        }
      }
    }
    rows.push(sortedRow(interpretation, counts, wrongful, changed, list));
    hooks?.value(k);
    onValue?.(k);
  }
  return rows;
}
