// The lineage drawn for people: each model with its developer, its own and cumulative training compute, an arrow
// from each base to the model built on it labelled with the relation, the assessed models outlined. Layout is
// Graphviz's (dot, compiled to WebAssembly by @viz-js/viz), rendered on the server to inline SVG; the same facts go
// in a text alternative. Every label is escaped twice over: as a DOT string here, and by Graphviz as SVG text.
import { superscript } from './superscript';
import { estimateFlop } from '../core/estimate/flop';
import type { ReferenceTables } from '../core/estimate/reference';
import { addIv, Interval, UNKNOWN_IV, ZERO_IV } from '../core/exact/interval';
import { toNumber } from '../core/exact/decimal';
import { quantity } from '../core/format/numbers';
import type { LineageDocument } from '../core/types';

/** Largest lineage drawn: a graph of hundreds of boxes helps nobody and costs the server; the text still lists them. */
export const MAX_DRAWN = 60;

export interface LineageNode {
  id: string;
  developer: string;
  own: string;
  cumulative: string;
  highlighted: boolean;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: { from: string; to: string; relation: string }[];
}

/** "1.1 × 10^26 FLOP", "1 × 10^23 to 3 × 10^23 FLOP", "at least 5 × 10^24 FLOP (part unknown)", "unknown". */
function flopText(iv: Interval): string {
  const lo = toNumber(iv.lo);
  if (iv.hi === null) return lo === 0 ? 'unknown' : `at least ${quantity(lo, 'flop')} (part unknown)`;
  const hi = toNumber(iv.hi);
  return lo === hi ? quantity(lo, 'flop') : `${quantity(lo, 'flop')} to ${quantity(hi, 'flop')}`;
}

/** The facts the drawing shows, from a validated lineage (pure). */
export function lineageGraph(doc: LineageDocument, ref: ReferenceTables, highlight: readonly string[]): LineageGraph {
  const orgName = new Map((doc.organizations ?? []).map((o) => [o.id, o.name ?? o.id]));
  const byId = new Map(doc.models.map((m) => [m.id, m]));
  const own = new Map<string, Interval>();
  for (const m of doc.models) {
    if (!Array.isArray(m.compute)) own.set(m.id, UNKNOWN_IV);
    else
      own.set(
        m.id,
        m.compute.reduce((acc, r) => addIv(acc, estimateFlop(r, ref).flop), ZERO_IV),
      );
  }
  const cumulative = (id: string): Interval => {
    // Each ancestor once, through diamonds and merges.
    const seen = new Set<string>();
    const stack = [id];
    let total = ZERO_IV;
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      total = addIv(total, own.get(x) ?? UNKNOWN_IV);
      for (const b of byId.get(x)?.baseModels ?? []) stack.push(b.id);
    }
    return total;
  };
  return {
    nodes: doc.models.map((m) => ({
      id: m.id,
      developer: m.developer ? (orgName.get(m.developer) ?? m.developer) : 'developer not given',
      own: flopText(own.get(m.id)!),
      cumulative: flopText(cumulative(m.id)),
      highlighted: highlight.includes(m.id),
    })),
    edges: doc.models.flatMap((m) => (m.baseModels ?? []).map((b) => ({ from: b.id, to: m.id, relation: b.relation }))),
  };
}

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks and other controls dropped. */
export function dotString(s: string): string {
  return `"${s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')}"`;
}

/** The graph in DOT (bases above the models built on them). Labels use \n (DOT's centred line break) between lines. */
export function lineageDot(g: LineageGraph): string {
  // Nodes are named by their model id (a quoted DOT string): Graphviz writes the name as each node's SVG <title>.
  const index = new Map(g.nodes.map((n) => [n.id, dotString(n.id)]));
  const label = (lines: string[]) => lines.map((l) => dotString(superscript(l)).slice(1, -1)).join('\\n');
  const out = [
    'digraph lineage {',
    '  graph [rankdir=TB, bgcolor="transparent", fontname="Helvetica", nodesep=0.4, ranksep=0.5];',
    '  node [shape=box, style="rounded,filled", fillcolor="#f6f8fa", color="#8c959f", fontname="Helvetica", fontsize=11];',
    '  edge [color="#57606a", fontname="Helvetica", fontsize=10];',
  ];
  for (const n of g.nodes) {
    const attrs = [`label="${label([n.id, n.developer, `own: ${n.own}`, `cumulative: ${n.cumulative}`])}"`];
    if (n.highlighted) attrs.push('penwidth=3', 'color="#0969da"', 'fillcolor="#ddf4ff"');
    out.push(`  ${index.get(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of g.edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from && to) out.push(`  ${from} -> ${to} [label=${dotString(` ${e.relation} `)}];`);
  }
  out.push('}');
  return out.join('\n');
}

/** The text alternative: one line per model, and what it is built on. */
export function lineageText(g: LineageGraph): string[] {
  return g.nodes.map((n) => {
    const bases = g.edges.filter((e) => e.to === n.id).map((e) => `${e.relation} of ${e.from}`);
    return `${n.id}${n.highlighted ? ' (assessed)' : ''}, by ${n.developer}: own compute ${n.own}; cumulative ${n.cumulative}${bases.length > 0 ? `; built as ${bases.join(' and ')}` : '; trained from scratch'}.`;
  });
}

type Viz = { renderString(src: string, options: { format: 'svg' }): string };
let viz: Promise<Viz> | undefined;

/** Graphviz's dot layout as SVG (the WebAssembly module loads once per process, on the first drawing). */
export async function renderDotSvg(dot: string): Promise<string> {
  // @viz-js/viz is an ES module; "module": "node16" keeps this import() an import() in the CommonJS build.
  viz ??= import('@viz-js/viz').then((m) => m.instance() as Promise<Viz>);
  const svg = (await viz).renderString(dot, { format: 'svg' });
  // Inline in the page: drop the XML prolog and doctype, name it for assistive technology (the text follows it).
  return svg
    .replace(/^[\s\S]*?(<svg\b)/, '$1')
    .replace(/<svg\b/, '<svg role="img" aria-labelledby="lineage-graph-title" focusable="false"')
    .replace(/<title>[^<]*<\/title>/, '<title id="lineage-graph-title">The lineage drawing</title>');
}

/** The drawing and its text alternative, or undefined when the lineage is too large to draw. */
export async function drawLineage(
  doc: LineageDocument,
  ref: ReferenceTables,
  highlight: readonly string[],
): Promise<{ svg: string; text: string[] } | undefined> {
  const g = lineageGraph(doc, ref, highlight);
  if (g.nodes.length > MAX_DRAWN) return undefined;
  return { svg: await renderDotSvg(lineageDot(g)), text: lineageText(g) };
}
