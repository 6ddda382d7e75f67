// The evaluation behind POST /api/v1/evaluate and POST /assess: the same steps, in the same order and with the same
// defaults, as `flopcheck check --format json` (validate, choose rules, evaluate, gate on "captured" for rules in
// force, buildReport, renderJson), so the API answers byte for byte what the CLI prints.
import { evaluate } from '../core/evaluate/engine';
import { gate } from '../core/evaluate/gate';
import { ruleInForce } from '../core/evaluate/in-force';
import type { ReferenceTables } from '../core/estimate/reference';
import { selectRules } from '../core/rules/select';
import type { LineageDocument, Rule } from '../core/types';
import { InputError, InputErrorItem } from '../core/validate/errors';
import { isCalendarDate, validateLineage } from '../core/validate/lineage';
import { buildReport, renderJson, Report } from '../render/report';
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
}

export interface Evaluated {
  doc: LineageDocument;
  report: Report;
  /** renderJson(report): the bytes `check --format json` prints. */
  json: string;
}

/** The rules as the CLI chooses them (chooseRules in cli/check.ts), plus any extra ids. */
export function pickRules(all: readonly Rule[], req: Pick<EvaluationRequest, 'asOf' | 'selectors' | 'extraRules'>): Rule[] {
  const chosen = req.selectors === undefined ? all.filter((r) => ruleInForce(r, req.asOf).inForce) : selectRules(all, req.selectors);
  const extra = new Set(req.extraRules ?? []);
  return all.filter((r) => chosen.includes(r) || extra.has(r.id));
}

/** Validates a parsed lineage document (any JSON value) and evaluates it; throws InputError/HttpError for bad input. */
export function evaluateLineage(raw: unknown, req: EvaluationRequest, env: EvaluationEnv): Evaluated {
  const v = validateLineage(raw, env.reference);
  if (!v.ok) throw new InputError(v.errors);
  const doc = v.doc;
  const rules = pickRules(env.rules, req);
  for (const m of req.models ?? []) {
    if (!doc.models.some((x) => x.id === m)) throw new HttpError(400, [{ path: 'query.model', message: `no model "${m}" in the lineage` }]);
  }
  const ev = evaluate(doc, env.rules, { asOf: req.asOf, reference: env.reference, select: rules.map((r) => r.id), models: req.models });
  const report = buildReport(doc, rules, ev, gate(ev.findings, 'captured', false), false);
  return { doc, report, json: renderJson(report) };
}

const QUERY = ['rules', 'asOf', 'model'];

/**
 * The query of POST /api/v1/evaluate: `rules`, `asOf` (default today), `model` (comma-separated ids). Unknown
 * parameters are errors (a misspelt `asof` must not silently mean today). Every problem is reported at once.
 */
export function readEvaluateQuery(query: Record<string, unknown>, today: string, all: readonly Rule[]): EvaluationRequest {
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
    if (!QUERY.includes(k)) errors.push({ path: `query.${k.slice(0, 100)}`, message: `is not a known parameter (known: ${QUERY.join(', ')})` });
  }
  const asOf = str('asOf') ?? today;
  if (!isCalendarDate(asOf)) errors.push({ path: 'query.asOf', message: `"${asOf.slice(0, 40)}" is not a date YYYY-MM-DD` });
  const selectors = str('rules');
  if (selectors !== undefined) {
    try {
      selectRules(all, selectors);
    } catch (e) {
      errors.push({ path: 'query.rules', message: (e as Error).message.replace(/^--rules: /, '') });
    }
  }
  const model = str('model');
  const models = model?.split(',').map((s) => s.trim()).filter(Boolean);
  if (errors.length > 0) throw new HttpError(400, errors);
  return { asOf, selectors, ...(models && models.length > 0 ? { models } : {}) };
}
