// The shape of a condition operator: one module per operator key of the rule language (schemas/rule.schema.json
// $defs/condition), holding everything about it — messages, traced evaluation, fast compilation or its explicit
// fallback, whether it reads other developers' compute, its description and its rule-load check.
import type { Condition, MeasureSpec, Rule } from '../../types';
import type { InputErrorItem } from '../../validate/errors';
import type { ColumnEnv, ColumnTest, CompileEnv, ModelTest } from '../compile';
import type { Frame } from '../conditions';
import type { Tri } from '../tri';

export type OperatorKey = Exclude<keyof Condition, 'label'>;
export type Operand<K extends OperatorKey> = NonNullable<Condition[K]>;

/** A sub-condition, with where it sits under the operator's key (`["all", 0]`, `["threshold", "fallbacks", 1, "when"]`). */
export interface Child {
  segments: readonly (string | number)[];
  condition: Condition;
}

/** What a rule-load check sees: the rule, the measures in scope, every rule by id, and where the condition is. */
export interface CheckContext {
  rule: Rule;
  measures: Readonly<Record<string, MeasureSpec>>;
  byId: ReadonlyMap<string, Rule>;
  /** Error path of the operator's key, e.g. "rules/x.json: condition.all[1].compare". */
  at: (sub?: string) => string;
}

/** What `readsOthers` may ask: the measures in scope, a visit of sub-conditions, and a referenced rule's answer. */
export interface RestrictContext {
  measures: Readonly<Record<string, MeasureSpec>>;
  visit: (c: Condition) => boolean;
  /** Whether the own-only counterfactual can change the named rule's verdict (under the named or same reading). */
  ruleReadsOthers: (rule: string, interpretation: string | undefined) => boolean;
}

/** What `describe` may use: the measures in scope and the lines of a sub-condition one level deeper. */
export interface DescribeContext {
  measures: Readonly<Record<string, MeasureSpec>>;
  sub: (c: Condition) => string[];
}

export interface Operator<K extends OperatorKey> {
  key: K;
  /** One sentence for the rule-language documentation. */
  summary: string;
  /** The subjects it can judge; on the other it answers unknown. */
  subjects: readonly ('model' | 'organization')[];
  /** Message ids it adds to a trace, each with what it says. */
  messages: Readonly<Record<string, string>>;
  children: (op: Operand<K>) => Child[];
  /** Three-valued evaluation, with messages and measures when the frame keeps a trace. */
  evaluate: (op: Operand<K>, c: Condition, f: Frame) => Tri;
  /** A closure over model indices for verdict-only runs, or 'interpreter' where `evaluate` without a trace serves. */
  compile: ((op: Operand<K>, env: CompileEnv) => ModelTest) | 'interpreter';
  /**
   * Optional: the condition over a selection of models at once (summaries). Without it, `compile`'s closure runs
   * per model; operators that read other models' verdicts keep that.
   */
  columns?: (op: Operand<K>, env: ColumnEnv) => ColumnTest;
  /** Whether counting only the developer's own compute (the own-only counterfactual) can change its value. */
  readsOthers: (op: Operand<K>, ctx: RestrictContext) => boolean;
  /** Plain-language lines, first line without the bullet or label; sub-conditions come from `ctx.sub`. */
  describe: (op: Operand<K>, ctx: DescribeContext) => string[];
  /** Rule-load checks beyond the schema (measures exist, referenced rules exist and judge models, …). */
  check: (op: Operand<K>, ctx: CheckContext) => InputErrorItem[];
}
