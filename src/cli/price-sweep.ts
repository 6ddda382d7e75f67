// `flopcheck sweep --price-scales`: one rule evaluated at each GPU price scale, capture counts per scale.
import type { PriceSweepResult } from '../core/research/price-sweep';
import { releasedBy } from '../core/graph/released';
import { checkAsOf } from './check';
import { loadBuiltinRules, loadReference } from '../io/load';
import { UsageError } from './errors';
import { checkFormat, emit, phaseTimer, progress, readLineageTimed, renamePaths } from './research-io';
import { emitSvg } from './research-charts';

export interface PriceSweepCliOptions {
  rule?: string;
  interpretation?: string;
  priceScales?: string;
  priceScaleDeclared?: boolean;
  asOf?: string;
  excludeUnreleased?: boolean;
  format: string;
  out?: string;
  changes?: boolean;
  hideUncertain?: boolean;
  timings?: boolean;
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded only for this command */
const core = () => require('../core/research/price-sweep') as typeof import('../core/research/price-sweep');
const render = () => require('../render/price-sweep') as typeof import('../render/price-sweep');
const research = () => require('../core/research') as typeof import('../core/research');
const charts = () => require('../render/charts') as typeof import('../render/charts');
/* eslint-enable @typescript-eslint/no-require-imports */

export function runPriceSweep(
  file: string,
  o: PriceSweepCliOptions,
  write: (s: string) => void,
): number | Promise<number> {
  checkFormat(o.format, ['text', 'json', 'csv', 'svg']);
  if (!o.rule) throw new UsageError('--rule: name the rule to sweep, e.g. --rule ca-sb1047/covered-model');
  const asOf = checkAsOf(o.asOf);
  const rename = (p: string) =>
    p === 'rule'
      ? '--rule'
      : p === 'interpretation'
        ? '--interpretation'
        : p.startsWith('values') || p.startsWith('scales')
          ? '--price-scales'
          : p;
  const rules = loadBuiltinRules();
  try {
    // Options first, so that a mistake is reported before a large lineage is read.
    research().expandValues(o.priceScales!);
    const rule = research().findRule(rules, o.rule);
    research().chooseReadings(rule, o.interpretation);
  } catch (e) {
    renamePaths(e, rename);
  }
  const { time, done } = phaseTimer(o.timings);
  const read = readLineageTimed(file, time);
  const doc = time('index', () => (o.excludeUnreleased ? releasedBy(read, asOf).doc : read));
  const bar = progress('sweep: price scales evaluated');
  let result: PriceSweepResult;
  try {
    // Measure tables are built by the sweep (at 0× and 1×, shared by the scales, or per scale): timed within evaluate.
    result = time('evaluate', () =>
      core().priceSweep(doc, rules, {
        asOf,
        reference: loadReference(),
        rule: o.rule!,
        interpretation: o.interpretation,
        scales: o.priceScales!,
        declared: o.priceScaleDeclared === true,
        changes: o.changes ?? false,
        onProgress: bar,
      }),
    );
  } catch (e) {
    renamePaths(e, rename);
  } finally {
    bar.end();
  }
  return done(time('render', () => renderPriceSweep(o, result!, write)));
}

function renderPriceSweep(o: PriceSweepCliOptions, result: PriceSweepResult, write: (s: string) => void) {
  const r = render();
  const text = () => r.renderPriceSweepText(result);
  if (o.format === 'svg') {
    const chart = charts().priceSweepChart(result, { hideUncertain: o.hideUncertain });
    return emitSvg(chart, text, o.out, write);
  }
  const renderers: Record<string, (x: PriceSweepResult) => string> = {
    text: r.renderPriceSweepText,
    json: r.renderPriceSweepJson,
    csv: r.renderPriceSweepCsv,
  };
  emit(renderers[o.format](result), o.format, text, o.out, write);
  return 0;
}
