import { describe, expect, it } from 'vitest';
import { parseFormNumber } from './form-number';

const value = (s: string) => {
  const r = parseFormNumber(s);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('parseFormNumber', () => {
  it.each([
    ['5e24', 5e24],
    ['5E+24', 5e24],
    ['5 × 10^24', 5e24],
    ['5x10^24', 5e24],
    ['5*10**24', 5e24],
    ['10^26', 1e26],
    ['1.1e26', 1.1e26],
    ['1.1 × 10^26 FLOP', 1.1e26],
    ['7,000,000', 7000000],
    ['$7,000,000', 7000000],
    ['$95M', 95000000],
    ['1.1M', 1100000],
    ['70B', 70e9],
    ['15T', 15e12],
    ['2.5', 2.5],
    ['0.4', 0.4],
    ['40%', 0.4],
    ['256', 256],
    ['0', 0],
    ['3 000 000', 3000000],
    ['.5', 0.5],
    ['3 million', 3000000],
    ['3M', 3000000],
    ['70 billion', 70e9],
    ['2 trillion', 2e12],
    ['40 percent', 0.4],
    ['US$ 7,000,000', 7000000],
    ['7,000,000 dollars', 7000000],
  ])('%s → %d', (s, n) => expect(value(s)).toBe(n));

  it('builds the value from the decimal text, not by multiplying doubles', () => {
    expect(1.001 * 1e6).not.toBe(1001000); // the naive way drifts
    expect(value('1.001M')).toBe(1001000);
    expect(value('29%')).toBe(0.29);
    expect(String(value('0.3 × 10^26'))).toBe('3e+25');
  });

  it("says what is wrong in the user's words", () => {
    const msg = (s: string) => {
      const r = parseFormNumber(s);
      return r.ok ? '' : r.message;
    };
    expect(msg('-730')).toMatch(/must be positive/);
    expect(msg('−5M')).toMatch(/must be positive/);
    expect(msg('9'.repeat(400))).toMatch(/is too large/);
    expect(msg('1e400')).toMatch(/is too large/);
  });

  it.each(['', '  ', 'abc', '-5', '1,5', '1,5e24', '12,34', '5e', '1e400', '5 apples', '0x10'])(
    'rejects %j with a message',
    (s) => {
      const r = parseFormNumber(s);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    },
  );
});
