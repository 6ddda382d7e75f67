import { describe, expect, it } from 'vitest';
import { cloneJson, mergePatch } from './merge-patch';

// RFC 7386, Appendix A: every example, as [target, patch, result].
const RFC_EXAMPLES: [unknown, unknown, unknown][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [
    ['a', 'b'],
    ['c', 'd'],
    ['c', 'd'],
  ],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('mergePatch (RFC 7386)', () => {
  RFC_EXAMPLES.forEach(([target, patch, result], i) => {
    it(`Appendix A example ${i + 1}`, () => expect(mergePatch(target, patch)).toEqual(result));
  });

  it('modifies neither argument and shares nothing with them', () => {
    const target = { a: { b: [1, 2] }, keep: { x: 1 } };
    const patch = { a: { c: [3] } };
    const before = JSON.stringify([target, patch]);
    const out = mergePatch(target, patch) as { a: { b: number[]; c: number[] }; keep: { x: number } };
    expect(JSON.stringify([target, patch])).toBe(before);
    out.a.b.push(9);
    out.a.c.push(9);
    out.keep.x = 2;
    expect(JSON.stringify([target, patch])).toBe(before);
  });

  it('keeps the target key order and appends new keys in patch order', () => {
    expect(Object.keys(mergePatch({ z: 1, a: 2 }, { m: 3, z: 4 }) as object)).toEqual(['z', 'a', 'm']);
  });

  it('treats "__proto__" in a parsed patch as a plain key, never as the prototype', () => {
    const patch = JSON.parse('{ "__proto__": { "polluted": true }, "a": 1 }');
    const out = mergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(cloneJson(out)).toEqual(out);
  });
});
