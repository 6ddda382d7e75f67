// `flopcheck variants`: rule variants (base rule + JSON merge patch) evaluated next to the rules they patch.
import type { Command } from 'commander';
import type { Variant, VariantsResult } from '../core/research/variants';
import type { VariantsDetail } from '../core/research/detail';
import type { Breakdown } from '../core/evaluate/breakdown';
import type { Rule } from '../core/types';
import { checkAsOf } from './check';
import { releasedBy } from '../core/graph/released';
import { UsageError } from './errors';
import { parseDocument, readText } from '../io/document';
import { loadReference } from '../io/load';
import { loadRuleSet, ruleSetOptions } from './rule-set';
import {
  checkDetail,
  checkFormat,
  phaseTimer,
  progress,
  readLineageTimed,
  renamePaths,
  TIMINGS_HELP,
} from './research-io';
import { emitResearch, isOutDir } from './research-charts';

export interface VariantsCliOptions {
  variants?: string;
  asOf?: string;
  excludeUnreleased?: boolean;
  format: string;
  out?: string;
  ruleFile?: string[];
  rulesDir?: string[];
  by?: string;
  perModel?: boolean;
  changes?: boolean;
  hideUncertain?: boolean;
  /** --timings: one JSON line on stderr with the time of each phase in ms. */
  timings?: boolean;
}

/* eslint-disable @typescript-eslint/no-require-imports -- the research engine and renderers load only for this command */
const research = () => require('../core/research') as typeof import('../core/research');
const render = () => require('../render/variants') as typeof import('../render/variants');
const charts = () => require('../render/charts') as typeof import('../render/charts');
const renderDetail = () => require('../render/research-detail') as typeof import('../render/research-detail');
/* eslint-enable @typescript-eslint/no-require-imports */

export function runVariants(file: string, o: VariantsCliOptions, write: (s: string) => void): number | Promise<number> {
  const R = render();
  checkFormat(o.format, R.VARIANTS_FORMATS);
  checkDetail({ ...o, dir: isOutDir(o.out) });
  if (!o.variants)
    throw new UsageError('--variants: name the variants file, e.g. --variants examples/research/variants.json');
  const asOf = checkAsOf(o.asOf);
  const r = research();
  const name = o.variants;
  const inFile = (p: string) => (p === '' ? p : `${name}: ${p}`);
  const rules = loadRuleSet(o).all;
  let list: Variant[];
  let built: Rule[];
  try {
    list = r.parseVariants(parseDocument(readText(name), name));
    built = r.buildVariants(rules, list); // reported before a large lineage is read
  } catch (e) {
    renamePaths(e, inFile);
  }
  const { time, done } = phaseTimer(o.timings);
  const read = readLineageTimed(file, time);
  const reference = loadReference();
  // A corpus as it stood on the date, when asked: models released later (and models built on them) left out.
  const doc = time('index', () => (o.excludeUnreleased ? releasedBy(read, asOf).doc : read));
  const store = time('index', () => r.measureStore(doc, rules, asOf, reference));
  time('measure', () =>
    r.warmRuleMeasures(store, [...rules.filter((x) => list.some((v) => v.base === x.id)), ...built]),
  );
  const bar = progress('variants: rules evaluated');
  let result: VariantsResult;
  let detail: VariantsDetail | undefined;
  const opts = { asOf, reference, variants: list!, onProgress: bar, store };
  try {
    time('evaluate', () => {
      result = r.variants(doc, rules, opts);
      if (o.by !== undefined || o.perModel)
        detail = r.variantsDetail(doc, rules, opts, { by: o.by as Breakdown | undefined, perSubject: o.perModel });
    });
  } catch (e) {
    renamePaths(e, inFile);
  } finally {
    bar.end();
  }
  return done(time('render', () => renderVariants(file, o, result!, detail, write)));
}

/** The variants' report in the format asked for, or its folder. */
function renderVariants(
  file: string,
  o: VariantsCliOptions,
  res: VariantsResult,
  detail: VariantsDetail | undefined,
  write: (s: string) => void,
): number | Promise<number> {
  const R = render();
  const name = o.variants!;
  const D = renderDetail();
  const text = () =>
    detail?.groups ? D.variantsByText(res, detail, R.renderVariantsText(res)) : R.renderVariantsText(res);
  const C = charts();
  const chartOpts = { hideUncertain: o.hideUncertain };
  const chartList = () => [
    C.variantsChart(res, chartOpts),
    ...(detail?.groups ? [C.variantsByChart(res, detail, chartOpts)] : []),
  ];
  return emitResearch(
    o,
    {
      text,
      charts: chartList,
      folder: () => ({
        title: 'Rule variants',
        about: [
          `${res.models} models and ${res.organizations} organizations of ${file}, as of ${res.asOf}; variants from ${name}.`,
        ],
        files: [
          {
            name: 'variants.json',
            content: detail?.groups ? D.variantsByJson(res, detail) : R.renderVariantsJson(res),
            description:
              'counts per rule or variant and reading, with the models that differ (and per group with --by)',
          },
          {
            name: 'variants-counts.csv',
            content: R.renderVariantsCsv(res),
            description: 'counts per rule or variant and reading',
          },
          {
            name: 'variants-differences.csv',
            content: D.variantsChangesCsv(res),
            description: "one row per model whose verdict differs from the base rule's",
          },
          { name: 'variants.md', content: R.renderVariantsMarkdown(res), description: 'the table in Markdown' },
          ...(detail?.groups
            ? [
                {
                  name: `variants-by-${detail.by}.csv`,
                  content: D.variantsByCsv(res, detail),
                  description: `counts per ${detail.by}`,
                },
              ]
            : []),
          ...(detail?.rows
            ? [
                {
                  name: 'variants-per-model.csv',
                  content: D.variantsPerModelCsv(res, detail),
                  description: 'one row per model × rule or variant × reading',
                },
              ]
            : []),
        ],
      }),
      groups: detail?.groups
        ? { json: () => D.variantsByJson(res, detail), csv: () => D.variantsByCsv(res, detail) }
        : undefined,
      perModel: detail?.rows
        ? { json: () => D.variantsPerModelJson(res, detail), csv: () => D.variantsPerModelCsv(res, detail) }
        : undefined,
      changesCsv: () => D.variantsChangesCsv(res),
      plain: {
        text: () => R.renderVariantsText(res),
        json: () => R.renderVariantsJson(res),
        csv: () => R.renderVariantsCsv(res),
        markdown: () => R.renderVariantsMarkdown(res),
      },
    },
    write,
  );
}

/** Registers `variants` on the program (one line in main.ts). */
export function registerVariantsCommand(
  program: Command,
  write: (s: string) => void,
  setCode: (c: number | Promise<number>) => void,
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
    .option('--by <field>', 'counts per group of models too: year (publication), organization (developer) or country')
    .option('--per-model', 'tidy rows, one per model × rule or variant × reading (csv or json)')
    .option('--changes', "with --format csv: one row per model whose verdict differs from the base rule's")
    .option(
      '--out <file|dir/>',
      'write to a file (with a format other than text, print the text table too); to a folder (existing, or ending in /): every chart as SVG with its data (CSV) and Vega-Lite spec, the tables, and index.html',
    )
    .option('--hide-uncertain', 'charts: leave out the uncertain verdicts')
    .option('--timings', TIMINGS_HELP);
  ruleSetOptions(cmd).action((file: string, o: VariantsCliOptions) => setCode(runVariants(file, o, write)));
}
