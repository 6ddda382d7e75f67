// Rows of a sort-once sweep answered by binary search. Each breakpoint of a model whose verdict can vary (its low or
// known high amount of a swept test, sorted-sweep.ts) finds the first value that passes it by binary search over the
// ascending values: floats with error bounds decide where they can, the exact amounts at a tie ("> t" and ">= t"
// apart). A model's verdicts then change only at the values where its few breakpoints fall, so each such value gets
// a delta of the counts (and a change, for --changes and --by/--per-model), and the counts of every value are prefix
// sums of the deltas: the work is per model and breakpoint, not per value.
import { provenSign } from '../exact/bound';
import { cmp, type Dec } from '../exact/decimal';
import { directSums } from '../evaluate/columns';
import type { Evaluator } from '../evaluate/engine';
import { V_CAPTURED, V_NOT_CAPTURED, VERDICT_NAMES } from '../evaluate/tri';
import type { FloatSums } from '../measure/lineage-floats';
import { floatView } from '../measure/store';
import type { Amount } from '../measure/amount';
import type { Rule } from '../types';
import { columnVerdictTable, sweepScratch } from './sorted-columns';
import { statesOf, type SortedReading } from './sorted-plan';
import {
  parseValues,
  sortedRow,
  type ExactAmounts,
  type SortedRow,
  type SweepValues,
  type VerdictHooks,
  valueGuide,
} from './sorted-sweep';
import type { VerdictChange } from './verdicts';

function varies(codes: Int8Array, S: number, i: number): boolean {
  for (let j = 1; j < S; j++) if (codes[S * i + j] !== codes[S * i]) return true;
  return false;
}

function has(codes: Int8Array, S: number, i: number, code: number): boolean {
  for (let j = 0; j < S; j++) if (codes[S * i + j] === code) return true;
  return false;
}

/**
 * Marks the models whose own-only verdict can decide a wrongful capture: those captured in some state of the full
 * table (the own-only table of the others is not needed unless every model's own-only verdict is reported).
 */
export function capturable(full: Int8Array, S: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (has(full, S, i, V_CAPTURED)) out[i] = 1;
  return out;
}

/**
 * The rows of one reading over `count` ascending values. `codes[tb]` holds each model's verdict code per state (S per
 * model) for table tb (full, then own-only when it differs: `restricts`); the own-only codes are read only for the
 * models `capturable` marks unless `hooks` asks for every model's.
 */
export function bucketRows(
  ev: Evaluator,
  plan: SortedReading,
  codes: Int8Array[],
  restricts: readonly boolean[],
  S: number,
  count: number,
  parsed: SweepValues,
  changes: boolean,
  amounts: ExactAmounts,
  onValue?: (k: number) => void,
  hooks?: VerdictHooks,
): SortedRow[] {
  const n = ev.ix.models.length;
  const tables = codes.length;
  const slots = plan.slots;
  const V = count;
  const { float: vf, err: ve, reach } = parsed;
  // Per table and slot: the float sums read directly where they are one table's columns, else through the viewer.
  const direct: (FloatSums | null)[][] = restricts.map((r) => slots.map((sl) => directSums(ev.store, sl.spec, r)));
  const viewers = restricts.map((r) => slots.map((sl) => ev.store.viewer(sl.spec, r)));
  const view = floatView();
  const strict = slots.map((sl) => sl.op === '>');
  const steps = slots.map((_, k) => 3 ** k);
  const exactOf = (tb: number, sl: number, i: number): Amount => {
    const spec = slots[sl].spec;
    let byModel = amounts.get(spec);
    if (!byModel) amounts.set(spec, (byModel = [new Map<number, Amount>(), new Map<number, Amount>()]));
    const m = byModel[restricts[tb] ? 1 : 0];
    let a = m.get(i);
    if (!a) m.set(i, (a = ev.store.exact(spec, i, restricts[tb])));
    return a;
  };
  /** Whether value k passes the breakpoint `key ± err` (exactly `exact()` when the floats cannot tell). */
  const passes = (k: number, key: number, err: number, strictOp: boolean, exact: () => Dec): boolean => {
    const s = provenSign(key, err, vf[k], ve[k]);
    if (s !== 0) return s < 0;
    const c = cmp(exact(), parsed.exact(k));
    return strictOp ? c <= 0 : c < 0;
  };
  let curTb = 0;
  let curSl = 0;
  let curI = 0;
  let curHigh = false;
  const exactKey = (): Dec => {
    const a = exactOf(curTb, curSl, curI);
    return curHigh ? a.hiKnown : a.lo;
  };
  const reachOf = valueGuide(reach);
  /** The first value that passes a breakpoint (V if none): no value below `bound` can (as the Walk admits them). */
  const firstPass = (key: number, err: number, strictOp: boolean): number => {
    const l = key - 4 * err - Number.MIN_VALUE;
    let lo = reachOf(l === l ? l : -Infinity); // NaN (no float bound): always decided exactly
    if (lo === V || passes(lo, key, err, strictOp, exactKey)) return lo;
    // Within the floats' error of a value: the first that passes, by the same test (monotone in the values).
    let hi = V;
    lo++;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (passes(mid, key, err, strictOp, exactKey)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  // Deltas per value: counts by verdict code, wrongful captures, changed models.
  const dCount = new Int32Array(4 * V);
  const dWrong = new Int32Array(V);
  const dChanged = new Int32Array(V);
  const first = [0, 0, 0, 0];
  let firstWrong = 0;
  const record = changes || hooks !== undefined;
  const startFull = record ? new Int8Array(n) : null;
  const startOwn = record ? new Int8Array(n) : null;
  // Changes after the first value (for --changes and hooks): value, model, verdicts after, full verdict before.
  const evValue: number[] = [];
  const evModel: number[] = [];
  const evFull: number[] = [];
  const evOwn: number[] = [];
  const evFrom: number[] = [];
  // One model's breakpoints: the value that passes each, its table and its step of state.
  const bpValue = new Int32Array(4 * slots.length + 1);
  const bpTable = new Int8Array(4 * slots.length + 1);
  const bpStep = new Int8Array(4 * slots.length + 1);
  const full = codes[0];
  const own = codes[tables - 1];
  const wrong = (f: number, o: number) => (f === V_CAPTURED && o === V_NOT_CAPTURED ? 1 : 0);

  for (let i = 0; i < n; i++) {
    const base = S * i;
    const fullVaries = varies(full, S, i);
    const ownTracked =
      tables > 1 &&
      varies(own, S, i) &&
      (hooks !== undefined || (has(full, S, i, V_CAPTURED) && has(own, S, i, V_NOT_CAPTURED)));
    let nb = 0;
    for (let tb = 0; tb < tables; tb++) {
      if (tb === 0 ? !fullVaries : !ownTracked) continue;
      curTb = tb;
      curI = i;
      for (let sl = 0; sl < slots.length; sl++) {
        curSl = sl;
        let lo: number;
        let hi: number;
        let err: number;
        let missing: number;
        const d = direct[tb][sl];
        if (d !== null) {
          lo = d.lo[i];
          hi = d.hi[i];
          err = d.err[i];
          missing = d.missing[i];
        } else {
          viewers[tb][sl](i, view);
          ({ lo, hi, err, missing } = view);
        }
        curHigh = false;
        const at = firstPass(lo, err, strict[sl]);
        if (at < V) {
          bpValue[nb] = at;
          bpTable[nb] = tb;
          bpStep[nb++] = steps[sl];
        }
        if (missing !== 0) continue; // the high amount is not known: unknown from the low one on
        curHigh = true;
        const atHigh =
          hi === lo && at < V && provenSign(hi, err, vf[at], ve[at]) < 0 ? at : firstPass(hi, err, strict[sl]);
        if (atHigh < V) {
          bpValue[nb] = atHigh;
          bpTable[nb] = tb;
          bpStep[nb++] = steps[sl];
        }
      }
    }
    // The breakpoints in value order (a handful: insertion sort).
    for (let a = 1; a < nb; a++) {
      const v = bpValue[a];
      const t = bpTable[a];
      const s = bpStep[a];
      let b = a - 1;
      for (; b >= 0 && bpValue[b] > v; b--) {
        bpValue[b + 1] = bpValue[b];
        bpTable[b + 1] = bpTable[b];
        bpStep[b + 1] = bpStep[b];
      }
      bpValue[b + 1] = v;
      bpTable[b + 1] = t;
      bpStep[b + 1] = s;
    }
    let sf = 0;
    let so = 0;
    let q = 0;
    for (; q < nb && bpValue[q] === 0; q++) {
      if (bpTable[q] === 0) sf += bpStep[q];
      else so += bpStep[q];
    }
    let f = full[base + sf];
    let o = tables === 1 ? f : own[base + so];
    first[f]++;
    firstWrong += wrong(f, o);
    if (record) {
      startFull![i] = f;
      startOwn![i] = o;
    }
    while (q < nb) {
      const k = bpValue[q];
      for (; q < nb && bpValue[q] === k; q++) {
        if (bpTable[q] === 0) sf += bpStep[q];
        else so += bpStep[q];
      }
      const nf = full[base + sf];
      const no = tables === 1 ? nf : own[base + so];
      if (nf !== f) {
        dCount[4 * k + f]--;
        dCount[4 * k + nf]++;
        dChanged[k]++;
      }
      dWrong[k] += wrong(nf, no) - wrong(f, o);
      if (record && (nf !== f || no !== o)) {
        evValue.push(k);
        evModel.push(i);
        evFull.push(nf);
        evOwn.push(no);
        evFrom.push(f);
      }
      f = nf;
      o = no;
    }
  }

  // Changes grouped by value (models ascending within a value).
  const evStart = new Int32Array(V + 1);
  const evOrder = new Int32Array(evValue.length);
  if (record) {
    for (const k of evValue) evStart[k + 1]++;
    for (let k = 0; k < V; k++) evStart[k + 1] += evStart[k];
    const at = evStart.slice(0, V);
    for (let e = 0; e < evValue.length; e++) evOrder[at[evValue[e]]++] = e;
  }
  const ids = changes ? ev.ix.models.map((m) => m.id) : [];
  const counts = first;
  let wrongful = firstWrong;
  const rows: SortedRow[] = [];
  for (let k = 0; k < V; k++) {
    if (k > 0) {
      for (let c = 0; c < 4; c++) counts[c] += dCount[4 * k + c];
      wrongful += dWrong[k];
    }
    let list: VerdictChange[] | undefined;
    if (changes) {
      list = [];
      for (let q = evStart[k]; q < evStart[k + 1]; q++) {
        const e = evOrder[q];
        if (evFull[e] !== evFrom[e])
          list.push({ id: ids[evModel[e]], from: VERDICT_NAMES[evFrom[e]], to: VERDICT_NAMES[evFull[e]] });
      }
    }
    rows.push(sortedRow(plan.interpretation, counts, wrongful, k === 0 ? 0 : dChanged[k], list));
    if (hooks) {
      if (k === 0) for (let i = 0; i < n; i++) hooks.model(i, startFull![i], startOwn![i]);
      else
        for (let q = evStart[k]; q < evStart[k + 1]; q++) {
          const e = evOrder[q];
          hooks.model(evModel[e], evFull[e], evOwn[e]);
        }
      hooks.value(k);
    }
    onValue?.(k);
  }
  return rows;
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
  amounts: ExactAmounts = new Map(),
  hooks?: VerdictHooks,
): SortedRow[] {
  const n = ev.ix.models.length;
  // A reading that never looks at other developers' amounts has the engine's own-only table shared with the full one.
  const restricts = ev.ownOnlyMatters(rule, plan.interpretation) ? [false, true] : [false];
  const S = statesOf(plan);
  const buffers = sweepScratch(n);
  const full = columnVerdictTable(ev, rule, plan, false, null, buffers);
  const codes = [full];
  // The own-only table only where it can decide a wrongful capture, unless every model's is reported.
  if (restricts.length > 1)
    codes.push(columnVerdictTable(ev, rule, plan, true, hooks ? null : capturable(full, S, n), buffers));
  return bucketRows(ev, plan, codes, restricts, S, values.length, parsed, changes, amounts, onValue, hooks);
}
