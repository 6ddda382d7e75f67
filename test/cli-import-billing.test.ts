// `flopcheck import billing` through the built CLI: a FOCUS bill with AWS, Azure and Google Cloud lines in, a compute
// document `check --compute` takes out (or records appended to a lineage); FLOP from bills is a range, so a verdict
// near a threshold is uncertain unless the user states the utilization; a market-basis rule names the bill's list cost.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flopcheck, root } from './helpers/cli';

const tmp = mkdtempSync(join(tmpdir(), 'flopcheck-billing-'));
const bill = join(root, 'test', 'billing', 'focus-three-clouds.csv');

const HEAD =
  'ProviderName,ServiceCategory,ChargeCategory,ChargeClass,ChargePeriodStart,ChargePeriodEnd,ConsumedQuantity,ConsumedUnit,PricingCategory,BilledCost,EffectiveCost,ListCost,ContractedCost,BillingCurrency,x_UsageType';
/** 8,772 p5.48xlarge hours = 70,176 H100-hours: about 10^23 FLOP at 40% utilization, the EU indicative GPAI line. */
const nearLine = `${HEAD}\nAWS,Compute,Usage,,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,8772,Hrs,On-Demand,862463.04,862463.04,862463.04,862463.04,USD,USE1-BoxUsage:p5.48xlarge\n`;
const lineage = {
  lineageVersion: 1,
  organizations: [{ id: 'tomato-ai', name: 'Tomato AI' }],
  models: [{ id: 'tomato-ai/own-7b', developer: 'tomato-ai', released: '2026-03-01', generates: ['text'] }],
};

describe('flopcheck import billing', () => {
  it('writes a compute document from the GPU lines, reports what it left out, and check --compute reads it', () => {
    const out = join(tmp, 'compute.json');
    const r = flopcheck([
      'import',
      'billing',
      bill,
      '--tag',
      'project=legal-8b',
      '--developer',
      'tomato-ai',
      '--model',
      'tomato-ai/legal-8b',
      '--out',
      out,
    ]);
    expect(r.err).toContain('you paid $2.8k for 528 accelerator-hours');
    expect(r.err).toContain('at list (on-demand) prices the same accelerator-hours cost $6.4k');
    expect(r.err).toContain('$120.50 of non-accelerator spend not counted');
    expect(r.err).toContain('unknown compute type "m7i.large": $10.08 on lines 8');
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    const hours = doc.compute
      .map((c: any) => c.hardware.count * c.hardware.hours)
      .reduce((a: number, b: number) => a + b, 0);
    expect(hours).toBe(528);
    const c = flopcheck([
      'check',
      '--model-card',
      join(root, 'examples', 'ci', 'README.md'),
      '--compute',
      out,
      '--rules',
      'eu-ai-act,ca-sb1047',
      '--as-of',
      '2026-11-28',
      '--format',
      'json',
    ]);
    expect(c.err).toBe('');
    expect(c.code).toBe(0);
    const f = JSON.parse(c.out).findings.find(
      (x: any) => x.model === 'tomato-ai/legal-8b' && x.rule === 'ca-sb1047/covered-model',
    );
    expect(f.verdict).toBe('not-captured');
  });

  it('appends to a model of a lineage; a range straddling 10^23 is uncertain, a stated utilization decides', () => {
    writeFileSync(join(tmp, 'near.csv'), nearLine);
    writeFileSync(join(tmp, 'lineage.json'), JSON.stringify(lineage));
    const verdict = (extra: string[]) => {
      const r = flopcheck(
        [
          'import',
          'billing',
          'near.csv',
          '--into',
          'lineage.json',
          '--model',
          'tomato-ai/own-7b',
          '--out',
          'out.json',
          ...extra,
        ],
        { cwd: tmp },
      );
      expect(r.code, r.err).toBe(0);
      const c = flopcheck(
        [
          'check',
          'out.json',
          '--rules',
          'eu-ai-act/gpai-indicative',
          '--as-of',
          '2026-11-28',
          '--format',
          'json',
          '--fail-on',
          'never',
        ],
        { cwd: tmp },
      );
      expect(c.code, c.err).toBe(0);
      return JSON.parse(c.out).findings.find((x: any) => x.model === 'tomato-ai/own-7b').verdict;
    };
    expect(verdict([])).toBe('uncertain');
    expect(verdict(['--utilization', '0.6'])).toBe('captured');
    expect(verdict(['--utilization', '0.2..0.3'])).toBe('not-captured');
  });

  it('exits 2 naming the line for a currency without a rate, and converts with one', () => {
    writeFileSync(join(tmp, 'eur.csv'), nearLine.replace(',USD,', ',EUR,'));
    const r = flopcheck(['import', 'billing', 'eur.csv'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'flopcheck: error: eur.csv:2: BillingCurrency is EUR, not USD: give its rate with --rate EUR=<US dollars per EUR>',
    );
    expect(r.err).not.toMatch(/\n\s+at /);
    const ok = flopcheck(['import', 'billing', 'eur.csv', '--rate', 'EUR=1.5'], { cwd: tmp });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).compute[0].costUsd).toBe(1293694.56);
  });

  it('exits 2 on usage errors: --into without --model, a bad --map, a bad --utilization, a file that is not FOCUS', () => {
    const cases: [string[], RegExp][] = [
      [['--into', 'lineage.json'], /--into lineage\.json: a lineage needs --model/],
      [['--map', 'm7i.large=warp-drivex8'], /unknown accelerator "warp-drive"/],
      [['--utilization', '1.5'], /--utilization 1.5: give a fraction/],
    ];
    for (const [args, msg] of cases) {
      const r = flopcheck(['import', 'billing', bill, ...args], { cwd: tmp });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
    writeFileSync(join(tmp, 'other.csv'), 'a,b\n1,2\n');
    const r = flopcheck(['import', 'billing', 'other.csv'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/other\.csv:1: missing FOCUS columns ChargeCategory/);
  });
});

describe('README: what you paid versus the market', () => {
  it('prints, for the command shown, the lines shown', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /```sh\n\s*\$ (flopcheck check examples\/billing-market-basis[^\n]*)\n([\s\S]*?)```/.exec(readme)!;
    expect(block, 'the README shows the command').not.toBeNull();
    const args = block[1].split(/\s+/).slice(1);
    const r = flopcheck(args, { cwd: root });
    expect(r.code, r.err).toBe(0);
    const out = r.out.replace(/\s+/g, ' ');
    for (const line of block[2].split('\n').filter((l) => l.trim() !== '' && l.trim() !== '…'))
      expect(out).toContain(line.trim().replace(/\s+/g, ' '));
  });

  it('a finding of a market-basis rule names the source of its dollar figure', () => {
    const r = flopcheck(
      [
        'check',
        join(root, 'examples', 'billing-market-basis.lineage.json'),
        '--rules',
        'ca-sb1047/covered-model',
        '--as-of',
        '2025-12-01',
        '--format',
        'json',
      ],
      { cwd: root },
    );
    const f = JSON.parse(r.out).findings[0];
    const cost = f.measures.find((m: any) => m.id === 'trainingCost');
    expect(cost.methods).toEqual(['bill-list-price']);
    expect(cost.observed.exact).toBe('491600000');
    expect(f.explanation.find((e: any) => e.id === 'compare.market-basis').text).toContain(
      'you paid $87.5M under Commitment-Based pricing',
    );
  });
});
