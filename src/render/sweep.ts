// Threshold sweep output: aligned text tables, JSON and RFC 4180 CSV (the chart: render/charts.ts, Vega-Lite).
import { inForceLabel } from '../core/format/status';
import { sci, usd } from '../core/format/numbers';
import type { SweepReadingRow, SweepResult } from '../core/research/sweep';
import type { ThresholdSite } from '../core/research/targets';
import { jsonSafe, visible, visibleLines } from './safe-text';
import { csv, textTable } from './table';

export const SWEEP_FORMATS = ['text', 'json', 'csv', 'svg'] as const;

/** "10^25 FLOP", "1.26 × 10^25 FLOP", "$500.0M". */
export function amount(value: string, unit: 'FLOP' | 'USD'): string {
  return unit === 'FLOP' ? `${sci(Number(value))} FLOP` : usd(Number(value));
}

function where(s: ThresholdSite): string {
  return s.within.startsWith('interpretations/')
    ? ` (reading ${s.within.slice('interpretations/'.length)})`
    : s.within === 'applicability'
      ? ' (applicability)'
      : '';
}

const plural = (r: SweepResult) => (r.subject === 'model' ? 'models' : 'organizations');

/** What a sweep point shows in the counts table: whether it is today's value, and its counts per reading. */
interface CountsPoint {
  current: boolean;
  readings: SweepReadingRow[];
}

/**
 * One aligned counts table per reading (the point's own columns first, then the verdict counts), each row followed by
 * the subjects whose verdict changed there, when listed.
 */
export function pushReadingTables<P extends CountsPoint>(
  L: string[],
  interpretations: readonly (string | null)[],
  points: readonly P[],
  noun: string,
  lead: { head: string; right?: boolean }[],
  cells: (p: P) => string[],
): void {
  const cols = [
    { head: '' },
    ...lead,
    { head: 'CAPTURED', right: true },
    { head: 'NOT CAPTURED', right: true },
    { head: 'UNCERTAIN', right: true },
    { head: 'NOT APPLICABLE', right: true },
    { head: 'WRONGFUL', right: true },
    { head: 'CHANGED', right: true },
  ];
  interpretations.forEach((interp, j) => {
    L.push('', interp === null ? `All ${noun}:` : `Reading ${interp}:`);
    const rows = points.map((p) => {
      const x = p.readings[j];
      return [
        p.current ? '*' : '',
        ...cells(p),
        String(x.counts.captured),
        String(x.counts['not-captured']),
        String(x.counts.uncertain),
        String(x.counts['not-applicable']),
        String(x.wrongfulCaptures),
        String(x.changed),
      ];
    });
    const lines = textTable(cols, rows, '  ');
    L.push(lines[0]);
    points.forEach((p, i) => {
      L.push(lines[i + 1]);
      for (const c of p.readings[j].changes ?? []) L.push(`        ${visible(c.id)}: ${c.from} → ${c.to}`);
    });
  });
}

export function renderSweepText(r: SweepResult): string {
  const L: string[] = [`Threshold sweep of ${r.rule}, as of ${r.asOf}`, r.title, ''];
  L.push(`${r.subjects} ${plural(r)}; ${r.rule} is ${inForceLabel(r.inForce, r.status)} on ${r.asOf}.`);
  L.push(`Each value replaces the rule's ${r.current} (${amount(r.current, r.unit)}) in:`);
  for (const s of r.thresholds)
    L.push(`  ${s.measure} ${s.comparator} …  at ${s.pointer}${where(s)}${s.note ? `; ${s.note}` : ''}`);
  if (r.fixed.length > 0) {
    L.push('Held at their values:');
    for (const s of r.fixed)
      L.push(`  ${s.measure} ${s.comparator} ${s.value} (${amount(s.value, s.unit)})${where(s)}`);
    // The same line drawn in another test (e.g. a second measure in one reading) is usually meant to move too.
    const twins = r.fixed.filter((s) => s.unit === r.unit && s.kind !== 'fallback' && s.value === r.current);
    if (twins.length > 0)
      L.push(
        `  To move ${twins.length === 1 ? 'it' : 'them'} too: --measure ${[...new Set([...r.thresholds, ...twins].map((s) => s.measure))].join(',')}`,
      );
  }
  pushReadingTables(L, r.interpretations, r.points, plural(r), [{ head: 'THRESHOLD' }, { head: 'AMOUNT' }], (p) => [
    p.value,
    amount(p.value, r.unit),
  ]);
  L.push(
    '',
    `* the rule's own value. CHANGED: ${plural(r)} whose verdict differs from the row above${r.points[0]?.readings[0]?.changes ? '' : ' (--changes lists them)'}. WRONGFUL: captured only through other developers' compute or spend.`,
  );
  return `${visibleLines(L.join('\n'))}\n`;
}

export function renderSweepJson(r: SweepResult): string {
  return `${jsonSafe(JSON.stringify(r, null, 2))}\n`;
}

/** Counts per value and reading; with --changes, the changes are a long table of their own (research-detail.ts). */
export function renderSweepCsv(r: SweepResult): string {
  const head = [
    'rule',
    'interpretation',
    'value',
    'unit',
    'rule_value',
    'captured',
    'not_captured',
    'uncertain',
    'not_applicable',
    'wrongful_captures',
    'changed',
  ];
  const rows: (string | number | boolean)[][] = [];
  r.interpretations.forEach((interp, j) => {
    for (const p of r.points) {
      const x = p.readings[j];
      rows.push([
        r.rule,
        interp ?? '',
        p.value,
        r.unit,
        p.current,
        x.counts.captured,
        x.counts['not-captured'],
        x.counts.uncertain,
        x.counts['not-applicable'],
        x.wrongfulCaptures,
        x.changed,
      ]);
    }
  });
  return csv(head, rows);
}
