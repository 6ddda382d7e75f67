// The evaluation behind POST /api/v1/evaluate and POST /assess: the core's assess(), as `flopcheck check --format
// json` calls it (same rule choice, gate on "captured" for rules in force), then renderJson without indentation, so
// the API answers the JSON value the CLI prints (pretty-printed there, for people). Choice errors are named by the query parameters (query.rules, query.model).
import { assess, ChoiceNames } from '../core/assess';
import { parsePriceScale, type PriceScale } from '../core/estimate/price-scale';
import type { ReferenceTables } from '../core/estimate/reference';
import type { Report } from '../core/report';
import { selectRules } from '../core/rules/select';
import type { LineageDocument, Rule } from '../core/types';
import { InputError, InputErrorItem } from '../core/validate/errors';
import { isCalendarDate } from '../core/validate/lineage';
import { COMPACT } from '../render/json-bytes';

/** Hands an answer's bytes back to their slab (render/json-bytes.ts), for the answer cache. */
export { releaseAnswer } from '../render/json-bytes';
import { FindingEncoder } from '../render/json-finding-bytes';
import { prettyJson, renderCompactJsonBytes, renderJson } from '../render/report';
import { HttpError } from './errors';

export interface EvaluationEnv {
  rules: readonly Rule[];
  reference: ReferenceTables;
}

export interface EvaluationRequest {
  asOf: string;
  /** Rule selectors as for `check --rules` (ids, packs, globs, comma-separated); default: rules in force on asOf. */
  selectors?: string;
  /** Rule ids evaluated besides the selection (the form adds the illustrative naive rule). */
  extraRules?: readonly string[];
  /** Only these models (and their developers) are reported; all when undefined. */
  models?: string[];
  /** A GPU price scenario (query priceScale, priceScaleDeclared). */
  priceScale?: PriceScale;
}

export interface Evaluated {
  doc: LineageDocument;
  report: Report;
  /** renderJson(report) without indentation: the value `check --format json` prints. */
  json: string;
}

const QUERY_NAMES: ChoiceNames = { rules: 'query.rules', model: 'query.model' };

/** Validates a parsed lineage document (any JSON value) and evaluates it; throws InputError for bad input. */
export function evaluateLineage(raw: unknown, req: EvaluationRequest, env: EvaluationEnv): Evaluated {
  const { doc, report } = assess(raw, env.rules, { ...req, reference: env.reference, names: QUERY_NAMES });
  return { doc, report, json: renderJson(report, {}, true) };
}

/** The answer of POST /api/v1/evaluate: evaluateLineage's `json` as UTF-8 bytes, made without the string. */
export function evaluateAnswer(raw: unknown, req: EvaluationRequest, env: EvaluationEnv): Buffer {
  const { report } = assess(raw, env.rules, { ...req, reference: env.reference, names: QUERY_NAMES });
  return renderCompactJsonBytes(report, {}, encoderFor(env.rules));
}

// One finding encoder per rule set (the app's lifetime): it remembers the bytes of the rules' own text (citations,
// measure descriptions, obligations, unverified facts), so each answer encodes only what is its own.
const encoders = new WeakMap<readonly Rule[], FindingEncoder>();
function encoderFor(rules: readonly Rule[]): FindingEncoder {
  let e = encoders.get(rules);
  if (!e) encoders.set(rules, (e = new FindingEncoder(COMPACT, 0)));
  return e;
}

const QUERY = ['rules', 'asOf', 'model', 'priceScale', 'priceScaleDeclared'];

/**
 * The query of POST /api/v1/evaluate: `rules`, `asOf` (default today), `model` (comma-separated ids). Unknown
 * parameters are errors (a misspelt `asof` must not silently mean today). Every problem is reported at once.
 */
export function readEvaluateQuery(
  query: Record<string, unknown>,
  today: string,
  all: readonly Rule[],
): EvaluationRequest {
  const errors: InputErrorItem[] = [];
  const str = (k: string): string | undefined => {
    const v = query[k];
    if (v === undefined) return undefined;
    const list = Array.isArray(v) ? v : [v];
    if (list.some((x) => typeof x !== 'string')) {
      errors.push({ path: `query.${k}`, message: 'must be a string' });
      return undefined;
    }
    if (list.length > 1 && k !== 'rules' && k !== 'model') {
      errors.push({ path: `query.${k}`, message: 'must be given once' });
      return undefined;
    }
    return list.join(',');
  };
  for (const k of Object.keys(query)) {
    if (!QUERY.includes(k))
      errors.push({
        path: `query.${k.slice(0, 100)}`,
        message: `is not a known parameter (known: ${QUERY.join(', ')})`,
      });
  }
  const asOf = str('asOf') ?? today;
  if (!isCalendarDate(asOf))
    errors.push({ path: 'query.asOf', message: `"${asOf.slice(0, 40)}" is not a date YYYY-MM-DD` });
  const selectors = str('rules');
  if (selectors !== undefined) {
    try {
      selectRules(all, selectors, QUERY_NAMES.rules);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      errors.push(...e.errors);
    }
  }
  const model = str('model');
  const models = model
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const priceScale = readPriceScale(str('priceScale'), str('priceScaleDeclared'), errors);
  if (errors.length > 0) throw new HttpError(400, errors);
  return {
    asOf,
    selectors,
    ...(models && models.length > 0 ? { models } : {}),
    ...(priceScale ? { priceScale } : {}),
  };
}

/** `priceScale` (a positive decimal) and `priceScaleDeclared` (true or false); problems go to `errors`. */
export function readPriceScale(
  scale: string | undefined,
  declared: string | undefined,
  errors: InputErrorItem[],
): PriceScale | undefined {
  if (declared !== undefined && declared !== 'true' && declared !== 'false')
    errors.push({ path: 'query.priceScaleDeclared', message: `"${declared.slice(0, 40)}" is not true or false` });
  if (scale === undefined && declared !== 'true') return undefined;
  try {
    return parsePriceScale(scale ?? '1', 'query.priceScale', declared === 'true');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    errors.push(...e.errors.map((x) => ({ ...x, message: x.message.slice(0, 200) })));
    return undefined;
  }
}

/** A JSON report as saved (compact) pretty-printed for its download, as `check --format json` prints it. */
export function prettyReport(json: string): string {
  return prettyJson(json);
}
