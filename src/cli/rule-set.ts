// The rules a command works with: the built-in packs, plus the user's own rule files (--rule-file, --rules-dir) and
// rule variants (--variants), each validated like a built-in rule, with errors naming the file and the path in it.
import type { Command } from 'commander';
import type { Rule } from '../core/types';
import { loadBuiltinRules, loadUserRules } from '../io/load';
import { parseDocument, readText } from '../io/document';
import { renamePaths } from './research-io';

export interface RuleSetOptions {
  /** --rule-file, repeatable and comma-separated. */
  ruleFile?: string[];
  /** --rules-dir, repeatable and comma-separated. */
  rulesDir?: string[];
}

export interface RuleSet {
  /** Built-in rules and the user's, sorted by id (variants, when loaded, after them). */
  all: Rule[];
  /** Ids of the rules the user loaded: reported whatever their status, as a rule named with --rules is. */
  user: string[];
}

/** Commander accumulator: a flag given several times, or once with comma-separated values. */
function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/** Adds --rule-file and --rules-dir to a command. */
export function ruleSetOptions(cmd: Command): Command {
  return cmd
    .option(
      '--rule-file <file>',
      'a rule of your own in the built-in format (rules/<pack>/<rule>.json, schemas/rule.schema.json); repeatable',
      collect,
    )
    .option(
      '--rules-dir <dir>',
      'a folder of your own rules, one folder per pack and one file per rule (the path is the id); repeatable',
      collect,
    );
}

/** Built-in rules plus the user's; InputError (exit 2) naming the file and the path for a rule that is wrong. */
export function loadRuleSet(o: RuleSetOptions): RuleSet {
  const builtin = loadBuiltinRules();
  if (!o.ruleFile?.length && !o.rulesDir?.length) return { all: builtin, user: [] };
  const user = loadUserRules(builtin, { files: o.ruleFile, dirs: o.rulesDir });
  const all = [...builtin, ...user].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { all, user: user.map((r) => r.id) };
}

/** The rules a variants file describes, built on `rules`; errors are named "<file>: variants[1].patch…". */
export function loadVariantRules(
  rules: readonly Rule[],
  file: string,
): { variants: import('../core/research/variants').Variant[]; rules: Rule[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const r = require('../core/research/variants') as typeof import('../core/research/variants');
  try {
    const variants = r.parseVariants(parseDocument(readText(file), file));
    return { variants, rules: r.buildVariants(rules, variants) };
  } catch (e) {
    renamePaths(e, (p) => (p === '' ? file : `${file}: ${p}`));
  }
}
