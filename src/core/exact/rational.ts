// Exact rationals (bigint numerator / positive denominator, reduced) for points that decimals cannot hold, such as
// the GPU price scale 100/42 at which $42M of GPU-hours crosses $100M.
import { Dec, parseDec } from './decimal';

export interface Q {
  readonly n: bigint;
  /** > 0 */
  readonly d: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
const p10 = (k: number) => 10n ** BigInt(k);

export function make(n: bigint, d: bigint): Q {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const Q0: Q = { n: 0n, d: 1n };

export function fromDec(x: Dec): Q {
  return x.e >= 0 ? make(x.m * p10(x.e), 1n) : make(x.m, p10(-x.e));
}

export const qAdd = (a: Q, b: Q): Q => make(a.n * b.d + b.n * a.d, a.d * b.d);
export const qSub = (a: Q, b: Q): Q => make(a.n * b.d - b.n * a.d, a.d * b.d);
export const qMul = (a: Q, b: Q): Q => make(a.n * b.n, a.d * b.d);
export const qDiv = (a: Q, b: Q): Q => make(a.n * b.d, a.d * b.n);
export const qCmp = (a: Q, b: Q): number => {
  const x = a.n * b.d - b.n * a.d;
  return x > 0n ? 1 : x < 0n ? -1 : 0;
};
export const qSign = (a: Q): number => (a.n > 0n ? 1 : a.n < 0n ? -1 : 0);

/** The decimal equal to q when its expansion terminates (denominator 2^a·5^b), else undefined. */
export function toDec(q: Q): Dec | undefined {
  let d = q.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return undefined;
  const k = Math.max(twos, fives);
  const m = (q.n * p10(k)) / q.d;
  return parseDec(k === 0 ? m.toString() : `${m}e-${k}`);
}

/** "50/21", or "3" for a whole number. */
export function fractionString(q: Q): string {
  return q.d === 1n ? q.n.toString() : `${q.n}/${q.d}`;
}

/** Plain decimal: exact when it terminates, else rounded (half up) to `sig` significant digits. For q > 0. */
export function decimalString(q: Q, sig = 24): string {
  const t = toDec(q);
  if (t) return plain(t.m, t.e);
  // Scale so that the integer part has `sig` digits, then round.
  let shift = sig - (q.n / q.d).toString().length;
  if (q.n < q.d) {
    let lead = 0;
    let x = q.n * 10n;
    while (x < q.d) {
      x *= 10n;
      lead++;
    }
    shift = sig + lead;
  }
  const num = q.n * p10(Math.max(shift, 0));
  const den = q.d * p10(Math.max(-shift, 0));
  const m = (2n * num + den) / (2n * den);
  return plain(m, -shift);
}

function plain(m: bigint, e: number): string {
  let s = m.toString();
  if (e >= 0) return s + '0'.repeat(e);
  while (s.length <= -e) s = '0' + s;
  const out = `${s.slice(0, s.length + e)}.${s.slice(s.length + e)}`;
  return out.replace(/\.?0+$/, '');
}

/** Nearest float (for JSON and charts; never for decisions). */
export function toNumber(q: Q): number {
  return Number(decimalString(q, 20));
}

/**
 * The shortest decimal strictly between a and b (b undefined: above a), for a >= 0: a point inside an open
 * interval where a piecewise-constant verdict is evaluated.
 */
export function decimalBetween(a: Q, b: Q | undefined): Dec {
  for (let p = 0; ; p++) {
    const scale = p10(p);
    // Smallest multiple of 10^-p strictly above a.
    const k = (a.n * scale) / a.d + 1n;
    const x = make(k, scale);
    if (b === undefined || qCmp(x, b) < 0) return parseDec(p === 0 ? k.toString() : `${k}e-${p}`)!;
  }
}
