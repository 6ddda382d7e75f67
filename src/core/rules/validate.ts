// Rule validation: rule.schema.json, then each condition operator's own checks (operators/: measures named exist,
// fractions parse, referenced rules exist and judge models), unique interpretation ids, no rule referring to itself.
import { rule as ruleValidator } from '../../generated/validators';
import { checkCondition, forEachCondition } from '../evaluate/operators/registry';
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

function conditionErrors(rule: Rule, byId: Map<string, Rule>, origin: string): InputErrorItem[] {
  const out: InputErrorItem[] = [];
  const ctx = (measures: Rule['measures']) => ({ rule, measures: measures ?? {}, byId, origin });
  const base = rule.measures ?? {};
  if (rule.applicability) out.push(...checkCondition(rule.applicability, 'applicability', ctx(base)));
  out.push(...checkCondition(rule.condition, 'condition', ctx(base)));
  (rule.interpretations ?? []).forEach((interp, i) => {
    const ms = { ...base, ...(interp.measures ?? {}) };
    if (interp.condition) out.push(...checkCondition(interp.condition, `interpretations[${i}].condition`, ctx(ms)));
  });
  const ids = new Set<string>();
  (rule.interpretations ?? []).forEach((interp, i) => {
    if (ids.has(interp.id)) out.push({ path: `${origin}: interpretations[${i}].id`, message: `duplicate interpretation "${interp.id}"` });
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
    forEachCondition(r.applicability, visit);
    forEachCondition(r.condition, visit);
    (r.interpretations ?? []).forEach((i) => forEachCondition(i.condition, visit));
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
    const errs = schemaErrors(ruleValidator, s.doc);
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
