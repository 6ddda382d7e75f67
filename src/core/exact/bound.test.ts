// Float views of exact decimals: the bound holds, and only proven gaps are decided.
import { describe, expect, it } from 'vitest';
import { decErr, decFloat, fracApprox, provenSign } from './bound';
import { parseDec, parseFrac } from './decimal';

describe('float bounds', () => {
  it('converts exact decimals within the bound of the correctly rounded double', () => {
    const cases = [
      '1e25',
      '0.1',
      '9.5e25',
      '3.3333333333333333e24',
      '123456789012345678901234567',
      '1.001e22',
      '7e-30',
      '2.5e300',
      '6e-320',
    ];
    for (const s of cases) {
      const d = parseDec(s)!;
      const v = decFloat(d);
      expect(Math.abs(v - Number(s))).toBeLessThanOrEqual(decErr(v));
    }
  });

  it('leaves ties and near-ties to the exact path', () => {
    const third = fracApprox(parseFrac('1e25/3')!);
    expect(provenSign(1e25 / 3, decErr(1e25 / 3), third.v, third.err)).toBe(0);
    expect(provenSign(1e25, 0, 1e25, 0)).toBe(0);
    expect(provenSign(1.0000000000000025e25, decErr(1e25) * 1000, 1e25, decErr(1e25))).toBe(0);
    expect(provenSign(1.1e25, decErr(1.1e25), 1e25, decErr(1e25))).toBe(1);
    expect(provenSign(9e24, decErr(9e24), 1e25, decErr(1e25))).toBe(-1);
    expect(provenSign(Infinity, 0, 1e25, 0)).toBe(0);
    expect(provenSign(1e26, Infinity, 1e25, 0)).toBe(0);
  });
});
