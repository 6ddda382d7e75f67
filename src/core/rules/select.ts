// Rule selection for --rules: exact ids, packs (the folder part of an id) and globs with * and ?.
import type { Rule } from '../types';

export class RuleSelectionError extends Error {}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Rules matched by comma-separated selectors; every selector must match something. */
export function selectRules(rules: readonly Rule[], selectors: string): Rule[] {
  const parts = selectors.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new RuleSelectionError('--rules: no rule named');
  const chosen = new Set<string>();
  for (const sel of parts) {
    const re = /[*?]/.test(sel) ? globToRegExp(sel) : null;
    const hits = rules.filter((r) => (re ? re.test(r.id) : r.id === sel || r.id.startsWith(`${sel.replace(/\/$/, '')}/`)));
    if (hits.length === 0) {
      throw new RuleSelectionError(`--rules: "${sel}" matches no rule (known: ${rules.map((r) => r.id).join(', ')})`);
    }
    for (const h of hits) chosen.add(h.id);
  }
  return rules.filter((r) => chosen.has(r.id));
}
