import { describe, expect, it } from 'vitest';
import { depthError, MAX_DEPTH } from './depth';

const nest = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('depthError', () => {
  it('accepts scalars and documents up to the limit', () => {
    expect(depthError(1)).toBeNull();
    expect(depthError({ models: [{ compute: [{ hardware: { count: 1 } }] }] })).toBeNull();
    expect(depthError(nest(MAX_DEPTH))).toBeNull();
  });
  it('names the first place past the limit, without recursion, at any depth', () => {
    expect(depthError(nest(MAX_DEPTH + 1))).not.toBeNull();
    expect(depthError({ ok: [1, 2], x: [[[1]]] }, 3)).toEqual({
      path: 'x[0][0]',
      message: 'is nested too deeply: more than 3 levels of objects and arrays',
    });
    const deep = depthError({ lineageVersion: 1, x: nest(200_000) });
    expect(deep!.path.startsWith('x[0].a[0].a[0]')).toBe(true);
    expect(deep!.path.length).toBeLessThan(100);
  });
});
