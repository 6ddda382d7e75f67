// Research tools over corpora: threshold sweeps, rule variants (merge patches), threshold value lists. Pure.
export { sweep, chooseReadings, measureStore, warmRuleMeasures } from './sweep';
export { findRule } from '../rules/select';
export type { SweepOptions, SweepResult, SweepPoint, SweepReadingRow } from './sweep';
export { variants, parseVariants, buildVariants } from './variants';
export type { Variant, VariantsOptions, VariantsResult, VariantRow, VariantDifference } from './variants';
export { expandValues, canonicalDecimal, MAX_VALUES } from './values';
export { mergePatch, cloneJson } from './merge-patch';
export { selectTargets, thresholdSites, withThreshold, toPointer } from './targets';
export type { ThresholdSite, Selection } from './targets';
export type { VerdictChange } from './verdicts';
export { sweepDetail, variantsDetail, subjectInfo } from './detail';
export type { SweepDetail, VariantsDetail, DetailWanted, GroupCounts, SubjectInfo, SubjectVerdict } from './detail';
