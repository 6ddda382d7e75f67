// Closed intervals of exact decimals; an open upper end (null) means "unknown, could be anything above low".
import { Dec, ZERO, add } from './decimal';

export interface Interval {
  readonly lo: Dec;
  /** null: unbounded above (some input is unknown). */
  readonly hi: Dec | null;
  /** A central or best estimate where one exists. */
  readonly mid: Dec | null;
}

export const ZERO_IV: Interval = { lo: ZERO, hi: ZERO, mid: ZERO };
export const UNKNOWN_IV: Interval = { lo: ZERO, hi: null, mid: null };

export function point(v: Dec): Interval {
  return { lo: v, hi: v, mid: v };
}

export function range(lo: Dec, hi: Dec, mid?: Dec | null): Interval {
  return { lo, hi, mid: mid ?? null };
}

export function addIv(a: Interval, b: Interval): Interval {
  if (a === ZERO_IV) return b;
  if (b === ZERO_IV) return a;
  return {
    lo: add(a.lo, b.lo),
    hi: a.hi === null || b.hi === null ? null : add(a.hi, b.hi),
    mid: a.mid === null || b.mid === null ? null : add(a.mid, b.mid),
  };
}
