import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assess } from '../core/assess';
import { loadBuiltinRules, loadReference } from '../io/load';
import { renderPriceCharts } from './price-chart';

const rules = loadBuiltinRules();
const reference = loadReference();
const doc = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'test', 'price', 'fine-tuner-own-only.lineage.json'), 'utf8'),
) as { models: { id: string }[] };
const report = (d: unknown) =>
  assess(d, rules, { asOf: '2026-11-28', reference, selectors: 'illustrative/lineage-cost-100m' }).report;

describe('renderPriceCharts', () => {
  it('draws lineage and own-only cost with the threshold, today/3×/5× and the flip points', () => {
    const html = renderPriceCharts(report(doc));
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svgs).toHaveLength(2);
    for (const s of svgs) {
      expect(s).toContain('role="img"');
      expect(s).toMatch(/<title id="[^"]+">GPU price scenarios for /);
    }
    const tuned = svgs[1];
    expect(tuned).toContain('threshold $100.0M');
    expect(tuned).toContain('>today<');
    expect(tuned).toContain('>3×<');
    expect(tuned).toContain('>5×<');
    // The lineage flips at 1.6× (inside 0.5–6×); own-only at 40× (outside: not drawn, but said in the text).
    expect(tuned).toContain('lineage verdict changes at 1.6× (8/5)');
    expect(tuned).not.toContain('own-only verdict changes');
    expect(html).toContain('counting only own compute and spend (not-captured): captured above 40×');
    expect(html).toMatch(/<table><caption>[^<]+<\/caption><thead><tr><th scope="col">price scale/);
  });

  it('escapes ids from the input', () => {
    const hostile = JSON.parse(JSON.stringify(doc)) as { models: { id: string; baseModels?: { id: string }[] }[] };
    hostile.models[0].id = '<script>alert(1)</script>';
    hostile.models[1].baseModels![0].id = hostile.models[0].id;
    const html = renderPriceCharts(report(hostile));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('is empty when no finding has a dollar test', () => {
    const r = assess(doc, rules, { asOf: '2026-11-28', reference, selectors: 'eu-ai-act/systemic-risk' }).report;
    expect(renderPriceCharts(r)).toBe('');
  });
});
