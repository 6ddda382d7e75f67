// Test helpers: the built-in rules and reference tables, loaded the way the CLI loads them.
import { loadBuiltinRules, loadReference } from '../../src/io/load';
import { evaluate } from '../../src/core/evaluate/engine';
import type { Finding } from '../../src/core/types';
import { validateLineage } from '../../src/core/validate/lineage';

export const rules = () => loadBuiltinRules();
export const reference = () => loadReference();

/** Validates (failing loudly) and evaluates a lineage against all built-in rules, reporting `select`. */
export function run(doc: unknown, asOf: string, select?: string[], models?: string[]): Finding[] {
  const v = validateLineage(doc, reference());
  if (!v.ok) throw new Error(`fixture lineage invalid:\n${v.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  return evaluate(v.doc, rules(), { asOf, reference: reference(), select, models }).findings;
}
