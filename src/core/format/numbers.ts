// Formatting of exact quantities for people: "1.1 × 10^26 FLOP", "$95.0M". Used only for messages, never decisions.
import { Dec, Frac, toString } from '../exact/decimal';
import type { ExactNumber, IntervalOut } from '../types';

function sig(x: number, digits: number): string {
  return Number(x.toPrecision(digits)).toString();
}

/** 1.15e26 → "1.15 × 10^26"; exact when the mantissa has few digits, else three significant figures. */
export function sci(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp >= -2 && exp < 6) return sig(x, 4);
  let mant = x / 10 ** exp;
  if (Math.abs(mant) >= 9.9995) {
    mant /= 10;
    return `${sig(mant, 4)} × 10^${exp + 1}`;
  }
  const m = sig(mant, 4);
  return m === '1' ? `10^${exp}` : `${m} × 10^${exp}`;
}

export function flop(x: number): string {
  return `${sci(x)} FLOP`;
}

export function usd(x: number): string {
  const a = Math.abs(x);
  const s = x < 0 ? '-' : '';
  if (a >= 1e9) return `${s}$${(a / 1e9).toFixed(a >= 1e10 ? 1 : 2)}B`;
  if (a >= 1e6) return `${s}$${(a / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${s}$${(a / 1e3).toFixed(1)}k`;
  return `${s}$${a.toFixed(2)}`;
}

/** FLOP for compute, dollars for cost and revenue. */
export function quantity(x: number, q: 'flop' | 'costUsd' | 'revenueUsd'): string {
  return q === 'flop' ? flop(x) : usd(x);
}

export function exactOf(d: Dec): ExactNumber {
  const exact = toString(d);
  return { exact, value: Number(exact) };
}

/** A fraction as an exact number: its decimal when it terminates within a few digits, else "num/den". */
export function exactOfFrac(q: Frac): ExactNumber {
  const value = q.num.f / q.den.f;
  let dm = q.den.m;
  let nm = q.num.m;
  if (dm < 0n) {
    dm = -dm;
    nm = -nm;
  }
  // A terminating quotient within 40 extra digits is written as a decimal; otherwise as num/den.
  for (let k = 0; k <= 40; k++) {
    const scaled = nm * 10n ** BigInt(k);
    if (scaled % dm === 0n) return exactOf({ m: scaled / dm, e: q.num.e - q.den.e - k, f: value });
  }
  return { exact: `${toString(q.num)}/${toString(q.den)}`, value };
}

export function intervalText(iv: IntervalOut, q: 'flop' | 'costUsd' | 'revenueUsd'): string {
  if (iv.high === null) {
    return iv.low.value === 0 ? 'unknown' : `at least ${quantity(iv.low.value, q)} (part unknown)`;
  }
  if (iv.low.exact === iv.high.exact) return quantity(iv.low.value, q);
  const c = iv.central ? `, central ${quantity(iv.central.value, q)}` : '';
  return `${quantity(iv.low.value, q)} to ${quantity(iv.high.value, q)}${c}`;
}
