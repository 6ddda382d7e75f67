// Dollar cost of one compute record: declared, accelerator-hours × declared price, or a market-price estimate.
import { Dec, add, fromNumber, mul, parseDec } from '../exact/decimal';
import { Interval, UNKNOWN_IV, point, range } from '../exact/interval';
import type { ComputeRecord } from '../types';
import type { PriceEntry, ReferenceTables } from './reference';

export interface CostEstimate {
  cost: Interval;
  method: 'declared' | 'declared-range' | 'declared-price' | 'market-price' | 'unknown';
  estimated: boolean;
  detail: string;
}

const HALF = parseDec('0.5')!;

/** Market prices for an accelerator in the latest month at or before `month` (else the earliest after it). */
export function marketPrices(ref: ReferenceTables, accelerator: string, month: string): PriceEntry[] {
  const list = ref.prices.get(accelerator);
  if (!list || list.length === 0) return [];
  let chosen: string | undefined;
  for (const p of list) {
    if (p.month <= month) chosen = p.month;
    else break;
  }
  if (chosen === undefined) chosen = list[0].month;
  const same = list.filter((p) => p.month === chosen);
  const onDemand = same.filter((p) => p.pricing === 'on-demand');
  return onDemand.length > 0 ? onDemand : same;
}

function priceInterval(entries: PriceEntry[]): Interval {
  const vals = entries.map((p) => fromNumber(p.usdPerHour)).sort((a, b) => a.f - b.f);
  const lo = vals[0];
  const hi = vals[vals.length - 1];
  const k = vals.length;
  const mid = k % 2 === 1 ? vals[(k - 1) / 2] : mul(add(vals[k / 2 - 1], vals[k / 2]), HALF);
  return range(lo, hi, mid);
}

function scaleIv(iv: Interval, factor: Dec): Interval {
  return {
    lo: mul(iv.lo, factor),
    hi: iv.hi === null ? null : mul(iv.hi, factor),
    mid: iv.mid === null ? null : mul(iv.mid, factor),
  };
}

export function estimateCost(rec: ComputeRecord, ref: ReferenceTables): CostEstimate {
  if (rec.costUsd !== undefined) {
    return {
      cost: point(fromNumber(rec.costUsd)),
      method: 'declared',
      estimated: false,
      detail: `declared $${rec.costUsd}`,
    };
  }
  if (rec.costUsdRange) {
    const r = rec.costUsdRange;
    return {
      cost: range(fromNumber(r.low), fromNumber(r.high), r.central === undefined ? null : fromNumber(r.central)),
      method: 'declared-range',
      estimated: false,
      detail: `declared range $${r.low}–$${r.high}`,
    };
  }
  const hw = rec.hardware;
  if (hw) {
    const hours = mul(fromNumber(hw.count), fromNumber(hw.hours));
    if (rec.pricePerAcceleratorHourUsd !== undefined) {
      return {
        cost: point(mul(hours, fromNumber(rec.pricePerAcceleratorHourUsd))),
        method: 'declared-price',
        estimated: false,
        detail: `${hw.count} × ${hw.hours} accelerator-hours × $${rec.pricePerAcceleratorHourUsd}/h`,
      };
    }
    if (hw.accelerator !== undefined && rec.start !== undefined) {
      const month = rec.start.slice(0, 7);
      const prices = marketPrices(ref, hw.accelerator, month);
      if (prices.length > 0) {
        const iv = priceInterval(prices);
        const at = prices[0].month;
        return {
          cost: scaleIv(iv, hours),
          method: 'market-price',
          estimated: true,
          detail:
            `${hw.count} × ${hw.hours} accelerator-hours × market price $${iv.lo.f}–$${iv.hi!.f}/h ` +
            `(${prices.length} ${prices[0].pricing} quote${prices.length === 1 ? '' : 's'} for ${hw.accelerator}, ${at}` +
            `${at === month ? '' : `; nearest to training start ${month}`})`,
        };
      }
    }
  }
  return {
    cost: UNKNOWN_IV,
    method: 'unknown',
    estimated: false,
    detail: 'cost unknown (no declared cost, price, or accelerator with a start date)',
  };
}
