import { describe, expect, it } from 'vitest';
import { parseDec } from './decimal';
import { decimalBetween, decimalString, fractionString, fromDec, make, qCmp, toDec } from './rational';

const q = (s: string) => fromDec(parseDec(s)!);

describe('rationals for price scales', () => {
  it('reduces and prints fractions', () => {
    expect(fractionString(make(100n, 42n))).toBe('50/21');
    expect(fractionString(make(6n, 3n))).toBe('2');
  });

  it('prints terminating values exactly and others rounded to 24 significant digits', () => {
    expect(decimalString(make(5n, 2n))).toBe('2.5');
    expect(decimalString(make(50n, 21n))).toBe('2.38095238095238095238095');
    expect(decimalString(make(1n, 300n))).toBe('0.00333333333333333333333333');
    expect(toDec(make(50n, 21n))).toBeUndefined();
    expect(toDec(make(1n, 8n))).toEqual(parseDec('0.125'));
  });

  it('finds a short decimal strictly inside an interval', () => {
    const a = make(50n, 21n);
    const b = q('2.4');
    const x = fromDec(decimalBetween(a, b));
    expect(qCmp(a, x)).toBeLessThan(0);
    expect(qCmp(x, b)).toBeLessThan(0);
    expect(decimalBetween(q('0'), q('0.5'))).toEqual(parseDec('0.1'));
    expect(qCmp(fromDec(decimalBetween(q('3'), undefined)), q('3'))).toBeGreaterThan(0);
  });
});
