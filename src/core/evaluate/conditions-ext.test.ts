// The marketsAny operator and the revenue test with affiliates, through the engine.
import { describe, expect, it } from 'vitest';
import { validateRules } from '../rules/validate';
import type { LineageDocument, Rule } from '../types';
import { evaluate } from './engine';

const modelRule = {
  id: 't/nexus',
  title: 'nexus test',
  jurisdiction: 'test',
  instrument: 'test',
  status: 'in-force',
  effective: {},
  citation: { section: 's', text: 't', url: 'u' },
  subject: 'model',
  measures: { f: { quantity: 'flop', scope: 'own', description: 'own compute' } },
  applicability: { marketsAny: { markets: ['US-NY'] } },
  condition: { compare: { measure: 'f', op: '>', threshold: { value: '1e26' } } },
  obligations: [],
};
const orgRule = {
  id: 't/revenue',
  title: 'revenue test',
  jurisdiction: 'test',
  instrument: 'test',
  status: 'in-force',
  effective: {},
  citation: { section: 's', text: 't', url: 'u' },
  subject: 'organization',
  condition: { revenue: { op: '>', value: '500000000', includeAffiliates: true } },
  obligations: [],
};

function rules(): Rule[] {
  const r = validateRules([
    { origin: 'nexus', doc: modelRule },
    { origin: 'revenue', doc: orgRule },
  ]);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rules;
}

function verdicts(doc: LineageDocument, rule: string) {
  const ev = evaluate(doc, rules(), { asOf: '2026-06-01', select: [rule] });
  return Object.fromEntries(ev.findings.map((f) => [f.model ?? f.organization, f.verdict]));
}

describe('marketsAny', () => {
  const doc = (markets?: string[]): LineageDocument => ({
    lineageVersion: 1,
    models: [{ id: 'm', ...(markets ? { markets } : {}), compute: [{ phase: 'pretraining', flop: 2e26 }] }],
  });
  it('applies when a listed place matches (a country covers its subdivisions)', () => {
    expect(verdicts(doc(['US-NY']), 't/nexus')).toEqual({ m: 'captured' });
    expect(verdicts(doc(['US']), 't/nexus')).toEqual({ m: 'captured' });
  });
  it('is not applicable elsewhere, and unknown when no markets are given', () => {
    expect(verdicts(doc(['US-CA', 'EU']), 't/nexus')).toEqual({ m: 'not-applicable' });
    expect(verdicts(doc(), 't/nexus')).toEqual({ m: 'uncertain' });
  });
  it('is rejected by validation without markets', () => {
    const r = validateRules([{ origin: 'x', doc: { ...modelRule, applicability: { marketsAny: { markets: [] } } } }]);
    expect(r.ok).toBe(false);
  });
});

describe('revenue with affiliates', () => {
  const doc = (orgs: LineageDocument['organizations']): LineageDocument => ({
    lineageVersion: 1,
    organizations: orgs,
    models: [],
  });
  it("takes an organization's figure as the group's unless it says otherwise", () => {
    expect(verdicts(doc([{ id: 'a', revenueUsd: [{ year: 2025, amount: 600e6 }] }]), 't/revenue')).toEqual({
      a: 'captured',
    });
    expect(verdicts(doc([{ id: 'a', revenueUsd: [{ year: 2025, amount: 500e6 }] }]), 't/revenue')).toEqual({
      a: 'not-captured',
    });
  });
  it('sums own figures across the affiliate group, exactly at the boundary', () => {
    const orgs = [
      { id: 'parent', revenueUsd: [{ year: 2025, amount: 300e6, includesAffiliates: false }] },
      { id: 'sub', affiliateOf: 'parent', revenueUsd: [{ year: 2025, amount: 200e6, includesAffiliates: false }] },
      { id: 'sister', affiliateOf: 'parent', revenueUsd: [{ year: 2025, amount: 1, includesAffiliates: false }] },
    ];
    expect(verdicts(doc(orgs), 't/revenue')).toEqual({ parent: 'captured', sub: 'captured', sister: 'captured' });
    expect(verdicts(doc(orgs.slice(0, 2)), 't/revenue')).toEqual({ parent: 'not-captured', sub: 'not-captured' });
  });
  it('uses a group figure given by an affiliate', () => {
    const orgs = [
      { id: 'parent', revenueUsd: [{ year: 2025, amount: 2e9, includesAffiliates: true }] },
      { id: 'sub', affiliateOf: 'parent', revenueUsd: [{ year: 2025, amount: 1e6, includesAffiliates: false }] },
    ];
    expect(verdicts(doc(orgs), 't/revenue')).toEqual({ parent: 'captured', sub: 'captured' });
  });
  it('leaves a lower bound when a member has no figure: uncertain below the line, captured above it', () => {
    const below = [
      { id: 'parent' },
      { id: 'sub', affiliateOf: 'parent', revenueUsd: [{ year: 2025, amount: 100e6, includesAffiliates: false }] },
    ];
    expect(verdicts(doc(below), 't/revenue')).toEqual({ parent: 'uncertain', sub: 'uncertain' });
    const above = [below[0], { ...below[1], revenueUsd: [{ year: 2025, amount: 600e6, includesAffiliates: false }] }];
    expect(verdicts(doc(above), 't/revenue')).toEqual({ parent: 'captured', sub: 'captured' });
  });
});
