// presumed: a rebuttable presumption about the model. A declared field decides; when it is absent, the criterion
// does (on the model's full compute: it is a fact about the model, so the own-only counterfactual does not change
// it), and a finding that rests on it lists the presumption and how to rebut it.
import type { Condition } from '../../types';
import type { Frame, Trace } from '../conditions';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { compileColumns, compileCondition, evalCondition } from './registry';
import type { ColumnEnv, ColumnTest } from '../compile';
import { cachedColumn } from '../columns';
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
    if (f.trace) say(f, declared ? 'presumption.declared' : 'presumption.rebutted', { label, field: p.field });
    return declared ? TRUE : FALSE;
  }
  const detail = f.trace?.detail;
  const sub: Trace | null = f.trace
    ? detail
      ? { measures: [], messages: [], detail }
      : { measures: [], messages: [] }
    : null;
  const full = { ...f, restrict: false, trace: sub };
  const met = evalCondition(p.criterion, full);
  const excluded =
    met === FALSE && p.excludes !== undefined && evalCondition(p.excludes, { ...full, trace: null }) === TRUE;
  const tri: Tri = met !== FALSE ? met : excluded ? FALSE : UNKNOWN;
  // A trace kept for its measures only records no presumption (the finding's own trace does).
  if (!f.trace || !sub || f.trace.detail !== undefined) return tri;
  const data = {
    label,
    concept: p.concept,
    field: p.field,
    source: p.source,
    generates: m.generates ?? null,
    compute: sub.measures.map((x) => ({
      quantity: x.quantity,
      observed: x.observed,
      comparator: x.comparator,
      threshold: x.threshold,
      result: x.result,
    })),
  };
  const id =
    tri === TRUE
      ? 'presumption.applied'
      : tri === FALSE
        ? 'presumption.excluded'
        : met === FALSE
          ? 'presumption.not-met'
          : 'presumption.unknown';
  say(f, id, data);
  if (tri === TRUE) {
    (f.trace.presumptions ??= []).push({
      field: p.field,
      concept: p.concept,
      presumed: true,
      source: p.source,
      rebuttal: `declare ${p.field}: false`,
      basis: sub.measures,
      generates: m.generates ?? [],
    });
  }
  return tri;
}

/** Over a selection: the declared field where given; the criterion (and exclusion) only for the rest. */
function columns(p: Operand<'presumed'>, env: ColumnEnv): ColumnTest {
  const full = env.restrict ? { ...env, restrict: false } : env;
  const crit = compileColumns(p.criterion, full);
  const excl = p.excludes ? compileColumns(p.excludes, full) : null;
  const models = env.store.ix.models;
  const scratch = env.scratch;
  // The field as declared: TRUE, FALSE, or UNKNOWN when not given.
  const declaredColumn = (): Uint8Array => {
    const col = new Uint8Array(models.length);
    for (let i = 0; i < col.length; i++) {
      const v = models[i][p.field];
      col[i] = v === undefined ? UNKNOWN : v ? TRUE : FALSE;
    }
    return col;
  };
  let declared: Uint8Array | undefined;
  return (sel, n, out) => {
    declared ??= cachedColumn(env, `declared|${p.field}`, declaredColumn);
    const open = scratch.sel();
    let m = 0;
    for (let q = 0; q < n; q++) {
      const i = sel[q];
      const d = declared[i];
      if (d === UNKNOWN) open[m++] = i;
      else out[i] = d;
    }
    if (m > 0) {
      crit(open, m, out);
      let k = 0;
      for (let q = 0; q < m; q++) {
        const i = open[q];
        if (out[i] === FALSE) {
          out[i] = UNKNOWN;
          open[k++] = i;
        }
      }
      if (excl && k > 0) {
        const tmp = scratch.tri();
        excl(open, k, tmp);
        for (let q = 0; q < k; q++) if (tmp[open[q]] === TRUE) out[open[q]] = FALSE;
        scratch.freeTri();
      }
    }
    scratch.freeSel();
  };
}

export const presumed: Operator<'presumed'> = {
  key: 'presumed',
  summary:
    'A rebuttable presumption: the declared field decides; absent, the criterion presumes it (recorded in the finding with how to rebut it), excludes rules it out, and otherwise it stays unknown.',
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
  columns,
  // Evaluated unrestricted: the counterfactual never changes it.
  readsOthers: () => false,
  describe: (p, ctx) => [
    `${p.concept}: ${p.field} as declared; when not given, presumed if (${p.source}):`,
    ...ctx.sub(p.criterion),
    ...(p.excludes
      ? ['when not presumed, taken not to be one if:', ...ctx.sub(p.excludes)]
      : ['when not presumed: unknown']),
  ],
  check: (_p, ctx) =>
    ctx.rule.subject !== 'model'
      ? [{ path: ctx.at(), message: 'a presumption is about a model; organization rules cannot use it' }]
      : [],
};
