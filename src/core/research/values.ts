// Threshold value lists for sweeps: explicit decimals and ranges (log-spaced, geometric, linear), as exact decimal strings.
//
// Syntax (items separated by commas, results sorted ascending and deduplicated by exact value):
//   1e25                 one value
//   1e24..1e27x10        geometric: 1e24, 1e25, 1e26, 1e27 (low × K^i while <= high; exact)
//   1e25..1e26/10        10 log-spaced steps (11 values, both ends exact; interior values rounded to 3 significant
//                        digits, more when needed to keep them distinct)
//   1e8..1e9+1e8         linear: low + i × S while <= high (exact)
//   1e24..1e27           with `steps`: the same as 1e24..1e27/steps
import { Dec, ONE, add, cmp, mul, parseDec, toString } from '../exact/decimal';
import { InputError, InputErrorItem } from '../validate/errors';

/** More values than this is a mistake, not a sweep. */
export const MAX_VALUES = 1000;

const NUM = '[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?';
const NUM_RE = new RegExp(`^${NUM}$`);
const RANGE_RE = new RegExp(`^(${NUM})\\.\\.(${NUM})(?:([x/+])(${NUM}))?$`);

/** The canonical exact string of a decimal: "1e25", "1.26e25", "100000000", "0.5" (what rule files hold). */
export function canonicalDecimal(d: Dec): string {
  return toString(d).replace('e+', 'e');
}

/** log10 of a positive decimal, as a float (only to place log-spaced points; never for decisions). */
function log10(d: Dec): number {
  const s = d.m.toString();
  const lead = s.slice(0, 17);
  return Math.log10(Number(lead)) + (s.length - lead.length) + d.e;
}

/** 10^t rounded to `sig` significant digits, as an exact decimal. */
function pow10Rounded(t: number, sig: number): Dec {
  let exp = Math.floor(t);
  let digits = Math.round(10 ** (t - exp) * 10 ** (sig - 1));
  if (digits >= 10 ** sig) {
    digits = Math.round(digits / 10);
    exp += 1;
  }
  return parseDec(`${digits}e${exp - (sig - 1)}`)!;
}

function logSpaced(lo: Dec, hi: Dec, steps: number): Dec[] {
  const a = log10(lo);
  const b = log10(hi);
  // The fewest significant digits (from 3) that keep every value distinct and increasing.
  for (let sig = 3; sig <= 15; sig++) {
    const out = [lo];
    for (let i = 1; i < steps; i++) out.push(pow10Rounded(a + ((b - a) * i) / steps, sig));
    out.push(hi);
    if (out.every((v, i) => i === 0 || cmp(out[i - 1], v) < 0)) return out;
  }
  throw new Error('too many steps to keep distinct'); // unreachable within MAX_VALUES
}

function stepped(lo: Dec, hi: Dec, next: (v: Dec) => Dec, item: string): Dec[] {
  const out: Dec[] = [];
  for (let v = lo; cmp(v, hi) <= 0; v = next(v)) {
    out.push(v);
    if (out.length > MAX_VALUES) throw new RangeError(`"${item}" gives more than ${MAX_VALUES} values`);
  }
  return out;
}

function expandItem(item: string, steps: number | undefined): Dec[] {
  if (NUM_RE.test(item)) return [parseDec(item)!];
  const g = RANGE_RE.exec(item);
  if (!g) {
    throw new RangeError(
      `"${item}" is not a decimal (e.g. 1e25, 100000000) or a range (1e24..1e27x10, 1e25..1e26/10, 1e8..1e9+1e8)`,
    );
  }
  const lo = parseDec(g[1])!;
  const hi = parseDec(g[2])!;
  if (cmp(lo, hi) >= 0) throw new RangeError(`"${item}": a range goes upwards, low..high`);
  const kind = g[3];
  const k = g[4] === undefined ? undefined : parseDec(g[4])!;
  if (kind === 'x') {
    if (lo.m === 0n) throw new RangeError(`"${item}": a geometric range needs a low end above 0`);
    if (cmp(k!, ONE) <= 0) throw new RangeError(`"${item}": the factor after x must be greater than 1`);
    return stepped(lo, hi, (v) => mul(v, k!), item);
  }
  if (kind === '+') {
    if (k!.m === 0n) throw new RangeError(`"${item}": the step after + must be greater than 0`);
    return stepped(lo, hi, (v) => add(v, k!), item);
  }
  let n: number;
  if (kind === '/') {
    if (!/^[0-9]+$/.test(g[4])) throw new RangeError(`"${item}": the number of steps after / must be a whole number`);
    n = Number(g[4]);
  } else {
    if (steps === undefined)
      throw new RangeError(
        `"${item}": say how to space it: ${item}x10 (factor), ${item}/10 (log steps), ${item}+S (linear), or give steps`,
      );
    n = steps;
  }
  if (!Number.isInteger(n) || n < 1 || n >= MAX_VALUES)
    throw new RangeError(`"${item}": the number of steps must be 1 to ${MAX_VALUES - 1}`);
  if (lo.m === 0n)
    throw new RangeError(`"${item}": log-spaced steps need a low end above 0 (use +S for linear steps from 0)`);
  return logSpaced(lo, hi, n);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Whether `s` is certainly what canonicalDecimal writes: an integer of up to 21 digits, or 1.26e25-style (exponent
 * 21 and above with no more fraction digits than it, or -7 and below). Read by character (a regex costs more here).
 */
export function surelyCanonical(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === n) return n > 0 && n <= 21 && (n === 1 || s.charCodeAt(0) !== 48);
  if (i !== 1 || s.charCodeAt(0) === 48) return false;
  let frac = 0;
  if (s.charCodeAt(i) === 46) {
    for (i++; i < n && isDigit(s.charCodeAt(i)); i++) frac++;
    if (frac === 0 || s.charCodeAt(i - 1) === 48) return false;
  }
  if (s.charCodeAt(i) !== 101) return false;
  i++;
  const neg = s.charCodeAt(i) === 45;
  if (neg) i++;
  if (i === n || s.charCodeAt(i) === 48) return false;
  let exp = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return false;
    exp = exp * 10 + (c - 48);
  }
  if (neg) exp = -exp;
  return exp <= -7 || (exp >= 21 && frac <= exp);
}

/**
 * `expandValues(values.join(','))` for a list that may already be expanded (a sweep given expandValues' own output):
 * the list itself when every item is surely canonical and the floats show them strictly ascending, without parsing
 * exact decimals; otherwise the full expansion.
 */
export function expandedValues(values: readonly string[]): string[] {
  let ok = values.length > 0 && values.length <= MAX_VALUES;
  for (let i = 0; ok && i < values.length; i++) {
    if (!surelyCanonical(values[i])) ok = false;
    // Far enough apart that their floats' rounding cannot reorder or merge them.
    else if (i > 0 && !(Number(values[i]) - Number(values[i - 1]) > 1e-9 * Number(values[i]))) ok = false;
  }
  return ok ? values.slice() : expandValues(values.join(','));
}

/**
 * Expands a value list into exact decimal strings, ascending and without duplicates. Throws InputError with
 * path `values` (one item per problem) for anything it cannot read.
 */
export function expandValues(spec: string, steps?: number): string[] {
  const items = spec.split(',').map((s) => s.trim());
  const errors: InputErrorItem[] = [];
  const all: Dec[] = [];
  if (items.every((s) => s === '')) errors.push({ path: 'values', message: 'no value given' });
  else {
    for (const item of items) {
      if (item === '') {
        errors.push({ path: 'values', message: 'an empty item between commas' });
        continue;
      }
      try {
        all.push(...expandItem(item, steps));
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        errors.push({ path: 'values', message: e.message });
      }
    }
  }
  if (errors.length > 0) throw new InputError(errors, 'values');
  all.sort(cmp);
  const out: string[] = [];
  for (let i = 0; i < all.length; i++) if (i === 0 || cmp(all[i - 1], all[i]) !== 0) out.push(canonicalDecimal(all[i]));
  if (out.length > MAX_VALUES)
    throw new InputError([{ path: 'values', message: `${out.length} values; at most ${MAX_VALUES}` }], 'values');
  return out;
}
