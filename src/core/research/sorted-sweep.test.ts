import { describe, expect, it } from 'vitest';
import { byFirstValue, valueGuide } from './sorted-sweep';

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

// The guide must answer as a binary search for every argument: inside and between the values' bins, on a value, at
// the ends, and for arguments it leaves to the binary search (not positive, infinite).
describe('valueGuide', () => {
  let s = 7;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const search = (reach: Float64Array, x: number) => {
    let lo = 0;
    let hi = reach.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (reach[mid] >= x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const lists: [string, number[]][] = [
    ['log-spaced', Array.from({ length: 1000 }, (_, k) => 1e23 * 10 ** (k / 250))],
    ['clustered', Array.from({ length: 300 }, (_, k) => (k < 200 ? 1e25 + k * 1e9 : 1e20 * k))],
    ['one value', [5e24]],
    ['with zero', [0, 1, 2, 3]],
    ['with infinity', [1, 2, Infinity]],
    ['empty', []],
  ];
  for (const [name, xs] of lists)
    it(`finds the first value reaching x (${name})`, () => {
      const reach = Float64Array.from(xs).sort();
      const guide = valueGuide(reach);
      const probes = [-Infinity, -1, 0, 5e-324, Infinity, ...reach];
      for (const r of reach) probes.push(r * (1 - 1e-15), r * (1 + 1e-15), r / 2, r * 2);
      for (let q = 0; q < 2000; q++) probes.push(10 ** (rnd() * 60 - 10));
      for (const x of probes) expect(guide(x)).toBe(search(reach, x));
    });
});
