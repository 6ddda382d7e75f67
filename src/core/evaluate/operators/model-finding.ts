// modelFinding: the model itself is captured by the named rule (or designated under it), under the same own-only
// restriction as the rule being evaluated.
import { capturedTri, UNKNOWN } from '../tri';
import { checkReferencedRule } from './referenced-rule';
import { none, sayPrecondition } from './shared';
import type { Operator } from './types';

export const modelFinding: Operator<'modelFinding'> = {
  key: 'modelFinding',
  summary:
    'The model is captured by the named rule (or designated under it), under the same own-only restriction as the rule being evaluated.',
  subjects: ['model'],
  messages: { precondition: "the model's status under the named rule" },
  children: none,
  evaluate: (op, c, f) => {
    if (f.subject.kind !== 'model') return UNKNOWN;
    const i = f.subject.i;
    // The engine's verdict already counts a designation under the rule (engine.ts judgeModel).
    const tri = capturedTri(f.verdictOf(op.rule, op.interpretation ?? f.interpretation, f.restrict, i));
    if (f.trace) sayPrecondition(f, c.label ?? `captured by ${op.rule}`, tri, null);
    return tri;
  },
  compile: (op, env) => {
    let verdict: ((i: number) => number) | undefined;
    return (i) =>
      capturedTri((verdict ??= env.verdictFn(op.rule, op.interpretation ?? env.interpretation, env.restrict))(i));
  },
  readsOthers: (op, ctx) => ctx.ruleReadsOthers(op.rule, op.interpretation),
  describe: (op) => [`the model is captured by ${op.rule}${op.interpretation ? ` [${op.interpretation}]` : ''}`],
  check: (op, ctx) => checkReferencedRule(op, ctx),
};
