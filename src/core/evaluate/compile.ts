// Verdict-only evaluation of a model rule: each condition tree (per reading and restriction) is compiled once into
// closures over model indices, by the operators' own `compile` (operators/), or by their traced evaluation without
// a trace where they declare the interpreter as their fallback. Comparisons are decided on the float tables when
// the gap exceeds their error bound, and exactly otherwise, so the verdicts are those of the interpreted conditions.
import type { ReferenceTables } from '../estimate/reference';
import type { MeasureSpec } from '../types';
import type { VerdictLookup } from './conditions';
import type { MeasureStore } from '../measure/store';
import type { Tri } from './tri';
import type { ColumnStats, Scratch } from './columns';

export { compileCondition } from './operators/registry';

export type ModelTest = (i: number) => Tri;

/**
 * A condition over a selection of models at once (verdict-only tables): writes `out[i]` for each `i` of
 * `sel[0..n)` and nothing else. Selections are in topological order, so per-model fallbacks that read ancestors'
 * verdicts find them computed.
 */
export type ColumnTest = (sel: Int32Array, n: number, out: Uint8Array) => void;

/** A CompileEnv for column compilation: scratch buffers and fallback counts. */
export interface ColumnEnv extends CompileEnv {
  scratch: Scratch;
  stats: ColumnStats;
}

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
