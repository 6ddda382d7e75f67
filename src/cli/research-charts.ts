// Charts and research folders for `sweep` and `variants`: --format svg draws one chart (Vega-Lite, rendered by vega in
// Node), --out <dir> writes every chart with its data (CSV) and Vega-Lite specification, the tables, and an HTML report.
import { existsSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Chart, Row } from '../render/charts';
import { writeOut } from './out';
import { emit } from './research-io';

/** --out names a folder: one that exists, or a path ending in a separator. */
export function isOutDir(out: string | undefined): out is string {
  if (out === undefined) return false;
  if (out.endsWith('/') || out.endsWith(sep)) return true;
  return existsSync(out) && statSync(out).isDirectory();
}

/** One chart as SVG (vega loads only here). */
export function svgOf(chart: Chart): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../render/vega-svg') as typeof import('../render/vega-svg')).chartSvg(chart);
}

/** --format svg: draws `chart` and writes it as the report (stdout or --out, as `emit` does); exit code 0. */
export async function emitSvg(
  chart: Chart,
  text: () => string,
  out: string | undefined,
  write: (s: string) => void,
): Promise<number> {
  emit(await svgOf(chart), 'svg', text, out, write);
  return 0;
}

function chartCsv(c: Chart): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { csvField } = require('../render/safe-text') as typeof import('../render/safe-text');
  const cell = (v: Row[string]) => csvField(v === null ? '' : v);
  return [c.columns.map(cell), ...c.rows.map((r) => c.columns.map((k) => cell(r[k] ?? null)))]
    .map((r) => r.join(','))
    .join('\r\n')
    .concat('\r\n');
}

export interface ResearchFolder {
  title: string;
  about: string[];
  charts: Chart[];
  text: string;
  /** Tables and documents besides the charts. */
  files: { name: string; content: string; description: string }[];
}

/**
 * Writes the folder: <chart>.svg, <chart>.csv, <chart>.vl.json for each chart, the other files, and index.html. Prints
 * the text report on stdout (as --out with another format does) and what was written on stderr.
 */
export async function writeResearchFolder(dir: string, f: ResearchFolder, write: (s: string) => void): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderResearchHtml } = require('../render/research-report') as typeof import('../render/research-report');
  const written: string[] = [];
  const put = (name: string, content: string) => {
    writeOut(join(dir, name), content);
    written.push(name);
  };
  for (const c of f.charts) {
    put(`${c.name}.svg`, await svgOf(c));
    put(`${c.name}.csv`, chartCsv(c));
    put(`${c.name}.vl.json`, `${JSON.stringify(c.spec, null, 2)}\n`);
  }
  for (const x of f.files) put(x.name, x.content);
  const files = [
    ...f.charts.flatMap((c) => [
      { name: `${c.name}.svg`, description: `chart: ${c.title}` },
      { name: `${c.name}.csv`, description: 'the chart’s data' },
      { name: `${c.name}.vl.json`, description: 'the chart’s Vega-Lite specification, data embedded' },
    ]),
    ...f.files.map(({ name, description }) => ({ name, description })),
  ];
  put(
    'index.html',
    renderResearchHtml({
      title: f.title,
      about: f.about,
      charts: f.charts.map((c) => ({ name: c.name, title: c.title })),
      text: f.text,
      files,
    }),
  );
  write(f.text);
  process.stderr.write(`wrote ${join(dir, 'index.html')} and ${written.length - 1} more files in ${dir}\n`);
  return 0;
}

/** What sweep and variants can print, each made only when asked for. */
export interface ResearchReport {
  /** The text table (with the groups under --by). */
  text: () => string;
  charts: () => Chart[];
  /** The folder's title, about lines and files (charts and text added here). */
  folder: () => Omit<ResearchFolder, 'charts' | 'text'>;
  /** --by: the groups as JSON and CSV. */
  groups?: { json: () => string; csv: () => string };
  /** --per-model: the rows as JSON and CSV. */
  perModel?: { json: () => string; csv: () => string };
  /** --changes --format csv: one row per change. */
  changesCsv: () => string;
  /** The plain report per format. */
  plain: Record<string, () => string>;
}

/**
 * Prints the report asked for: a folder (--out dir/), the last chart (svg), the groups (--by), the per-model rows,
 * the changes in long form (--changes, csv), or the plain report.
 */
export function emitResearch(
  o: { format: string; out?: string; changes?: boolean },
  r: ResearchReport,
  write: (s: string) => void,
): number | Promise<number> {
  if (isOutDir(o.out)) return writeResearchFolder(o.out, { ...r.folder(), charts: r.charts(), text: r.text() }, write);
  if (o.format === 'svg') return emitSvg(r.charts().at(-1)!, r.text, o.out, write);
  const pick: Record<string, () => string> = r.groups
    ? { text: r.text, ...r.groups }
    : r.perModel
      ? r.perModel
      : o.changes && o.format === 'csv'
        ? { csv: r.changesCsv }
        : r.plain;
  emit(pick[o.format](), o.format, r.text, o.out, write);
  return 0;
}
