// `flopcheck variants`: rule variants (base rule + JSON merge patch) evaluated next to the rules they patch.
import type { Command } from 'commander';
import type { Variant, VariantsResult } from '../core/research/variants';
import { checkAsOf, loadLineage } from './check';
import { releasedBy } from '../core/graph/released';
import { UsageError } from './errors';
import { parseDocument, readText } from '../io/document';
import { loadReference } from '../io/load';
import { loadRuleSet, ruleSetOptions } from './rule-set';
import { checkFormat, emit, progress, renamePaths } from './research-io';

export interface VariantsCliOptions {
  variants?: string;
  asOf?: string;
  excludeUnreleased?: boolean;
  format: string;
  out?: string;
  ruleFile?: string[];
  rulesDir?: string[];
}

/* eslint-disable @typescript-eslint/no-require-imports -- the research engine and renderers load only for this command */
const research = () => require('../core/research') as typeof import('../core/research');
const render = () => require('../render/variants') as typeof import('../render/variants');
/* eslint-enable @typescript-eslint/no-require-imports */

export function runVariants(file: string, o: VariantsCliOptions, write: (s: string) => void): number {
  const R = render();
  checkFormat(o.format, R.VARIANTS_FORMATS);
  if (!o.variants)
    throw new UsageError('--variants: name the variants file, e.g. --variants examples/research/variants.json');
  const asOf = checkAsOf(o.asOf);
  const r = research();
  const name = o.variants;
  const inFile = (p: string) => (p === '' ? p : `${name}: ${p}`);
  const rules = loadRuleSet(o).all;
  let list: Variant[];
  try {
    list = r.parseVariants(parseDocument(readText(name), name));
    r.buildVariants(rules, list); // reported before a large lineage is read
  } catch (e) {
    renamePaths(e, inFile);
  }
  const read = loadLineage(file);
  // A corpus as it stood on the date, when asked: models released later (and models built on them) left out.
  const doc = o.excludeUnreleased ? releasedBy(read, asOf).doc : read;
  const bar = progress('variants: rules evaluated');
  let result: VariantsResult;
  try {
    result = r.variants(doc, rules, { asOf, reference: loadReference(), variants: list!, onProgress: bar });
  } catch (e) {
    renamePaths(e, inFile);
  } finally {
    bar.end();
  }
  const renderers: Record<string, (x: VariantsResult) => string> = {
    text: R.renderVariantsText,
    json: R.renderVariantsJson,
    csv: R.renderVariantsCsv,
    svg: R.renderVariantsSvg,
    markdown: R.renderVariantsMarkdown,
  };
  emit(renderers[o.format](result!), o.format, () => R.renderVariantsText(result!), o.out, write);
  return 0;
}

/** Registers `variants` on the program (one line in main.ts). */
export function registerVariantsCommand(
  program: Command,
  write: (s: string) => void,
  setCode: (c: number) => void,
): void {
  const cmd = program
    .command('variants')
    .description(
      'evaluate rule variants (a base rule with a JSON merge patch) next to the rules they patch: counts and which models differ',
    )
    .argument('<lineage>', 'lineage document (JSON or YAML), or - for standard input')
    .option(
      '--variants <file.json>',
      '{ "variants": [ { "id", "title", "base", "patch" } ] }; see examples/research/variants.json',
    )
    .option('--as-of <date>', 'evaluation date YYYY-MM-DD (default: today)')
    .option('--exclude-unreleased', 'leave out models released after the evaluation date, and models built on them')
    .option('--format <format>', 'text, json, csv, svg or markdown', 'text')
    .option('--out <file>', 'write to a file; with a format other than text, print the text table too');
  ruleSetOptions(cmd).action((file: string, o: VariantsCliOptions) => setCode(runVariants(file, o, write)));
}
