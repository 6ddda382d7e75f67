// FOCUS cost-and-usage CSV (FinOps Foundation, versions 1.0–1.2: AWS Data Exports, Azure Cost Management, Google
// Cloud's FOCUS export) → compute records with accelerator-hours, cost and billing provenance. Pure: text in, records
// and a summary of everything left out out. Nothing is dropped silently: other services, taxes, purchases, unused
// commitments, credits and unknown compute types are all totalled in the summary.
import type { ComputeRecord } from '../core/types';
import { Dec, ZERO, add, cmp, fromNumber, mul, parseDec, sign, toString } from '../core/exact/decimal';
import { InputError, InputErrorItem } from '../core/validate/errors';
import type { CloudAcceleratorTable } from '../generated/cloud-accelerators';
import { parseCsv } from './csv';
import { LineMatch, MATCH_COLUMNS, Matcher, UserMapping, secondsPerUnit } from './focus-match';
import { DaySpan, Group, finishGroups, groupKey, newGroup } from './focus-groups';

export type CostBasis = 'billed' | 'effective' | 'list' | 'contracted';
export const COST_COLUMNS: Record<CostBasis, string> = {
  billed: 'BilledCost',
  effective: 'EffectiveCost',
  list: 'ListCost',
  contracted: 'ContractedCost',
};
const BASES = Object.keys(COST_COLUMNS) as CostBasis[];

export interface BillingImportOptions {
  /** File name, for sources and error places. */
  name: string;
  table: CloudAcceleratorTable;
  /** Which cost column becomes costUsd (default effective: amortized commitments, after discounts). */
  costBasis?: CostBasis;
  /** Keep only rows whose Tags hold every key=value pair. */
  tags?: readonly [string, string][];
  /** Keep only rows whose ResourceId or ResourceName matches this glob (* and ?). */
  resource?: string;
  phase?: ComputeRecord['phase'];
  /** A point, or a range; default the table's documented range. */
  utilization?: number | { low: number; high: number; central?: number };
  /** One record per bill line, or per (accelerator, count, day, pricing category) (default). */
  per?: 'line' | 'day';
  maps?: readonly UserMapping[];
  /** US dollars per unit of a billing currency other than USD. */
  rates?: Readonly<Record<string, number>>;
}

/** Spend totals in US dollars (exact decimal strings) with the bill lines they come from. */
export interface SpendBucket {
  rows: number;
  costUsd: string;
}

export interface UnknownType {
  /** What the line calls itself (instance type, meter or description). */
  label: string;
  lines: number[];
  costUsd: string;
  gpuCount?: number;
}

export interface BillingSummary {
  rows: number;
  costBasis: CostBasis;
  filteredOut: SpendBucket;
  /** The records' lines: accelerator-hours and every cost column, in total and by PricingCategory. */
  accelerator: {
    rows: number;
    acceleratorHours: number;
    cost: Record<CostBasis, string>;
    byPricing: { category: string; cost: Record<CostBasis, string> }[];
  };
  otherServices: SpendBucket;
  /** CPU and memory lines of GPU machines with no usage of their accelerators in the file to join (not counted). */
  hosts: SpendBucket;
  /** CPU and memory lines of GPU machines whose cost was added to their accelerators' records. */
  hostsCounted: SpendBucket;
  taxes: SpendBucket;
  purchases: SpendBucket;
  unusedCommitments: SpendBucket;
  unappliedCredits: SpendBucket;
  unknown: UnknownType[];
  warnings: string[];
}

export interface BillingImport {
  records: ComputeRecord[];
  summary: BillingSummary;
}

type Row = { cells: string[]; line: number };

function globRegex(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

function bucket(): { rows: number; cost: Dec } {
  return { rows: 0, cost: ZERO };
}
const out = (b: { rows: number; cost: Dec }): SpendBucket => ({ rows: b.rows, costUsd: toString(b.cost) });

export function importFocusCsv(text: string, o: BillingImportOptions): BillingImport {
  const table = parseCsv(text, o.name);
  const basis = o.costBasis ?? 'effective';
  const col = new Map(table.header.map((h, i) => [h, i]));
  const need = [
    'ChargeCategory',
    'ChargePeriodStart',
    'ChargePeriodEnd',
    'ConsumedQuantity',
    'ConsumedUnit',
    'BillingCurrency',
    COST_COLUMNS[basis],
  ];
  const missing = need.filter((c) => !col.has(c));
  if (missing.length > 0) {
    throw new InputError(
      [
        {
          path: `${o.name}:1`,
          message: `missing FOCUS column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (is this a FOCUS 1.0–1.2 cost and usage export?)`,
        },
      ],
      'bill',
    );
  }
  const errors: InputErrorItem[] = [];
  const get = (r: Row, c: string) => {
    const i = col.get(c);
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };
  const num = (r: Row, c: string): Dec | null => {
    const s = get(r, c);
    if (s === '' || /^null$/i.test(s)) return null;
    const d = parseDec(s);
    if (!d) errors.push({ path: `${o.name}:${r.line}`, message: `${c} is not a number: "${s.slice(0, 40)}"` });
    return d ?? null;
  };
  const matcher = new Matcher(o.table, o.maps ?? []);
  const resourceRe = o.resource === undefined ? undefined : globRegex(o.resource);

  const groups = new Map<string, Group>();
  const costOnly: { match: LineMatch; day: string; costs: Record<CostBasis, Dec>; line: number }[] = [];
  const hostLines: { match: LineMatch; day: string; pricing: string; costs: Record<CostBasis, Dec>; line: number }[] =
    [];
  const filteredOut = bucket(),
    other = bucket(),
    hosts = bucket(),
    hostsCounted = bucket(),
    taxes = bucket(),
    purchases = bucket(),
    unused = bucket(),
    credits = bucket();
  const unknown = new Map<string, { lines: number[]; cost: Dec; gpuCount?: number }>();
  const warnings: string[] = [];
  const otherCurrencies = new Set<string>();

  for (const r of table.rows) {
    const costs = {} as Record<CostBasis, Dec>;
    const currency = get(r, 'BillingCurrency').toUpperCase() || 'USD';
    const rate = currency === 'USD' ? undefined : o.rates?.[currency];
    const kept = keep(r);
    if (currency !== 'USD' && rate === undefined) {
      // Lines left out by --tag/--resource need no rate; they are counted, their amount named by currency.
      if (!kept) {
        filteredOut.rows++;
        otherCurrencies.add(currency);
      } else if (!errors.some((e) => e.message.startsWith(`BillingCurrency is ${currency},`)))
        errors.push({
          path: `${o.name}:${r.line}`,
          message: `BillingCurrency is ${currency}, not USD: give its rate with --rate ${currency}=<US dollars per ${currency}>`,
        });
      continue;
    }
    for (const b of BASES) {
      const v = num(r, COST_COLUMNS[b]) ?? ZERO;
      costs[b] = rate === undefined ? v : mul(v, fromNumber(rate));
    }
    const cost = costs[basis];
    if (!kept) {
      filteredOut.rows++;
      filteredOut.cost = add(filteredOut.cost, cost);
      continue;
    }
    const category = get(r, 'ChargeCategory');
    const details = parseDetails(get(r, 'SkuPriceDetails'));
    const texts = MATCH_COLUMNS.map((c) => (c === 'SkuPriceDetails' ? (details.instanceType ?? '') : get(r, c)));
    const match = matcher.match(texts);
    const add1 = (b: { rows: number; cost: Dec }) => {
      b.rows++;
      b.cost = add(b.cost, cost);
    };
    if (category === 'Tax') add1(taxes);
    else if (category === 'Purchase') add1(purchases);
    else if (match?.kind === 'host' && (category === 'Credit' || category === 'Adjustment')) hostLine(r, match, costs);
    else if (category === 'Credit' || category === 'Adjustment') {
      if (match) costOnly.push({ match, day: dayOf(get(r, 'ChargePeriodStart')) ?? '', costs, line: r.line });
      else add1(other);
    } else if (category !== 'Usage') {
      errors.push({
        path: `${o.name}:${r.line}`,
        message: `ChargeCategory "${category}" is not a FOCUS value (Usage, Purchase, Tax, Credit, Adjustment)`,
      });
    } else if (get(r, 'CommitmentDiscountStatus') === 'Unused') add1(unused);
    else if (match?.kind === 'host') hostLine(r, match, costs);
    else if (match) usage(r, match, costs, currency, rate);
    else {
      const unit = get(r, 'ConsumedUnit');
      const service = get(r, 'ServiceCategory');
      const timed = unit !== '' && secondsPerUnit(unit) !== undefined;
      if (timed && (service === '' || /^(Compute|AI and Machine Learning)$/i.test(service))) {
        const label =
          details.instanceType ??
          (get(r, 'SkuMeter') ||
            get(r, 'x_UsageType') ||
            get(r, 'x_SkuMeterName') ||
            get(r, 'ChargeDescription') ||
            get(r, 'ResourceType') ||
            '(no type on the line)');
        const u = unknown.get(label) ?? { lines: [], cost: ZERO, gpuCount: details.gpuCount };
        u.lines.push(r.line);
        u.cost = add(u.cost, cost);
        unknown.set(label, u);
      } else add1(other);
    }
  }
  if (errors.length > 0) throw new InputError(errors.slice(0, 50), 'bill');

  function hostLine(r: Row, match: LineMatch, costs: Record<CostBasis, Dec>) {
    const day = dayOf(get(r, 'ChargePeriodStart')) ?? '';
    hostLines.push({ match, day, pricing: get(r, 'PricingCategory') || 'unknown', costs, line: r.line });
  }

  function keep(r: Row): boolean {
    if (resourceRe && !resourceRe.test(get(r, 'ResourceId')) && !resourceRe.test(get(r, 'ResourceName'))) return false;
    if (!o.tags || o.tags.length === 0) return true;
    const raw = get(r, 'Tags');
    if (raw === '') return false;
    let tags: unknown;
    try {
      tags = JSON.parse(raw);
    } catch {
      errors.push({ path: `${o.name}:${r.line}`, message: 'Tags is not a JSON object (FOCUS key-value format)' });
      return false;
    }
    if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return false;
    const t = tags as Record<string, unknown>;
    return o.tags.every(([k, v]) => k in t && String(t[k]) === v);
  }

  function usage(r: Row, match: LineMatch, costs: Record<CostBasis, Dec>, currency: string, rate: number | undefined) {
    const q = num(r, 'ConsumedQuantity');
    if (q === null && get(r, 'ConsumedQuantity') !== '' && !/^null$/i.test(get(r, 'ConsumedQuantity'))) return; // not a number: reported
    const unit = get(r, 'ConsumedUnit');
    const start = dayOf(get(r, 'ChargePeriodStart'));
    const end = lastDayOf(get(r, 'ChargePeriodEnd'));
    if (start === undefined || end === undefined) {
      errors.push({
        path: `${o.name}:${r.line}`,
        message: 'ChargePeriodStart and ChargePeriodEnd must be ISO 8601 date-times (e.g. 2026-01-10T00:00:00Z)',
      });
      return;
    }
    const correction = get(r, 'ChargeClass') === 'Correction';
    let seconds: Dec = ZERO;
    if (q !== null) {
      const per = secondsPerUnit(unit);
      if (per === undefined) {
        errors.push({
          path: `${o.name}:${r.line}`,
          message: `ConsumedUnit "${unit}" of a ${match.name} line is not a time unit (hours or seconds); map it with --map or report the line`,
        });
        return;
      }
      seconds = mul(q, fromNumber(per));
      if (sign(seconds) < 0 && !correction) {
        errors.push({
          path: `${o.name}:${r.line}`,
          message: 'ConsumedQuantity is negative on a line that is not a Correction',
        });
        return;
      }
    } else if (!correction) {
      errors.push({
        path: `${o.name}:${r.line}`,
        message: 'ConsumedQuantity is empty on a Usage line (FOCUS requires it unless ChargeClass is Correction)',
      });
      return;
    }
    const span: DaySpan = { start, end };
    const pricing = get(r, 'PricingCategory') || 'unknown';
    const key = groupKey(match, `${pricing} ${currency}`, o.per === 'line' ? `line ${r.line}` : start);
    const g = groups.get(key) ?? newGroup(match, pricing, span);
    if (rate !== undefined) g.money = { currency, rate };
    g.seconds = add(g.seconds, seconds);
    for (const b of BASES) g.costs[b] = add(g.costs[b], costs[b]);
    g.lines.push(r.line);
    if (span.start < g.span.start) g.span.start = span.start;
    if (span.end > g.span.end) g.span.end = span.end;
    const provider = get(r, 'ProviderName') || get(r, 'ServiceProviderName');
    if (provider && !g.providers.includes(provider)) g.providers.push(provider);
    if (correction) g.corrections++;
    groups.set(key, g);
  }

  // Credits and adjustments on an accelerator line change what its hours cost: they join a group of the same
  // accelerator on the same day, else the nearest earlier one; with none, they are reported, never dropped.
  for (const c of costOnly) {
    const same = [...groups.values()].filter(
      (g) => g.match.accelerator === c.match.accelerator && g.match.count === c.match.count,
    );
    const target =
      same.find((g) => g.span.start === c.day) ?? same.filter((g) => g.span.start <= c.day).pop() ?? same[0];
    if (!target) {
      credits.rows++;
      credits.cost = add(credits.cost, c.costs[basis]);
      continue;
    }
    for (const b of BASES) target.costs[b] = add(target.costs[b], c.costs[b]);
    target.lines.push(c.line);
    target.credits++;
  }

  // CPU and memory of GPU machines billed on their own lines (Google Cloud's A2/A3 "Instance Core"/"Instance Ram"
  // SKUs) are part of what the GPU machines cost: they join a record of the machine's accelerators on the same day
  // and pricing category, else the same day, else the nearest earlier one (the same provider's records only); with
  // none they are reported.
  for (const h of hostLines) {
    const accs = h.match.accelerators ?? [];
    const same = [...groups.values()]
      .filter(
        (g) =>
          g.match.provider === h.match.provider &&
          g.match.accelerator !== undefined &&
          accs.includes(g.match.accelerator),
      )
      .sort((x, y) => (x.span.start < y.span.start ? -1 : x.span.start > y.span.start ? 1 : 0));
    const target =
      same.find((g) => g.span.start === h.day && g.pricing === h.pricing) ??
      same.find((g) => g.span.start === h.day) ??
      same.filter((g) => g.span.start <= h.day).pop() ??
      same[0];
    const b = target ? hostsCounted : hosts;
    b.rows++;
    b.cost = add(b.cost, h.costs[basis]);
    if (!target) continue;
    for (const k of BASES) target.costs[k] = add(target.costs[k], h.costs[k]);
    target.lines.push(h.line);
    target.hostLines++;
  }

  if (otherCurrencies.size > 0)
    warnings.push(
      `lines outside --tag/--resource in ${[...otherCurrencies].sort().join(', ')} are counted but not totalled in dollars`,
    );
  const util = o.utilization ?? {
    low: o.table.defaultUtilization.low,
    central: o.table.defaultUtilization.central,
    high: o.table.defaultUtilization.high,
  };
  const fin = finishGroups([...groups.values()], {
    basis,
    phase: o.phase ?? 'pretraining',
    utilization: util,
    name: o.name,
    warnings,
  });
  return {
    records: fin.records,
    summary: {
      rows: table.rows.length,
      costBasis: basis,
      filteredOut: out(filteredOut),
      accelerator: fin.totals,
      otherServices: out(other),
      hosts: out(hosts),
      hostsCounted: out(hostsCounted),
      taxes: out(taxes),
      purchases: out(purchases),
      unusedCommitments: out(unused),
      unappliedCredits: out(credits),
      unknown: [...unknown.entries()]
        .map(([label, u]) => ({
          label,
          lines: u.lines,
          costUsd: toString(u.cost),
          ...(u.gpuCount ? { gpuCount: u.gpuCount } : {}),
        }))
        .sort((a, b) => cmp(parseDec(b.costUsd)!, parseDec(a.costUsd)!) || (a.label < b.label ? -1 : 1)),
      warnings,
    },
  };
}

/** SkuPriceDetails (FOCUS 1.1+ key-value JSON): InstanceType and GpuCount where the provider gives them. */
function parseDetails(raw: string): { instanceType?: string; gpuCount?: number } {
  if (raw === '' || raw[0] !== '{') return {};
  try {
    const d = JSON.parse(raw) as Record<string, unknown>;
    const it = typeof d.InstanceType === 'string' ? d.InstanceType : undefined;
    const gc = typeof d.GpuCount === 'number' && d.GpuCount > 0 ? d.GpuCount : undefined;
    return { instanceType: it, gpuCount: gc };
  } catch {
    return {};
  }
}

/** "2026-01-10T00:00:00Z" → "2026-01-10". */
export function dayOf(s: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC)?$/.exec(s);
  return m ? m[1] : undefined;
}

/** The last day a period ending (exclusively, as FOCUS defines ChargePeriodEnd) at `s` covers. */
export function lastDayOf(s: string): string | undefined {
  const day = dayOf(s);
  if (day === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00(?:\.0+)?)?)?\s*(?:Z|[+-]00:?00|UTC)?$/.test(s)) return day;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
