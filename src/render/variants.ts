// Rule variants output: side-by-side counts as aligned text, JSON, RFC 4180 CSV and Markdown (the chart: render/charts.ts).
import type { VariantRow, VariantsResult } from '../core/research/variants';
import { jsonSafe, visible, visibleLines } from './safe-text';
import { Column, csv, mdCell, mdTable, textTable } from './table';

export const VARIANTS_FORMATS = ['text', 'json', 'csv', 'svg', 'markdown'] as const;

/** Differences listed per variant in text and Markdown (JSON and CSV list them all). */
const LIST_MAX = 20;

const COLS: Column[] = [
  { head: 'RULE OR VARIANT' },
  { head: 'READING' },
  { head: 'CAPTURED', right: true },
  { head: 'NOT CAPTURED', right: true },
  { head: 'UNCERTAIN', right: true },
  { head: 'NOT APPLICABLE', right: true },
  { head: 'WRONGFUL', right: true },
  { head: 'DIFFER', right: true },
];

function cells(r: VariantRow, indent: string): string[] {
  return [
    `${r.base ? indent : ''}${r.rule}`,
    r.interpretation ?? '—',
    String(r.counts.captured),
    String(r.counts['not-captured']),
    String(r.counts.uncertain),
    String(r.counts['not-applicable']),
    String(r.wrongfulCaptures),
    r.differences ? String(r.differences.length) : '',
  ];
}

const variantsOf = (v: VariantsResult) => v.rows.filter((r) => r.base !== undefined);
const headline = (v: VariantsResult) =>
  `Rule variants as of ${v.asOf}: ${v.models} models, ${v.organizations} organizations`;
const against = (r: VariantRow) =>
  r.comparedWith === 'combined'
    ? `${r.base} (its readings combined)`
    : `${r.base}${r.comparedWith ? ` (${r.comparedWith})` : ''}`;

export function renderVariantsText(v: VariantsResult): string {
  const L = [
    headline(v),
    '',
    ...textTable(
      COLS,
      v.rows.map((r) => cells(r, '  ')),
    ),
  ];
  L.push(
    '',
    "DIFFER: subjects whose verdict differs from the base rule's. WRONGFUL: captured only through other developers' compute or spend.",
  );
  let last = '';
  for (const r of variantsOf(v)) {
    if (r.rule !== last) {
      L.push('', `${visible(r.rule)}: ${visible(r.title)}`);
      if (r.description) L.push(`  ${visible(r.description)}`);
      if (r.priceScale) L.push(`  At ${r.priceScale}× today's GPU prices (costs from accelerator-hours × price).`);
      last = r.rule;
    }
    const d = r.differences ?? [];
    L.push(
      `  ${r.interpretation ? `${r.interpretation}: ` : ''}${d.length} differ from ${against(r)}${d.length ? ':' : '.'}`,
    );
    for (const x of d.slice(0, LIST_MAX)) L.push(`    ${visible(x.id)}: ${x.base} → ${x.variant}`);
    if (d.length > LIST_MAX) L.push(`    … and ${d.length - LIST_MAX} more (all in --format json or csv)`);
  }
  return `${visibleLines(L.join('\n'))}\n`;
}

export function renderVariantsJson(v: VariantsResult): string {
  return `${jsonSafe(JSON.stringify(v, null, 2))}\n`;
}

/** Counts per rule or variant and reading; the differences in long form with --changes (research-detail.ts). */
export function renderVariantsCsv(v: VariantsResult): string {
  const head = [
    'rule',
    'base',
    'interpretation',
    'subject',
    'captured',
    'not_captured',
    'uncertain',
    'not_applicable',
    'wrongful_captures',
    'differ',
  ];
  return csv(
    head,
    v.rows.map((r) => [
      r.rule,
      r.base ?? '',
      r.interpretation ?? '',
      r.subject,
      r.counts.captured,
      r.counts['not-captured'],
      r.counts.uncertain,
      r.counts['not-applicable'],
      r.wrongfulCaptures,
      r.differences ? r.differences.length : '',
    ]),
  );
}

export function renderVariantsMarkdown(v: VariantsResult): string {
  const cols = COLS.map((c) => ({ ...c, head: c.head.charAt(0) + c.head.slice(1).toLowerCase() }));
  const L = [
    `## ${headline(v)}`,
    '',
    ...mdTable(
      cols,
      v.rows.map((r) => cells(r, '↳ ').map((c, k) => (k === 0 ? `\`${c}\`` : c))),
    ),
  ];
  L.push(
    '',
    "*Differ*: subjects whose verdict differs from the base rule's. *Wrongful*: captured only through other developers' compute or spend.",
  );
  let last = '';
  for (const r of variantsOf(v)) {
    if (r.rule !== last) {
      L.push(
        '',
        `### \`${r.rule}\`: ${mdCell(r.title)}`,
        '',
        `Patches \`${r.base}\`.${r.description ? ` ${mdCell(r.description)}` : ''}`,
      );
      last = r.rule;
    }
    const d = r.differences ?? [];
    L.push('', `${r.interpretation ? `**${r.interpretation}**: ` : ''}${d.length} differ from ${mdCell(against(r))}.`);
    if (d.length > 0) {
      L.push('', '<details><summary>Which</summary>', '');
      for (const x of d.slice(0, LIST_MAX)) L.push(`- ${mdCell(x.id)}: ${x.base} → ${x.variant}`);
      if (d.length > LIST_MAX) L.push(`- … and ${d.length - LIST_MAX} more (all in \`--format json\` or \`csv\`)`);
      L.push('', '</details>');
    }
  }
  return `${L.join('\n')}\n`;
}
