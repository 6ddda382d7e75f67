// Additive amounts with unknown parts: an exact low, an exact high over the known records, and a count of unknowns.
import { Dec, ZERO, add, cmp, sub } from '../exact/decimal';
import type { Interval } from '../exact/interval';

export interface Amount {
  readonly lo: Dec;
  /** High bound over the records whose amount is known. */
  readonly hiKnown: Dec;
  /** Best estimate; null when some part has none. */
  readonly mid: Dec | null;
  /** Number of models whose amount is unknown (the true high is unbounded when > 0). */
  readonly missing: number;
  /** Up to MISSING_SAMPLE ids of those models. */
  readonly sample: readonly string[];
  /** Whether some part is an estimate rather than a declared figure. */
  readonly estimated: boolean;
}

export const MISSING_SAMPLE = 8;
const NO_IDS: readonly string[] = [];

export const ZERO_AMOUNT: Amount = { lo: ZERO, hiKnown: ZERO, mid: ZERO, missing: 0, sample: NO_IDS, estimated: false };

export function fromInterval(iv: Interval, modelId: string, estimated: boolean): Amount {
  if (iv.hi === null) return { lo: iv.lo, hiKnown: iv.lo, mid: null, missing: 1, sample: [modelId], estimated };
  return { lo: iv.lo, hiKnown: iv.hi, mid: iv.mid, missing: 0, sample: NO_IDS, estimated };
}

export function unknownAmount(modelId: string): Amount {
  return { lo: ZERO, hiKnown: ZERO, mid: null, missing: 1, sample: [modelId], estimated: false };
}

function mergeSample(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0 || a.length >= MISSING_SAMPLE) return a;
  if (a.length === 0) return b;
  return a.concat(b).slice(0, MISSING_SAMPLE);
}

export function plus(a: Amount, b: Amount): Amount {
  if (a === ZERO_AMOUNT) return b;
  if (b === ZERO_AMOUNT) return a;
  return {
    lo: add(a.lo, b.lo),
    hiKnown: add(a.hiKnown, b.hiKnown),
    mid: a.mid === null || b.mid === null ? null : add(a.mid, b.mid),
    missing: a.missing + b.missing,
    sample: mergeSample(a.sample, b.sample),
    estimated: a.estimated || b.estimated,
  };
}

/** a − b for b a sub-sum of a (the same records counted in both). */
export function minus(a: Amount, b: Amount): Amount {
  if (b === ZERO_AMOUNT) return a;
  return {
    lo: sub(a.lo, b.lo),
    hiKnown: sub(a.hiKnown, b.hiKnown),
    mid: a.mid === null || b.mid === null ? null : sub(a.mid, b.mid),
    missing: a.missing - b.missing,
    sample: a.sample.filter((id) => !b.sample.includes(id)),
    estimated: a.estimated,
  };
}

/** The interval view: high is unbounded when something is unknown. */
export function toInterval(a: Amount): Interval {
  return { lo: a.lo, hi: a.missing > 0 ? null : a.hiKnown, mid: a.missing > 0 ? null : a.mid };
}

/** True when the amount is certainly greater than zero or may be (unknown parts). */
export function mayBePositive(a: Amount): boolean {
  return a.missing > 0 || cmp(a.hiKnown, ZERO) > 0;
}
