// FOCUS bills → compute records: exact accelerator-hours and costs of the GPU lines of AWS, Azure and Google Cloud,
// everything else totalled, tags and resources filtered, and bad bills refused with the line named.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/validate/errors';
import Ajv from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { schemaErrors } from '../core/validate/schema';
import type { CloudAcceleratorTable } from '../generated/cloud-accelerators';
import { importFocusCsv, BillingImportOptions, lastDayOf } from './focus';
import { Matcher, normalizeName, parseMapping, secondsPerUnit } from './focus-match';
import { paidVersusList, summaryLines } from './focus-summary';

const root = join(__dirname, '..', '..');
const table = JSON.parse(
  readFileSync(join(root, 'rules', 'reference', 'cloud-accelerators.json'), 'utf8'),
) as CloudAcceleratorTable;
const accelerators = JSON.parse(readFileSync(join(root, 'rules', 'reference', 'accelerators.json'), 'utf8')) as {
  accelerators: { id: string }[];
};
const known = new Set(accelerators.accelerators.map((a) => a.id));
const bill = readFileSync(join(root, 'test', 'billing', 'focus-three-clouds.csv'), 'utf8');
const run = (o: Partial<BillingImportOptions> = {}, text = bill) =>
  importFocusCsv(text, { name: 'focus.csv', table, ...o });

function errorsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.errors.map((x) => `${x.path}: ${x.message}`);
    throw e;
  }
  return [];
}

describe('the cloud accelerator table (rules/reference/cloud-accelerators.json)', () => {
  it('validates against its schema, names only known accelerators, and every non-host entry has a count', () => {
    const schema = JSON.parse(
      readFileSync(join(root, 'schemas', 'reference', 'cloud-accelerators.schema.json'), 'utf8'),
    );
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    expect(schemaErrors(ajv.compile(schema), table)).toEqual([]);
    for (const e of table.entries) {
      if (e.kind === 'host') {
        expect(e.accelerator, e.names[0]).toBeUndefined();
        expect(e.accelerators?.length, `${e.names[0]}: the machines' accelerators`).toBeGreaterThan(0);
        for (const a of e.accelerators ?? []) expect(known.has(a), a).toBe(true);
      } else {
        expect(e.accelerators, e.names[0]).toBeUndefined();
        expect(known.has(e.accelerator!), e.names[0]).toBe(true);
        expect(e.count, e.names[0]).toBeGreaterThanOrEqual(1);
      }
    }
    const u = table.defaultUtilization;
    expect(u.low).toBeLessThan(u.central);
    expect(u.central).toBeLessThan(u.high);
  });

  it('has each name once, so a bill line cannot match two entries equally', () => {
    const names = table.entries.flatMap((e) => e.names.map(normalizeName));
    expect(new Set(names).size).toBe(names.length);
  });

  it('maps the instance types the issue names', () => {
    const m = new Matcher(table);
    const cases: [string, string, number][] = [
      ['USE1-BoxUsage:p5.48xlarge', 'nvidia-h100-sxm', 8],
      ['p4d.24xlarge', 'nvidia-a100-40gb', 8],
      ['p4de.24xlarge', 'nvidia-a100-80gb', 8],
      ['Standard_ND96isr_H100_v5', 'nvidia-h100-sxm', 8],
      ['ND96amsr A100 v4', 'nvidia-a100-80gb', 8],
      ['a3-highgpu-8g', 'nvidia-h100-sxm', 8],
      ['a2-ultragpu-8g', 'nvidia-a100-80gb', 8],
      ['Nvidia H100 80GB GPU running in Americas', 'nvidia-h100-sxm', 1],
      ['trn1.32xlarge', 'aws-trainium1', 16],
      ['TPU v5p chip running in Americas', 'google-tpu-v5p', 1],
    ];
    for (const [text, acc, count] of cases) expect(m.match([text]), text).toMatchObject({ accelerator: acc, count });
    // Whole words only: p5.48xlarge is not p5e.48xlarge, and an m7i is no GPU.
    expect(m.match(['p5e.48xlarge'])).toMatchObject({ accelerator: 'nvidia-h200-sxm' });
    expect(m.match(['m7i.large'])).toBeUndefined();
    // A Google GPU line that also carries its machine type counts one GPU per unit; a host line no GPU at all.
    expect(m.match(['a3-highgpu-8g', 'Nvidia H100 80GB GPU running in Americas'])).toMatchObject({
      kind: 'accelerator',
      count: 1,
    });
    expect(m.match(['a3-highgpu-8g', 'A3 Instance Core running in Americas'])).toMatchObject({ kind: 'host' });
  });
});

describe('units and mappings', () => {
  it('reads the time units providers write', () => {
    expect(['Hrs', 'Hours', 'hour', '1 Hour', 'GPU-hours'].map(secondsPerUnit)).toEqual([3600, 3600, 3600, 3600, 3600]);
    expect(secondsPerUnit('10 Hours')).toBe(36000);
    expect(secondsPerUnit('seconds')).toBe(1);
    expect(['GB-Mo', 'GB/Month', 'Requests', ''].map(secondsPerUnit)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
  it('parses --map and refuses unknown accelerators', () => {
    expect(parseMapping('m7i.large=nvidia-h100-sxmx8', known)).toEqual({
      name: 'm7i.large',
      accelerator: 'nvidia-h100-sxm',
      count: 8,
    });
    expect(parseMapping('x=no-such-gpux8', known)).toMatch(/unknown accelerator "no-such-gpu"/);
    expect(parseMapping('p5.48xlarge', known)).toMatch(/expected <sku-or-type>=<accelerator>x<count>/);
  });
  it('takes the last day a FOCUS period (exclusive end) covers', () => {
    expect(lastDayOf('2026-01-11T00:00:00Z')).toBe('2026-01-10');
    expect(lastDayOf('2026-03-01T00:00:00Z')).toBe('2026-02-28');
    expect(lastDayOf('2026-01-11T05:00:00Z')).toBe('2026-01-11');
  });
});

describe('importFocusCsv on a bill with AWS, Azure and Google Cloud lines', () => {
  const r = run({ tags: [['project', 'legal-8b']] });

  it('yields the exact accelerator-hours and effective cost of the GPU lines, one record per accelerator and day', () => {
    const recs = r.records.map((x) => [
      x.hardware!.accelerator,
      x.hardware!.count,
      x.hardware!.hours,
      x.costUsd,
      x.start,
      x.end,
    ]);
    expect(recs).toEqual([
      ['nvidia-h100-sxm', 8, 24, 600, '2026-01-10', '2026-01-10'], // AWS p5, savings plan
      ['nvidia-h100-sxm', 8, 8, 786.56, '2026-01-10', '2026-01-10'], // Azure ND H100 v5, 10 h less a 2 h correction
      ['nvidia-h100-sxm', 1, 80, 930, '2026-01-10', '2026-01-10'], // Google, 288,000 GPU-seconds + $50 of A3 cores
      ['nvidia-h100-sxm', 8, 24, 500, '2026-01-11', '2026-01-11'], // AWS p5 less a $100 credit
    ]);
    expect(r.summary.accelerator.acceleratorHours).toBe(528);
    expect(r.summary.accelerator.cost).toEqual({
      effective: '2816.56',
      billed: '1616.56',
      list: '6435.92',
      contracted: '6435.92',
    });
  });

  it('keeps every cost column and the pricing category in the provenance', () => {
    const aws = r.records[0];
    expect(aws.billing).toMatchObject({
      format: 'FOCUS',
      file: 'focus.csv',
      rows: '2',
      providers: ['AWS'],
      pricingCategories: ['Commitment-Based'],
      costBasis: 'effective',
      billedCostUsd: 0,
      effectiveCostUsd: 600,
      listCostUsd: 2359.68,
    });
    expect(aws.source).toMatch(
      /^focus\.csv line 2: p5\.48xlarge \(8 × nvidia-h100-sxm per instance\); Commitment-Based pricing; effective cost/,
    );
    expect(r.records[3].billing!.rows).toBe('3, 12');
    expect(r.records[1].billing!.rows).toBe('5, 13');
  });

  it('says what was paid and what the same hours cost at list prices', () => {
    expect(paidVersusList(r.summary)).toBe(
      'you paid $2.8k for 528 accelerator-hours (effective cost, commitments amortized; Commitment-Based $1.1k, On-Demand $1.7k); at list (on-demand) prices the same accelerator-hours cost $6.4k',
    );
  });

  it('leaves nothing out silently: other services, hosts, unknown types and filtered lines are totalled', () => {
    const s = r.summary;
    expect(s.otherServices).toEqual({ rows: 1, costUsd: '120.5' });
    expect(s.hosts).toEqual({ rows: 0, costUsd: '0' });
    expect(s.hostsCounted).toEqual({ rows: 1, costUsd: '50' });
    expect(s.unknown).toEqual([{ label: 'm7i.large', lines: [8], costUsd: '10.08' }]);
    expect(s.filteredOut).toEqual({ rows: 4, costUsd: '2539.68' }); // vision project (30 + 2359.68), tax 150 and purchase (0 effective) carry no legal-8b tag
    const text = summaryLines(s).join('\n');
    expect(text).toContain('$120.50 of non-accelerator spend not counted');
    expect(text).toContain('unknown compute type "m7i.large": $10.08 on lines 8');
  });

  it('without a tag filter counts the other project too, and totals taxes and purchases', () => {
    const all = run();
    expect(all.summary.accelerator.acceleratorHours).toBe(528 + 192);
    expect(all.summary.taxes).toEqual({ rows: 1, costUsd: '150' });
    expect(all.summary.purchases).toEqual({ rows: 1, costUsd: '0' }); // effective cost: amortized into usage
    expect(run({ costBasis: 'billed' }).summary.purchases).toEqual({ rows: 1, costUsd: '1200' });
  });

  it('filters by resource glob', () => {
    const onlyAzure = run({ resource: '/subscriptions/*' });
    expect(onlyAzure.records.map((x) => x.hardware!.hours)).toEqual([8]);
  });

  it('gives a utilization range by default and a point when told', () => {
    expect(r.records[0].hardware).toMatchObject({ utilizationRange: { low: 0.2, central: 0.4, high: 0.6 } });
    expect(run({ utilization: 0.35 }).records[0].hardware).toMatchObject({ utilization: 0.35 });
  });

  it('counts a type the user maps, and lists it no more', () => {
    const mapped = run({
      tags: [['project', 'legal-8b']],
      maps: [{ name: 'm7i.large', accelerator: 'nvidia-l40s', count: 1 }],
    });
    expect(mapped.summary.unknown).toEqual([]);
    expect(mapped.records.find((x) => x.hardware!.accelerator === 'nvidia-l40s')).toMatchObject({
      hardware: { count: 1, hours: 100 },
      costUsd: 10.08,
    });
  });

  it('makes one record per line when asked', () => {
    expect(run({ per: 'line', tags: [['project', 'legal-8b']] }).records).toHaveLength(4);
  });
});

describe('CPU and memory of GPU machines billed on their own lines (Google Cloud A2/A3)', () => {
  const hosts = run({}, readFileSync(join(root, 'test', 'billing', 'focus-google-a3-hosts.csv'), 'utf8'));

  it("adds them to the cost of their machines' GPUs, same day and pricing category, never to another provider's", () => {
    expect(
      hosts.records.map((x) => [x.hardware!.count * x.hardware!.hours, x.costUsd, x.billing!.listCostUsd, x.start]),
    ).toEqual([
      [640, 3688.64, 8003.58, '2026-02-01'], // H100 GPU-hours + A3 cores and memory, 3-year commitment
      [80, 983.2, 983.2, '2026-02-01'], // Azure ND H100 v5: nothing of Google's machines
      [80, 254, 936.8, '2026-02-02'], // Spot H100 + Spot A3 cores
    ]);
    expect(hosts.records[0].billing!.rows).toBe('2-4');
    expect(hosts.records[0].source).toContain('2 CPU/memory line(s) of the machines');
    expect(hosts.summary.accelerator.acceleratorHours).toBe(800);
  });

  it('reports host lines with no usage of their GPUs in the file, and counts no accelerator-hours for any', () => {
    expect(hosts.summary.hostsCounted).toEqual({ rows: 3, costUsd: '592.24' });
    expect(hosts.summary.hosts).toEqual({ rows: 1, costUsd: '30' });
    const text = summaryLines(hosts.summary).join('\n');
    expect(text).toContain(
      '$592.24 of CPU and memory of GPU machines, billed on their own lines, counted with their GPUs (3 lines)',
    );
    expect(text).toContain('$30.00 of CPU and memory of GPU machines not counted: no usage of their GPUs in the file');
  });
});

describe('bad bills', () => {
  const head =
    'ChargeCategory,ChargePeriodStart,ChargePeriodEnd,ConsumedQuantity,ConsumedUnit,BillingCurrency,EffectiveCost,x_UsageType';
  it('names the missing FOCUS columns', () => {
    expect(errorsOf(() => run({}, 'a,b\n1,2\n'))).toEqual([
      expect.stringMatching(/^focus\.csv:1: missing FOCUS columns ChargeCategory, /),
    ]);
  });
  it('refuses currencies other than USD unless a rate is given, and converts exactly with one', () => {
    const eur = `${head}\nUsage,2026-01-10T00:00:00Z,2026-01-11T00:00:00Z,24,Hrs,EUR,1000,BoxUsage:p5.48xlarge\n`;
    expect(errorsOf(() => run({}, eur))).toEqual([
      'focus.csv:2: BillingCurrency is EUR, not USD: give its rate with --rate EUR=<US dollars per EUR>',
    ]);
    const conv = run({ rates: { EUR: 1.08 } }, eur).records[0];
    expect(conv.costUsd).toBe(1080);
    expect(conv.billing).toMatchObject({ currency: 'EUR', exchangeRate: 1.08, effectiveCostUsd: 1080 });
    // A line in another currency that the tag filter leaves out needs no rate.
    const mixed = `${head},Tags\nUsage,2026-01-10T00:00:00Z,2026-01-11T00:00:00Z,24,Hrs,EUR,1000,BoxUsage:p5.48xlarge,{}\nUsage,2026-01-10T00:00:00Z,2026-01-11T00:00:00Z,24,Hrs,USD,1000,BoxUsage:p5.48xlarge,"{""p"":""x""}"\n`;
    const m = run({ tags: [['p', 'x']] }, mixed);
    expect(m.records.map((x) => x.costUsd)).toEqual([1000]);
    expect(m.summary.filteredOut.rows).toBe(1);
    expect(m.summary.warnings).toEqual([
      'lines outside --tag/--resource in EUR are counted but not totalled in dollars',
    ]);
  });
  it('names the line of a bad number, a bad date and a non-time unit on a GPU line', () => {
    const t = `${head}\nUsage,2026-01-10T00:00:00Z,2026-01-11T00:00:00Z,24x,Hrs,USD,1,p5.48xlarge\nUsage,yesterday,2026-01-11T00:00:00Z,1,Hrs,USD,1,p5.48xlarge\nUsage,2026-01-10T00:00:00Z,2026-01-11T00:00:00Z,1,GB-Mo,USD,1,p5.48xlarge\n`;
    expect(errorsOf(() => run({}, t))).toEqual([
      'focus.csv:2: ConsumedQuantity is not a number: "24x"',
      'focus.csv:3: ChargePeriodStart and ChargePeriodEnd must be ISO 8601 date-times (e.g. 2026-01-10T00:00:00Z)',
      'focus.csv:4: ConsumedUnit "GB-Mo" of a p5.48xlarge line is not a time unit (hours or seconds); map it with --map or report the line',
    ]);
  });
});
