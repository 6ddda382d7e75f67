import { describe, expect, it } from 'vitest';
import type { Rule } from '../types';
import { InputError } from '../validate/errors';
import { findRule, selectRules } from './select';

const rules = ['a/one', 'a/two', 'b/one', 'bb/x'].map((id) => ({ id }) as Rule);
const ids = (rs: Rule[]) => rs.map((r) => r.id);

describe('selectRules', () => {
  it('takes ids, packs (with or without a slash) and globs, in the order of the rule list, each rule once', () => {
    expect(ids(selectRules(rules, 'b/one, a'))).toEqual(['a/one', 'a/two', 'b/one']);
    expect(ids(selectRules(rules, 'b/'))).toEqual(['b/one']); // a pack is a folder: "b" is not a prefix of "bb"
    expect(ids(selectRules(rules, '*/one,a/*'))).toEqual(['a/one', 'a/two', 'b/one']);
    expect(ids(selectRules(rules, 'b?/?'))).toEqual(['bb/x']);
    expect(() => selectRules(rules, 'a.*')).toThrow(/"a\.\*" matches no rule/); // a dot is literal, not a wildcard
  });

  it('is an InputError at the given path when a selector matches nothing or none is given', () => {
    expect(() => selectRules(rules, 'c')).toThrow(InputError);
    expect(() => selectRules(rules, 'c')).toThrow('rules: "c" matches no rule (known: a/one, a/two, b/one, bb/x)');
    expect(() => selectRules(rules, 'c', '--rules')).toThrow('--rules: "c" matches no rule');
    expect(() => selectRules(rules, ',', 'query.rules')).toThrow('query.rules: no rule named');
  });
});

describe('findRule', () => {
  it('finds by exact id only, and names the rules of the same pack when it fails', () => {
    expect(findRule(rules, 'a/two').id).toBe('a/two');
    expect(() => findRule(rules, 'a')).toThrow('rule: no rule "a" (in that pack: a/one, a/two)');
    expect(() => findRule(rules, 'c/x', '--rule')).toThrow('--rule: no rule "c/x"');
  });
});
