// trainedWithin: a compute record of the model is dated (its end, else its start) within the given number of months
// before the evaluation date. Unknown when no record is dated, unless the rule assumes.
import type { Condition } from '../../types';
import type { Frame } from '../conditions';
import { datedWithin, monthsBefore } from '../window';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { assumes, none, sayPrecondition, unknownTri } from './shared';
import type { CompileEnv, ModelTest } from '../compile';
import { factColumn } from '../columns';
import type { Operand, Operator } from './types';

function evaluate(tw: Operand<'trainedWithin'>, c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const from = monthsBefore(f.asOf, tw.months);
  const w = datedWithin(f.store.ix.models[f.subject.i].compute ?? [], from, f.asOf);
  const label = c.label ?? `trained in the ${tw.months} months before ${f.asOf}`;
  if (!w.dated) {
    const tri = unknownTri(tw.ifUnknown);
    const assumed = assumes(tw.ifUnknown);
    if (f.trace) sayPrecondition(f, label, tri, { kind: 'records', dated: false, latest: null, after: from }, assumed);
    return tri;
  }
  const tri = w.inside.length > 0 ? TRUE : FALSE;
  if (f.trace)
    sayPrecondition(f, label, tri, {
      kind: 'records',
      dated: true,
      latest: tri === TRUE ? w.inside[w.inside.length - 1] : null,
      after: from,
    });
  return tri;
}

/** The per-model closure (also the fact its column holds). */
function compileTrainedWithin(tw: Operand<'trainedWithin'>, env: CompileEnv): ModelTest {
  const models = env.store.ix.models;
  const from = monthsBefore(env.asOf, tw.months);
  const asOf = env.asOf;
  const unknown = unknownTri(tw.ifUnknown);
  // As datedWithin (window.ts): a record's date is its end, else its start.
  return (i) => {
    const recs = models[i].compute;
    let dated = false;
    if (recs) {
      for (let k = 0; k < recs.length; k++) {
        const d = recs[k].end ?? recs[k].start;
        if (d === undefined) continue;
        dated = true;
        if (d > from && d <= asOf) return TRUE;
      }
    }
    return dated ? FALSE : unknown;
  };
}

export const trainedWithin: Operator<'trainedWithin'> = {
  key: 'trainedWithin',
  summary:
    'A compute record of the model is dated (its end, else its start) within the given months before the evaluation date; unknown when none is dated unless the rule assumes.',
  subjects: ['model'],
  messages: {
    precondition: 'the latest record inside the window, or none',
    'precondition.assumed': 'no dated record; the rule assumed a value',
  },
  children: none,
  evaluate,
  compile: (tw, env) => compileTrainedWithin(tw, env),
  columns: (tw, env) => factColumn(env, `trainedWithin|${JSON.stringify(tw)}`, compileTrainedWithin(tw, env)),
  readsOthers: () => false,
  describe: (tw) => [`a compute record dated within the ${tw.months} months before the evaluation date`],
  check: none,
};
