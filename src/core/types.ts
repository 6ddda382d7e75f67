// Shared core types: generated input types re-exported, plus the finding shapes the engine produces.
export type { LineageDocument, Model, Organization, ComputeRecord, BaseModelRef } from '../generated/lineage';
export type { Rule, MeasureSpec, Condition, Threshold, Citation, Interpretation } from '../generated/rule';

import type { PriceSensitivity } from './evaluate/price';

export type Quantity = 'flop' | 'costUsd' | 'revenueUsd';

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

export interface MeasureOut {
  /** Measure name in the rule. */
  id: string;
  description: string;
  /** flop and costUsd come from compute records; revenueUsd from an organization's revenue. */
  quantity: Quantity;
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
  /**
   * JSON formats without --full-breakdowns, when byDeveloper was cut to its largest contributors: the developers
   * left out, their models and what they contributed together.
   */
  byDeveloperRest?: { developers: number; models: number; amount: IntervalOut } | null;
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

/** A rebuttable presumption a finding rests on: the field was not given, and the criterion holds. */
export interface Presumption {
  /** The lineage field presumed (absent in the input). */
  field: 'foundationModel';
  /** What is presumed, e.g. "a general-purpose AI model". */
  concept: string;
  presumed: boolean;
  /** Where the criterion comes from. */
  source: string;
  /** How to rebut it, e.g. "declare foundationModel: false". */
  rebuttal: string;
  /** The comparisons of the criterion (e.g. training compute > 10^23 FLOP). */
  basis: MeasureOut[];
  /** The model's output modalities the criterion read. */
  generates: string[];
}

/** JSON-able data of a message: the numbers, ids and labels it is about (render/messages.ts words it). */
export type MessageData = { readonly [key: string]: unknown };

/** One step of a finding's explanation: a message id from the catalogue and its data, no prose. */
export interface Message {
  id: string;
  data: MessageData;
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
  /** The obligations of a captured finding with the dates they apply from and, for older models, a later deadline. */
  obligationDates: ObligationDate[];
  /** Rebuttable presumptions the verdict rests on (a field not given, presumed from a criterion); empty when none. */
  presumptions: Presumption[];
  /** True when the verdict rests on the model's designation under the rule (models[].designations). */
  designated: boolean;
  unverified: string[];
  /** Rules with a dollar test: the GPU price scales at which the verdict (and the own-only one) would change. */
  priceSensitivity?: PriceSensitivity;
}

export interface ObligationDate {
  text: string;
  section?: string;
  /** The date the obligation applies from, when the rule gives one. */
  appliesFrom?: string;
  /** When the model was released before a transitional date: the later deadline and its source. */
  complyBy?: string;
  complyBySection?: string;
  /** Whether the model's release date predates appliesFrom (null when either date is unknown). */
  releasedBefore: boolean | null;
}
