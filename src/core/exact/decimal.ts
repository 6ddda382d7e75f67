// Exact decimals (bigint mantissa × 10^exponent) for threshold decisions; a float shadow decides fast away from the boundary.

/** m × 10^e exactly; `f` is a float approximation used only when it cannot change the answer. */
export interface Dec {
  readonly m: bigint;
  readonly e: number;
  readonly f: number;
}

const TEN = 10n;
const pow10Cache: bigint[] = [1n];
function pow10(n: number): bigint {
  if (n < pow10Cache.length) return pow10Cache[n];
  let v = pow10Cache[pow10Cache.length - 1];
  for (let i = pow10Cache.length; i <= n; i++) {
    v *= TEN;
    if (i < 4096) pow10Cache[i] = v;
  }
  return v;
}

function make(m: bigint, e: number, f?: number): Dec {
  if (m === 0n) return ZERO;
  return { m, e, f: f ?? Number(m) * 10 ** e };
}

export const ZERO: Dec = { m: 0n, e: 0, f: 0 };
export const ONE: Dec = { m: 1n, e: 0, f: 1 };

const DEC_RE = /^(-)?([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/** Parses a decimal string such as "1e26", "0.4", "95000000", "-2.5E-3". Returns undefined when it is not one. */
export function parseDec(s: string): Dec | undefined {
  const g = DEC_RE.exec(s.trim());
  if (!g) return undefined;
  const frac = g[3] ?? '';
  let m = BigInt(g[2] + frac);
  if (g[1]) m = -m;
  const e = (g[4] ? parseInt(g[4], 10) : 0) - frac.length;
  return make(m, e, Number(s));
}

/**
 * Exact value of a JSON number, read as the shortest decimal that round-trips it (so 0.1 is one tenth, not the
 * binary double nearest to it). Throws on non-finite input: callers validate first.
 */
export function fromNumber(n: number): Dec {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return make(BigInt(n), 0, n);
  const d = parseDec(String(n));
  if (!d) throw new RangeError(`cannot read number ${n}`);
  return d;
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.e === b.e) return [a.m, b.m, a.e];
  if (a.e > b.e) return [a.m * pow10(a.e - b.e), b.m, b.e];
  return [a.m, b.m * pow10(b.e - a.e), a.e];
}

export function add(a: Dec, b: Dec): Dec {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const [x, y, e] = align(a, b);
  return make(x + y, e, a.f + b.f);
}

export function sub(a: Dec, b: Dec): Dec {
  if (b.m === 0n) return a;
  const [x, y, e] = align(a, b);
  return make(x - y, e, a.f - b.f);
}

export function mul(a: Dec, b: Dec): Dec {
  if (a.m === 0n || b.m === 0n) return ZERO;
  if (b === ONE) return a;
  if (a === ONE) return b;
  return make(a.m * b.m, a.e + b.e, a.f * b.f);
}

export function sign(a: Dec): number {
  return a.m === 0n ? 0 : a.m > 0n ? 1 : -1;
}

/** Relative gap under which the float shadow is not trusted and the exact path decides. */
const FLOAT_TRUST = 1e-9;

function exactCmp(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x === y ? 0 : x > y ? 1 : -1;
}

/** Compares a and b exactly: -1, 0 or 1. */
export function cmp(a: Dec, b: Dec): number {
  const d = a.f - b.f;
  const scale = Math.max(Math.abs(a.f), Math.abs(b.f));
  if (Number.isFinite(d) && Number.isFinite(scale) && Math.abs(d) > FLOAT_TRUST * scale) return d > 0 ? 1 : -1;
  return exactCmp(a, b);
}

/** An exact fraction num/den (den > 0). */
export interface Frac {
  readonly num: Dec;
  readonly den: Dec;
}

export function parseFrac(s: string): Frac | undefined {
  const parts = s.split('/');
  if (parts.length > 2) return undefined;
  const num = parseDec(parts[0]);
  const den = parts.length === 2 ? parseDec(parts[1]) : ONE;
  if (!num || !den || sign(den) <= 0) return undefined;
  return { num, den };
}

/** Compares a with k·b where k is an exact fraction, without dividing: sign(a·den − b·num). */
export function cmpScaled(a: Dec, b: Dec, k: Frac): number {
  return cmp(mul(a, k.den), mul(b, k.num));
}

/** k·b rounded to nearest integer multiple of `step` is not needed by callers that compare; this returns k·b as a fraction. */
export function scaled(b: Dec, k: Frac): Frac {
  return { num: mul(b, k.num), den: k.den };
}

/** Compares a with a fraction q exactly. */
export function cmpFrac(a: Dec, q: Frac): number {
  return q.den === ONE ? cmp(a, q.num) : cmp(mul(a, q.den), q.num);
}

/** Integer part of a/b rounded half up, for positive values (used for inflation rounding to the nearest $100). */
export function roundFracToStep(q: Frac, step: Dec): Dec {
  // value / step = q.num / (q.den·step); round half up.
  const n = mul(q.num, ONE);
  const d = mul(q.den, step);
  const [x, y] = align(n, d);
  const quotient = (2n * x + y) / (2n * y);
  return mul(make(quotient, 0), step);
}

/** Shortest plain decimal string, exponent form for large or small magnitudes ("1.1e26", "95000000", "0.4"). */
export function toString(a: Dec): string {
  if (a.m === 0n) return '0';
  const neg = a.m < 0n;
  let digits = (neg ? -a.m : a.m).toString();
  let e = a.e;
  // Strip trailing zeros on the string (bigint division per digit is far slower).
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  e += digits.length - end;
  digits = digits.slice(0, end);
  const pointPos = digits.length + e; // position of the decimal point from the left
  let out: string;
  if (e >= 0 && pointPos <= 21) out = digits + '0'.repeat(e);
  else if (e < 0 && pointPos > 0) out = digits.slice(0, pointPos) + '.' + digits.slice(pointPos);
  else if (e < 0 && pointPos > -6) out = '0.' + '0'.repeat(-pointPos) + digits;
  else {
    const exp = pointPos - 1;
    out = digits[0] + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + (exp >= 0 ? '+' : '') + exp;
  }
  return neg ? '-' + out : out;
}

/** The float nearest to the exact value (for JSON output and charts; never for decisions). */
export function toNumber(a: Dec): number {
  return Number(toString(a));
}
