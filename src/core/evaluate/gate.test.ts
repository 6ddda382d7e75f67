import { describe, expect, it } from 'vitest';
import type { Finding } from '../types';
import { gate } from './gate';

const f = (verdict: Finding['verdict'], inForce: boolean) => ({ verdict, inForce }) as Finding;
const findings = [f('captured', true), f('uncertain', true), f('captured', false), f('not-captured', true), f('not-applicable', true)];

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
    expect(gate(findings, 'never')).toEqual({ failOn: 'never', failed: false, failing: [] });
    expect(gate([f('uncertain', true), f('captured', false)], 'captured').failed).toBe(false);
  });
});
