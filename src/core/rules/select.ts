// Finding rules by what a user typed: --rules selectors (exact ids, packs = the folder part of an id, globs with *
// and ?) and single ids (rules show, sweep --rule). A miss is an InputError at the option's name.
import type { Rule } from '../types';
import { InputError } from '../validate/errors';

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Rules matched by comma-separated selectors, in the order of `rules`; every selector must match something. */
export function selectRules(rules: readonly Rule[], selectors: string, path = 'rules'): Rule[] {
  const parts = selectors.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new InputError([{ path, message: 'no rule named' }]);
  const chosen = new Set<string>();
  for (const sel of parts) {
    const re = /[*?]/.test(sel) ? globToRegExp(sel) : null;
    const hits = rules.filter((r) => (re ? re.test(r.id) : r.id === sel || r.id.startsWith(`${sel.replace(/\/$/, '')}/`)));
    if (hits.length === 0) {
      throw new InputError([{ path, message: `"${sel}" matches no rule (known: ${rules.map((r) => r.id).join(', ')})` }]);
    }
    for (const h of hits) chosen.add(h.id);
  }
  return rules.filter((r) => chosen.has(r.id));
}

/** The rule with that id, or an InputError at `path` naming the rules of the same pack. */
export function findRule(rules: readonly Rule[], id: string, path = 'rule'): Rule {
  const r = rules.find((x) => x.id === id);
  if (r) return r;
  const pack = id.split('/')[0];
  const near = rules.filter((x) => x.id.startsWith(`${pack}/`)).map((x) => x.id);
  throw new InputError([{ path, message: `no rule "${id}"${near.length ? ` (in that pack: ${near.join(', ')})` : ''}` }], path);
}
