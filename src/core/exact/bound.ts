// Floats with a proven absolute error bound: the fast path decides a comparison only when the gap exceeds the bound.
import { Dec, Frac, toString } from './decimal';

/** Unit roundoff of binary64, doubled: one rounding of a result r is off by at most U·|r| (with margin). */
export const U = 2 ** -52;
/** Absolute slack per operation for subnormal results. */
const TINY = Number.MIN_VALUE;

// Powers of ten written as literals are exact up to 1e22.
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/** A float near an exact decimal; `decErr` gives the bound. Infinity or NaN when it does not fit a double. */
export function decFloat(d: Dec): number {
  if (d.e >= 0 && d.e <= 22) return Number(d.m) * POW10[d.e];
  if (d.e < 0 && d.e >= -22) return Number(d.m) / POW10[-d.e];
  return Number(toString(d));
}

/** Bound on |decFloat(d) − d|: at most two roundings (bigint to double, then × or ÷ an exact power of ten). */
export function decErr(v: number): number {
  return Number.isFinite(v) ? Math.abs(v) * (4 * U) + TINY : Infinity;
}

/** Error bound of a sum or difference r of two values with bounds ea and eb. */
export function addErr(r: number, ea: number, eb: number): number {
  return ea + eb + Math.abs(r) * U + TINY;
}

/** A fraction as a float with its bound. */
export interface Approx {
  v: number;
  err: number;
}

export function fracApprox(q: Frac): Approx {
  const a = decFloat(q.num);
  const b = decFloat(q.den);
  return divApprox(a, decErr(a), b, decErr(b));
}

/** (a ± ea)/(b ± eb) as a float with a bound; unbounded when b might be zero. */
export function divApprox(a: number, ea: number, b: number, eb: number): Approx {
  const v = a / b;
  const ab = Math.abs(b);
  if (!(eb < ab) || !Number.isFinite(v)) return { v, err: Infinity };
  // |a/b − A/B| ≤ (|a|·eb + |b|·ea) / (|b|·(|b| − eb)), plus the rounding of the division.
  const err = (Math.abs(a) * eb + ab * ea) / (ab * (ab - eb)) + Math.abs(v) * U + TINY;
  return { v, err: Number.isFinite(err) ? err : Infinity };
}

/** (a ± ea)·(b ± eb) as a float with a bound. */
export function mulApprox(a: number, ea: number, b: number, eb: number): Approx {
  const v = a * b;
  const err = Math.abs(a) * eb + Math.abs(b) * ea + ea * eb + Math.abs(v) * U + TINY;
  return { v, err: Number.isFinite(v) && Number.isFinite(err) ? err : Infinity };
}

/**
 * Sign of (x ± ex) − (y ± ey) when the floats prove it: 1 or -1; 0 when the gap is within the bounds (the caller
 * then decides exactly). Never returns 0 for a decided case, never a sign the exact values could contradict.
 */
export function provenSign(x: number, ex: number, y: number, ey: number): number {
  const d = x - y;
  // The subtraction itself rounds by at most U·|d|; doubling the bound covers it with room to spare.
  const bound = 2 * (ex + ey) + TINY;
  if (!(bound < Infinity) || !Number.isFinite(d)) return 0;
  if (d > bound) return 1;
  if (d < -bound) return -1;
  return 0;
}
