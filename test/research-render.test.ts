// Sweep and variants renderers: aligned text, RFC 4180 CSV, Markdown, and SVG that is well-formed XML (checked by
// libxml2), escapes every text, and is byte-for-byte deterministic.
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { sweep } from '../src/core/research/sweep';
import { variants } from '../src/core/research/variants';
import type { LineageDocument, Rule } from '../src/core/types';
import { validateLineage } from '../src/core/validate/lineage';
import { renderBarChart, renderLineChart } from '../src/render/chart-svg';
import { sweepChangesCsv, variantsChangesCsv } from '../src/render/research-detail';
import { renderSweepCsv, renderSweepSvg, renderSweepText } from '../src/render/sweep';
import {
  renderVariantsCsv,
  renderVariantsMarkdown,
  renderVariantsSvg,
  renderVariantsText,
} from '../src/render/variants';
import { reference } from './helpers/engine';
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

describe('sweep SVG', () => {
  const svg = renderSweepSvg(sweepResult());

  it("is well-formed XML with the SVG namespace, a title, axes with units, a legend and the rule's threshold", async () => {
    expect(await wellFormed(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain(
      '<title>research/lineage-flop: models by verdict as the lineageFlop threshold varies</title>',
    );
    expect(svg).toContain('threshold on lineageFlop (FLOP, log scale)');
    expect(svg).toContain('models (count)');
    for (const name of ['captured', 'uncertain', 'wrongful captures']) expect(svg).toContain(`>${name}</text>`);
    expect(svg).toMatch(/stroke-dasharray="4 3"/); // the marker at the rule's own value
    expect(svg).toContain('rule: &gt; 10<tspan dy="-5" font-size="75%">25</tspan>');
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg.match(/<circle /g)).toHaveLength(15);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('is the same bytes every time', () => {
    expect(renderSweepSvg(sweepResult())).toBe(svg);
  });

  it('escapes text and falls back to a linear axis with a zero threshold; dollars get $ ticks', async () => {
    const title = renderLineChart({
      title: 'A & B <c> "d" \'e\'',
      xLabel: '<x>',
      yLabel: '&y',
      log: false,
      tick: (x) => `<${x}>`,
      series: [{ name: '<s>', color: '#000' }],
      xs: [0, 5],
      panels: [{ title: '&p', ys: [[1, 2]] }],
      markers: [{ x: 1, label: '<m>' }],
    });
    expect(await wellFormed(title)).toEqual([]);
    expect(title).toContain('A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;');
    expect(title).not.toMatch(/<(x|s|m|0|5)>/);
    const usd = renderSweepSvg({ ...sweepResult(['1e7', '1e8', '1e9']), unit: 'USD', current: '100000000' });
    expect(usd).toContain('(USD, log scale)');
    for (const t of ['$10M', '$100M', '$1B', 'rule: &gt; $100.0M']) expect(usd).toContain(`>${t}</text>`);
    const lin = renderSweepSvg(sweepResult(['0', '1e25', '2e25']));
    expect(lin).toContain('threshold on lineageFlop (FLOP)');
    expect(await wellFormed(lin)).toEqual([]);
  });
});

describe('variants SVG', () => {
  it('draws three bars per row, escapes titles, and is deterministic', async () => {
    const svg = renderVariantsSvg(variantsResult());
    expect(await wellFormed(svg)).toEqual([]);
    expect(svg).toBe(renderVariantsSvg(variantsResult()));
    expect(svg.match(/<rect x="\d[^"]*" y="\d[^"]*" width="[^"]*" height="9"/g)).toHaveLength(9);
    expect(svg).toContain('models (count)');
    expect(svg).toContain('1 differ from base');
    const bars = renderBarChart({
      title: '<&>',
      xLabel: 'n',
      series: [{ name: 'a', color: '#000' }],
      groups: [{ label: '"l"', bars: [3] }],
    });
    expect(await wellFormed(bars)).toEqual([]);
    expect(bars).toContain('&lt;&amp;&gt;');
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
