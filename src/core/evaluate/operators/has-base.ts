// hasBase: the model has a base model through the listed relations, or (otherDeveloper) an original model by
// another developer. Without a developer, "another developer's model" cannot be decided: unknown. Nor can it when
// the only originals found have no developer (a base the input names but does not attribute may be the model's
// own developer's work): unknown, never "another developer's".
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { basesOf, hasParent, originalsOf } from './bases';
import { none, sayPrecondition } from './shared';
import type { CompileEnv, ModelTest } from '../compile';
import { factColumn } from '../columns';
import type { Operand, Operator } from './types';

/** The per-model closure (also the fact its column holds). */
function compileHasBase(op: Operand<'hasBase'>, env: CompileEnv): ModelTest {
  const models = env.store.ix.models;
  const originals = op.otherDeveloper ? originalsOf(env, op.relations) : null;
  const parent = hasParent(env, op.relations);
  return (i) => {
    if (originals) {
      const { from, to, idx } = originals();
      if (to[i] === from[i]) return FALSE;
      if (models[i].developer === undefined) return UNKNOWN;
      for (let k = from[i]; k < to[i]; k++) if (models[idx[k]].developer !== undefined) return TRUE;
      return UNKNOWN;
    }
    return parent(i) ? TRUE : FALSE;
  };
}

export const hasBase: Operator<'hasBase'> = {
  key: 'hasBase',
  summary:
    "The model has a base model through the listed relations, or (otherDeveloper) was built on another developer's model; unknown when that needs a developer the model lacks.",
  subjects: ['model'],
  messages: { precondition: 'whether such a base exists, naming up to eight' },
  children: none,
  evaluate: (op, c, f) => {
    if (f.subject.kind !== 'model') return UNKNOWN;
    const i = f.subject.i;
    const ix = f.store.ix;
    const found = basesOf(f, i, op.relations, op.otherDeveloper);
    let tri: Tri = found.length > 0 ? TRUE : FALSE;
    if (
      op.otherDeveloper &&
      found.length > 0 &&
      (ix.models[i].developer === undefined || !found.some((k) => ix.models[k].developer !== undefined))
    )
      tri = UNKNOWN;
    if (f.trace) {
      const bases = found.slice(0, 8).map((k) => ({ id: ix.models[k].id, developer: ix.models[k].developer ?? null }));
      sayPrecondition(f, c.label ?? 'has a base model', tri, { kind: 'bases', bases });
    }
    return tri;
  },
  compile: (op, env) => compileHasBase(op, env),
  columns: (op, env) => factColumn(env, `hasBase|${JSON.stringify(op)}`, compileHasBase(op, env)),
  readsOthers: () => false,
  describe: (op) => {
    const rel = op.relations ? ` through ${op.relations.join(', ')}` : '';
    return [op.otherDeveloper ? `built on another developer's model${rel}` : `has a base model${rel}`];
  },
  check: none,
};
