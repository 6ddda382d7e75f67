// Whether a rule applies on a date: its status, then its effective window [from, until).
import type { Rule } from '../types';

const NEVER_IN_FORCE: Record<string, string> = {
  vetoed: 'was vetoed and never became law',
  proposed: 'is a proposal, not law',
  draft: 'is a draft, not yet adopted',
};

const EMPTY_WINDOW: Record<string, string> = {
  superseded: 'repealed and replaced',
  rescinded: 'rescinded',
  revoked: 'revoked',
};

export function ruleInForce(rule: Rule, asOf: string): { inForce: boolean; reason: string } {
  // Never law, so never "not in force" (which would imply it was or will be law).
  if (rule.status === 'illustrative')
    return { inForce: false, reason: `Illustrative (not law): ${rule.instrument}; no law states this rule.` };
  const never = NEVER_IN_FORCE[rule.status];
  if (never) return { inForce: false, reason: `Not in force on ${asOf}: ${rule.instrument} ${never}.` };
  const { from, until } = rule.effective;
  // An empty window [from, until) marks an enacted text replaced or withdrawn before it applied.
  if (from !== undefined && until !== undefined && from >= until) {
    const how = EMPTY_WINDOW[rule.status] ?? 'replaced';
    const when = from === until ? 'and never took effect as written' : `before it applied (from ${from})`;
    return { inForce: false, reason: `Not in force on ${asOf}: ${rule.instrument} was ${how} on ${until} ${when}.` };
  }
  if (from !== undefined && asOf < from) {
    return { inForce: false, reason: `Not in force on ${asOf}: applies from ${from}.` };
  }
  if (until !== undefined && asOf >= until) {
    return { inForce: false, reason: `Not in force on ${asOf}: ${rule.status} with effect from ${until}.` };
  }
  return { inForce: true, reason: `In force on ${asOf}.` };
}
