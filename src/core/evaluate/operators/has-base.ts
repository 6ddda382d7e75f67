// hasBase: the model has a base model through the listed relations, or (otherDeveloper) an original model by
// another developer. Without a developer, "another developer's model" cannot be decided: unknown.
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { basesOf, hasParent, originalsOf } from './bases';
import { none, sayPrecondition } from './shared';
import type { Operator } from './types';

export const hasBase: Operator<'hasBase'> = {
  key: 'hasBase',
  summary: "The model has a base model through the listed relations, or (otherDeveloper) was built on another developer's model; unknown when that needs a developer the model lacks.",
  subjects: ['model'],
  messages: { precondition: 'whether such a base exists, naming up to eight' },
  children: none,
  evaluate: (op, c, f) => {
    if (f.subject.kind !== 'model') return UNKNOWN;
    const i = f.subject.i;
    const ix = f.store.ix;
    const found = basesOf(f, i, op.relations, op.otherDeveloper);
    let tri: Tri = found.length > 0 ? TRUE : FALSE;
    if (op.otherDeveloper && ix.models[i].developer === undefined && found.length > 0) tri = UNKNOWN;
    if (f.trace) {
      const bases = found.slice(0, 8).map((k) => ({ id: ix.models[k].id, developer: ix.models[k].developer ?? null }));
      sayPrecondition(f, c.label ?? 'has a base model', tri, { kind: 'bases', bases });
    }
    return tri;
  },
  compile: (op, env) => {
    const models = env.store.ix.models;
    const originals = op.otherDeveloper ? originalsOf(env, op.relations) : null;
    const parent = hasParent(env, op.relations);
    return (i) => {
      const found = originals ? originals(i).length > 0 : parent(i);
      if (op.otherDeveloper && found && models[i].developer === undefined) return UNKNOWN;
      return found ? TRUE : FALSE;
    };
  },
  readsOthers: () => false,
  describe: (op) => {
    const rel = op.relations ? ` through ${op.relations.join(', ')}` : '';
    return [op.otherDeveloper ? `built on another developer's model${rel}` : `has a base model${rel}`];
  },
  check: none,
};
