// Research charts as Vega-Lite specifications with their data: sweep lines, variant bars and counts by group. Each
// chart is data (tidy rows, also written as CSV) plus a spec that embeds them, so that it can be restyled in any
// Vega-Lite tool; render/vega-svg.ts draws it to SVG in Node. Pure: no I/O, deterministic.
import { sci, usd } from '../core/format/numbers';
import type { SweepDetail, VariantsDetail } from '../core/research/detail';
import type { PriceSweepResult } from '../core/research/price-sweep';
import type { SweepResult } from '../core/research/sweep';
import type { VariantsResult } from '../core/research/variants';
import { thresholdSites } from '../core/research/targets';
import { ruleInForce } from '../core/evaluate/in-force';
import type { Rule } from '../core/types';
import { visible } from './safe-text';
import { superscript } from './superscript';

export type Row = Record<string, string | number | boolean | null>;

export interface Chart {
  /** File stem: sweep, variants, sweep-by-year… */
  name: string;
  title: string;
  /** The chart's data, one row per mark; the CSV written next to the chart. */
  columns: string[];
  rows: Row[];
  /** Vega-Lite (v5) specification with `rows` embedded as its data. */
  spec: Record<string, unknown>;
}

/** A line drawn across a chart: the rule's own threshold, or another law's. */
export interface Marker {
  value: number;
  label: string;
}

export interface ChartOptions {
  /** Leave uncertain models out (the chart's subtitle says so). */
  hideUncertain?: boolean;
  /** Thresholds of laws in force to mark when they fall in the range of the x axis (same unit). */
  statutory?: Marker[];
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const COLORS: Record<string, string> = {
  captured: '#c62828',
  uncertain: '#e08600',
  'wrongful captures': '#6a1b9a',
};
const FONT = 'Helvetica, Arial, sans-serif';
const CONFIG = {
  font: FONT,
  title: { anchor: 'start', fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' },
  view: { stroke: '#ccc' },
  background: 'white',
};

const amount = (x: number, unit: 'FLOP' | 'USD') => superscript(unit === 'FLOP' ? `${sci(x)} FLOP` : usd(x));
const tick = (x: number, unit: 'FLOP' | 'USD') =>
  superscript(unit === 'FLOP' ? sci(x) : usd(x).replace(/\.0+([kMB])/, '$1'));

/** Whether positive numbers span orders of magnitude (a log scale then shows them better). */
function spansDecades(xs: number[], factor: number): boolean {
  const pos = xs.filter((x) => x > 0);
  return pos.length > 1 && Math.max(...pos) / Math.min(...pos) >= factor;
}

/** The scale of counts: symmetric log (it shows 0) when counts span two orders of magnitude or more. */
function countScale(counts: number[]): Record<string, unknown> {
  return spansDecades(counts, 100) ? { type: 'symlog' } : { type: 'linear', zero: true };
}

/** Ticks 0, 1, 2, 5, 10, 20, 50… up to the largest count: a symmetric log axis gets them (Vega's skip the low end). */
function countAxis(counts: number[]): Record<string, unknown> {
  if (!spansDecades(counts, 100)) return {};
  const max = Math.max(...counts);
  const values = [0];
  for (let d = 1; d <= max * 2; d *= 10) for (const k of [1, 2, 5]) if (k * d <= max * 1.5) values.push(k * d);
  return { axis: { values } };
}

/** The count axis of a chart of verdict counts: a scale fit to the counts (symlog over decades) and its ticks. */
function countEncoding(title: string, rows: Row[]): Record<string, unknown> {
  const counts = rows.map((d) => d.count as number);
  return { field: 'count', type: 'quantitative', title, scale: countScale(counts), ...countAxis(counts) };
}

/** Colour by verdict series, in the house colours. */
function seriesColor(series: string[]): Record<string, unknown> {
  return {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: series, range: series.map((s) => COLORS[s]) },
  };
}

/** Lines of at most `max` characters, broken at spaces: Vega does not wrap titles. */
export function wrap(s: string, max = 96): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of s.split(' ')) {
    if (line !== '' && line.length + 1 + w.length > max) {
      out.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') out.push(line);
  return out;
}

/** A Vega expression mapping the tick values to labels, e.g. 1e25 → "10²⁵" (falls back to Vega's label). */
function labelExpr(values: number[], label: (x: number) => string): string {
  const map: Record<string, string> = {};
  for (const v of values) map[v.toExponential(6)] = label(v);
  return `(${JSON.stringify(map)})[format(datum.value, '.6e')] || datum.label`;
}

const plural = (subject: 'model' | 'organization') => (subject === 'model' ? 'models' : 'organizations');

export function sweepChart(r: SweepResult, o: ChartOptions = {}): Chart {
  const series = ['captured', ...(o.hideUncertain ? [] : ['uncertain']), 'wrongful captures'];
  const xs = r.points.map((p) => Number(p.value));
  const log = xs.every((x) => x > 0) && spansDecades(xs, 10);
  const reading = (j: number) => r.interpretations[j] ?? 'all';
  const rows: Row[] = [];
  r.interpretations.forEach((_, j) =>
    r.points.forEach((p) => {
      const x = p.readings[j];
      const n: Record<string, number> = {
        captured: x.counts.captured,
        uncertain: x.counts.uncertain,
        'wrongful captures': x.wrongfulCaptures,
      };
      for (const s of series)
        rows.push({ reading: reading(j), value: p.value, threshold: Number(p.value), series: s, count: n[s] });
    }),
  );
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const cur = Number(r.current);
  const t0 = r.thresholds[0];
  const markers: Marker[] = [
    { value: cur, label: `this rule: ${t0.comparator} ${amount(cur, r.unit)}` },
    ...(o.statutory ?? []).filter((m) => m.value !== cur && m.value >= lo && m.value <= hi),
  ];
  const marks: Row[] = [];
  r.interpretations.forEach((_, j) =>
    markers.forEach((m, k) =>
      marks.push({
        reading: reading(j),
        value: String(m.value),
        threshold: m.value,
        series: 'threshold',
        label: m.label,
        own: k === 0,
        // Labels one under the other at the top of the panel, so that near lines do not overwrite each other.
        labelY: 4 + 13 * k,
      }),
    ),
  );
  const measures = [...new Set(r.thresholds.map((s) => s.measure))].join(' and ');
  const x = {
    field: 'threshold',
    type: 'quantitative',
    title: `threshold on ${measures} (${r.unit}${log ? ', log scale' : ''})`,
    scale: log ? { type: 'log' } : { zero: false },
    axis: { values: xs, labelExpr: labelExpr(xs, (v) => tick(v, r.unit)), labelOverlap: true },
  };
  const y = countEncoding(`${plural(r.subject)} (count)`, rows);
  const layer = [
    {
      transform: [{ filter: "datum.series !== 'threshold'" }],
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x,
        y,
        color: seriesColor(series),
        strokeDash: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: {
            domain: series,
            range: series.map((s) => (s === 'captured' ? [1, 0] : s === 'uncertain' ? [7, 4] : [2, 3])),
          },
        },
        tooltip: [
          { field: 'series', title: 'verdict' },
          { field: 'value', title: 'threshold' },
          { field: 'count', type: 'quantitative' },
        ],
      },
    },
    {
      transform: [{ filter: "datum.series === 'threshold'" }],
      mark: { type: 'rule', strokeDash: [4, 3] },
      encoding: {
        x: { field: 'threshold', type: 'quantitative' },
        color: { condition: { test: 'datum.own', value: '#222' }, value: '#888' },
      },
    },
    {
      transform: [{ filter: "datum.series === 'threshold'" }],
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, fontSize: 10, limit: 260 },
      encoding: {
        x: { field: 'threshold', type: 'quantitative' },
        y: { field: 'labelY', type: 'quantitative', scale: null },
        text: { field: 'label' },
        color: { condition: { test: 'datum.own', value: '#222' }, value: '#666' },
      },
    },
  ];
  const subtitle = [
    `${r.subjects} ${plural(r.subject)}, as of ${r.asOf}; each value replaces ${measures} ${t0.comparator} ${amount(cur, r.unit)}.`,
    ...(o.hideUncertain ? ['Uncertain verdicts (ranges straddling the line, unknown compute) not shown.'] : []),
    ...(markers.length > 1
      ? [
          `Dashed lines: this rule's threshold and other laws' (${markers
            .slice(1)
            .map((m) => m.label)
            .join('; ')}).`,
        ]
      : []),
  ];
  const title = superscript(visible(`${r.rule}: ${r.title}`));
  // One panel per reading, stacked, sharing the x axis and the legend.
  const panels = r.interpretations.map((_, j) => ({
    ...(r.interpretations.length > 1 ? { title: { text: `Reading: ${reading(j)}`, fontSize: 12 } } : {}),
    width: 560,
    height: 240,
    transform: [{ filter: { field: 'reading', equal: reading(j) } }],
    layer,
  }));
  const spec = {
    $schema: SCHEMA,
    title: { text: wrap(title, 80), subtitle: subtitle.flatMap((l) => wrap(l)) },
    data: { values: [...rows, ...marks] },
    ...(panels.length > 1
      ? { vconcat: panels, resolve: { scale: { color: 'shared', strokeDash: 'shared' } } }
      : panels[0]),
    config: CONFIG,
  };
  return { name: 'sweep', title, columns: ['reading', 'value', 'threshold', 'series', 'count'], rows, spec };
}

export function variantsChart(v: VariantsResult, o: ChartOptions = {}): Chart {
  const series = ['captured', ...(o.hideUncertain ? [] : ['uncertain']), 'wrongful captures'];
  const rows: Row[] = [];
  v.rows.forEach((r, k) => {
    const label = visible(`${r.base ? '↳ ' : ''}${r.rule}${r.interpretation ? ` (${r.interpretation})` : ''}`);
    const n: Record<string, number> = {
      captured: r.counts.captured,
      uncertain: r.counts.uncertain,
      'wrongful captures': r.wrongfulCaptures,
    };
    for (const s of series)
      rows.push({
        order: k,
        label,
        rule: r.rule,
        base: r.base ?? '',
        interpretation: r.interpretation ?? '',
        series: s,
        count: n[s],
        differ: r.differences ? r.differences.length : null,
      });
  });
  const orgs = v.rows.some((r) => r.subject === 'organization');
  const models = v.rows.some((r) => r.subject === 'model');
  const title = 'Rule variants: verdict counts next to the rules they patch';
  const spec = {
    $schema: SCHEMA,
    title: {
      text: title,
      subtitle: [
        `${v.models} models, ${v.organizations} organizations, as of ${v.asOf}. ↳ a variant, under the rule it patches.`,
        ...(o.hideUncertain ? ['Uncertain verdicts not shown.'] : []),
      ],
    },
    data: { values: rows },
    width: 520,
    height: { step: 14 },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        title: null,
        sort: { field: 'order', order: 'ascending' },
        axis: { labelLimit: 420 },
      },
      yOffset: { field: 'series', type: 'nominal', sort: series },
      x: countEncoding(
        `${models && orgs ? 'models or organizations' : orgs ? 'organizations' : 'models'} (count)`,
        rows,
      ),
      color: seriesColor(series),
      tooltip: [
        { field: 'label', title: 'rule' },
        { field: 'series', title: 'verdict' },
        { field: 'count' },
        { field: 'differ', title: 'differ from base' },
      ],
    },
    config: CONFIG,
  };
  return {
    name: 'variants',
    title,
    columns: ['order', 'label', 'rule', 'base', 'interpretation', 'series', 'count', 'differ'],
    rows,
    spec,
  };
}

/** Groups shown on a chart at most; the CSV and the tables have them all. */
const MAX_GROUPS = 60;

/**
 * Counts per group (year, organization, country) as a heat map: a column per group, a row per threshold value or rule
 * reading, a panel per verdict. Years keep their order; with many groups, the ones with the most models counted.
 */
function groupHeatmap(
  name: string,
  title: string,
  subtitle: string[],
  by: string,
  rows: Row[],
  seriesTitle: string,
  o: ChartOptions,
): Chart {
  const verdicts = ['captured', ...(o.hideUncertain ? [] : ['uncertain'])];
  const all = rows.filter((r) => verdicts.includes(r.verdict as string));
  const total = new Map<string, number>();
  for (const r of all) total.set(r.group as string, (total.get(r.group as string) ?? 0) + (r.count as number));
  // Groups with nothing to show (no model captured or uncertain at any line) are left out of the picture.
  const groups = [...total.keys()].filter((g) => total.get(g)! > 0);
  const kept =
    groups.length <= MAX_GROUPS
      ? new Set(groups)
      : new Set(
          [...total]
            .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
            .slice(0, MAX_GROUPS)
            .map(([g]) => g),
        );
  const data = all.filter((r) => kept.has(r.group as string));
  const note =
    kept.size < groups.length
      ? [`The ${kept.size} ${by} groups with the most models counted, of ${groups.length}; all are in the CSV.`]
      : groups.length < total.size
        ? [`${total.size - groups.length} ${by} groups with no model captured or uncertain left out.`]
        : [];
  const inner = {
    width: { step: 26 },
    height: { step: 20 },
    encoding: {
      x: {
        field: 'group',
        type: 'ordinal',
        title: by,
        sort: { field: 'groupOrder' },
        axis: { labelAngle: -60, labelLimit: 140 },
      },
      y: {
        field: 'series',
        type: 'ordinal',
        title: seriesTitle,
        sort: { field: 'seriesOrder' },
        axis: { labelLimit: 320 },
      },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'count',
            type: 'quantitative',
            title: 'models',
            scale: { type: 'symlog', scheme: 'oranges' },
          },
          tooltip: [
            { field: 'group', title: by },
            { field: 'series', title: seriesTitle },
            { field: 'verdict' },
            { field: 'count' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        transform: [{ filter: 'datum.count > 0' }],
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.count > 20', value: 'white' }, value: '#333' },
        },
      },
    ],
  };
  const spec = {
    $schema: SCHEMA,
    title: {
      text: wrap(title, 80),
      subtitle: [...subtitle, ...note, ...(o.hideUncertain ? ['Uncertain verdicts not shown.'] : [])].flatMap((l) =>
        wrap(l),
      ),
    },
    data: { values: data },
    facet: {
      row: { field: 'verdict', title: null, sort: verdicts, header: { labelAngle: 0, labelAlign: 'left' } },
    },
    spec: inner,
    config: CONFIG,
  };
  return {
    name,
    title,
    columns: ['group', 'groupOrder', 'series', 'seriesOrder', 'verdict', 'count'],
    rows: all,
    spec,
  };
}

/** `sweep --by`: per group, the models captured (and uncertain) at each value. */
export function sweepByChart(r: SweepResult, d: SweepDetail, o: ChartOptions = {}): Chart {
  const rows: Row[] = [];
  (d.groups ?? []).forEach((g, gi) =>
    g.points.forEach((p, k) =>
      p.readings.forEach((x, j) => {
        const reading = r.interpretations[j];
        const series = `${r.thresholds[0].comparator} ${tick(Number(p.value), r.unit)}${r.interpretations.length > 1 && reading ? ` · ${reading}` : ''}`;
        for (const verdict of ['captured', 'uncertain'] as const)
          rows.push({
            group: g.group,
            groupOrder: gi,
            series,
            seriesOrder: k * r.interpretations.length + j,
            verdict,
            count: x.counts[verdict],
          });
      }),
    ),
  );
  return groupHeatmap(
    `sweep-by-${d.by}`,
    superscript(`${r.rule}: ${plural(r.subject)} by ${d.by} as the threshold varies`),
    [
      `${r.subjects} ${plural(r.subject)}, as of ${r.asOf}; each cell counts the ${d.by}'s ${plural(r.subject)} at one threshold.`,
    ],
    d.by ?? 'group',
    rows,
    `threshold (${r.unit})`,
    o,
  );
}

/** `variants --by`: per group, the models each rule or variant captures (and leaves uncertain). */
export function variantsByChart(v: VariantsResult, d: VariantsDetail, o: ChartOptions = {}): Chart {
  const rows: Row[] = [];
  const groups = [...new Set((d.groups ?? []).flatMap((x) => x.groups.map((g) => g.group)))];
  (d.groups ?? []).forEach((x, k) =>
    x.groups.forEach((g) => {
      const rule = `${x.rule}${x.interpretation ? ` · ${x.interpretation}` : ''}`;
      for (const verdict of ['captured', 'uncertain'] as const)
        rows.push({
          group: g.group,
          groupOrder: groups.indexOf(g.group),
          series: rule,
          seriesOrder: k,
          verdict,
          count: g.counts[verdict],
        });
    }),
  );
  return groupHeatmap(
    `variants-by-${d.by}`,
    `Rule variants: models by ${d.by}`,
    [`${v.models} models, as of ${v.asOf}; each cell counts the ${d.by}'s models under one rule or variant.`],
    d.by ?? 'group',
    rows,
    'rule or variant',
    o,
  );
}

/**
 * Thresholds of the rules in force on the date (laws, not guidance or illustrations) in one unit, for marking on a
 * chart: one marker per value, labelled with the rules that draw it ("eu-ai-act/systemic-risk").
 */
export function statutoryMarkers(rules: readonly Rule[], asOf: string, unit: 'FLOP' | 'USD'): Marker[] {
  const by = new Map<number, Set<string>>();
  for (const rule of rules) {
    if (rule.status !== 'in-force' || !ruleInForce(rule, asOf).inForce) continue;
    for (const s of thresholdSites(rule).sites) {
      if (s.unit !== unit || s.kind === 'fallback' || s.note !== undefined) continue;
      const v = Number(s.value);
      if (!by.has(v)) by.set(v, new Set());
      by.get(v)!.add(rule.id);
    }
  }
  return [...by]
    .sort((a, b) => a[0] - b[0])
    .map(([value, set]) => {
      const ids = [...set].sort();
      const named = ids.length > 2 ? `${ids[0]} and ${ids.length - 1} more` : ids.join(', ');
      return { value, label: `${amount(value, unit)}: ${named}` };
    });
}

/** `sweep --price-scales`: capture counts against the GPU price scale, today's prices (1×) marked. */
export function priceSweepChart(r: PriceSweepResult, o: ChartOptions = {}): Chart {
  const series = ['captured', ...(o.hideUncertain ? [] : ['uncertain']), 'wrongful captures'];
  const reading = (j: number) => r.interpretations[j] ?? 'all';
  const rows: Row[] = [];
  r.interpretations.forEach((_, j) =>
    r.points.forEach((p) => {
      const x = p.readings[j];
      const n: Record<string, number> = {
        captured: x.counts.captured,
        uncertain: x.counts.uncertain,
        'wrongful captures': x.wrongfulCaptures,
      };
      for (const s of series) rows.push({ reading: reading(j), scale: Number(p.scale), series: s, count: n[s] });
    }),
  );
  const xs = r.points.map((p) => Number(p.scale));
  const today: Row[] = r.interpretations.map((_, j) => ({ reading: reading(j), scale: 1, series: 'today' }));
  const declared = r.declared ? 'declared costs scaled too' : 'declared costs (costUsd) as paid, not scaled';
  const layer = [
    {
      transform: [{ filter: "datum.series !== 'today'" }],
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: {
          field: 'scale',
          type: 'quantitative',
          title: "GPU price scale (× today's prices)",
          scale: { zero: false },
          axis: { values: xs, labelExpr: "datum.value + '×'", labelOverlap: true },
        },
        y: countEncoding(`${plural(r.subject)} (count)`, rows),
        color: seriesColor(series),
        tooltip: [
          { field: 'series', title: 'verdict' },
          { field: 'scale', title: 'price scale' },
          { field: 'count', type: 'quantitative' },
        ],
      },
    },
    ...(xs.some((x) => x <= 1) && xs.some((x) => x >= 1)
      ? [
          {
            transform: [{ filter: "datum.series === 'today'" }],
            mark: { type: 'rule', strokeDash: [4, 3], color: '#222' },
            encoding: { x: { field: 'scale', type: 'quantitative' } },
          },
        ]
      : []),
  ];
  const title = superscript(visible(`${r.rule}: ${plural(r.subject)} by verdict as GPU prices scale`));
  const subtitle = [
    `${r.subjects} ${plural(r.subject)}, as of ${r.asOf}; ${declared}; FLOP never changes. Dashed line: today's prices (1×).`,
    ...(o.hideUncertain ? ['Uncertain verdicts not shown.'] : []),
  ];
  const panels = r.interpretations.map((_, j) => ({
    ...(r.interpretations.length > 1 ? { title: { text: `Reading: ${reading(j)}`, fontSize: 12 } } : {}),
    width: 560,
    height: 240,
    transform: [{ filter: { field: 'reading', equal: reading(j) } }],
    layer,
  }));
  const spec = {
    $schema: SCHEMA,
    title: { text: wrap(title, 80), subtitle: subtitle.flatMap((l) => wrap(l)) },
    data: { values: [...rows, ...today] },
    ...(panels.length > 1 ? { vconcat: panels, resolve: { scale: { color: 'shared' } } } : panels[0]),
    config: CONFIG,
  };
  return { name: 'price-sweep', title, columns: ['reading', 'scale', 'series', 'count'], rows, spec };
}
