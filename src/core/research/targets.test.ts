import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../io/load';
import type { Rule } from '../types';
import { InputError } from '../validate/errors';
import { selectTargets, thresholdSites, toPointer, withThreshold } from './targets';

const rule = (id: string): Rule => loadBuiltinRules().find((r) => r.id === id)!;
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return `${e.errors[0].path}: ${e.errors[0].message}`;
    throw e;
  }
  throw new Error('expected an InputError');
};

describe('thresholdSites', () => {
  it('finds every absolute threshold with its pointer, measure, comparator and unit', () => {
    const s = thresholdSites(rule('eu-ai-act/systemic-risk')).sites;
    expect(s.map((x) => [x.pointer, x.measure, x.comparator, x.unit, x.value, x.within])).toEqual([
      ['/condition/compare/threshold/value', 'cumulativeFlop', '>', 'FLOP', '1e25', 'condition'],
      [
        '/interpretations/1/condition/any/0/compare/threshold/value',
        'cumulativeFlop',
        '>',
        'FLOP',
        '1e25',
        'interpretations/merge-own-compute',
      ],
      [
        '/interpretations/1/condition/any/1/compare/threshold/value',
        'ownMergeFlop',
        '>',
        'FLOP',
        '1e25',
        'interpretations/merge-own-compute',
      ],
    ]);
  });

  it('reads dollar measures, revenue tests and organization sums', () => {
    const cost = thresholdSites(rule('illustrative/lineage-cost-100m')).sites;
    expect(cost.map((x) => `${x.measure} ${x.unit} ${x.value}`)).toEqual([
      'lineageFlop FLOP 1e26',
      'lineageCost USD 100000000',
    ]);
    const dev = thresholdSites(rule('ca-sb53/large-frontier-developer')).sites;
    expect(dev.some((x) => x.kind === 'revenue' && x.unit === 'USD')).toBe(true);
  });

  it('lists fallback values of relative thresholds as sites, and the relative test itself apart', () => {
    const w = thresholdSites(rule('eu-ai-act/downstream-modifier'));
    expect(w.relative.length).toBeGreaterThan(0);
    expect(w.sites.every((x) => x.kind === 'fallback')).toBe(true);
  });
});

describe('selectTargets', () => {
  it('selects every test on a measure, across readings, holding the others', () => {
    const s = selectTargets(rule('eu-ai-act/systemic-risk'), 'cumulativeFlop', undefined);
    expect(s.targets.map((x) => x.pointer)).toEqual([
      '/condition/compare/threshold/value',
      '/interpretations/1/condition/any/0/compare/threshold/value',
    ]);
    expect(s.fixed.map((x) => x.measure)).toEqual(['ownMergeFlop']);
    expect(s.unit).toBe('FLOP');
  });

  it('selects only what one reading evaluates', () => {
    const s = selectTargets(rule('eu-ai-act/systemic-risk'), 'cumulativeFlop', 'merge-includes-parents');
    expect(s.targets.map((x) => x.pointer)).toEqual(['/condition/compare/threshold/value']);
    expect(s.fixed).toEqual([]);
  });

  it('selects several measures at once', () => {
    const s = selectTargets(rule('eu-ai-act/systemic-risk'), 'cumulativeFlop, ownMergeFlop', undefined);
    expect(s.targets).toHaveLength(3);
    expect(s.fixed).toEqual([]);
  });

  it('accepts JSON Pointers from the root or the condition, and dotted paths, to a value, threshold or test', () => {
    const r = rule('illustrative/lineage-cost-100m');
    for (const p of [
      '/condition/all/1/compare/threshold/value',
      '/condition/all/1/compare',
      '/all/1',
      'condition.all[1].compare.threshold',
      'all[1].compare',
    ]) {
      expect(selectTargets(r, p, undefined).targets.map((x) => x.measure)).toEqual(['lineageCost']);
    }
    expect(toPointer('all[1].compare')).toBe('/condition/all/1/compare');
  });

  it('explains why a target cannot be swept', () => {
    expect(message(() => selectTargets(rule('eu-ai-act/systemic-risk'), 'trainingFlop', undefined))).toBe(
      'target: eu-ai-act/systemic-risk has no threshold on a measure "trainingFlop" (thresholds on: cumulativeFlop, ownMergeFlop)',
    );
    expect(
      message(() => selectTargets(rule('eu-ai-act/systemic-risk'), 'ownMergeFlop', 'merge-includes-parents')),
    ).toMatch(/only in other readings/);
    expect(message(() => selectTargets(rule('ny-raise-2025/frontier-model'), 'finalRunCost', undefined))).toMatch(
      /against different values .*name one with --path/,
    );
    expect(
      message(() => selectTargets(rule('illustrative/lineage-cost-100m'), 'lineageFlop,lineageCost', undefined)),
    ).toMatch(/differ in value|mix FLOP and USD/);
    expect(message(() => selectTargets(rule('eu-ai-act/downstream-modifier'), 'modificationFlop', undefined))).toBe(
      'target: eu-ai-act/downstream-modifier compares modificationFlop with a fraction of originalFlop (/condition/compare/threshold), not with a value; point --path at a fallback value instead',
    );
    expect(
      selectTargets(rule('eu-ai-act/downstream-modifier'), '/condition/compare/threshold/fallbacks/0', undefined)
        .targets[0].value,
    ).toBe('1e25');
    expect(message(() => selectTargets(rule('illustrative/lineage-cost-100m'), '/condition/all/7', undefined))).toMatch(
      /is not an absolute threshold/,
    );
  });
});

describe('withThreshold', () => {
  it('returns a copy with the values replaced and leaves the rule alone', () => {
    const r = rule('eu-ai-act/systemic-risk');
    const before = JSON.stringify(r);
    const s = selectTargets(r, 'cumulativeFlop', undefined);
    const c = withThreshold(
      r,
      s.targets.map((x) => x.pointer),
      '3e25',
    );
    expect(JSON.stringify(r)).toBe(before);
    expect(thresholdSites(c).sites.map((x) => x.value)).toEqual(['3e25', '3e25', '1e25']);
  });
});
