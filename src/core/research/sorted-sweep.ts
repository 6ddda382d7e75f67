// Sort-once threshold sweeps. For a reading that qualifies (sorted-plan.ts), each model's verdict depends on the
// swept value only through the outcome of the swept tests: a comparison turns from met to unknown where the value
// passes the model's low amount, and to not met where it passes the known high one. Those breakpoints are sorted once
// and the values, ascending, walk them, so a model is looked at once per breakpoint passed, not once per value;
// counts, wrongful captures and changes are updated for the models touched. Floats place a breakpoint against a value
// when their error bounds prove the side; otherwise the exact amounts decide ("> t" and ">= t" differ at a tie).
import { decErr, decFloat, provenSign } from '../exact/bound';
import { cmp, Dec, parseDec } from '../exact/decimal';
import type { Evaluator } from '../evaluate/engine';
import { V_CAPTURED, V_NOT_APPLICABLE, V_NOT_CAPTURED, V_UNCERTAIN, VERDICT_NAMES } from '../evaluate/tri';
import { floatView, type FloatView } from '../measure/store';
import type { Rule, Verdict } from '../types';
import { SortedReading, statesOf, verdictTable } from './sorted-plan';
import type { VerdictChange } from './verdicts';

export { planReading, MAX_SLOTS, type SortedReading } from './sorted-plan';

/** One point of a sorted sweep for one reading (the fields of SweepReadingRow but the interpretation). */
export interface SortedRow {
  counts: Record<Verdict, number>;
  wrongfulCaptures: number;
  changed: number;
  changes: VerdictChange[];
}

/** Sweep values parsed once for every reading: exact decimals, their floats and the floats' error bounds. */
export interface SweepValues {
  exact: Dec[];
  float: Float64Array;
  err: Float64Array;
}

export function parseValues(values: readonly string[]): SweepValues {
  const exact = values.map((v) => parseDec(v)!);
  const float = new Float64Array(exact.length);
  const err = new Float64Array(exact.length);
  exact.forEach((d, k) => {
    float[k] = decFloat(d);
    err[k] = decErr(float[k]);
  });
  return { exact, float, err };
}

/**
 * Breakpoints in ascending order of their lower bounds; many, by a radix sort on the bounds' high 32 bits. Each bound is
 * first lowered to the double those bits give (the low word cleared: for a positive double, no larger), so the order
 * is exact for the bounds the walk compares; bounds whose high word is 0 (zero, negative, tiny or NaN) become -∞.
 */
export function sortByBound(bound: Float64Array, radixFrom = 1 << 15): Uint32Array {
  const E = bound.length;
  // Few breakpoints: a comparison sort costs less than the radix passes' 2^16 buckets.
  if (E < radixFrom)
    return Uint32Array.from(Array.from({ length: E }, (_, e) => e).sort((a, b) => bound[a] - bound[b]));
  const key = new Uint32Array(E);
  const one = new Float64Array(1);
  const w = new Uint32Array(one.buffer); // little-endian: w[1] is the sign, exponent and top of the mantissa
  for (let e = 0; e < E; e++) {
    const b = bound[e];
    one[0] = b > 0 ? b : 0;
    w[0] = 0;
    key[e] = w[1];
    bound[e] = w[1] === 0 ? -Infinity : one[0];
  }
  let src = new Uint32Array(E);
  for (let e = 0; e < E; e++) src[e] = e;
  let dst = new Uint32Array(E);
  const count = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let e = 0; e < E; e++) count[((key[src[e]] >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d <= 65536; d++) count[d] += count[d - 1];
    for (let e = 0; e < E; e++) dst[count[(key[src[e]] >>> shift) & 0xffff]++] = src[e];
    [src, dst] = [dst, src];
  }
  return src;
}

/** Breakpoints: the model, what (bit 0: 0 low / 1 high amount; bits 1–2: slot; bit 3: own-only table), key ± err. */
interface Breakpoints {
  model: Int32Array;
  what: Uint8Array;
  key: Float64Array;
  err: Float64Array;
  /** A lower bound of the exact key: a value below it has not passed the breakpoint. */
  bound: Float64Array;
}

type Observe = (i: number, out: FloatView) => void;

function varies(codes: Int8Array, S: number, i: number): boolean {
  for (let j = 1; j < S; j++) if (codes[S * i + j] !== codes[S * i]) return true;
  return false;
}

/** The breakpoints of the models whose verdict is not the same in every state (the others never change). */
function breakpoints(codes: Int8Array[], S: number, observers: Observe[][], n: number): Breakpoints {
  const view = floatView();
  let room = 0;
  for (let tb = 0; tb < codes.length; tb++)
    for (let i = 0; i < n; i++) if (varies(codes[tb], S, i)) room += 2 * observers[tb].length;
  const model = new Int32Array(room);
  const what = new Uint8Array(room);
  const key = new Float64Array(room);
  const err = new Float64Array(room);
  const bound = new Float64Array(room);
  let e = 0;
  for (let tb = 0; tb < codes.length; tb++)
    for (let i = 0; i < n; i++) {
      if (!varies(codes[tb], S, i)) continue;
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
class Walk {
  private readonly order: Uint32Array;
  private readonly pending: Int32Array;
  private np = 0;
  private next = 0;
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
  ) {
    this.order = sortByBound(b.bound);
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

  /** Passes every breakpoint that value k (t, its float tv ± te) passes. */
  advance(k: number, t: Dec, tv: number, te: number): void {
    const { b, order, pending } = this;
    const reach = tv + 4 * te;
    const E = order.length;
    // Breakpoints enter the pending list once their lower bound is reached, and leave it once passed.
    while (this.next < E && b.bound[order[this.next]] <= reach) pending[this.np++] = order[this.next++];
    let kept = 0;
    this.touchedCount = 0;
    for (let q = 0; q < this.np; q++) {
      const x = pending[q];
      // "lo > t" stops being met once t >= lo; "lo >= t" once t > lo (the same for the high amount).
      let s = provenSign(b.key[x], b.err[x], tv, te);
      if (s === 0) {
        const c = cmp(this.keyOf(x), t);
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
 * Counts per value (ascending exact decimals) of one qualifying reading; the same numbers as evaluating each value.
 * `changes`: also list the models whose verdict changes from one value to the next.
 */
export function sortedRows(
  ev: Evaluator,
  rule: Rule,
  plan: SortedReading,
  values: readonly string[],
  changes: boolean,
  onValue?: (k: number) => void,
  parsed: SweepValues = parseValues(values),
): SortedRow[] {
  const n = ev.ix.models.length;
  // A reading that never looks at other developers' amounts has the engine's own-only table shared with the full one.
  const tables = ev.ownOnlyMatters(rule, plan.interpretation) ? [false, true] : [false];
  const S = statesOf(plan);
  const codes = tables.map((restrict) => verdictTable(ev, rule, plan, restrict));
  const observers = tables.map((restrict) => plan.slots.map((sl) => ev.store.viewer(sl.spec, restrict)));
  const b = breakpoints(codes, S, observers, n);
  const walk = new Walk(
    b,
    tables.length,
    n,
    plan.slots.map((_, k) => 3 ** k),
    plan.slots.map((sl) => sl.op === '>'),
    (e) => {
      const a = ev.store.exact(plan.slots[(b.what[e] >> 1) & 3].spec, b.model[e], tables[b.what[e] >> 3]);
      return (b.what[e] & 1) === 0 ? a.lo : a.hiKnown;
    },
  );
  const ids = changes ? ev.ix.models.map((m) => m.id) : [];
  const cur = tables.map(() => new Int8Array(n));
  const full = cur[0];
  const own = cur[tables.length - 1];
  const counts = [0, 0, 0, 0];
  let wrongful = 0;
  const rows: SortedRow[] = [];
  for (let k = 0; k < values.length; k++) {
    walk.advance(k, parsed.exact[k], parsed.float[k], parsed.err[k]);
    const list: VerdictChange[] = [];
    let changed = 0;
    if (k === 0) {
      for (let tb = 0; tb < tables.length; tb++)
        for (let i = 0; i < n; i++) cur[tb][i] = codes[tb][S * i + walk.state[tb][i]];
      for (let i = 0; i < n; i++) {
        counts[full[i]]++;
        if (full[i] === V_CAPTURED && own[i] === V_NOT_CAPTURED) wrongful++;
      }
    } else {
      for (let q = 0; q < walk.touchedCount; q++) {
        const i = walk.touched[q];
        const before = full[i];
        const wasWrong = before === V_CAPTURED && own[i] === V_NOT_CAPTURED;
        for (let tb = 0; tb < tables.length; tb++) cur[tb][i] = codes[tb][S * i + walk.state[tb][i]];
        const after = full[i];
        wrongful += (after === V_CAPTURED && own[i] === V_NOT_CAPTURED ? 1 : 0) - (wasWrong ? 1 : 0);
        if (before !== after) {
          counts[before]--;
          counts[after]++;
          changed++;
          if (changes) list.push({ id: ids[i], from: VERDICT_NAMES[before], to: VERDICT_NAMES[after] });
        }
      }
    }
    if (changes) list.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    rows.push({
      counts: {
        captured: counts[V_CAPTURED],
        'not-captured': counts[V_NOT_CAPTURED],
        uncertain: counts[V_UNCERTAIN],
        'not-applicable': counts[V_NOT_APPLICABLE],
      },
      wrongfulCaptures: wrongful,
      changed,
      changes: list,
    });
    onValue?.(k);
  }
  return rows;
}
