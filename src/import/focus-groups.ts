// Bill lines of one accelerator grouped (per day and pricing category, or per line) and turned into compute records
// with exact accelerator-hours, the chosen cost and the billing provenance. Pure.
import type { ComputeRecord } from '../core/types';
import { Dec, ZERO, add, fromNumber, mul, sign, toNumber, toString } from '../core/exact/decimal';
import type { CostBasis } from './focus';
import type { LineMatch } from './focus-match';

export interface DaySpan {
  start: string;
  end: string;
}

export interface Group {
  match: LineMatch;
  pricing: string;
  span: DaySpan;
  /** Unit-seconds (instance-seconds for instance types, accelerator-seconds for per-GPU SKUs), exact. */
  seconds: Dec;
  costs: Record<CostBasis, Dec>;
  lines: number[];
  providers: string[];
  /** Set when the lines were billed in another currency and converted at the user's rate. */
  money?: { currency: string; rate: number };
  corrections: number;
  credits: number;
  /** CPU and memory lines of the machines (billed apart from their GPUs), whose cost was added. */
  hostLines: number;
}

export function groupKey(m: LineMatch, pricing: string, slot: string): string {
  return JSON.stringify([m.accelerator, m.count, m.name, pricing, slot]);
}

export function newGroup(match: LineMatch, pricing: string, span: DaySpan): Group {
  return {
    match,
    pricing,
    span: { ...span },
    seconds: ZERO,
    costs: { billed: ZERO, effective: ZERO, list: ZERO, contracted: ZERO },
    lines: [],
    providers: [],
    corrections: 0,
    credits: 0,
    hostLines: 0,
  };
}

/** "2, 3, 4, 7" → "2-4, 7". */
export function lineRanges(lines: readonly number[]): string {
  const s = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j === i ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

const SECONDS_PER_HOUR = 3600;

export interface FinishOptions {
  basis: CostBasis;
  phase: ComputeRecord['phase'];
  utilization: number | { low: number; high: number; central?: number };
  name: string;
  warnings: string[];
}

export interface AcceleratorTotals {
  rows: number;
  acceleratorHours: number;
  cost: Record<CostBasis, string>;
  byPricing: { category: string; cost: Record<CostBasis, string> }[];
}

const BASES: CostBasis[] = ['billed', 'effective', 'list', 'contracted'];
const costRecord = (c: Record<CostBasis, Dec>): Record<CostBasis, string> => ({
  billed: toString(c.billed),
  effective: toString(c.effective),
  list: toString(c.list),
  contracted: toString(c.contracted),
});

export function finishGroups(
  groups: Group[],
  o: FinishOptions,
): { records: ComputeRecord[]; totals: AcceleratorTotals } {
  groups.sort((a, b) => (a.span.start < b.span.start ? -1 : a.span.start > b.span.start ? 1 : a.lines[0] - b.lines[0]));
  const records: ComputeRecord[] = [];
  let accSeconds: Dec = ZERO;
  let rows = 0;
  const total: Record<CostBasis, Dec> = { billed: ZERO, effective: ZERO, list: ZERO, contracted: ZERO };
  const byPricing = new Map<string, Record<CostBasis, Dec>>();
  for (const g of groups) {
    const at = lineRanges(g.lines);
    const where = `${o.name} line${/[-,]/.test(at) ? 's' : ''} ${at}`;
    if (sign(g.seconds) <= 0) {
      o.warnings.push(
        `${where}: ${g.match.name} nets to no usage after corrections; left out (cost $${toString(g.costs[o.basis])})`,
      );
      continue;
    }
    rows += g.lines.length;
    accSeconds = add(accSeconds, mul(g.seconds, fromNumber(g.match.count)));
    const p = byPricing.get(g.pricing) ?? { billed: ZERO, effective: ZERO, list: ZERO, contracted: ZERO };
    for (const b of BASES) {
      total[b] = add(total[b], g.costs[b]);
      p[b] = add(p[b], g.costs[b]);
    }
    byPricing.set(g.pricing, p);
    // One correctly rounded division: exact whenever the hours are a short decimal (e.g. whole seconds × 36).
    const hours = toNumber(g.seconds) / SECONDS_PER_HOUR;
    let cost = toNumber(g.costs[o.basis]);
    if (cost < 0) {
      o.warnings.push(`${where}: ${g.match.name} costs $${toString(g.costs[o.basis])} after credits; recorded as $0`);
      cost = 0;
    }
    const u = o.utilization;
    const rec: ComputeRecord = {
      phase: o.phase,
      hardware: {
        accelerator: g.match.accelerator,
        count: g.match.count,
        hours,
        ...(typeof u === 'number' ? { utilization: u } : { utilizationRange: u }),
      },
      costUsd: cost === 0 ? 0 : cost,
      start: g.span.start,
      end: g.span.end,
      source: `${where}: ${g.match.name}${g.match.kind === 'instance' ? ` (${g.match.count} × ${g.match.accelerator} per instance)` : ''}${g.match.mapped ? ', mapped by --map' : ''}; ${g.pricing} pricing; ${o.basis} cost${g.corrections ? `; ${g.corrections} correction line(s)` : ''}${g.credits ? `; ${g.credits} credit/adjustment line(s)` : ''}${g.hostLines ? `; ${g.hostLines} CPU/memory line(s) of the machines` : ''}`,
      billing: {
        format: 'FOCUS',
        file: o.name,
        rows: at,
        ...(g.providers.length > 0 ? { providers: [...g.providers].sort() } : {}),
        pricingCategories: [g.pricing],
        costBasis: o.basis,
        billedCostUsd: toNumber(g.costs.billed),
        effectiveCostUsd: toNumber(g.costs.effective),
        listCostUsd: toNumber(g.costs.list),
        contractedCostUsd: toNumber(g.costs.contracted),
        instanceTypes: [g.match.name],
        ...(g.money ? { currency: g.money.currency, exchangeRate: g.money.rate } : {}),
      },
    };
    records.push(rec);
  }
  return {
    records,
    totals: {
      rows,
      acceleratorHours: toNumber(accSeconds) / SECONDS_PER_HOUR,
      cost: costRecord(total),
      byPricing: [...byPricing.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([category, c]) => ({ category, cost: costRecord(c) })),
    },
  };
}
