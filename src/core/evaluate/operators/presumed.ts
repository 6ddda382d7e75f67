// presumed: a rebuttable presumption about the model. A declared field decides; when it is absent, the criterion
// does (on the model's full compute: it is a fact about the model, so the own-only counterfactual does not change
// it), and a finding that rests on it lists the presumption and how to rebut it.
import { flop as fmtFlop, intervalText } from '../../format/numbers';
import type { Condition } from '../../types';
import type { Frame, Trace } from '../conditions';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { compileCondition, evalCondition } from './registry';
import { say } from './shared';
import type { Operand, Operator } from './types';

/**
 * A rebuttable presumption: the declared field decides; when it is absent the criterion does, evaluated on the
 * model's full compute (it is a fact about the model, so the own-only counterfactual does not change it).
 */
function evaluate(p: Operand<'presumed'>, c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const m = f.store.ix.models[f.subject.i];
  const declared = m[p.field];
  const label = c.label ?? p.concept;
  if (declared !== undefined) {
    if (f.trace) say(f, declared ? 'presumption.declared' : 'presumption.rebutted', declared
      ? `${label}: yes (declared: ${p.field} is true).`
      : `${label}: no (declared: ${p.field} is false, which rebuts the presumption).`);
    return declared ? TRUE : FALSE;
  }
  const sub: Trace | null = f.trace ? { measures: [], messages: [] } : null;
  const full = { ...f, restrict: false, trace: sub };
  const met = evalCondition(p.criterion, full);
  const excluded = met === FALSE && p.excludes !== undefined && evalCondition(p.excludes, { ...full, trace: null }) === TRUE;
  const tri: Tri = met !== FALSE ? met : excluded ? FALSE : UNKNOWN;
  if (!f.trace || !sub) return tri;
  const facts = [
    m.generates ? `generates ${m.generates.join(', ') || 'nothing listed'}` : 'generates not given',
    ...sub.measures.map((x) => {
      const thr = x.threshold ? fmtFlop(x.threshold.value) : 'an unknown threshold';
      return `training compute ${intervalText(x.observed, x.quantity)} ${x.result === 'met' ? x.comparator : x.result === 'not-met' ? 'not ' + x.comparator : 'maybe ' + x.comparator} ${thr}`;
    }),
  ].join('; ');
  if (tri === TRUE) {
    const text = `${label}: presumed ${p.concept} (${p.field} not stated): ${facts}, which meets ${p.source}. Declare ${p.field}: false to rebut.`;
    say(f, 'presumption.applied', text);
    (f.trace.presumptions ??= []).push({
      field: p.field,
      concept: p.concept,
      presumed: true,
      source: p.source,
      rebuttal: `declare ${p.field}: false`,
      basis: sub.measures,
      generates: m.generates ?? [],
      text,
    });
  } else if (tri === FALSE) {
    say(f, 'presumption.excluded', `${label}: no (${p.field} not stated): ${facts}, which does not meet ${p.source} and is outside the concept. Declare ${p.field}: true if it is one.`);
  } else if (met === FALSE) {
    say(f, 'presumption.not-met', `${label}: unknown, not presumed (${p.field} not stated): ${facts}, which does not meet ${p.source}. Declare ${p.field} to decide it.`);
  } else {
    say(f, 'presumption.unknown', `${label}: unknown (${p.field} not stated): ${facts}; whether it meets ${p.source} cannot be decided. Declare ${p.field} to decide it.`);
  }
  return tri;
}

export const presumed: Operator<'presumed'> = {
  key: 'presumed',
  summary: 'A rebuttable presumption: the declared field decides; absent, the criterion presumes it (recorded in the finding with how to rebut it), excludes rules it out, and otherwise it stays unknown.',
  subjects: ['model'],
  messages: {
    'presumption.declared': 'the field is declared true',
    'presumption.rebutted': 'the field is declared false, which rebuts the presumption',
    'presumption.applied': 'the field is not stated and the criterion holds: presumed',
    'presumption.excluded': 'the field is not stated, the criterion fails and the exclusion holds',
    'presumption.not-met': 'the field is not stated and the criterion fails: not presumed, unknown',
    'presumption.unknown': 'the field is not stated and the criterion cannot be decided',
  },
  children: (p) => [
    { segments: ['criterion'], condition: p.criterion },
    ...(p.excludes ? [{ segments: ['excludes'], condition: p.excludes }] : []),
  ],
  evaluate,
  compile: (p, env) => {
    // The criterion is a fact about the model: decided on its full compute, even for the own-only counterfactual.
    const full = env.restrict ? { ...env, restrict: false } : env;
    const crit = compileCondition(p.criterion, full);
    const excl = p.excludes ? compileCondition(p.excludes, full) : null;
    const models = env.store.ix.models;
    return (i) => {
      const v = models[i][p.field];
      if (v !== undefined) return v ? TRUE : FALSE;
      const t = crit(i);
      if (t !== FALSE) return t;
      return excl && excl(i) === TRUE ? FALSE : UNKNOWN;
    };
  },
  // Evaluated unrestricted: the counterfactual never changes it.
  readsOthers: () => false,
  describe: (p, ctx) => [
    `${p.concept}: ${p.field} as declared; when not given, presumed if (${p.source}):`,
    ...ctx.sub(p.criterion),
    ...(p.excludes ? ['when not presumed, taken not to be one if:', ...ctx.sub(p.excludes)] : ['when not presumed: unknown']),
  ],
  check: (_p, ctx) => (ctx.rule.subject !== 'model' ? [{ path: ctx.at(), message: 'a presumption is about a model; organization rules cannot use it' }] : []),
};
