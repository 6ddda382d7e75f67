// Sweep and variants renderers: aligned text, RFC 4180 CSV, Markdown, and Vega-Lite charts whose SVG is well-formed
// XML (checked by libxml2), escapes every text, and is byte-for-byte deterministic.
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { sweep } from '../src/core/research/sweep';
import { variants } from '../src/core/research/variants';
import type { LineageDocument, Rule } from '../src/core/types';
import { validateLineage } from '../src/core/validate/lineage';
import { statutoryMarkers, sweepChart, variantsChart } from '../src/render/charts';
import { chartSvg } from '../src/render/vega-svg';
import { sweepChangesCsv, variantsChangesCsv } from '../src/render/research-detail';
import { renderSweepCsv, renderSweepText } from '../src/render/sweep';
import { renderVariantsCsv, renderVariantsMarkdown, renderVariantsText } from '../src/render/variants';
import { reference, rules as builtin } from './helpers/engine';
import { HAND_LINEAGE, HAND_RULE } from './helpers/research';

const AS_OF = '2026-11-28';
/** The hand lineage with awkward ids and a title that must be escaped everywhere. */
const ODD_ID = 'c/"odd", <model> | & co';
const RULE: Rule = { ...HAND_RULE, title: 'R&D <test> rule "quoted"' };
function doc(): LineageDocument {
  const raw = JSON.parse(JSON.stringify(HAND_LINEAGE).replace(/c\/range/g, ODD_ID.replace(/"/g, '\\"')));
  const v = validateLineage(raw, reference());
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.doc;
}
const sweepResult = (values = ['1e23', '1e24', '5e24', '1e25', '3e25']) =>
  sweep(doc(), [RULE], { asOf: AS_OF, rule: RULE.id, target: 'lineageFlop', values, changes: true });
const variantsResult = () =>
  variants(doc(), [RULE], {
    asOf: AS_OF,
    variants: [
      {
        id: 'research/at-least',
        title: 'A & B <at least>',
        base: RULE.id,
        patch: { condition: { compare: { op: '>=' } } },
      },
      {
        id: 'research/lower',
        title: 'Lower | line',
        base: RULE.id,
        patch: { condition: { compare: { threshold: { value: '3e24' } } } },
      },
    ],
  });

async function wellFormed(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'chart.svg', contents: xml }], normalization: 'format' });
  return r.valid ? [] : r.errors.map((e) => e.message);
}

describe('sweep chart (Vega-Lite, drawn by vega in Node)', () => {
  const chart = sweepChart(sweepResult(), { statutory: [{ value: 3e24, label: '3 × 10²⁴ FLOP: some/law' }] });

  it('is a Vega-Lite spec with its data: log x axis over decades, the rule’s and other laws’ lines, a legend', () => {
    expect(chart.spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    const text = JSON.stringify(chart.spec);
    expect(text).toContain('"type":"log"');
    expect(text).toContain('threshold on lineageFlop (FLOP, log scale)');
    expect(text).toContain('this rule: > 10²⁵ FLOP');
    expect(text).toContain('3 × 10²⁴ FLOP: some/law');
    expect(chart.columns).toEqual(['reading', 'value', 'threshold', 'series', 'count']);
    // One row per value × series; the counts are the sweep's.
    expect(chart.rows.filter((r) => r.series === 'captured').map((r) => r.count)).toEqual(
      sweepResult().points.map((p) => p.readings[0].counts.captured),
    );
    const hidden = sweepChart(sweepResult(), { hideUncertain: true });
    expect(hidden.rows.some((r) => r.series === 'uncertain')).toBe(false);
    expect(JSON.stringify(hidden.spec)).toContain('Uncertain verdicts');
  });

  it('renders to well-formed SVG with the title, axis titles and legend, the same bytes every time', async () => {
    const svg = await chartSvg(chart);
    expect(await wellFormed(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const t of ['models (count)', 'captured', 'uncertain', 'wrongful captures', '10²⁵'])
      expect(svg).toContain(`>${t}</text>`);
    expect(svg).toContain('R&amp;D &lt;test&gt; rule');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(
      await chartSvg(sweepChart(sweepResult(), { statutory: [{ value: 3e24, label: '3 × 10²⁴ FLOP: some/law' }] })),
    ).toBe(svg);
  });

  it('dollar sweeps get $ ticks; a zero value gives a linear axis; counts over orders of magnitude a symlog axis', async () => {
    const usd = await chartSvg(
      sweepChart({ ...sweepResult(['1e7', '1e8', '1e9']), unit: 'USD', current: '100000000' }),
    );
    for (const t of ['$10M', '$100M', '$1B']) expect(usd).toContain(`>${t}</text>`);
    const lin = sweepChart(sweepResult(['0', '1e25', '2e25']));
    expect(JSON.stringify(lin.spec)).toContain('threshold on lineageFlop (FLOP)"');
    expect(await wellFormed(await chartSvg(lin))).toEqual([]);
    const many = sweepResult();
    many.points[0].readings[0].counts.uncertain = 5000;
    expect(JSON.stringify(sweepChart(many).spec)).toContain('"symlog"');
  });

  it('marks the thresholds of laws in force on the date, in the chart’s unit', () => {
    const m = statutoryMarkers(builtin(), AS_OF, 'FLOP');
    expect(m.map((x) => x.value)).toEqual(expect.arrayContaining([1e25, 1e26]));
    expect(m.find((x) => x.value === 1e25)!.label).toContain('eu-ai-act/systemic-risk');
  });
});

describe('variants chart', () => {
  it('draws one bar per rule or variant and series, escapes titles, and is deterministic', async () => {
    const c = variantsChart(variantsResult());
    expect(c.rows).toHaveLength(3 * 3);
    const svg = await chartSvg(c);
    expect(await wellFormed(svg)).toEqual([]);
    expect(svg).toBe(await chartSvg(variantsChart(variantsResult())));
    expect(svg).toContain('models (count)');
    expect(svg).toContain('↳ research/at-least');
  });
});

describe('text, CSV and Markdown', () => {
  it("aligns the sweep table and marks the rule's own value", () => {
    const t = renderSweepText(sweepResult());
    const lines = t.split('\n');
    const head = lines.find((l) => l.includes('THRESHOLD'))!;
    const row = lines.find((l) => l.startsWith('  *'))!;
    expect(row).toMatch(/^ {2}\* {2}1e25 {7}10\^25 FLOP/);
    expect(head.indexOf('CAPTURED') + 'CAPTURED'.length).toBe(row.indexOf(' 2 ') + 2); // right-aligned under the heading
    expect(t).toContain(`        ${ODD_ID}: captured → uncertain`);
  });

  it('writes RFC 4180 CSV: CRLF, quoted fields with commas and doubled quotes', () => {
    const c = renderSweepCsv(sweepResult());
    const lines = c.split('\r\n');
    expect(lines[0]).toBe(
      'rule,interpretation,value,unit,rule_value,captured,not_captured,uncertain,not_applicable,wrongful_captures,changed',
    );
    expect(lines[1]).toBe('research/lineage-flop,,1e23,FLOP,false,4,1,1,0,0,0');
    expect(lines[3]).toBe('research/lineage-flop,,5e24,FLOP,false,3,1,2,0,1,1');
    // The changes themselves: one row each (sweep --changes --format csv), quoted as RFC 4180 says.
    expect(sweepChangesCsv(sweepResult()).split('\r\n')).toContain(
      'research/lineage-flop,,1e24,5e24,FLOP,"c/""odd"", <model> | & co",captured,uncertain',
    );
    expect(lines[lines.length - 1]).toBe('');
    expect(c.replace(/\r\n/g, '')).not.toContain('\n');
    const v = renderVariantsCsv(variantsResult()).split('\r\n');
    expect(v[0]).toBe(
      'rule,base,interpretation,subject,captured,not_captured,uncertain,not_applicable,wrongful_captures,differ',
    );
    expect(v[2]).toBe('research/at-least,research/lineage-flop,,model,3,1,2,0,1,1');
    expect(variantsChangesCsv(variantsResult()).split('\r\n')).toContain(
      'research/at-least,research/lineage-flop,,,a/base,not-captured,captured',
    );
  });

  it('escapes pipes in Markdown tables and lists the differences', () => {
    const md = renderVariantsMarkdown(variantsResult());
    expect(md).toContain('| Rule or variant | Reading | Captured |');
    expect(md).toContain('| `↳ research/at-least` | — | 3 | 1 | 2 | 0 | 1 | 1 |');
    expect(md).toContain('- a/base: not-captured → captured');
    expect(md).toContain('- c/"odd", &lt;model&gt; \\| &amp; co: uncertain → captured');
    expect(md).not.toContain('<model>');
    expect(md).toContain('### `research/lower`: Lower \\| line');
    const t = renderVariantsText(variantsResult());
    expect(t).toContain('  research/at-least');
    expect(t).toContain('1 differ from research/lineage-flop.'.replace('.', ':'));
  });
});
