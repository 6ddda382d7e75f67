import { describe, expect, it } from 'vitest';
import { parseDec, cmp } from '../exact/decimal';
import { InputError } from '../validate/errors';
import { canonicalDecimal, expandedValues, expandValues, surelyCanonical } from './values';

const DECIMAL = /^[0-9]+(\.[0-9]+)?(e-?[0-9]+)?$/;
const errorsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.errors.map((x) => `${x.path}: ${x.message}`);
    throw e;
  }
  throw new Error('expected an InputError');
};

describe('expandValues', () => {
  it('expands a geometric range exactly, one value per decade', () => {
    expect(expandValues('1e24..1e27x10')).toEqual(['1e24', '1e25', '1e26', '1e27']);
  });

  it('multiplies by a fractional factor without rounding', () => {
    // 1.5^5 = 7.59375: binary floating point would drift, decimals do not.
    expect(expandValues('1..10x1.5')).toEqual(['1', '1.5', '2.25', '3.375', '5.0625', '7.59375']);
  });

  it('gives log steps with exact ends and interior values of three significant digits', () => {
    const v = expandValues('1e25..1e26/10');
    expect(v).toEqual([
      '1e25',
      '1.26e25',
      '1.58e25',
      '2e25',
      '2.51e25',
      '3.16e25',
      '3.98e25',
      '5.01e25',
      '6.31e25',
      '7.94e25',
      '1e26',
    ]);
    for (const s of v) expect(s).toMatch(DECIMAL);
  });

  it('reads --steps for a range written without spacing', () => {
    expect(expandValues('1e24..1e27', 3)).toEqual(['1e24', '1e25', '1e26', '1e27']);
    expect(expandValues('1e23..1e27', 4)).toEqual(expandValues('1e23..1e27x10'));
  });

  it('adds linear steps exactly (0.1 + 0.2 is 0.3 here)', () => {
    expect(expandValues('0.1..0.3+0.1')).toEqual(['0.1', '0.2', '0.3']);
    expect(expandValues('0..5e8+1e8')).toEqual(['0', '100000000', '200000000', '300000000', '400000000', '500000000']);
  });

  it('sorts an explicit list and drops values equal to another however written', () => {
    expect(expandValues('1e26, 1e25,10000000000000000000000000,3e25')).toEqual(['1e25', '3e25', '1e26']);
  });

  it('keeps a value one below 10^25 apart from 10^25 (a double cannot)', () => {
    expect(expandValues('1e25,9999999999999999999999999')).toEqual(['9.999999999999999999999999e24', '1e25']);
    expect(Number('9999999999999999999999999')).toBe(1e25);
  });

  it('mixes ranges and values', () => {
    expect(expandValues('1e24..1e26x10,3e25,1e26')).toEqual(['1e24', '1e25', '3e25', '1e26']);
  });

  it('adds significant digits when three would make log steps collide', () => {
    const v = expandValues('1e25..1.01e25/50');
    expect(v).toHaveLength(51);
    for (let i = 1; i < v.length; i++) expect(cmp(parseDec(v[i - 1])!, parseDec(v[i])!)).toBe(-1);
    for (const s of v) expect(s).toMatch(DECIMAL);
  });

  it('rejects what it cannot read, naming the item', () => {
    expect(errorsOf(() => expandValues('1e27..1e24x10'))).toEqual([
      'values: "1e27..1e24x10": a range goes upwards, low..high',
    ]);
    expect(errorsOf(() => expandValues('ten'))[0]).toMatch(/^values: "ten" is not a decimal/);
    expect(errorsOf(() => expandValues('-1e25'))[0]).toMatch(/"-1e25" is not a decimal/);
    expect(errorsOf(() => expandValues('1e24..1e27'))[0]).toMatch(/say how to space it/);
    expect(errorsOf(() => expandValues('0..1e3/3'))[0]).toMatch(/low end above 0/);
    expect(errorsOf(() => expandValues('1..2x1'))[0]).toMatch(/factor after x must be greater than 1/);
    expect(errorsOf(() => expandValues('1..1e9+1'))[0]).toMatch(/more than 1000 values/);
    expect(errorsOf(() => expandValues('1..2/2.5'))[0]).toMatch(/whole number/);
    expect(errorsOf(() => expandValues(''))).toEqual(['values: no value given']);
    expect(errorsOf(() => expandValues('1e25,,1e26'))).toEqual(['values: an empty item between commas']);
    expect(errorsOf(() => expandValues('x,1..0'))).toHaveLength(2);
  });
});

describe('expandedValues', () => {
  it('is expandValues of the joined list, taking canonical ascending lists as they are', () => {
    const lists = [
      expandValues('1e23..1e27/999'),
      expandValues('0..1e8+1e6'),
      expandValues('1e-9..1e-3x10'),
      ['1e25', '1e25'],
      ['1e26', '1e25'],
      ['1e25', '1.0000000000000000001e25'],
      ['1e5', '1000'],
      ['100000', '1.5e21', '2e21', '1.234567890123456789012e21', '1e22'],
      ['1e-7', '1e-6', '0.5'],
      ['0.000001', '01', '1.50e25', '1e025', '1e+25', ' 1e25'],
      ['1e23..1e24/3', '5e23'],
    ];
    for (const list of lists) {
      let want: string[] | string;
      try {
        want = expandValues(list.join(','));
      } catch (e) {
        want = String(e);
      }
      let got: string[] | string;
      try {
        got = expandedValues(list);
      } catch (e) {
        got = String(e);
      }
      expect(got).toEqual(want);
    }
  });

  it('surelyCanonical only says so of what canonicalDecimal writes', () => {
    for (const s of ['0', '7', '100000', '1e25', '1.26e25', '1e-7', '3.5e-12', '123456789012345678901', '1.5e21'])
      expect([s, surelyCanonical(s)]).toEqual([s, true]);
    for (const s of [
      '00',
      '1e5',
      '1e20',
      '1.50e25',
      '1e025',
      '1e+25',
      '0.5',
      '1234567890123456789012',
      '1.23e1',
      '-1e25',
      '1e-6',
      '1.2345678901234567890123e21',
      '',
      'e5',
      '1.e25',
    ])
      expect([s, surelyCanonical(s)]).toEqual([s, false]);
    for (const s of ['0', '7', '1e25', '1.26e25', '1e-7', '1.5e21', '123456789012345678901'])
      expect(canonicalDecimal(parseDec(s)!)).toBe(s);
  });
});
