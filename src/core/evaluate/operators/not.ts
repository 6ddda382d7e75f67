// not: the sub-condition does not hold (unknown stays unknown).
import { not as negate, TRUE, FALSE, UNKNOWN } from '../tri';
import { compileColumns, compileCondition, evalCondition } from './registry';
import type { Operator } from './types';
import { none } from './shared';

export const not: Operator<'not'> = {
  key: 'not',
  summary: 'The sub-condition does not hold; unknown stays unknown.',
  subjects: ['model', 'organization'],
  messages: {},
  children: (op) => [{ segments: [], condition: op }],
  evaluate: (op, _c, f) => negate(evalCondition(op, f)),
  compile: (op, env) => {
    const inner = compileCondition(op, env);
    return (i) => {
      const v = inner(i);
      return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
    };
  },
  columns: (op, env) => {
    const inner = compileColumns(op, env);
    return (sel, n, out) => {
      inner(sel, n, out);
      for (let q = 0; q < n; q++) {
        const i = sel[q];
        const v = out[i];
        if (v !== UNKNOWN) out[i] = v === TRUE ? FALSE : TRUE;
      }
    };
  },
  readsOthers: (op, ctx) => ctx.visit(op),
  describe: (op, ctx) => ['not', ...ctx.sub(op)],
  check: none,
};
