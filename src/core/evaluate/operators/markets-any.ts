// marketsAny: the model is developed, deployed or operating in one of the listed places (models[].markets); a
// country and its subdivisions match each other. Unknown when markets are not given, unless the rule assumes.
import type { Condition } from '../../types';
import { matchingMarkets } from '../markets';
import type { Frame } from '../conditions';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { assumes, none, sayPrecondition, unknownTri } from './shared';
import type { CompileEnv, ModelTest } from '../compile';
import { factColumn } from '../columns';
import type { Operand, Operator } from './types';

function evaluate(op: Operand<'marketsAny'>, c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const listed = f.store.ix.models[f.subject.i].markets;
  const want = op.markets;
  const label = c.label ?? `developed, deployed or operating in ${want.join(' or ')}`;
  if (listed === undefined) {
    const tri = unknownTri(op.ifUnknown);
    const assumed = assumes(op.ifUnknown);
    if (f.trace) sayPrecondition(f, label, tri, { kind: 'markets', markets: null }, assumed);
    return tri;
  }
  const hits = matchingMarkets(listed, want);
  const tri = hits.length > 0 ? TRUE : FALSE;
  if (f.trace) sayPrecondition(f, label, tri, { kind: 'markets', markets: listed });
  return tri;
}

/** The per-model closure (also the fact its column holds). */
function compileMarketsAny(op: Operand<'marketsAny'>, env: CompileEnv): ModelTest {
  const models = env.store.ix.models;
  const unknown = unknownTri(op.ifUnknown);
  return (i) => {
    const listed = models[i].markets;
    if (listed === undefined) return unknown;
    return matchingMarkets(listed, op.markets).length > 0 ? TRUE : FALSE;
  };
}

export const marketsAny: Operator<'marketsAny'> = {
  key: 'marketsAny',
  summary:
    'The model is developed, deployed or operating in one of the listed places (models[].markets; a country and its subdivisions match each other); unknown when not given unless the rule assumes.',
  subjects: ['model'],
  messages: {
    precondition: 'the markets as given',
    'precondition.assumed': 'markets not given; the rule assumed a value',
  },
  children: none,
  evaluate,
  compile: (op, env) => compileMarketsAny(op, env),
  columns: (op, env) => factColumn(env, `marketsAny|${JSON.stringify(op)}`, compileMarketsAny(op, env)),
  readsOthers: () => false,
  describe: (op) => [`developed, deployed or operating in ${op.markets.join(' or ')} (models[].markets)`],
  check: none,
};
