// GPU price scenarios: a positive exact factor k on every cost derived from accelerator-hours × price (a declared
// $/h or the market table); declared dollar costs only when asked. FLOP never changes. Applied in one place:
// `scaleCost`, on each record's estimate as the measure tables read it (measure/records.ts).
import { Dec, ONE, cmp, mul, parseDec, ZERO } from '../exact/decimal';
import type { Interval } from '../exact/interval';
import { InputError } from '../validate/errors';
import type { CostEstimate } from './cost';
import type { ReferenceTables } from './reference';

export interface PriceScale {
  /** The factor on prices, > 0 (0 is allowed inside the core only, to split a cost into its declared part). */
  readonly k: Dec;
  /** Also scale declared `costUsd` / `costUsdRange` (what was paid), not only costs derived from prices. */
  readonly declared: boolean;
}

export const UNIT_SCALE: PriceScale = { k: ONE, declared: false };

const SCALE_RE = /^[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * A price scale as the user gives it ("3", "2.5", "1e0"), or an InputError at `path` (a flag or a field name):
 * a positive decimal, nothing else.
 */
export function parsePriceScale(text: unknown, path: string, declared = false): PriceScale {
  const s = typeof text === 'number' && Number.isFinite(text) ? String(text) : text;
  const bad = (why: string) => new InputError([{ path, message: why }], path);
  if (typeof s !== 'string' || s.trim() === '') throw bad('give a price scale, a positive decimal such as 3 or 2.5');
  const t = s.trim();
  const k = SCALE_RE.test(t) ? parseDec(t) : undefined;
  if (!k) throw bad(`"${t}" is not a price scale: give a positive decimal such as 3 or 2.5 (1 is today's prices)`);
  if (cmp(k, ZERO) <= 0) throw bad(`"${t}": a price scale must be greater than 0`);
  if (!Number.isFinite(k.f)) throw bad(`"${t}": a price scale must lie within ±1.8 × 10^308`);
  return { k, declared };
}

/** Whether a scale leaves every cost as it is. */
export function isUnitScale(s: PriceScale | undefined): boolean {
  return s === undefined || cmp(s.k, ONE) === 0;
}

/** The reference tables under a price scenario (the scale travels with the tables into every estimate). */
export function withPriceScale(ref: ReferenceTables, s: PriceScale | undefined): ReferenceTables {
  if (s === undefined || (isUnitScale(s) && ref.priceScale === undefined)) return ref;
  return { ...ref, priceScale: s };
}

/** Methods whose cost is accelerator-hours × a price: these move with GPU prices. */
export function priceDerived(method: CostEstimate['method']): boolean {
  return method === 'declared-price' || method === 'market-price';
}

function scaleIv(iv: Interval, k: Dec): Interval {
  return {
    lo: mul(iv.lo, k),
    hi: iv.hi === null ? null : mul(iv.hi, k),
    mid: iv.mid === null ? null : mul(iv.mid, k),
  };
}

/** A record's cost under the scale: derived costs × k; declared ones × k only with `declared`; unknown stays unknown. */
export function scaleCost(c: CostEstimate, s: PriceScale | undefined): CostEstimate {
  if (s === undefined || cmp(s.k, ONE) === 0) return c;
  const moves = priceDerived(c.method) || (s.declared && (c.method === 'declared' || c.method === 'declared-range'));
  return moves ? { ...c, cost: scaleIv(c.cost, s.k) } : c;
}
