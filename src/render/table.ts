// Plain tables for research output: aligned text columns, RFC 4180 CSV, GitHub-flavoured Markdown.
import { visible } from './safe-text';

export interface Column {
  head: string;
  /** Right-align (numbers). */
  right?: boolean;
}

/** Columns padded to their widest cell, two spaces apart; no trailing spaces. */
export function textTable(cols: Column[], rows: string[][], indent = ''): string[] {
  const w = cols.map((c, k) => Math.max(c.head.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((c, k) => (cols[k].right ? c.padStart(w[k]) : c.padEnd(w[k])))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.head)), ...rows.map(line)];
}

/** RFC 4180: CRLF line ends; a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csv(head: string[], rows: (string | number | boolean)[][]): string {
  const field = (v: string | number | boolean) => {
    // Control characters from ids shown as escapes: a CSV printed in a CI log or a terminal must not act on them.
    const s = visible(String(v));
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [head, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Markdown text or a table cell: HTML-special characters as entities (ids such as "<model>" are not tags), pipes and line breaks escaped. */
export function mdCell(s: string): string {
  const escaped = s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n?|\n/g, ' ');
  return visible(escaped);
}

export function mdTable(cols: Column[], rows: string[][]): string[] {
  return [
    `| ${cols.map((c) => mdCell(c.head)).join(' | ')} |`,
    `|${cols.map((c) => (c.right ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
}
