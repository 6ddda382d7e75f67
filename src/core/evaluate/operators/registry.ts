// The registry of condition operators and the dispatchers every walk over a condition tree goes through:
// traced evaluation, compilation, the own-only analysis, plain-language description and rule-load checks.
import type { Condition } from '../../types';
import type { InputErrorItem } from '../../validate/errors';
import type { ColumnEnv, ColumnTest, CompileEnv, ModelTest } from '../compile';
import { perModel } from '../columns';
import type { Frame } from '../conditions';
import type { Tri } from '../tri';
import type { CheckContext, DescribeContext, Operand, Operator, OperatorKey, RestrictContext } from './types';
import { all } from './all';
import { any } from './any';
import { baseFinding } from './base-finding';
import { compare } from './compare';
import { dateField } from './date-field';
import { developedModels } from './developed-models';
import { generatesAny } from './generates-any';
import { hasBase } from './has-base';
import { marketsAny } from './markets-any';
import { modelField } from './model-field';
import { modelFinding } from './model-finding';
import { not } from './not';
import { organizationField } from './organization-field';
import { presumed } from './presumed';
import { revenue } from './revenue';
import { trainedWithin } from './trained-within';

type Registry = { readonly [K in OperatorKey]: Operator<K> };

/** Every operator of the rule language, by key; the mapped type makes a missing one a compile error. */
export const OPERATORS: Registry = {
  all,
  any,
  not,
  compare,
  modelField,
  presumed,
  generatesAny,
  hasBase,
  baseFinding,
  modelFinding,
  revenue,
  developedModels,
  organizationField,
  dateField,
  marketsAny,
  trainedWithin,
};

export const OPERATOR_KEYS = Object.keys(OPERATORS) as OperatorKey[];

/** The operator keys present on a condition (a valid one has exactly one). */
export function operatorKeys(c: Condition): OperatorKey[] {
  const out: OperatorKey[] = [];
  for (const k in c)
    if (k !== 'label' && k in OPERATORS && (c as Record<string, unknown>)[k] !== undefined) out.push(k as OperatorKey);
  return out;
}

interface Bound {
  op: Operator<OperatorKey>;
  operand: Operand<OperatorKey>;
}

function bind(c: Condition): Bound {
  for (const k in c) {
    if (k === 'label') continue;
    const op = (OPERATORS as Record<string, Operator<OperatorKey>>)[k];
    const operand = (c as Record<string, unknown>)[k];
    if (op && operand !== undefined) return { op, operand: operand as Operand<OperatorKey> };
  }
  throw new Error('condition with no operator');
}

export function evalCondition(c: Condition, f: Frame): Tri {
  const b = bind(c);
  return b.op.evaluate(b.operand, c, f);
}

export function compileCondition(c: Condition, env: CompileEnv): ModelTest {
  const b = bind(c);
  if (b.op.compile === 'interpreter') return (i) => b.op.evaluate(b.operand, c, frameFor(env, i));
  return b.op.compile(b.operand, env);
}

/** A condition over a selection of models at once: the operator's `columns`, else its compiled closure per model. */
export function compileColumns(c: Condition, env: ColumnEnv): ColumnTest {
  const b = bind(c);
  if (b.op.columns) return b.op.columns(b.operand, env);
  return perModel(compileCondition(c, env));
}

/** An untraced frame for model i, for operators evaluated by the interpreter inside compiled code. */
export function frameFor(env: CompileEnv, i: number): Frame {
  return { ...env, subject: { kind: 'model', i }, trace: null };
}

export function readsOthers(c: Condition, ctx: RestrictContext): boolean {
  const b = bind(c);
  return b.op.readsOthers(b.operand, ctx);
}

/** Sub-conditions with their paths below `c` (segments after the operator key). */
export function childrenOf(
  c: Condition,
): { key: OperatorKey; segments: readonly (string | number)[]; condition: Condition }[] {
  return operatorKeys(c).flatMap((key) => {
    const op = OPERATORS[key] as Operator<OperatorKey>;
    return op.children((c as Record<string, unknown>)[key] as Operand<OperatorKey>).map((x) => ({ key, ...x }));
  });
}

/** The condition as indented plain-language lines ("- label: text"), sub-conditions indented below. */
export function describeCondition(c: Condition, measures: DescribeContext['measures'], indent = ''): string[] {
  const b = bind(c);
  const ctx: DescribeContext = { measures, sub: (x) => describeCondition(x, measures) };
  const [first, ...rest] = b.op.describe(b.operand, ctx);
  const label = c.label ? `${c.label}: ` : '';
  return [`${indent}- ${label}${first}`, ...rest.map((l) => `${indent}  ${l}`)];
}

/** Rule-load checks of a condition tree: one operator per condition, then each operator's own checks. */
export function checkCondition(
  c: Condition,
  path: string,
  ctx: Omit<CheckContext, 'at'> & { origin: string },
): InputErrorItem[] {
  const out: InputErrorItem[] = [];
  const keys = operatorKeys(c);
  if (keys.length !== 1)
    out.push({
      path: `${ctx.origin}: ${path}`,
      message: `a condition needs exactly one operator (found ${keys.join(', ') || 'none'})`,
    });
  for (const key of keys) {
    const op = OPERATORS[key] as Operator<OperatorKey>;
    const at = (sub?: string) => `${ctx.origin}: ${path}.${key}${sub ? `.${sub}` : ''}`;
    out.push(
      ...op.check((c as Record<string, unknown>)[key] as Operand<OperatorKey>, {
        rule: ctx.rule,
        measures: ctx.measures,
        byId: ctx.byId,
        at,
      }),
    );
  }
  for (const ch of childrenOf(c))
    out.push(
      ...checkCondition(
        ch.condition,
        `${path}.${ch.key}${ch.segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`,
        ctx,
      ),
    );
  return out;
}

/** Visits a condition and every sub-condition below it, depth first. */
export function forEachCondition(c: Condition | undefined, visit: (c: Condition) => void): void {
  if (!c) return;
  visit(c);
  for (const ch of childrenOf(c)) forEachCondition(ch.condition, visit);
}
