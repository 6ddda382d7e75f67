// The rule-load check shared by operators that refer to another rule's verdicts: it exists and judges models, and
// the interpretation named (if any) is one of its readings.
import type { InputErrorItem } from '../../validate/errors';
import type { CheckContext } from './types';

export function checkReferencedRule(
  ref: { rule: string; interpretation?: string },
  ctx: CheckContext,
): InputErrorItem[] {
  const out: InputErrorItem[] = [];
  const target = ctx.byId.get(ref.rule);
  if (!target) out.push({ path: ctx.at('rule'), message: `no rule with id "${ref.rule}"` });
  else if (target.subject !== 'model')
    out.push({
      path: ctx.at('rule'),
      message: `"${ref.rule}" judges organizations; only model rules can be referenced`,
    });
  if (
    target &&
    ref.interpretation !== undefined &&
    !(target.interpretations ?? []).some((i) => i.id === ref.interpretation)
  ) {
    out.push({
      path: ctx.at('interpretation'),
      message: `"${ref.rule}" has no interpretation "${ref.interpretation}"`,
    });
  }
  return out;
}
