// Verdict-only evaluation of a model rule: each condition tree (per reading and restriction) is compiled once into
// closures over model indices, by the operators' own `compile` (operators/), or by their traced evaluation without
// a trace where they declare the interpreter as their fallback. Comparisons are decided on the float tables when
// the gap exceeds their error bound, and exactly otherwise, so the verdicts are those of the interpreted conditions.
import type { ReferenceTables } from '../estimate/reference';
import type { MeasureSpec } from '../types';
import type { VerdictLookup } from './conditions';
import type { MeasureStore } from '../measure/store';
import type { Tri } from './tri';

export { compileCondition } from './operators/registry';

export type ModelTest = (i: number) => Tri;

export interface CompileEnv {
  store: MeasureStore;
  ref: ReferenceTables;
  asOf: string;
  measures: Readonly<Record<string, MeasureSpec>>;
  interpretation: string | undefined;
  restrict: boolean;
  verdictOf: VerdictLookup;
  /** `verdictOf` resolved once for a rule, reading and restriction. */
  verdictFn: (rule: string, interpretation: string | undefined, restrict: boolean) => (i: number) => number;
}
