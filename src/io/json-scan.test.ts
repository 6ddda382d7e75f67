import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-scan';

describe('jsonErrorOffset', () => {
  it('finds the first bad character', () => {
    expect(jsonErrorOffset('{"a":1}')).toBe(-1);
    expect(jsonErrorOffset('{"a":[1,{"b":[]},{}],"c":"x"}')).toBe(-1);
    expect(jsonErrorOffset('{"a":1,}')).toBe(7);
    expect(jsonErrorOffset('[1 2]')).toBe(3);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('{"a":tru}')).toBe(5);
    expect(jsonErrorOffset('{} x')).toBe(3);
    expect(jsonErrorOffset('"abc')).toBe(4);
    expect(jsonErrorOffset('{"a":"x\ny"}')).toBe(7);
  });
  it('answers at any depth (no recursion)', () => {
    const open = '{"x":' + '['.repeat(100_000);
    expect(jsonErrorOffset(open)).toBe(open.length);
    expect(jsonErrorOffset(`${open}1,]`)).toBe(open.length + 2);
    expect(jsonErrorOffset('['.repeat(100_000) + ']'.repeat(100_000))).toBe(-1);
  });
});
