// The frame a rule's condition tree is evaluated in for one subject (a model or an organization), in three-valued
// logic, recording measures and plain-language messages when a trace is requested. Each operator lives in its own
// module under operators/; this module holds what they share.
import type { ReferenceTables } from '../estimate/reference';
import type { MeasureOut, MeasureSpec, Message, Presumption } from '../types';
import type { MeasureStore } from '../measure/store';

export { evalCondition } from './operators/registry';

export interface Trace {
  measures: MeasureOut[];
  messages: Message[];
  /** Rebuttable presumptions the evaluation relied on (a field not given, and the criterion met). */
  presumptions?: Presumption[];
  /**
   * What is kept besides the measures (absent: everything). `measures`: no messages nor presumptions (the own-only
   * counterfactual keeps only its measures); `amounts`: nor how each amount was estimated and by whom, nor the own
   * share and the threshold's basis (price sensitivity reads only the amounts, comparators and thresholds).
   */
  detail?: 'measures' | 'amounts';
}

/** Looks up verdict codes of other rules (evaluated first by the engine). */
export interface VerdictLookup {
  (rule: string, interpretation: string | undefined, restrict: boolean, model: number): number;
}

export type Subject = { kind: 'model'; i: number } | { kind: 'organization'; id: string; models: readonly number[] };

export interface Frame {
  store: MeasureStore;
  ref: ReferenceTables;
  asOf: string;
  measures: Readonly<Record<string, MeasureSpec>>;
  interpretation: string | undefined;
  subject: Subject;
  restrict: boolean;
  verdictOf: VerdictLookup;
  /** `verdictOf` resolved once for a rule, reading and restriction (absent: looked up per model). */
  verdictFn?: (rule: string, interpretation: string | undefined, restrict: boolean) => (i: number) => number;
  trace: Trace | null;
}
