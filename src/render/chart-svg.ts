// A small pure SVG chart renderer (no browser, no dependencies): line charts on a log or linear x axis, in stacked
// panels, and horizontal grouped bar charts. Self-contained output, all text escaped, deterministic coordinates.
import { xml } from './xml';

export interface Series {
  name: string;
  color: string;
  /** stroke-dasharray, e.g. "6 4". */
  dash?: string;
}

export interface LineChartSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  /** Log scale needs every x > 0; otherwise the axis is linear. */
  log: boolean;
  /** Tick text for x (log10 is the decade for decade ticks on a log axis, else null). */
  tick: (x: number, log10: number | null) => string;
  series: Series[];
  panels: { title?: string; ys: number[][] }[];
  xs: number[];
  /** Vertical markers (e.g. the rule's own threshold). */
  markers: { x: number; label: string }[];
}

export interface BarChartSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  series: Series[];
  /** One group per row; `bars[k]` belongs to series k. `strong`: bold label; `separator`: a line above the row. */
  groups: { label: string; sublabel?: string; strong?: boolean; separator?: boolean; bars: number[] }[];
}

const FONT = 'font-family="Helvetica, Arial, sans-serif"';

/** Coordinates with at most two decimals, without trailing zeros. */
const n = (v: number) => String(Math.round(v * 100) / 100);

/** Rough text width for layout (Helvetica averages about 0.55 em per character). */
const width = (s: string, size: number) => s.length * size * 0.55;

/** Escaped text with every "10^N" written as 10 and a raised N. */
function rich(s: string): string {
  const parts = s.split(/10\^(-?[0-9]+)/);
  let out = xml(parts[0]);
  for (let i = 1; i < parts.length; i += 2) {
    out += `10<tspan dy="-5" font-size="75%">${xml(parts[i])}</tspan>`;
    // Renderers drop a space opening a tspan (even a no-break space): shift it with dx instead.
    const rest = parts[i + 1];
    if (rest) out += `<tspan dy="5"${rest.startsWith(' ') ? ' dx="3"' : ''}>${xml(rest.replace(/^ /, ''))}</tspan>`;
  }
  return out;
}

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${n(x)}" y="${n(y)}"${attrs ? ` ${attrs}` : ''}>${rich(s)}</text>`;
}

/** About five round steps (1, 2, 5 × 10^k) from 0 to at least max. */
export function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) out.push(Math.round(v / step) * step);
  return out;
}

interface XAxis {
  pos: (x: number) => number;
  ticks: { x: number; label: string | null }[];
}

function xAxis(spec: LineChartSpec, left: number, right: number): XAxis {
  const all = [...spec.xs, ...spec.markers.map((m) => m.x)];
  if (spec.log) {
    const logs = all.map(Math.log10);
    const lo = Math.floor(Math.min(...logs));
    let hi = Math.ceil(Math.max(...logs));
    if (hi === lo) hi = lo + 1;
    const pos = (x: number) => left + ((Math.log10(x) - lo) / (hi - lo)) * (right - left);
    const ticks: XAxis['ticks'] = [];
    const few = hi - lo <= 2;
    const every = Math.ceil((hi - lo) / 10);
    for (let d = lo; d <= hi; d++) {
      ticks.push({ x: 10 ** d, label: (d - lo) % every === 0 ? spec.tick(10 ** d, d) : null });
      if (d < hi && hi - lo <= 6)
        for (let k = 2; k <= 9; k++)
          ticks.push({ x: k * 10 ** d, label: few && (k === 2 || k === 5) ? spec.tick(k * 10 ** d, null) : null });
    }
    return { pos, ticks };
  }
  const lo = Math.min(0, ...all);
  const steps = niceTicks(Math.max(...all) - lo);
  const hi = lo + steps[steps.length - 1];
  return {
    pos: (x) => left + ((x - lo) / (hi - lo)) * (right - left),
    ticks: steps.map((s) => ({ x: lo + s, label: spec.tick(lo + s, null) })),
  };
}

function legend(series: Series[], x: number, y: number, extra: string | null): string[] {
  const out: string[] = [];
  series.forEach((s, k) => {
    const yy = y + k * 20;
    out.push(
      `<line x1="${n(x)}" y1="${n(yy)}" x2="${n(x + 26)}" y2="${n(yy)}" stroke="${s.color}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
    );
    out.push(text(x + 34, yy + 4, s.name, 'font-size="12"'));
  });
  if (extra !== null) {
    const yy = y + series.length * 20;
    out.push(
      `<line x1="${n(x + 13)}" y1="${n(yy - 7)}" x2="${n(x + 13)}" y2="${n(yy + 7)}" stroke="#555" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    );
    out.push(text(x + 34, yy + 4, extra, 'font-size="12"'));
  }
  return out;
}

function header(title: string, subtitle: string | undefined): string[] {
  return [
    text(20, 28, title, 'font-size="16" font-weight="bold"'),
    ...(subtitle ? [text(20, 48, subtitle, 'font-size="12" fill="#555555"')] : []),
  ];
}

function svg(w: number, h: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ${FONT} role="img" aria-label="${xml(title)}">`,
    `<title>${xml(title)}</title>`,
    `  <rect width="${w}" height="${h}" fill="#ffffff"/>`,
    ...body.map((l) => `  ${l}`),
    '</svg>',
    '',
  ].join('\n');
}

/** Line chart: one panel per entry of `panels` (same x axis and series), legend on the right. */
export function renderLineChart(spec: LineChartSpec): string {
  const W = 900;
  const left = 80;
  const right = W - 230;
  const panelH = 280;
  const top = spec.subtitle ? 80 : 64;
  const gap = 96;
  const H = top + spec.panels.length * (panelH + gap) - gap + 70;
  const ax = xAxis(spec, left, right);
  const body = header(spec.title, spec.subtitle);
  spec.panels.forEach((p, k) => {
    const y0 = top + k * (panelH + gap) + (p.title ? 16 : 0);
    const y1 = y0 + panelH - (p.title ? 16 : 0);
    const ymax = Math.max(1, ...p.ys.flat());
    const yt = niceTicks(ymax);
    const ypos = (v: number) => y1 - (v / yt[yt.length - 1]) * (y1 - y0);
    if (p.title) body.push(text(left, y0 - 10, p.title, 'font-size="13" font-weight="bold"'));
    for (const t of yt) {
      body.push(`<line x1="${left}" y1="${n(ypos(t))}" x2="${right}" y2="${n(ypos(t))}" stroke="#e6e6e6"/>`);
      body.push(text(left - 8, ypos(t) + 4, String(t), 'font-size="11" text-anchor="end"'));
    }
    for (const t of ax.ticks) {
      const x = ax.pos(t.x);
      if (t.label) body.push(`<line x1="${n(x)}" y1="${y0}" x2="${n(x)}" y2="${y1}" stroke="#f0f0f0"/>`);
      body.push(`<line x1="${n(x)}" y1="${y1}" x2="${n(x)}" y2="${y1 + (t.label ? 6 : 3)}" stroke="#333"/>`);
      if (t.label) body.push(text(x, y1 + 21, t.label, 'font-size="11" text-anchor="middle"'));
    }
    body.push(`<rect x="${left}" y="${y0}" width="${right - left}" height="${y1 - y0}" fill="none" stroke="#333"/>`);
    for (const m of spec.markers) {
      const x = ax.pos(m.x);
      body.push(
        `<line x1="${n(x)}" y1="${y0}" x2="${n(x)}" y2="${y1}" stroke="#555" stroke-width="1.5" stroke-dasharray="4 3"/>`,
      );
    }
    spec.series.forEach((s, j) => {
      const pts = spec.xs.map((x, i) => `${n(ax.pos(x))},${n(ypos(p.ys[j][i]))}`);
      body.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${pts.join(' ')}"/>`,
      );
      for (const pt of pts) {
        const [cx, cy] = pt.split(',');
        body.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${s.color}"/>`);
      }
    });
    // Marker labels last, on a white box, so that no line crosses them.
    for (const m of spec.markers) {
      const x = ax.pos(m.x);
      const w = width(m.label.replace(/\^/g, ''), 11) + 6;
      const flip = x + 4 + w > right;
      const bx = flip ? x - 4 - w : x + 4;
      body.push(`<rect x="${n(bx)}" y="${y0 + 4}" width="${n(w)}" height="15" fill="#ffffff" fill-opacity="0.9"/>`);
      body.push(text(bx + 3, y0 + 15, m.label, 'font-size="11" fill="#333"'));
    }
    body.push(text(left + (right - left) / 2, y1 + 42, spec.xLabel, 'font-size="12" text-anchor="middle"'));
    const yc = (y0 + y1) / 2;
    body.push(
      `<text x="${left - 50}" y="${n(yc)}" font-size="12" text-anchor="middle" transform="rotate(-90 ${left - 50} ${n(yc)})">${xml(spec.yLabel)}</text>`,
    );
    if (k === 0)
      body.push(...legend(spec.series, right + 24, y0 + 10, spec.markers.length > 0 ? spec.markers[0].label : null));
  });
  return svg(W, H, spec.title, body);
}

/** Horizontal grouped bars: a row per group, one bar per series, counts written at the bar ends. */
export function renderBarChart(spec: BarChartSpec): string {
  const labelW = Math.min(
    340,
    Math.max(140, ...spec.groups.map((g) => Math.max(width(g.label, 12), width(g.sublabel ?? '', 11)))) + 16,
  );
  const left = 20 + labelW;
  const W = Math.max(760, left + 420);
  const right = W - 60;
  const barH = 11;
  const rowH = spec.series.length * barH + 18;
  const top = (spec.subtitle ? 80 : 64) + 28;
  const H = top + spec.groups.length * rowH + 64;
  const xt = niceTicks(Math.max(1, ...spec.groups.flatMap((g) => g.bars)));
  const xpos = (v: number) => left + (v / xt[xt.length - 1]) * (right - left);
  const body = header(spec.title, spec.subtitle);
  spec.series.forEach((s, k) => {
    const x = 20 + k * 170;
    body.push(`<rect x="${x}" y="${top - 30}" width="14" height="10" fill="${s.color}"/>`);
    body.push(text(x + 20, top - 21, s.name, 'font-size="12"'));
  });
  const bottom = top + spec.groups.length * rowH;
  for (const t of xt) {
    body.push(`<line x1="${n(xpos(t))}" y1="${top}" x2="${n(xpos(t))}" y2="${bottom}" stroke="#e6e6e6"/>`);
    body.push(text(xpos(t), bottom + 18, String(t), 'font-size="11" text-anchor="middle"'));
  }
  spec.groups.forEach((g, i) => {
    const y = top + i * rowH;
    if (g.separator && i > 0) body.push(`<line x1="20" y1="${y}" x2="${right}" y2="${y}" stroke="#999"/>`);
    const mid = y + rowH / 2;
    body.push(
      text(
        left - 10,
        g.sublabel ? mid - 2 : mid + 4,
        clip(g.label, labelW - 16, 12),
        `font-size="12" text-anchor="end"${g.strong ? ' font-weight="bold"' : ''}`,
      ),
    );
    if (g.sublabel)
      body.push(
        text(left - 10, mid + 12, clip(g.sublabel, labelW - 16, 11), 'font-size="11" text-anchor="end" fill="#555555"'),
      );
    g.bars.forEach((v, k) => {
      const by = y + 9 + k * barH;
      body.push(
        `<rect x="${left}" y="${by}" width="${n(xpos(v) - left)}" height="${barH - 2}" fill="${spec.series[k].color}"/>`,
      );
      body.push(text(xpos(v) + 4, by + barH - 3, String(v), 'font-size="10" fill="#333333"'));
    });
  });
  body.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#333"/>`);
  body.push(text(left + (right - left) / 2, bottom + 42, spec.xLabel, 'font-size="12" text-anchor="middle"'));
  return svg(W, H, spec.title, body);
}

/** Labels wider than the label column (capped at 340 px) are cut with an ellipsis. */
function clip(s: string, px: number, size: number): string {
  if (width(s, size) <= px + 1) return s;
  return `${s.slice(0, Math.max(1, Math.floor(px / (size * 0.55)) - 1))}…`;
}
