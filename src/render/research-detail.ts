// Tidy research output for data frames (pandas, polars, R): sweep and variant counts per group (--by), one row per
// subject (--per-model), and verdict changes in long form (--changes with csv), never several values in one cell.
// Text cells go through csvField (control characters as escapes, spreadsheet formulas neutralised).
import type { SweepResult } from '../core/research/sweep';
import type { VariantsResult } from '../core/research/variants';
import type { GroupCounts, SweepDetail, VariantsDetail } from '../core/research/detail';
import { csvField, jsonSafe, visible, visibleLines } from './safe-text';
import { textTable, type Column } from './table';

type Cell = string | number | boolean;
const table = (head: string[], rows: Cell[][]) =>
  [head, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
const json = (x: unknown) => `${jsonSafe(JSON.stringify(x, null, 2))}\n`;

const COUNT_HEAD = ['captured', 'not_captured', 'uncertain', 'not_applicable', 'wrongful_captures'];
const counts = (c: Omit<GroupCounts, 'group' | 'models'>): Cell[] => [
  c.counts.captured,
  c.counts['not-captured'],
  c.counts.uncertain,
  c.counts['not-applicable'],
  c.wrongfulCaptures,
];
const SUBJECT_HEAD = ['subject', 'subject_kind', 'developer', 'organization', 'country', 'year'];

// ---- sweep ----------------------------------------------------------------------------------------------------

/** The sweep with its counts per group added (`groups`, `by`). */
export function sweepByJson(r: SweepResult, d: SweepDetail): string {
  return json({ ...r, by: d.by, groups: d.groups });
}

export function sweepByCsv(r: SweepResult, d: SweepDetail): string {
  const rows: Cell[][] = [];
  for (const g of d.groups ?? [])
    for (const p of g.points)
      for (const x of p.readings)
        rows.push([
          r.rule,
          x.interpretation ?? '',
          d.by!,
          g.group,
          g.models,
          p.value,
          r.unit,
          r.points.find((q) => q.value === p.value)?.current ?? false,
          ...counts(x),
        ]);
  return table(
    ['rule', 'interpretation', 'by', 'group', 'group_models', 'value', 'unit', 'rule_value', ...COUNT_HEAD],
    rows,
  );
}

const GROUP_COLS: Column[] = [
  { head: 'GROUP' },
  { head: 'MODELS', right: true },
  { head: 'THRESHOLD' },
  { head: 'CAPTURED', right: true },
  { head: 'NOT CAPTURED', right: true },
  { head: 'UNCERTAIN', right: true },
  { head: 'NOT APPLICABLE', right: true },
  { head: 'WRONGFUL', right: true },
];

/** The sweep's text, then per reading a table of counts by group and value. */
export function sweepByText(r: SweepResult, d: SweepDetail, text: string): string {
  const L = [text.trimEnd(), '', `By ${d.by}:`];
  r.interpretations.forEach((interp, j) => {
    L.push('', interp === null ? 'All readings:' : `Reading ${interp}:`);
    const rows: string[][] = [];
    for (const g of d.groups ?? [])
      for (const p of g.points) {
        const x = p.readings[j];
        rows.push([g.group, String(g.models), p.value, ...counts(x).map(String)]);
      }
    L.push(...textTable(GROUP_COLS, rows, '  '));
  });
  return `${visibleLines(L.join('\n'))}\n`;
}

export function sweepPerModelJson(r: SweepResult, d: SweepDetail): string {
  const { points: _points, ...head } = r;
  return json({ ...head, perModel: d.rows });
}

export function sweepPerModelCsv(r: SweepResult, d: SweepDetail): string {
  return table(
    ['rule', 'interpretation', 'value', 'unit', ...SUBJECT_HEAD, 'verdict', 'own_only_verdict', 'wrongful_capture'],
    (d.rows ?? []).map((x) => [
      r.rule,
      x.interpretation ?? '',
      x.value,
      r.unit,
      x.subject,
      x.kind,
      x.developer,
      x.organization,
      x.country,
      x.year,
      x.verdict,
      x.ownOnly,
      x.wrongfulCapture,
    ]),
  );
}

/** `sweep --changes --format csv`: one row per subject whose verdict changes from one value to the next. */
export function sweepChangesCsv(r: SweepResult): string {
  const rows: Cell[][] = [];
  r.interpretations.forEach((interp, j) =>
    r.points.forEach((p, k) => {
      for (const c of p.readings[j].changes ?? [])
        rows.push([r.rule, interp ?? '', r.points[k - 1]?.value ?? '', p.value, r.unit, c.id, c.from, c.to]);
    }),
  );
  return table(['rule', 'interpretation', 'previous_value', 'value', 'unit', 'subject', 'from', 'to'], rows);
}

// ---- variants -------------------------------------------------------------------------------------------------

export function variantsByJson(v: VariantsResult, d: VariantsDetail): string {
  return json({ ...v, by: d.by, rows: v.rows.map((r, k) => ({ ...r, groups: d.groups![k].groups })) });
}

export function variantsByCsv(v: VariantsResult, d: VariantsDetail): string {
  const rows: Cell[][] = [];
  v.rows.forEach((r, k) => {
    for (const g of d.groups![k].groups)
      rows.push([r.rule, r.base ?? '', r.interpretation ?? '', r.subject, d.by!, g.group, g.models, ...counts(g)]);
  });
  return table(['rule', 'base', 'interpretation', 'subject', 'by', 'group', 'group_models', ...COUNT_HEAD], rows);
}

export function variantsByText(v: VariantsResult, d: VariantsDetail, text: string): string {
  const L = [text.trimEnd(), '', `By ${d.by}:`];
  const cols: Column[] = [
    { head: 'RULE OR VARIANT' },
    { head: 'READING' },
    ...GROUP_COLS.filter((c) => c.head !== 'THRESHOLD'),
  ];
  const rows: string[][] = [];
  v.rows.forEach((r, k) => {
    for (const g of d.groups![k].groups)
      rows.push([visible(r.rule), r.interpretation ?? '—', g.group, String(g.models), ...counts(g).map(String)]);
  });
  L.push('', ...textTable(cols, rows, '  '));
  return `${visibleLines(L.join('\n'))}\n`;
}

export function variantsPerModelJson(v: VariantsResult, d: VariantsDetail): string {
  return json({ asOf: v.asOf, models: v.models, organizations: v.organizations, perModel: d.rows });
}

export function variantsPerModelCsv(_v: VariantsResult, d: VariantsDetail): string {
  return table(
    [
      'rule',
      'base',
      'interpretation',
      ...SUBJECT_HEAD,
      'verdict',
      'base_verdict',
      'differs_from_base',
      'own_only_verdict',
      'wrongful_capture',
    ],
    (d.rows ?? []).map((x) => [
      x.rule,
      x.base ?? '',
      x.interpretation ?? '',
      x.subject,
      x.kind,
      x.developer,
      x.organization,
      x.country,
      x.year,
      x.verdict,
      x.baseVerdict ?? '',
      x.baseVerdict === undefined ? '' : x.baseVerdict !== x.verdict,
      x.ownOnly,
      x.wrongfulCapture,
    ]),
  );
}

/** `variants --changes --format csv`: one row per subject whose verdict under a variant differs from the base's. */
export function variantsChangesCsv(v: VariantsResult): string {
  const rows: Cell[][] = [];
  for (const r of v.rows)
    for (const x of r.differences ?? [])
      rows.push([r.rule, r.base ?? '', r.interpretation ?? '', r.comparedWith ?? '', x.id, x.base, x.variant]);
  return table(['rule', 'base', 'interpretation', 'compared_with', 'subject', 'base_verdict', 'variant_verdict'], rows);
}
