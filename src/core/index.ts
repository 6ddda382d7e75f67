// The pure core: validation, estimation, aggregation, evaluation. No I/O, no clock, no globals that change results.
export * from './types';
export { validateLineage } from './validate/lineage';
export { InputError, formatError } from './validate/errors';
export type { InputErrorItem } from './validate/errors';
export { validateRules } from './rules/validate';
export type { RuleSource } from './rules/validate';
export { buildReference, EMPTY_REFERENCE } from './estimate/reference';
export type { ReferenceTables, ReferenceDocuments, AcceleratorEntry, PriceEntry } from './estimate/reference';
export { estimateFlop, trainingFlop, forwardFlop, hardwareFlop } from './estimate/flop';
export { estimateCost } from './estimate/cost';
export { evaluate, summarize, Evaluator, readings } from './evaluate/engine';
export type { EvaluateOptions, Evaluation, SummaryRow } from './evaluate/engine';
export { ruleInForce } from './evaluate/in-force';
export { selectRules, findRule } from './rules/select';
export { assess, chooseRules, checkModels } from './assess';
export type { AssessOptions, Assessment, ChoiceNames, RuleChoice } from './assess';
export { buildReport, ruleMeta } from './report';
export type { Report, RuleMeta } from './report';
export * as exact from './exact/decimal';
export * as fmt from './format/numbers';
export { gate } from './evaluate/gate';
export type { FailOn, GateResult } from './evaluate/gate';
export {
  sweep,
  variants,
  parseVariants,
  buildVariants,
  expandValues,
  mergePatch,
  selectTargets,
  thresholdSites,
} from './research';
export type {
  SweepOptions,
  SweepResult,
  SweepPoint,
  SweepReadingRow,
  Variant,
  VariantsOptions,
  VariantsResult,
  VariantRow,
  VariantDifference,
  ThresholdSite,
  VerdictChange,
} from './research';
