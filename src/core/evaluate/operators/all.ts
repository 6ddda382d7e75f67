// all: every sub-condition holds (false as soon as one is false; unknown if none is false and one is unknown).
import { FALSE } from '../tri';
import { combineColumns, combineCompiled, combineTraced } from './combine';
import type { Operator } from './types';
import { none } from './shared';

export const all: Operator<'all'> = {
  key: 'all',
  summary: 'Every sub-condition holds.',
  subjects: ['model', 'organization'],
  messages: {},
  children: (op) => op.map((condition, i) => ({ segments: [i], condition })),
  evaluate: (op, _c, f) => combineTraced(op, f, FALSE),
  compile: (op, env) => combineCompiled(op, env, FALSE),
  columns: (op, env) => combineColumns(op, env, FALSE),
  readsOthers: (op, ctx) => op.some(ctx.visit),
  describe: (op, ctx) => ['all of', ...op.flatMap(ctx.sub)],
  check: none,
};
