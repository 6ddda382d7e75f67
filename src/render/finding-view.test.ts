import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/types';
import { byPriority, level, nextStep, trips } from './finding-view';
import { escapeData, escapeProperty } from './github';
import { cell } from './markdown';
import { xml } from './xml';

function finding(over: Partial<Finding>): Finding {
  return {
    subject: 'model',
    model: 'm',
    rule: 'r/x',
    verdict: 'not-captured',
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
const gate = (failOn: string, includeNotInForce = false) => ({ failOn, failed: false, failing: 0, includeNotInForce });

describe('severity against the gate', () => {
  const capturedInForce = finding({ verdict: 'captured' });
  const uncertainInForce = finding({ verdict: 'uncertain' });
  const capturedVetoed = finding({ verdict: 'captured', inForce: false, status: 'vetoed' });
  const wrongfulIllustrative = finding({
    verdict: 'captured',
    inForce: false,
    status: 'illustrative',
    wrongfulCapture: true,
  });

  it('error exactly when the finding trips the gate', () => {
    expect(level(capturedInForce, gate('captured'))).toBe('error');
    expect(level(uncertainInForce, gate('captured'))).toBe('warning');
    expect(level(uncertainInForce, gate('uncertain'))).toBe('error');
    expect(level(capturedInForce, gate('never'))).toBe('warning');
    expect(level(capturedVetoed, gate('captured'))).toBe('note');
    expect(level(capturedVetoed, gate('captured', true))).toBe('error');
    expect(level(wrongfulIllustrative, gate('captured'))).toBe('warning');
    expect(level(finding({}), gate('uncertain'))).toBe('none');
    expect(trips(finding({ verdict: 'not-applicable' }), gate('uncertain', true))).toBe(false);
  });

  it('orders captured in force, then wrongful captures, then uncertain, then the rest', () => {
    const order = byPriority([finding({}), capturedVetoed, uncertainInForce, wrongfulIllustrative, capturedInForce]);
    expect(order).toEqual([capturedInForce, wrongfulIllustrative, uncertainInForce, capturedVetoed, finding({})]);
  });

  it('says what to do next', () => {
    expect(nextStep(finding({ verdict: 'captured', obligations: ['Notify (Art. 52)', 'Evaluate'] }))).toBe(
      'Obligations apply: Notify (Art. 52); and 1 more (see the full report).',
    );
    expect(nextStep(wrongfulIllustrative)).toMatch(
      /^Captured only through other developers' compute.*No obligation: the rule is illustrative \(not law\)\.$/,
    );
    expect(nextStep(finding({ verdict: 'not-applicable' }))).toMatch(/preconditions/);
  });
});

describe('escaping per format', () => {
  it('GitHub workflow commands: data escapes % CR LF; properties also : and ,', () => {
    expect(escapeData('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab: c, d');
    expect(escapeProperty('50% a\nb: c, d')).toBe('50%25 a%0Ab%3A c%2C d');
  });
  it('Markdown table cells', () => {
    expect(cell('a|b <i>*x*</i>\nc')).toBe('a\\|b &lt;i&gt;\\*x\\*&lt;/i&gt; c');
  });
  it('XML text and attributes, showing characters XML cannot carry as escapes', () => {
    expect(xml('<a b="c">&\'\u0001')).toBe('&lt;a b=&quot;c&quot;&gt;&amp;&apos;\\x01');
  });
});
