// The gate policy as data: readings the gate counts, waivers (scope, expiry against the evaluation date), and the
// checks that turn a waiver naming nothing real into a configuration error.
import { describe, expect, it } from 'vitest';
import type { Finding, Rule } from '../types';
import { checkGatePolicy, gate, unknownReadings, Waiver } from './gate';

function finding(over: Partial<Finding>): Finding {
  return {
    subject: 'model',
    model: 'team/ft',
    rule: 'ca-sb53/frontier-model',
    verdict: 'captured',
    inForce: true,
    status: 'in-force',
    measures: [],
    ownOnly: { verdict: 'not-captured', measures: [] },
    wrongfulCapture: false,
    explanation: [],
    citation: { instrument: 'I', section: 'S', text: 'T', url: 'https://example.org' },
    obligations: [],
    obligationDates: [],
    presumptions: [],
    designated: false,
    unverified: [],
    ...over,
  };
}

const rules = [
  {
    id: 'ca-sb53/frontier-model',
    subject: 'model',
    interpretations: [{ id: 'developer-own' }, { id: 'lineage-cumulative' }],
  },
  {
    id: 'ca-sb53/large-frontier-developer',
    subject: 'organization',
    interpretations: [{ id: 'developer-own' }, { id: 'lineage-cumulative' }],
  },
  {
    id: 'eu-ai-act/systemic-risk',
    subject: 'model',
    interpretations: [{ id: 'merge-includes-parents' }, { id: 'merge-own-compute' }],
  },
  { id: 'eu-ai-act/gpai-indicative', subject: 'model' },
] as unknown as Rule[];

const own = finding({ interpretation: 'developer-own', verdict: 'not-captured' });
const cumulative = finding({ interpretation: 'lineage-cumulative', wrongfulCapture: true });
const eu = finding({ rule: 'eu-ai-act/systemic-risk', interpretation: 'merge-includes-parents' });
const waiver: Waiver = {
  rule: 'ca-sb53/frontier-model',
  interpretation: 'lineage-cumulative',
  model: 'team/ft',
  reason: 'legal opinion',
  expires: '2026-12-31',
};

describe('per-reading gate', () => {
  it('without a limit, any captured reading fails the gate', () => {
    expect(gate([own, cumulative], 'captured').failed).toBe(true);
  });
  it('limited to developer-own, the cumulative capture is reported but does not fail', () => {
    const g = gate([own, cumulative], 'captured', false, { readings: ['developer-own'], rules });
    expect(g.failed).toBe(false);
    expect(g.readings).toEqual({
      'ca-sb53/frontier-model': ['developer-own'],
      'ca-sb53/large-frontier-developer': ['developer-own'],
    });
  });
  it('a limit leaves rules without that reading gated as usual', () => {
    const g = gate([own, cumulative, eu], 'captured', false, { readings: ['developer-own'], rules });
    expect(g.failing).toEqual([eu]);
  });
  it('the limited reading still fails the gate when it captures', () => {
    const ownCaptured = finding({ interpretation: 'developer-own' });
    expect(gate([ownCaptured, cumulative], 'captured', false, { readings: ['developer-own'], rules }).failing).toEqual([
      ownCaptured,
    ]);
  });
  it('unknownReadings names the readings no selected rule has', () => {
    expect(unknownReadings(['developer-own', 'devloper-own'], rules)).toEqual(['devloper-own']);
  });
});

describe('waivers', () => {
  it('a waiver in date lets the finding through and records it as waived', () => {
    const g = gate([own, cumulative], 'captured', false, { asOf: '2026-11-28', waivers: [waiver] });
    expect(g.failed).toBe(false);
    expect(g.waived).toEqual([
      { finding: cumulative, waiver: { index: 0, reason: 'legal opinion', expires: '2026-12-31', expired: false } },
    ]);
    expect(g.waivers[0]).toMatchObject({ matched: 1, expired: false });
  });
  it('holds through its last day and expires the day after (the evaluation date, not a clock)', () => {
    expect(gate([cumulative], 'captured', false, { asOf: '2026-12-31', waivers: [waiver] }).failed).toBe(false);
    const g = gate([cumulative], 'captured', false, { asOf: '2027-01-01', waivers: [waiver] });
    expect(g.failed).toBe(true);
    expect(g.waived[0].waiver.expired).toBe(true);
  });
  it('covers only its rule, reading and subject', () => {
    const other = finding({ model: 'team/other', interpretation: 'lineage-cumulative' });
    const g = gate([cumulative, other, eu], 'captured', false, { asOf: '2026-11-28', waivers: [waiver] });
    expect(g.failing).toEqual([other, eu]);
  });
  it('without interpretation or subject, covers every reading and subject of the rule', () => {
    const g = gate([cumulative, eu], 'captured', false, {
      asOf: '2026-11-28',
      waivers: [{ rule: 'eu-ai-act/systemic-risk', reason: 'r', expires: '2027-01-01' }],
    });
    expect(g.failing).toEqual([cumulative]);
  });
  it('a renewed waiver beside the expired one holds', () => {
    const old = { ...waiver, expires: '2026-06-30' };
    const g = gate([cumulative], 'captured', false, { asOf: '2026-11-28', waivers: [old, waiver] });
    expect(g.failed).toBe(false);
    expect(g.waived[0].waiver.index).toBe(1);
  });
  it('does not matter for findings that would pass anyway (uncertain under --fail-on captured)', () => {
    const g = gate([finding({ verdict: 'uncertain', interpretation: 'lineage-cumulative' })], 'captured', false, {
      asOf: '2026-11-28',
      waivers: [waiver],
    });
    expect(g.waived).toEqual([]);
    expect(g.waivers[0].matched).toBe(0);
  });
  it('an organization waiver covers organization findings', () => {
    const org = finding({
      subject: 'organization',
      model: undefined,
      organization: 'team',
      rule: 'ca-sb53/large-frontier-developer',
    });
    const w: Waiver = {
      rule: 'ca-sb53/large-frontier-developer',
      organization: 'team',
      reason: 'r',
      expires: '2027-01-01',
    };
    expect(gate([org], 'captured', false, { asOf: '2026-11-28', waivers: [w] }).failed).toBe(false);
  });
});

describe('checkGatePolicy: a waiver that names nothing real is a configuration error', () => {
  it('accepts a good waiver', () => {
    expect(checkGatePolicy([waiver], rules)).toEqual([]);
  });
  it('names the place of each problem', () => {
    const errors = checkGatePolicy(
      [
        { rule: 'ca-sb53/frontier-modle', reason: 'r', expires: '2027-01-01' },
        { rule: 'ca-sb53/frontier-model', interpretation: 'cumulative', reason: 'r', expires: '2027-01-01' },
        { rule: 'ca-sb53/frontier-model', organization: 'team', reason: 'r', expires: '2027-01-01' },
        { rule: 'eu-ai-act/gpai-indicative', model: 'm', organization: 'o', reason: 'r', expires: '2027-01-01' },
      ],
      rules,
    );
    expect(errors.map((e) => e.path)).toEqual([
      'waivers[0].rule',
      'waivers[1].interpretation',
      'waivers[2].organization',
      'waivers[3]',
      'waivers[3].organization',
    ]);
  });
});

// The gate without a policy.
const f = (verdict: Finding['verdict'], inForce: boolean) => ({ verdict, inForce }) as Finding;
const findings = [
  f('captured', true),
  f('uncertain', true),
  f('captured', false),
  f('not-captured', true),
  f('not-applicable', true),
];

describe('gate', () => {
  it('fails on captured findings of rules in force by default', () => {
    const g = gate(findings, 'captured');
    expect(g.failed).toBe(true);
    expect(g.failing).toEqual([findings[0]]);
  });
  it('counts uncertain too with failOn uncertain, and rules not in force only when asked', () => {
    expect(gate(findings, 'uncertain').failing).toEqual([findings[0], findings[1]]);
    expect(gate(findings, 'captured', true).failing).toEqual([findings[0], findings[2]]);
  });
  it('never fails with failOn never, and passes when nothing reaches the level', () => {
    expect(gate(findings, 'never')).toMatchObject({ failOn: 'never', failed: false, failing: [] });
    expect(gate([f('uncertain', true), f('captured', false)], 'captured').failed).toBe(false);
  });
});
