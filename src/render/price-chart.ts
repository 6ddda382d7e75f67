// The report page's GPU price charts: for each dollar test of a finding, the lineage cost and the own-only cost as
// GPU prices scale from 0.5× to 6×, the threshold, today's prices and 3× and 5× marked, and the scales where the
// verdict flips. Inline SVG built on the server (no script), each with a text alternative: a sentence and a table.
import type { DollarTest, PriceSensitivity, ScaledAmount } from '../core/evaluate/price';
import { usd } from '../core/format/numbers';
import type { Report, ReportFinding } from '../core/report';
import { xml } from './xml';

const X0 = 0.5;
const X1 = 6;
const MARKS = [1, 3, 5];
const TABLE_SCALES = [0.5, 1, 2, 3, 4, 5, 6];
/** More charts than this make the page a wall of lines: the JSON has every finding's numbers. */
const MAX_CHARTS = 12;

const W = 640;
const H = 300;
const L = 84;
const R = W - 24;
const T = 36;
const B = H - 52;
const n = (v: number) => String(Math.round(v * 100) / 100);
const times = (x: number) => `${Number(x.toPrecision(4))}×`;

/** The bound of an amount at scale k: fixed + k × perScale (floats: drawing only). */
function at(a: ScaledAmount, bound: 'low' | 'high', k: number): number | null {
  const f = bound === 'low' ? a.fixed.low : a.fixed.high;
  const p = bound === 'low' ? a.perScale.low : a.perScale.high;
  return f === null || p === null ? null : f.value + k * p.value;
}

const ranged = (a: ScaledAmount) =>
  a.fixed.high !== null &&
  a.perScale.high !== null &&
  (a.fixed.high.exact !== a.fixed.low.exact || a.perScale.high.exact !== a.perScale.low.exact);

function amountText(a: ScaledAmount, k: number): string {
  const lo = at(a, 'low', k)!;
  const hi = at(a, 'high', k);
  if (hi === null) return `at least ${usd(lo)} (part unknown)`;
  return ranged(a) ? `${usd(lo)} to ${usd(hi)}` : usd(lo);
}

/** A round upper end for the y axis. */
function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * e >= v) return m * e;
  return 10 * e;
}

function flipWords(ps: { flipScale: number | null; direction: string | null; verdictBeyond: string | null }): string {
  if (ps.flipScale === null) return 'no GPU price changes the verdict';
  const v = ps.verdictBeyond === 'not-captured' ? 'not captured' : ps.verdictBeyond;
  return `${v} ${ps.direction === 'rising' ? 'above' : 'below'} ${times(ps.flipScale)} today's prices`;
}

function chart(f: ReportFinding, ps: PriceSensitivity, t: DollarTest, id: string): string {
  const subject = f.model ?? f.organization ?? '';
  const thr = t.threshold?.value ?? null;
  const lines: { a: ScaledAmount; bound: 'low' | 'high'; color: string; dash: string; name: string }[] = [];
  lines.push({ a: t.amount, bound: 'low', color: '#c62828', dash: '', name: 'lineage cost as the rule counts it' });
  if (ranged(t.amount)) lines.push({ a: t.amount, bound: 'high', color: '#c62828', dash: '6 4', name: 'high end' });
  if (t.ownOnly) {
    lines.push({ a: t.ownOnly, bound: 'low', color: '#1565c0', dash: '', name: 'own-only cost' });
    if (ranged(t.ownOnly)) lines.push({ a: t.ownOnly, bound: 'high', color: '#1565c0', dash: '6 4', name: 'high end' });
  }
  const ys = lines.flatMap((l) => [at(l.a, l.bound, X0) ?? 0, at(l.a, l.bound, X1) ?? 0]);
  const ymax = niceMax(Math.max(...ys, thr === null ? 0 : thr * 1.25));
  const x = (k: number) => L + ((k - X0) / (X1 - X0)) * (R - L);
  const y = (v: number) => B - (v / ymax) * (B - T);
  const title = `GPU price scenarios for ${subject}: ${t.description} under ${f.rule}`;
  const summary =
    `${thr === null ? '' : `Threshold ${usd(thr)}. `}At today's prices the cost counted is ${amountText(t.amount, 1)}` +
    `${t.ownOnly ? `, own-only ${amountText(t.ownOnly, 1)}` : ''}. ` +
    `Verdict ${f.verdict}: ${flipWords(ps)}; counting only own compute and spend (${ps.ownOnly.verdict}): ${flipWords(ps.ownOnly)}.`;
  const svg: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${id}-t ${id}-d" font-family="Helvetica, Arial, sans-serif">`,
    `<title id="${id}-t">${xml(title)}</title>`,
    `<desc id="${id}-d">${xml(summary)}</desc>`,
    `<rect x="${L}" y="${T}" width="${R - L}" height="${B - T}" fill="#fff" stroke="#333"/>`,
  ];
  for (let j = 0; j <= 4; j++) {
    const v = (ymax * j) / 4;
    svg.push(`<line x1="${L}" y1="${n(y(v))}" x2="${R}" y2="${n(y(v))}" stroke="#eee"/>`);
    svg.push(`<text x="${L - 6}" y="${n(y(v) + 4)}" font-size="11" text-anchor="end">${xml(usd(v))}</text>`);
  }
  for (const k of TABLE_SCALES)
    svg.push(`<text x="${n(x(k))}" y="${B + 16}" font-size="11" text-anchor="middle">${xml(times(k))}</text>`);
  svg.push(
    `<text x="${(L + R) / 2}" y="${H - 12}" font-size="12" text-anchor="middle">GPU price scale (× today's prices)</text>`,
  );
  for (const k of MARKS) {
    svg.push(`<line x1="${n(x(k))}" y1="${T}" x2="${n(x(k))}" y2="${B}" stroke="#888" stroke-dasharray="3 3"/>`);
    svg.push(
      `<text x="${n(x(k) + 3)}" y="${T + 12}" font-size="10" fill="#555">${k === 1 ? 'today' : times(k)}</text>`,
    );
  }
  if (thr !== null && thr <= ymax) {
    svg.push(
      `<line x1="${L}" y1="${n(y(thr))}" x2="${R}" y2="${n(y(thr))}" stroke="#000" stroke-width="1.5" stroke-dasharray="8 4"/>`,
    );
    svg.push(
      `<text x="${R - 4}" y="${n(y(thr) - 5)}" font-size="11" text-anchor="end">threshold ${xml(usd(thr))}</text>`,
    );
  }
  for (const l of lines) {
    const a = at(l.a, l.bound, X0);
    const b = at(l.a, l.bound, X1);
    if (a === null || b === null) continue;
    svg.push(
      `<line x1="${n(x(X0))}" y1="${n(y(a))}" x2="${n(x(X1))}" y2="${n(y(b))}" stroke="${l.color}" stroke-width="2"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}><title>${xml(l.name)}</title></line>`,
    );
  }
  const flips = [
    ...ps.steps.map((s) => ({ s, color: '#c62828', who: 'lineage' })),
    ...ps.ownOnly.steps.map((s) => ({ s, color: '#1565c0', who: 'own-only' })),
  ].filter((p) => p.s.scale >= X0 && p.s.scale <= X1);
  for (const p of flips) {
    const cy = thr !== null && thr <= ymax ? y(thr) : B;
    svg.push(
      `<circle cx="${n(x(p.s.scale))}" cy="${n(cy)}" r="5" fill="none" stroke="${p.color}" stroke-width="2"><title>${xml(`${p.who} verdict changes at ${times(p.s.scale)} (${p.s.fraction}): ${p.s.below} below, ${p.s.above} above`)}</title></circle>`,
    );
  }
  svg.push(
    `<g font-size="11"><line x1="${L + 8}" y1="${T - 14}" x2="${L + 30}" y2="${T - 14}" stroke="#c62828" stroke-width="2"/><text x="${L + 34}" y="${T - 10}">cost as the rule counts it</text>` +
      (t.ownOnly
        ? `<line x1="${L + 220}" y1="${T - 14}" x2="${L + 242}" y2="${T - 14}" stroke="#1565c0" stroke-width="2"/><text x="${L + 246}" y="${T - 10}">own-only cost</text>`
        : '') +
      `</g>`,
  );
  svg.push('</svg>');
  const rows = TABLE_SCALES.map(
    (k) =>
      `<tr><th scope="row">${xml(times(k))}</th><td>${xml(amountText(t.amount, k))}</td>${t.ownOnly ? `<td>${xml(amountText(t.ownOnly, k))}</td>` : ''}</tr>`,
  ).join('');
  return (
    `<figure class="price-chart">${svg.join('')}<figcaption><p>${xml(summary)}</p>` +
    `<table><caption>${xml(`${t.description} by GPU price scale`)}</caption><thead><tr><th scope="col">price scale</th><th scope="col">cost counted</th>${t.ownOnly ? '<th scope="col">own-only</th>' : ''}</tr></thead><tbody>${rows}</tbody></table>` +
    `</figcaption></figure>`
  );
}

/** The price charts of a report as an HTML fragment ("" when no finding has a dollar test). */
export function renderPriceCharts(report: Report): string {
  const parts: string[] = [];
  for (const f of report.findings) {
    const ps = f.priceSensitivity;
    if (!ps) continue;
    for (const t of ps.dollarTests) {
      if (parts.length >= MAX_CHARTS) break;
      parts.push(chart(f, ps, t, `price-chart-${parts.length + 1}`));
    }
  }
  if (parts.length === 0) return '';
  return (
    `<section class="price-charts" aria-labelledby="price-charts-h"><h2 id="price-charts-h">GPU price scenarios</h2>` +
    `<p>How each dollar test moves as GPU prices scale: costs from accelerator-hours × price move with the scale; declared costs are what was paid and stay as they are.</p>` +
    parts.join('') +
    `</section>`
  );
}
