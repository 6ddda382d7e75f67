// GPU price sweep output (`sweep --price-scales`): aligned text table, JSON and RFC 4180 CSV; the chart of counts
// against the price scale is render/charts.ts priceSweepChart.
import { inForceLabel } from '../core/format/status';
import type { PriceSweepResult } from '../core/research/price-sweep';
import { jsonSafe, visibleLines } from './safe-text';
import { csv } from './table';
import { pushReadingTables } from './sweep';

const plural = (r: PriceSweepResult) => (r.subject === 'model' ? 'models' : 'organizations');
const declaredText = (r: PriceSweepResult) =>
  r.declared ? 'declared costs scaled too' : 'declared costs (costUsd) as paid, not scaled';

export function renderPriceSweepText(r: PriceSweepResult): string {
  const L: string[] = [`GPU price sweep of ${r.rule}, as of ${r.asOf}`, r.title, ''];
  L.push(`${r.subjects} ${plural(r)}; ${r.rule} is ${inForceLabel(r.inForce, r.status)} on ${r.asOf}.`);
  L.push(`Each scale multiplies costs from accelerator-hours × price (${declaredText(r)}); FLOP never changes.`);
  pushReadingTables(L, r.interpretations, r.points, plural(r), [{ head: 'PRICE SCALE' }], (p) => [`${p.scale}×`]);
  L.push(
    '',
    `* today's prices (1×). CHANGED: ${plural(r)} whose verdict differs from the row above${r.points[0]?.readings[0]?.changes ? '' : ' (--changes lists them)'}. WRONGFUL: captured only through other developers' compute or spend.`,
  );
  return `${visibleLines(L.join('\n'))}\n`;
}

export function renderPriceSweepJson(r: PriceSweepResult): string {
  return `${jsonSafe(JSON.stringify(r, null, 2))}\n`;
}

export function renderPriceSweepCsv(r: PriceSweepResult): string {
  const withChanges = r.points.some((p) => p.readings.some((x) => x.changes));
  const head = [
    'rule',
    'interpretation',
    'price_scale',
    'declared_scaled',
    'today',
    'captured',
    'not_captured',
    'uncertain',
    'not_applicable',
    'wrongful_captures',
    'changed',
    ...(withChanges ? ['changes'] : []),
  ];
  const rows: (string | number | boolean)[][] = [];
  r.interpretations.forEach((interp, j) => {
    for (const p of r.points) {
      const x = p.readings[j];
      rows.push([
        r.rule,
        interp ?? '',
        p.scale,
        r.declared,
        p.current,
        x.counts.captured,
        x.counts['not-captured'],
        x.counts.uncertain,
        x.counts['not-applicable'],
        x.wrongfulCaptures,
        x.changed,
        ...(withChanges ? [(x.changes ?? []).map((c) => `${c.id}:${c.from}>${c.to}`).join(' ')] : []),
      ]);
    }
  });
  return csv(head, rows);
}
