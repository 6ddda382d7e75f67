import { describe, expect, it } from 'vitest';
import { sortByBound } from './sorted-sweep';

// The walk admits breakpoints in the order sortByBound gives while their bound is reached: the bounds it leaves
// must be ascending in that order, and never above the bounds given (they are lower bounds of exact amounts).
describe('sortByBound', () => {
  let s = 3;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = (): number => {
    const r = rnd();
    if (r < 0.1) return 0;
    if (r < 0.15) return -1e-300;
    if (r < 0.2) return -Infinity;
    if (r < 0.25) return 5e-324;
    if (r < 0.5) return Math.round(rnd() * 100) * 1e23; // many equal bounds
    if (r < 0.55) return 1e26 * (1 + rnd() * 1e-12); // equal in the high word
    return rnd() * 10 ** (rnd() * 40);
  };

  for (const radixFrom of [Infinity, 0]) {
    it(radixFrom === 0 ? 'by radix passes' : 'by comparison', () => {
      for (const n of [0, 1, 2, 1000, 70000]) {
        const given = Float64Array.from({ length: n }, pick);
        const bound = given.slice();
        const order = sortByBound(bound, radixFrom);
        expect(new Set(order).size).toBe(n);
        for (let k = 0; k < n; k++)
          expect(bound[order[k]] <= given[order[k]] || given[order[k]] !== given[order[k]]).toBe(true);
        for (let k = 1; k < n; k++)
          if (!(bound[order[k - 1]] <= bound[order[k]]))
            expect([k, bound[order[k - 1]], bound[order[k]]]).toBe('ascending');
      }
    });
  }
});
