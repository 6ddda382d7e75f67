// The one orchestration of an assessment, shared by `flopcheck check` and the HTTP API: select rules → validate →
// evaluate → gate → report. Adapters only read input and render the report; both get the same findings, in the
// same order, with the same defaults.
import { eachFinding, Evaluation, prepareEvaluation, warmMeasures } from './evaluate/engine';
import { FailOn, GatePolicy, GateResult, GateTally } from './evaluate/gate';
import { ruleInForce } from './evaluate/in-force';
import type { PriceScale } from './estimate/price-scale';
import type { ReferenceTables } from './estimate/reference';
import { Report, ReportFinding, ReportHead, reportGate, reportHead } from './report';
import { selectRules } from './rules/select';
import type { Finding, LineageDocument, Rule } from './types';
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
  /** `raw` already found valid by the adapter (validateLineage's result for this very document): not validated again. */
  validated?: { doc: LineageDocument; ids: ReadonlyMap<string, number> };
}

export interface Assessment {
  doc: LineageDocument;
  /** The rules reported (selected plus extra), in id order. */
  rules: Rule[];
  evaluation: Evaluation;
  gate: GateResult;
  report: Report;
}

/** The steps of an assessment an adapter may time (it owns the clock) and, after `validate`, their order. */
export type Phase = 'validate' | 'index' | 'measure' | 'evaluate';

export interface AssessHooks {
  /** Runs one step; an adapter wraps it to time it. Default: runs it. */
  phase?: <T>(name: Phase, run: () => T) => T;
  /**
   * Findings written as they are produced instead of kept: `head` comes first (before any finding), then every
   * finding with its waiver; the returned report's `findings` and the gate's `failing` are then empty.
   */
  stream?: { head(h: ReportHead): void; finding(f: ReportFinding): void };
}

const run = <T>(_name: Phase, f: () => T): T => f();

/**
 * Assesses a parsed lineage document (any JSON value) against `all` rules: InputError for an invalid document, a
 * selector that matches nothing or a model not in the lineage (in that order), else the report.
 */
export function assess(raw: unknown, all: readonly Rule[], o: AssessOptions, hooks: AssessHooks = {}): Assessment {
  const phase = hooks.phase ?? run;
  const known = o.validated;
  const v =
    known !== undefined && known.doc === raw
      ? { ok: true as const, doc: known.doc, ids: known.ids }
      : phase('validate', () => validateLineage(raw, o.reference));
  if (!v.ok) throw new InputError(v.errors);
  const doc = v.doc;
  const rules = chooseRules(all, o, o.names);
  const models = resolveModels(doc, o.models, o.names);
  const p = phase('index', () =>
    prepareEvaluation(doc, all, {
      asOf: o.asOf,
      reference: o.reference,
      select: rules.map((r) => r.id),
      models,
      excludeUnreleased: o.excludeUnreleased,
      priceScale: o.priceScale,
      ids: v.ids,
    }),
  );
  phase('measure', () => warmMeasures(p, 'exact'));
  const includeNotInForce = o.includeNotInForce ?? false;
  const policy = typeof o.policy === 'function' ? o.policy(rules) : o.policy;
  const stream = hooks.stream;
  const tally = new GateTally(o.failOn ?? 'captured', includeNotInForce, policy, !stream);
  const head = reportHead(doc, rules, o.asOf);
  stream?.head(head);
  const findings: ReportFinding[] = [];
  const kept: Finding[] = [];
  phase('evaluate', () =>
    eachFinding(p, (f) => {
      const waiver = tally.add(f);
      const out = waiver ? { ...f, waiver } : f;
      if (stream) stream.finding(out);
      else {
        kept.push(f);
        findings.push(out);
      }
    }),
  );
  const g = tally.result();
  const evaluation: Evaluation = { asOf: o.asOf, findings: kept, ...(p.excluded ? { excluded: p.excluded } : {}) };
  const report: Report = { ...head, findings, gate: reportGate(g, includeNotInForce, tally.failingCount) };
  return { doc, rules, evaluation, gate: g, report };
}
