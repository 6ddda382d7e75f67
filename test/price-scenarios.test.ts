// GPU price scenarios end to end (issue 8): the built CLI's check --price-scale and sweep --price-scales, the HTTP
// API's priceScale and the report page's price chart, all agreeing on the same lineage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app';
import { memoryStore } from '../src/store/store';
import { flopcheck, root } from './helpers/cli';

const ASOF = '2026-11-28';
const RULE = 'ca-sb1047/covered-model';
const file = (name: string) => join(root, 'test', 'price', `${name}.lineage.json`);
const GPU = file('gpu-hours-42m');

interface Out {
  findings: {
    model?: string;
    verdict: string;
    priceSensitivity?: { flipScale: number | null; flipScaleFraction: string | null; scale: string };
  }[];
}
/** check --format json; the default gate (captured, rules in force: SB 1047 was vetoed, so exit 0) as the API's. */
const check = (args: string[]) => {
  const r = flopcheck(['check', ...args, '--as-of', ASOF, '--format', 'json']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return { text: r.out, json: JSON.parse(r.out) as Out };
};
const app = () => createApp({ store: memoryStore(), clock: () => new Date(`${ASOF}T12:00:00Z`), log: () => {} });

describe('check --price-scale', () => {
  it('captures the 1.2 × 10^26 FLOP, $42M-of-GPU-hours model at 3×, not at 2×; flip at 100/42', () => {
    const at3 = check([GPU, '--rules', RULE, '--price-scale', '3']).json.findings[0];
    const at2 = check([GPU, '--rules', RULE, '--price-scale', '2']).json.findings[0];
    expect(at3.verdict).toBe('captured');
    expect(at2.verdict).toBe('not-captured');
    expect(at2.priceSensitivity!.flipScale).toBeCloseTo(2.381, 3);
    expect(at2.priceSensitivity!.flipScaleFraction).toBe('50/21');
    expect(at3.priceSensitivity!.scale).toBe('3');
  });

  it('leaves declared costs as paid unless --price-scale-declared', () => {
    const verdictOf = (args: string[]) =>
      check([file('declared-vs-derived'), '--rules', RULE, '--model', 'lab/declared', ...args]).json.findings[0]
        .verdict;
    expect(verdictOf(['--price-scale', '3'])).toBe('not-captured');
    expect(verdictOf(['--price-scale', '3', '--price-scale-declared'])).toBe('captured');
  });

  it('flips a market-basis test paid under a commitment: the bill list cost moves with GPU prices', () => {
    // SB 1047 counts "average market prices": $491.6M of list cost on the bill, though $87.5M was paid.
    const bill = join(root, 'examples', 'billing-market-basis.lineage.json');
    const at1 = check([bill, '--rules', RULE]).json.findings[0];
    expect(at1.verdict).toBe('captured');
    expect(at1.priceSensitivity!.flipScaleFraction).toBe('250/1229'); // 100 / 491.6
    expect(check([bill, '--rules', RULE, '--price-scale', '0.2']).json.findings[0].verdict).toBe('not-captured');
  });

  it('says in text and Markdown which findings flip within 1–5×', () => {
    const text = flopcheck(['check', GPU, '--rules', RULE, '--as-of', ASOF, '--fail-on', 'never']).out;
    expect(text.replace(/\s+/g, ' ')).toContain("captured above 2.381× today's GPU prices");
    const md = flopcheck(['check', GPU, '--rules', RULE, '--as-of', ASOF, '--format', 'markdown']).out;
    expect(md).toContain('### GPU price scenarios');
    expect(md).toContain('captured above 2.381×');
    // Counting only its own spend the fine-tuner would cross only at 40×.
    const own = flopcheck([
      'check',
      file('fine-tuner-own-only'),
      '--rules',
      'illustrative/lineage-cost-100m',
      '--model',
      'tomato-ai/tuned',
      '--as-of',
      ASOF,
    ]).out.replace(/\s+/g, ' ');
    expect(own).toContain("captured above 1.6× today's GPU prices");
    expect(own).toContain("own compute and spend: captured above 40× today's GPU prices");
  });

  for (const bad of ['0', '-3', 'lots', '1e999'])
    it(`rejects --price-scale ${bad} with exit 2 naming the flag`, () => {
      const r = flopcheck(['check', GPU, '--rules', RULE, '--as-of', ASOF, `--price-scale=${bad}`]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^flopcheck: error: --price-scale: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
});

describe('sweep --price-scales and the API agree with check', () => {
  it('counts captures per scale as check finds them', () => {
    const r = flopcheck([
      'sweep',
      file('declared-vs-derived'),
      '--rule',
      RULE,
      '--price-scales',
      '1..5+1,2.5',
      '--as-of',
      ASOF,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const sweep = JSON.parse(r.out) as { points: { scale: string; readings: { counts: { captured: number } }[] }[] };
    expect(sweep.points.map((p) => p.scale)).toEqual(['1', '2', '2.5', '3', '4', '5']);
    for (const p of sweep.points) {
      const found = check([file('declared-vs-derived'), '--rules', RULE, '--price-scale', p.scale]).json.findings;
      expect(p.readings[0].counts.captured, `at ${p.scale}×`).toBe(
        found.filter((f) => f.verdict === 'captured').length,
      );
    }
    // Exactly 2.5 × $40M… here $42M × 2.5 = $105M passes; × 2 = $84M does not.
    expect(sweep.points.map((p) => p.readings[0].counts.captured)).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it('--format summary (and --by) count at the price scale given', () => {
    const captured = (extra: string[]) => {
      const r = flopcheck([
        'check',
        file('declared-vs-derived'),
        '--rules',
        RULE,
        '--as-of',
        ASOF,
        '--format',
        'summary',
        '--price-scale',
        '3',
        ...extra,
      ]);
      expect(r.code).toBe(0);
      const m = /"captured": (\d+)/.exec(r.out);
      return Number(m![1]);
    };
    expect(captured([])).toBe(1);
    expect(captured(['--by', 'organization'])).toBe(1);
  });

  it('rejects a bad scale list naming --price-scales', () => {
    const r = flopcheck(['sweep', GPU, '--rule', RULE, '--price-scales', '0,1', '--as-of', ASOF]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--price-scales');
  });

  it('POST /api/v1/evaluate?priceScale answers the JSON check --price-scale prints', async () => {
    const body = readFileSync(GPU, 'utf8');
    for (const k of ['2', '3']) {
      const res = await request(app())
        .post(`/api/v1/evaluate?rules=${RULE}&asOf=${ASOF}&priceScale=${k}`)
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(200);
      expect(JSON.parse(res.text)).toEqual(JSON.parse(check([GPU, '--rules', RULE, '--price-scale', k]).text));
    }
  });

  it('answers 400 with errors for a bad priceScale or priceScaleDeclared', async () => {
    const res = await request(app())
      .post(`/api/v1/evaluate?priceScale=-1&priceScaleDeclared=yes`)
      .set('Content-Type', 'application/json')
      .send(readFileSync(GPU, 'utf8'))
      .expect(400);
    const paths = (res.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['query.priceScale', 'query.priceScaleDeclared']);
  });
});

describe('the report page', () => {
  const assess = (doc: string, priceScale = '1') =>
    request(app()).post('/assess').type('form').send({ lineageJson: doc, asOf: ASOF, priceScale, action: 'assess' });

  it("draws the seed case's dollar tests against the price scale, with a text alternative", async () => {
    const res = await assess(readFileSync(join(root, 'examples', 'seed-fine-tuner.lineage.json'), 'utf8')).expect(200);
    // The price charts (the page draws the lineage too, in its own figure).
    const charts = res.text.match(/<figure class="price-chart"><svg[^>]*role="img"[\s\S]*?<\/svg>/g) ?? [];
    expect(charts.length).toBeGreaterThan(0);
    for (const svg of charts) expect(svg).toMatch(/<title[^>]*>[^<]*price[^<]*<\/title>/i);
    expect(res.text).toContain('<table><caption>');
    expect(res.text).toContain('threshold $100.0M');
  });

  it('marks the flip points and takes the scale chosen on the form', async () => {
    const res = await assess(readFileSync(GPU, 'utf8'), '3').expect(200);
    expect(res.text).toMatch(/verdict changes at 2\.381× \(50\/21\)/);
    const bad = await assess(readFileSync(GPU, 'utf8'), '7');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('choose one of');
  });
});

describe('the README examples', () => {
  const ex = (name: string) => join(root, 'examples', 'price', `${name}.lineage.json`);
  it('2,000 H100 × 2,190 h at $5/h crosses a $100M aggregate test above 1000/219 ≈ 4.566×', () => {
    const f = check([ex('h100-run'), '--rules', 'mi-hb4668/large-developer']).json.findings[0];
    expect(f.verdict).toBe('not-captured');
    expect(f.priceSensitivity!.flipScaleFraction).toBe('1000/219');
  });

  it('the $7M fine-tuner of GPU-hours is captured by the lineage rule from above 50/51×, never on its own', () => {
    for (const k of ['1', '3']) {
      const f = check([
        ex('seed-fine-tuner-gpu-hours'),
        '--rules',
        'illustrative/lineage-cost-100m',
        '--model',
        'tomato-ai/legal-110b',
        '--price-scale',
        k,
      ]).json.findings[0] as Out['findings'][number] & {
        wrongfulCapture: boolean;
        priceSensitivity: { ownOnly: { flipScale: number | null } };
      };
      expect(f.verdict).toBe('captured');
      expect(f.wrongfulCapture).toBe(true);
      expect(f.priceSensitivity.flipScaleFraction).toBe('50/51');
      expect(f.priceSensitivity.ownOnly.flipScale).toBeNull();
    }
  });
});
