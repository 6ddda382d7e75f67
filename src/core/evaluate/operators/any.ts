// any: at least one sub-condition holds (true as soon as one is true; unknown if none is true and one is unknown).
import { TRUE } from '../tri';
import { combineColumns, combineCompiled, combineTraced } from './combine';
import type { Operator } from './types';
import { none } from './shared';

export const any: Operator<'any'> = {
  key: 'any',
  summary: 'At least one sub-condition holds.',
  subjects: ['model', 'organization'],
  messages: {},
  children: (op) => op.map((condition, i) => ({ segments: [i], condition })),
  evaluate: (op, _c, f) => combineTraced(op, f, TRUE),
  compile: (op, env) => combineCompiled(op, env, TRUE),
  columns: (op, env) => combineColumns(op, env, TRUE),
  readsOthers: (op, ctx) => op.some(ctx.visit),
  describe: (op, ctx) => ['any of', ...op.flatMap(ctx.sub)],
  check: none,
};
