// modelField: a boolean field of the model (openWeights, foundationModel, trainedPrimarilyOnBiologicalSequences)
// equals a value; when the field is absent, unknown unless the rule states an assumption (reported as one).
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { fieldTri, none, sayPrecondition, unknownTri } from './shared';
import type { CompileEnv, ModelTest } from '../compile';
import { factColumn } from '../columns';
import type { Operand, Operator } from './types';
import type { Model } from '../../types';

/** The per-model closure (also the fact its column holds). */
function compileModelField(op: Operand<'modelField'>, env: CompileEnv): ModelTest {
  const models = env.store.ix.models;
  const unknown = unknownTri(op.ifUnknown);
  // One pass over the models on first use: later reads index a typed array, not objects of many shapes.
  let tris: Int8Array | undefined;
  // A named property read per field (a keyed read of a name held in a variable is slow on objects of many shapes).
  const read: (m: Model) => boolean | undefined =
    op.field === 'openWeights'
      ? (m) => m.openWeights
      : op.field === 'foundationModel'
        ? (m) => m.foundationModel
        : op.field === 'trainedPrimarilyOnBiologicalSequences'
          ? (m) => m.trainedPrimarilyOnBiologicalSequences
          : (m) => m[op.field];
  const fill = () => {
    const t = new Int8Array(models.length);
    const equals = op.equals;
    for (let i = 0; i < t.length; i++) {
      const v = read(models[i]);
      t[i] = v === undefined ? unknown : v === equals ? TRUE : FALSE;
    }
    return t;
  };
  return (i) => (tris ??= fill())[i] as Tri;
}

export const modelField: Operator<'modelField'> = {
  key: 'modelField',
  summary:
    'A boolean field of the model equals a value; absent, unknown unless the rule assumes a value (ifUnknown), which the explanation reports.',
  subjects: ['model'],
  messages: {
    precondition: 'the field as given, or unknown when it is not',
    'precondition.assumed': 'the field was not given and the rule assumed a value',
  },
  children: none,
  evaluate: (op, c, f) => {
    if (f.subject.kind !== 'model') return UNKNOWN;
    const m = f.store.ix.models[f.subject.i];
    const { tri, assumed } = fieldTri(m[op.field], op.equals, op.ifUnknown);
    if (f.trace) {
      const label = c.label ?? `${op.field} is ${op.equals}`;
      sayPrecondition(
        f,
        label,
        tri,
        m[op.field] === undefined ? { kind: 'field-missing', field: op.field } : null,
        assumed,
      );
    }
    return tri;
  },
  compile: (op, env) => compileModelField(op, env),
  columns: (op, env) => factColumn(env, `modelField|${JSON.stringify(op)}`, compileModelField(op, env)),
  readsOthers: () => false,
  describe: (op) => [
    `model field ${op.field} is ${op.equals}${op.ifUnknown && op.ifUnknown !== 'unknown' ? `; assumed ${op.ifUnknown} when not given` : '; unknown when not given'}`,
  ],
  check: none,
};
