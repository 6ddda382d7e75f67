// Whether a rule applies on a date: its status, then its effective window [from, until).
import type { Rule } from '../types';

const NEVER_IN_FORCE: Record<string, string> = {
  vetoed: 'was vetoed and never became law',
  proposed: 'is a proposal, not law',
  draft: 'is a draft, not yet adopted',
  illustrative: 'is illustrative: no law states it',
};

export function ruleInForce(rule: Rule, asOf: string): { inForce: boolean; reason: string } {
  const never = NEVER_IN_FORCE[rule.status];
  if (never) return { inForce: false, reason: `Not in force on ${asOf}: ${rule.instrument} ${never}.` };
  const { from, until } = rule.effective;
  // An empty window [from, until) marks an enacted text replaced before it took effect.
  if (from !== undefined && until !== undefined && from >= until) {
    return { inForce: false, reason: `Not in force on ${asOf}: ${rule.instrument} was replaced on ${until} and never took effect as written.` };
  }
  if (from !== undefined && asOf < from) {
    return { inForce: false, reason: `Not in force on ${asOf}: applies from ${from}.` };
  }
  if (until !== undefined && asOf >= until) {
    return { inForce: false, reason: `Not in force on ${asOf}: ${rule.status} with effect from ${until}.` };
  }
  return { inForce: true, reason: `In force on ${asOf}.` };
}
