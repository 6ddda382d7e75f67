// generatesAny: the model generates at least one of the listed output modalities (unknown when not given).
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { none, sayPrecondition } from './shared';
import type { CompileEnv, ModelTest } from '../compile';
import { factColumn } from '../columns';
import type { Operand, Operator } from './types';

/** The per-model closure (also the fact its column holds). */
function compileGeneratesAny(op: Operand<'generatesAny'>, env: CompileEnv): ModelTest {
  const models = env.store.ix.models;
  // A handful of modalities: compared one by one (no hashing of each model's strings).
  const want: readonly string[] = op.modalities;
  return (i) => {
    const gen = models[i].generates;
    if (gen === undefined) return UNKNOWN;
    for (let k = 0; k < gen.length; k++) {
      const g = gen[k];
      for (let j = 0; j < want.length; j++) if (g === want[j]) return TRUE;
    }
    return FALSE;
  };
}

export const generatesAny: Operator<'generatesAny'> = {
  key: 'generatesAny',
  summary: 'The model generates at least one of the listed output modalities; unknown when generates is not given.',
  subjects: ['model'],
  messages: { precondition: 'the modalities as given' },
  children: none,
  evaluate: (op, c, f) => {
    if (f.subject.kind !== 'model') return UNKNOWN;
    const gen = f.store.ix.models[f.subject.i].generates;
    const want = op.modalities;
    const tri: Tri = gen === undefined ? UNKNOWN : gen.some((g) => want.includes(g)) ? TRUE : FALSE;
    if (f.trace)
      sayPrecondition(f, c.label ?? `generates ${want.join(' or ')}`, tri, {
        kind: 'generates',
        generates: gen ?? null,
      });
    return tri;
  },
  compile: (op, env) => compileGeneratesAny(op, env),
  columns: (op, env) => factColumn(env, `generatesAny|${JSON.stringify(op)}`, compileGeneratesAny(op, env)),
  readsOthers: () => false,
  describe: (op) => [`generates any of ${op.modalities.join(', ')}`],
  check: none,
};
