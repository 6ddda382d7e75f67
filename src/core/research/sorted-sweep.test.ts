import { describe, expect, it } from 'vitest';
import { byFirstValue } from './sorted-sweep';

// The walk admits each breakpoint at the first value whose reach is at least the breakpoint's lower bound (never
// later: a value that may pass a breakpoint must see it; the exact decision comes after).
describe('byFirstValue', () => {
  let s = 3;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = (): number => {
    const r = rnd();
    if (r < 0.1) return 0;
    if (r < 0.15) return -1e-300;
    if (r < 0.2) return -Infinity;
    if (r < 0.25) return 5e-324;
    if (r < 0.3) return Infinity;
    if (r < 0.5) return Math.round(rnd() * 100) * 1e23; // many equal bounds, some equal to a value's reach
    return rnd() * 10 ** (rnd() * 40);
  };

  for (const [E, V] of [
    [0, 5],
    [5, 0],
    [1, 1],
    [1000, 30],
    [20000, 1000],
  ])
    it(`groups ${E} breakpoints by the first of ${V} values reaching them`, () => {
      const bound = Float64Array.from({ length: E }, pick);
      const reach = Float64Array.from({ length: V }, () => Math.round(rnd() * 120) * 1e23).sort();
      const { order, start } = byFirstValue(bound, reach);
      expect(start.length).toBe(V + 2);
      expect(start[V + 1]).toBe(E);
      expect(new Set(order).size).toBe(E);
      for (let k = 0; k <= V; k++)
        for (let q = start[k]; q < start[k + 1]; q++) {
          const x = bound[order[q]];
          if (k < V) expect(reach[k] >= x).toBe(true);
          if (k > 0) expect(reach[k - 1] >= x).toBe(false);
        }
    });
});
