// Shared core types: generated input types re-exported, plus the finding shapes the engine produces.
export type { LineageDocument, Model, Organization, ComputeRecord, BaseModelRef } from '../generated/lineage';
export type { Rule, MeasureSpec, Condition, Threshold, Citation, Interpretation } from '../generated/rule';

export type Verdict = 'captured' | 'not-captured' | 'uncertain' | 'not-applicable';
export const VERDICTS: readonly Verdict[] = ['captured', 'not-captured', 'uncertain', 'not-applicable'];

/** A number as both an exact decimal string and the nearest JSON number. */
export interface ExactNumber {
  exact: string;
  value: number;
}

export interface IntervalOut {
  low: ExactNumber;
  /** null when unbounded (some input is unknown). */
  high: ExactNumber | null;
  central: ExactNumber | null;
}

/** One ancestor's (or the model's own) share of a lineage measure. */
export interface Contribution {
  model: string;
  developer: string | null;
  own: boolean;
  amount: IntervalOut;
  methods: string[];
}

export interface MeasureOut {
  /** Measure name in the rule. */
  id: string;
  description: string;
  quantity: 'flop' | 'costUsd';
  unit: 'FLOP' | 'USD';
  scope: string;
  observed: IntervalOut;
  comparator: '>' | '>=';
  wording?: string;
  threshold: ExactNumber | null;
  /** How the threshold was obtained (absolute, a fraction of another measure, a fallback, inflation-adjusted). */
  thresholdBasis: string;
  result: 'met' | 'not-met' | 'unknown';
  /** Whether any number in the observed value is an estimate (not declared by the developer). */
  estimated: boolean;
  methods: string[];
  /** Models whose amount is unknown and that this measure needed. */
  missing: string[];
  /** Share counted from models of the subject's own developer. */
  ownShare: IntervalOut | null;
  /** True when models of other developers contributed (or may have contributed) to the observed value. */
  countsOthers: boolean;
  /** Per developer: what its models contributed to the observed value (null when the lineage is too large to list). */
  byDeveloper?: DeveloperContribution[] | null;
}

export interface DeveloperContribution {
  developer: string;
  /** Whether this is the subject model's own developer. */
  own: boolean;
  amount: IntervalOut;
  /** Number of models counted, and the first few ids. */
  models: number;
  sample: string[];
}

export interface Message {
  id: string;
  text: string;
}

export interface Finding {
  subject: 'model' | 'organization';
  model?: string;
  organization?: string;
  rule: string;
  interpretation?: string;
  verdict: Verdict;
  inForce: boolean;
  status: string;
  measures: MeasureOut[];
  ownOnly: { verdict: Verdict; measures: MeasureOut[] };
  wrongfulCapture: boolean;
  explanation: Message[];
  citation: { instrument: string; section: string; text: string; url: string; confidence?: string };
  obligations: string[];
  unverified: string[];
}
