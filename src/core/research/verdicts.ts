// Per-subject verdicts of one rule reading (models, or organizations for organization rules), and what changed.
import type { Evaluator } from '../evaluate/engine';
import { VERDICT_NAMES } from '../evaluate/tri';
import type { Rule, Verdict } from '../types';

export interface VerdictChange {
  /** Model id, or organization id for an organization rule. */
  id: string;
  from: Verdict;
  to: Verdict;
}

export interface SubjectVerdicts {
  ids: string[];
  codes: Int8Array;
}

/**
 * Verdict codes of every subject, in the engine's order (models in document order, organizations by id). For a
 * model rule call it after `summaryRow`, which fills the table parents-first; these are then cached lookups.
 */
export function subjectVerdicts(ev: Evaluator, rule: Rule, interp: string | undefined): SubjectVerdicts {
  if (rule.subject === 'model') {
    const n = ev.ix.models.length;
    const codes = new Int8Array(n);
    for (let i = 0; i < n; i++) codes[i] = ev.verdictOf(rule.id, interp, false, i);
    return { ids: ev.ix.models.map((m) => m.id), codes };
  }
  const orgs = ev.organizations();
  const codes = new Int8Array(orgs.length);
  orgs.forEach(
    (o, k) => (codes[k] = ev.judge(rule, interp, { kind: 'organization', id: o.id, models: o.models }, false, null)),
  );
  return { ids: orgs.map((o) => o.id), codes };
}

/** Subjects whose verdict differs between two tables of the same subjects, sorted by id. */
export function changesBetween(ids: readonly string[], before: Int8Array, after: Int8Array): VerdictChange[] {
  const out: VerdictChange[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (before[i] !== after[i]) out.push({ id: ids[i], from: VERDICT_NAMES[before[i]], to: VERDICT_NAMES[after[i]] });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
