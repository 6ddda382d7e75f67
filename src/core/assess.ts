// The one orchestration of an assessment, shared by `flopcheck check` and the HTTP API: select rules → validate →
// evaluate → gate → report. Adapters only read input and render the report; both get the same findings, in the
// same order, with the same defaults.
import { evaluate, Evaluation } from './evaluate/engine';
import { FailOn, gate, GatePolicy, GateResult } from './evaluate/gate';
import { ruleInForce } from './evaluate/in-force';
import type { PriceScale } from './estimate/price-scale';
import type { ReferenceTables } from './estimate/reference';
import { buildReport, Report } from './report';
import { selectRules } from './rules/select';
import type { LineageDocument, Rule } from './types';
import { InputError } from './validate/errors';
import { validateLineage } from './validate/lineage';

/** How an adapter names the rule and model choices in error paths: its flags, or its query parameters. */
export interface ChoiceNames {
  rules: string;
  model: string;
}

/** Neutral names; each adapter passes its own (the CLI its flags, the API its query parameters). */
export const DEFAULT_NAMES: ChoiceNames = { rules: 'rules', model: 'model' };

export interface RuleChoice {
  asOf: string;
  /** Rule selectors as for `check --rules` (ids, packs, globs, comma-separated); default: every rule in force on asOf. */
  selectors?: string;
  /** Rule ids reported besides the selection (the web form adds the illustrative naive rule). */
  extraRules?: readonly string[];
}

/** The rules to report, in the order of `all`; a selector matching nothing is an InputError at `names.rules`. */
export function chooseRules(all: readonly Rule[], choice: RuleChoice, names: ChoiceNames = DEFAULT_NAMES): Rule[] {
  const chosen =
    choice.selectors === undefined
      ? all.filter((r) => ruleInForce(r, choice.asOf).inForce)
      : selectRules(all, choice.selectors, names.rules);
  const extra = new Set(choice.extraRules ?? []);
  return extra.size === 0 ? chosen : all.filter((r) => chosen.includes(r) || extra.has(r.id));
}

/** Every model asked for is in the lineage; else an InputError at `names.model`. */
/** Whitespace of any kind (a non-breaking space from a spreadsheet) as single spaces, trimmed. */
const spaces = (s: string) => s.replace(/\s+/gu, ' ').trim();

/**
 * The lineage's ids for the models asked for: exact, else equal once whitespace is normalised on both sides;
 * InputError naming the choice for a model not in the lineage.
 */
export function resolveModels(
  doc: LineageDocument,
  models: readonly string[] | undefined,
  names: ChoiceNames = DEFAULT_NAMES,
): string[] | undefined {
  return models?.map((m) => {
    if (doc.models.some((x) => x.id === m)) return m;
    const hit = doc.models.find((x) => spaces(x.id) === spaces(m));
    if (!hit) throw new InputError([{ path: names.model, message: `no model "${m}" in the lineage` }]);
    return hit.id;
  });
}

/** Throws InputError for a model not in the lineage (see resolveModels). */
export function checkModels(
  doc: LineageDocument,
  models: readonly string[] | undefined,
  names: ChoiceNames = DEFAULT_NAMES,
): void {
  resolveModels(doc, models, names);
}

export interface AssessOptions extends RuleChoice {
  reference: ReferenceTables;
  /** Only these models (and their developers) are reported; all when undefined. */
  models?: string[];
  /** Default "captured". */
  failOn?: FailOn;
  /** Leave out models released after the evaluation date (and models built on them). */
  excludeUnreleased?: boolean;
  /** Waivers and per-reading limits of the gate, or a function making them from the rules chosen. */
  policy?: GatePolicy | ((rules: Rule[]) => GatePolicy);
  /** Let findings of rules not in force trip the gate too (default false). */
  includeNotInForce?: boolean;
  /** Names of the rule and model choices in error paths (default: the command line's flags). */
  names?: ChoiceNames;
  /** A GPU price scenario: costs derived from accelerator-hours × price multiplied by k (estimate/price-scale.ts). */
  priceScale?: PriceScale;
}

export interface Assessment {
  doc: LineageDocument;
  /** The rules reported (selected plus extra), in id order. */
  rules: Rule[];
  evaluation: Evaluation;
  gate: GateResult;
  report: Report;
}

/**
 * Assesses a parsed lineage document (any JSON value) against `all` rules: InputError for an invalid document, a
 * selector that matches nothing or a model not in the lineage (in that order), else the report.
 */
export function assess(raw: unknown, all: readonly Rule[], o: AssessOptions): Assessment {
  const v = validateLineage(raw, o.reference);
  if (!v.ok) throw new InputError(v.errors);
  const doc = v.doc;
  const rules = chooseRules(all, o, o.names);
  const models = resolveModels(doc, o.models, o.names);
  const evaluation = evaluate(doc, all, {
    asOf: o.asOf,
    reference: o.reference,
    select: rules.map((r) => r.id),
    models,
    excludeUnreleased: o.excludeUnreleased,
    priceScale: o.priceScale,
  });
  const includeNotInForce = o.includeNotInForce ?? false;
  const policy = typeof o.policy === 'function' ? o.policy(rules) : o.policy;
  const g = gate(evaluation.findings, o.failOn ?? 'captured', includeNotInForce, policy);
  return { doc, rules, evaluation, gate: g, report: buildReport(doc, rules, evaluation, g, includeNotInForce) };
}
