// `flopcheck sweep`: one rule's threshold replaced by each of a list of values, verdict counts per value.
import type { Command } from 'commander';
import type { SweepResult } from '../core/research/sweep';
import type { SweepDetail } from '../core/research/detail';
import type { Breakdown } from '../core/evaluate/breakdown';
import type { Rule } from '../core/types';
import { checkAsOf } from './check';
import { releasedBy } from '../core/graph/released';
import { UsageError } from './errors';
import { loadReference } from '../io/load';
import { loadRuleSet, loadVariantRules, ruleSetOptions } from './rule-set';
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

export interface SweepCliOptions {
  rule?: string;
  interpretation?: string;
  measure?: string;
  path?: string;
  values?: string;
  steps?: string;
  asOf?: string;
  excludeUnreleased?: boolean;
  format: string;
  out?: string;
  changes?: boolean;
  /** --price-scales: sweep the GPU price scale instead of a threshold (cli/price-sweep.ts). */
  priceScales?: string;
  priceScaleDeclared?: boolean;
  ruleFile?: string[];
  rulesDir?: string[];
  /** Rule variants the --rule may name (a variant can be swept). */
  variants?: string;
  /** --by year|organization|country: counts per group of models too. */
  by?: string;
  /** --per-model: one row per model × value × reading. */
  perModel?: boolean;
  /** Charts without the uncertain series. */
  hideUncertain?: boolean;
  /** --timings: one JSON line on stderr with the time of each phase in ms. */
  timings?: boolean;
}

/* eslint-disable @typescript-eslint/no-require-imports -- the research engine and renderers load only for this command */
const research = () => require('../core/research') as typeof import('../core/research');
const render = () => require('../render/sweep') as typeof import('../render/sweep');
const charts = () => require('../render/charts') as typeof import('../render/charts');
const renderDetail = () => require('../render/research-detail') as typeof import('../render/research-detail');
/* eslint-enable @typescript-eslint/no-require-imports */

export function runSweep(file: string, o: SweepCliOptions, write: (s: string) => void): number | Promise<number> {
  if (o.priceScales !== undefined) {
    if (o.measure !== undefined || o.path !== undefined || o.values !== undefined)
      throw new UsageError('--price-scales sweeps GPU prices: leave out --measure, --path and --values');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('./price-sweep') as typeof import('./price-sweep')).runPriceSweep(file, o, write);
  }
  const { SWEEP_FORMATS } = render();
  checkFormat(o.format, SWEEP_FORMATS);
  checkDetail({ ...o, dir: isOutDir(o.out) });
  if (!o.rule)
    throw new UsageError(
      '--rule: name the rule to sweep, e.g. --rule eu-ai-act/systemic-risk (see flopcheck rules list)',
    );
  if ((o.measure === undefined) === (o.path === undefined)) {
    throw new UsageError(
      'name the threshold to sweep with --measure <name> (e.g. cumulativeFlop) or --path <pointer>, one of the two',
    );
  }
  if (o.measure !== undefined && !/^\s*[A-Za-z][A-Za-z0-9]*(\s*,\s*[A-Za-z][A-Za-z0-9]*)*\s*$/.test(o.measure)) {
    throw new UsageError(
      `--measure: "${o.measure}" is not a measure name (letters and digits, comma-separated for several)`,
    );
  }
  if (o.values === undefined)
    throw new UsageError('--values: give the thresholds, e.g. 1e24..1e27x10, 1e25..1e26/10 or 1e25,3e25,1e26');
  if (o.steps !== undefined && !/^[0-9]+$/.test(o.steps))
    throw new UsageError(`--steps: "${o.steps}" is not a whole number`);
  const asOf = checkAsOf(o.asOf);
  const r = research();
  const flag = o.measure !== undefined ? '--measure' : '--path';
  const target = (o.measure ?? o.path)!;
  const rename = (p: string) =>
    p === 'rule'
      ? '--rule'
      : p === 'interpretation'
        ? '--interpretation'
        : p === 'target'
          ? flag
          : p.startsWith('values')
            ? '--values'
            : p;
  const set = loadRuleSet(o);
  const rules = o.variants === undefined ? set.all : [...set.all, ...loadVariantRules(set.all, o.variants).rules];
  let values: string[];
  try {
    // Options first, so that a mistake is reported before a large lineage is read.
    values = r.expandValues(o.values, o.steps === undefined ? undefined : Number(o.steps));
    const rule = r.findRule(rules, o.rule);
    r.chooseReadings(rule, o.interpretation);
    r.selectTargets(rule, target, o.interpretation);
  } catch (e) {
    renamePaths(e, rename);
  }
  const { time, done } = phaseTimer(o.timings);
  const read = readLineageTimed(file, time);
  const reference = loadReference();
  // A corpus as it stood on the date, when asked: models released later (and models built on them) left out.
  const doc = time('index', () => (o.excludeUnreleased ? releasedBy(read, asOf).doc : read));
  const store = time('index', () => r.measureStore(doc, rules, asOf, reference));
  time('measure', () => r.warmRuleMeasures(store, [r.findRule(rules, o.rule!)]));
  const bar = progress('sweep: values evaluated');
  let result: SweepResult;
  let detail: SweepDetail | undefined;
  const opts = {
    asOf,
    reference,
    rule: o.rule,
    interpretation: o.interpretation,
    target,
    values: values!,
    changes: o.changes ?? false,
    onProgress: bar,
    store,
  };
  try {
    time('evaluate', () => {
      result = r.sweep(doc, rules, opts);
      if (o.by !== undefined || o.perModel)
        detail = r.sweepDetail(doc, rules, opts, { by: o.by as Breakdown | undefined, perSubject: o.perModel });
    });
  } catch (e) {
    renamePaths(e, rename);
  } finally {
    bar.end();
  }
  return done(time('render', () => renderSweep(file, o, rules, asOf, result!, detail, write)));
}

/** The sweep's report in the format asked for, or its folder. */
function renderSweep(
  file: string,
  o: SweepCliOptions,
  rules: readonly Rule[],
  asOf: string,
  res: SweepResult,
  detail: SweepDetail | undefined,
  write: (s: string) => void,
): number | Promise<number> {
  const { renderSweepText, renderSweepJson, renderSweepCsv } = render();
  const D = renderDetail();
  const text = () => (detail?.groups ? D.sweepByText(res, detail, renderSweepText(res)) : renderSweepText(res));
  const C = charts();
  const chartOpts = { hideUncertain: o.hideUncertain, statutory: C.statutoryMarkers(rules, asOf, res.unit) };
  const chartList = () => [
    C.sweepChart(res, chartOpts),
    ...(detail?.groups ? [C.sweepByChart(res, detail, chartOpts)] : []),
  ];
  return emitResearch(
    o,
    {
      text,
      charts: chartList,
      folder: () => ({
        title: `Threshold sweep of ${res.rule}`,
        about: [
          res.title,
          `${res.subjects} subjects of ${file}, as of ${res.asOf}; values ${res.points.map((p) => p.value).join(', ')}.`,
        ],
        files: [
          {
            name: 'sweep.json',
            content: detail?.groups ? D.sweepByJson(res, detail) : renderSweepJson(res),
            description: 'the sweep: counts per value and reading (and per group with --by)',
          },
          { name: 'sweep-counts.csv', content: renderSweepCsv(res), description: 'counts per value and reading' },
          ...(detail?.groups
            ? [
                {
                  name: `sweep-by-${detail.by}.csv`,
                  content: D.sweepByCsv(res, detail),
                  description: `counts per ${detail.by}`,
                },
              ]
            : []),
          ...(o.changes
            ? [
                {
                  name: 'sweep-changes.csv',
                  content: D.sweepChangesCsv(res),
                  description: 'one row per verdict change',
                },
              ]
            : []),
          ...(detail?.rows
            ? [
                {
                  name: 'sweep-per-model.csv',
                  content: D.sweepPerModelCsv(res, detail),
                  description: 'one row per model × value × reading',
                },
              ]
            : []),
        ],
      }),
      groups: detail?.groups
        ? { json: () => D.sweepByJson(res, detail), csv: () => D.sweepByCsv(res, detail) }
        : undefined,
      perModel: detail?.rows
        ? { json: () => D.sweepPerModelJson(res, detail), csv: () => D.sweepPerModelCsv(res, detail) }
        : undefined,
      changesCsv: () => D.sweepChangesCsv(res),
      plain: { text: () => renderSweepText(res), json: () => renderSweepJson(res), csv: () => renderSweepCsv(res) },
    },
    write,
  );
}

/** Registers `sweep` on the program (one line in main.ts). */
export function registerSweepCommand(
  program: Command,
  write: (s: string) => void,
  setCode: (c: number | Promise<number>) => void,
): void {
  const cmd = program
    .command('sweep')
    .description(
      'evaluate one rule over a lineage with one threshold replaced by each of several values: counts by verdict, wrongful captures, what changes',
    )
    .argument(
      '<lineage>',
      'lineage document (JSON or YAML), or - for standard input; e.g. one made by flopcheck import epoch',
    )
    .option('--rule <id>', 'the rule to sweep, e.g. eu-ai-act/systemic-risk')
    .option('--interpretation <id>', 'only this reading of the rule (default: every reading)')
    .option(
      '--measure <names>',
      'sweep the thresholds on this measure (comma-separated for several), e.g. cumulativeFlop, or revenue',
    )
    .option(
      '--path <pointer>',
      'sweep the one threshold at this JSON Pointer in the rule, e.g. /condition/all/1/compare',
    )
    .option(
      '--values <list>',
      'values and ranges, comma-separated: 1e25 | 1e24..1e27x10 (factor) | 1e25..1e26/10 (log steps) | 1e8..1e9+1e8 (linear)',
    )
    .option('--steps <n>', 'log steps for ranges written without x, / or +')
    .option('--price-scales <list>', 'sweep GPU prices instead: scales as for --values, e.g. 0.5..6+0.5 or 1,3,5')
    .option('--price-scale-declared', 'with --price-scales: scale declared costs (costUsd) too')
    .option(
      '--changes',
      'list the models (or organizations) whose verdict changes from one value to the next (csv: one row per change)',
    )
    .option('--by <field>', 'counts per group of models too: year (publication), organization (developer) or country')
    .option('--per-model', 'tidy rows, one per model × value × reading (csv or json)')
    .option('--as-of <date>', 'evaluation date YYYY-MM-DD (default: today)')
    .option('--exclude-unreleased', 'leave out models released after the evaluation date, and models built on them')
    .option('--format <format>', 'text, json, csv or svg', 'text')
    .option(
      '--out <file|dir/>',
      'write to a file (with a format other than text, print the text table too); to a folder (existing, or ending in /): every chart as SVG with its data (CSV) and Vega-Lite spec, the tables, and index.html',
    )
    .option('--hide-uncertain', 'charts: leave out the uncertain verdicts')
    .option('--variants <file>', 'rule variants file: --rule may then name one of its variants')
    .option('--timings', TIMINGS_HELP);
  ruleSetOptions(cmd).action((file: string, o: SweepCliOptions) => setCode(runSweep(file, o, write)));
}
