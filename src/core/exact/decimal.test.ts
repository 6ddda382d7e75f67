import { describe, expect, it } from 'vitest';
import { add, cmp, cmpScaled, fromNumber, mul, parseDec, parseFrac, roundFracToStep, toString } from './decimal';

const d = (s: string) => parseDec(s)!;

describe('exact decimals', () => {
  it('reads JSON numbers as their shortest round-trip decimal', () => {
    expect(toString(fromNumber(0.1))).toBe('0.1');
    expect(toString(fromNumber(1.1e26))).toBe('1.1e+26');
    expect(toString(fromNumber(95000000))).toBe('95000000');
  });

  it('adds without binary drift: 0.1 + 0.2 is 0.3 and 9.5e25 + 5e24 is exactly 1e26', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // the float trap this module exists for
    expect(cmp(add(fromNumber(0.1), fromNumber(0.2)), d('0.3'))).toBe(0);
    expect(cmp(add(fromNumber(9.5e25), fromNumber(5e24)), d('1e26'))).toBe(0);
  });

  it('compares against a third without dividing: 1e25 is not greater than 3e25/3', () => {
    const third = parseFrac('1/3')!;
    expect(cmpScaled(d('1e25'), d('3e25'), third)).toBe(0);
    expect(cmpScaled(d('1.0000000000000001e25'), d('3e25'), third)).toBe(1);
    expect(cmpScaled(d('3.333333333333333e24'), d('1e25'), third)).toBe(-1);
  });

  it('decides near-equal values exactly even where floats are equal', () => {
    const a = d('100000000000000000000000001');
    const b = d('1e26');
    expect(a.f).toBe(b.f);
    expect(cmp(a, b)).toBe(1);
  });

  it('multiplies exactly', () => {
    expect(toString(mul(d('256'), mul(d('500'), d('3600'))))).toBe('460800000');
    expect(toString(mul(d('0.4'), d('989.4e12')))).toBe('395760000000000');
  });

  it('rounds a fraction to the nearest step, half up', () => {
    expect(toString(roundFracToStep({ num: d('100000000'), den: d('3') }, d('100')))).toBe('33333300');
    expect(toString(roundFracToStep({ num: d('150'), den: d('1') }, d('100')))).toBe('200');
  });

  it('rejects what is not a decimal', () => {
    expect(parseDec('1e')).toBeUndefined();
    expect(parseDec('abc')).toBeUndefined();
    expect(parseFrac('1/0')).toBeUndefined();
    expect(() => fromNumber(Infinity)).toThrow();
  });
});
