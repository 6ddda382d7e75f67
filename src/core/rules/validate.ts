// Rule validation: rule.schema.json, then cross-checks (measures named in conditions exist, fractions parse,
// referenced rules exist and judge models, interpretation ids are unique, no rule refers to itself).
import ruleSchema from '../../../schemas/rule.schema.json';
import { parseDec, parseFrac } from '../exact/decimal';
import type { Condition, Rule } from '../types';
import { InputErrorItem, join } from '../validate/errors';
import { schemaErrors } from '../validate/schema';

export interface RuleSource {
  /** Where the rule came from (file path), used in error paths. */
  origin: string;
  /** Id implied by the location (path under rules/ without .json), checked against the rule's id. */
  expectedId?: string;
  doc: unknown;
}

function walkConditions(c: Condition | undefined, path: string, visit: (c: Condition, path: string) => void) {
  if (!c) return;
  visit(c, path);
  c.all?.forEach((x, i) => walkConditions(x, `${path}.all[${i}]`, visit));
  c.any?.forEach((x, i) => walkConditions(x, `${path}.any[${i}]`, visit));
  if (c.not) walkConditions(c.not, `${path}.not`, visit);
  if (c.presumed) walkConditions(c.presumed.criterion, `${path}.presumed.criterion`, visit);
  if (c.presumed?.excludes) walkConditions(c.presumed.excludes, `${path}.presumed.excludes`, visit);
  c.compare?.threshold.fallbacks?.forEach((fb, i) => walkConditions(fb.when, `${path}.compare.threshold.fallbacks[${i}].when`, visit));
}

function conditionErrors(rule: Rule, byId: Map<string, Rule>, origin: string): InputErrorItem[] {
  const out: InputErrorItem[] = [];
  const at = (p: string) => `${origin}: ${p}`;
  const check = (c: Condition, path: string, measures: Record<string, unknown>) => {
    const ops = ['all', 'any', 'not', 'compare', 'modelField', 'presumed', 'generatesAny', 'hasBase', 'baseFinding', 'modelFinding', 'revenue', 'developedModels', 'organizationField', 'dateField', 'marketsAny', 'trainedWithin'].filter((k) => (c as Record<string, unknown>)[k] !== undefined);
    if (ops.length !== 1) out.push({ path: at(path), message: `a condition needs exactly one operator (found ${ops.join(', ') || 'none'})` });
    if (c.compare) {
      const t = c.compare.threshold;
      if (!(c.compare.measure in measures)) out.push({ path: at(`${path}.compare.measure`), message: `no measure named "${c.compare.measure}"` });
      if (rule.subject !== 'model') out.push({ path: at(`${path}.compare`), message: 'organization rules compare model measures through developedModels' });
      if ((t.value === undefined) === (t.of === undefined)) out.push({ path: at(`${path}.compare.threshold`), message: 'give exactly one of value or of' });
      if (t.of !== undefined && !(t.of in measures)) out.push({ path: at(`${path}.compare.threshold.of`), message: `no measure named "${t.of}"` });
      if (t.fraction !== undefined && !parseFrac(t.fraction)) out.push({ path: at(`${path}.compare.threshold.fraction`), message: 'not a positive fraction' });
      if (t.fallbacks && t.of === undefined) out.push({ path: at(`${path}.compare.threshold.fallbacks`), message: 'fallbacks only apply to a threshold relative to another measure' });
      if (t.inflation && !parseDec(t.inflation.roundTo)) out.push({ path: at(`${path}.compare.threshold.inflation.roundTo`), message: 'not a decimal' });
    }
    const refRule = c.baseFinding?.rule ?? c.modelFinding?.rule ?? c.developedModels?.rule;
    if (refRule !== undefined) {
      const target = byId.get(refRule);
      const key = c.baseFinding ? 'baseFinding' : c.modelFinding ? 'modelFinding' : 'developedModels';
      if (!target) out.push({ path: at(`${path}.${key}.rule`), message: `no rule with id "${refRule}"` });
      else if (target.subject !== 'model') out.push({ path: at(`${path}.${key}.rule`), message: `"${refRule}" judges organizations; only model rules can be referenced` });
      const interp = c.baseFinding?.interpretation ?? c.modelFinding?.interpretation ?? c.developedModels?.interpretation;
      if (target && interp !== undefined && !(target.interpretations ?? []).some((i) => i.id === interp)) out.push({ path: at(`${path}.${key}.interpretation`), message: `"${refRule}" has no interpretation "${interp}"` });
    }
    if (c.presumed && rule.subject !== 'model') out.push({ path: at(`${path}.presumed`), message: 'a presumption is about a model; organization rules cannot use it' });
    if (c.developedModels) {
      for (const k of ['each', 'sum'] as const) {
        const m = c.developedModels[k]?.measure;
        if (m !== undefined && !(m in measures)) out.push({ path: at(`${path}.developedModels.${k}.measure`), message: `no measure named "${m}"` });
      }
    }
  };
  const base = rule.measures ?? {};
  walkConditions(rule.applicability, 'applicability', (c, p) => check(c, p, base));
  walkConditions(rule.condition, 'condition', (c, p) => check(c, p, base));
  (rule.interpretations ?? []).forEach((interp, i) => {
    const ms = { ...base, ...(interp.measures ?? {}) };
    if (interp.condition) walkConditions(interp.condition, `interpretations[${i}].condition`, (c, p) => check(c, p, ms));
  });
  const ids = new Set<string>();
  (rule.interpretations ?? []).forEach((interp, i) => {
    if (ids.has(interp.id)) out.push({ path: at(`interpretations[${i}].id`), message: `duplicate interpretation "${interp.id}"` });
    ids.add(interp.id);
  });
  return out;
}

/**
 * A rule must not be judged through itself for the same model: modelFinding references may not loop.
 * (baseFinding references reach ancestors only, and lineages are acyclic, so they may refer back.)
 */
function referenceCycles(rules: Rule[]): InputErrorItem[] {
  const deps = new Map<string, string[]>();
  for (const r of rules) {
    const d: string[] = [];
    const visit = (c: Condition) => {
      if (c.modelFinding) d.push(c.modelFinding.rule);
    };
    walkConditions(r.applicability, '', visit);
    walkConditions(r.condition, '', visit);
    (r.interpretations ?? []).forEach((i) => walkConditions(i.condition, '', visit));
    deps.set(r.id, d);
  }
  const out: InputErrorItem[] = [];
  const state = new Map<string, number>();
  const dfs = (id: string, path: string[]) => {
    if (state.get(id) === 2) return;
    if (state.get(id) === 1) {
      out.push({ path: id, message: `rules refer to each other in a loop: ${[...path.slice(path.indexOf(id)), id].join(' → ')}` });
      return;
    }
    state.set(id, 1);
    for (const d of deps.get(id) ?? []) dfs(d, [...path, id]);
    state.set(id, 2);
  };
  for (const r of rules) dfs(r.id, []);
  return out;
}

/** Validates a rule set. Returns the rules (sorted by id) or every problem found, with the file each came from. */
export function validateRules(sources: RuleSource[]): { ok: true; rules: Rule[] } | { ok: false; errors: InputErrorItem[] } {
  const errors: InputErrorItem[] = [];
  const valid: { rule: Rule; origin: string }[] = [];
  for (const s of sources) {
    const errs = schemaErrors(ruleSchema, s.doc);
    if (errs.length > 0) {
      for (const e of errs) errors.push({ path: e.path === '' ? s.origin : `${s.origin}: ${e.path}`, message: e.message });
      continue;
    }
    const rule = s.doc as Rule;
    if (s.expectedId !== undefined && rule.id !== s.expectedId) errors.push({ path: `${s.origin}: id`, message: `is "${rule.id}" but the file path says "${s.expectedId}"` });
    valid.push({ rule, origin: s.origin });
  }
  const byId = new Map<string, Rule>();
  for (const { rule, origin } of valid) {
    if (byId.has(rule.id)) errors.push({ path: `${origin}: id`, message: `duplicate rule id "${rule.id}"` });
    byId.set(rule.id, rule);
  }
  for (const { rule, origin } of valid) errors.push(...conditionErrors(rule, byId, origin));
  errors.push(...referenceCycles(valid.map((v) => v.rule)));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rules: valid.map((v) => v.rule).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

export { join };
