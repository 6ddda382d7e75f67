// baseFinding: a base model (direct, or the original models of other developers) is captured by the named rule,
// or designated under it. Another model's status is a fact about that model: the own-only counterfactual does not
// change it.
import { capturedTri, FALSE, or, TRUE, Tri, UNKNOWN } from '../tri';
import { baseCapturedTri, basesOf, originalsOf } from './bases';
import { checkReferencedRule } from './referenced-rule';
import { none, sayPrecondition, triWord } from './shared';
import type { Operator } from './types';

export const baseFinding: Operator<'baseFinding'> = {
  key: 'baseFinding',
  summary:
    "A base model (direct, or the original models of other developers) is captured by the named rule or designated under it; the own-only counterfactual does not change another model's status.",
  subjects: ['model'],
  messages: { precondition: "each base model's status under the named rule" },
  children: none,
  evaluate: (op, c, f) => {
    if (f.subject.kind !== 'model') return UNKNOWN;
    const ix = f.store.ix;
    const tris: Tri[] = [];
    const names: { id: string; value: string }[] = [];
    for (const k of basesOf(f, f.subject.i, op.relations, op.otherDeveloper)) {
      const t = baseCapturedTri(f, op.rule, op.interpretation, k);
      tris.push(t);
      if (f.trace) names.push({ id: ix.models[k].id, value: triWord(t) });
    }
    const tri = tris.length === 0 ? FALSE : or(tris);
    if (f.trace)
      sayPrecondition(f, c.label ?? `a base model is captured by ${op.rule}`, tri, {
        kind: 'base-verdicts',
        bases: names,
      });
    return tri;
  },
  compile: (op, env) => {
    // The engine's verdict already counts a designation under the rule (engine.ts judgeModel).
    let verdict: ((i: number) => number) | undefined;
    const tri = (k: number): Tri =>
      capturedTri((verdict ??= env.verdictFn(op.rule, op.interpretation ?? env.interpretation, false))(k));
    const anyOf = (list: ArrayLike<number>, from: number, to: number): Tri => {
      let unknown = false;
      for (let j = from; j < to; j++) {
        const t = tri(list[j]);
        if (t === TRUE) return TRUE;
        if (t === UNKNOWN) unknown = true;
      }
      return unknown ? UNKNOWN : FALSE;
    };
    if (op.otherDeveloper) {
      const bases = originalsOf(env, op.relations);
      return (i) => {
        const { from, to, idx } = bases();
        return anyOf(idx, from[i], to[i]);
      };
    }
    // Direct parents through the relations, from the store's flat parent lists.
    let parents: { start: Int32Array; idx: Int32Array } | undefined;
    return (i) => {
      const { start, idx } = (parents ??= env.store.parentsThrough(op.relations));
      return anyOf(idx, start[i], start[i + 1]);
    };
  },
  // The base's verdict is taken unrestricted whatever the counterfactual.
  readsOthers: () => false,
  describe: (op) => {
    const which = op.otherDeveloper ? 'an original model by another developer' : 'a direct base model';
    return [
      `${which}${op.relations ? ` (through ${op.relations.join(', ')})` : ''} is captured by ${op.rule}${op.interpretation ? ` [${op.interpretation}]` : ' (same reading)'}`,
    ];
  },
  check: (op, ctx) => checkReferencedRule(op, ctx),
};
