// The release gate: does any finding of a rule in force reach the --fail-on level?
import type { Finding } from '../types';

export type FailOn = 'captured' | 'uncertain' | 'never';

export interface GateResult {
  failOn: FailOn;
  failed: boolean;
  /** Findings (in force) that tripped the gate. */
  failing: Finding[];
}

export function gate(findings: readonly Finding[], failOn: FailOn, includeNotInForce = false): GateResult {
  if (failOn === 'never') return { failOn, failed: false, failing: [] };
  const levels = failOn === 'captured' ? ['captured'] : ['captured', 'uncertain'];
  const failing = findings.filter((f) => (f.inForce || includeNotInForce) && levels.includes(f.verdict));
  return { failOn, failed: failing.length > 0, failing };
}
