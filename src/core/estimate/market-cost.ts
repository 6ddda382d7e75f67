// The market figure of one compute record's cost, for rules that price compute at market rates (a costUsd measure
// with costBasis "market", e.g. SB 1047's "average market prices of cloud compute at the start of training"): the
// bill's list (on-demand) cost, else accelerator-hours × the market price table at the record's start, else the
// figure the record declares, marked as not a market price.
import { fromNumber } from '../exact/decimal';
import { point } from '../exact/interval';
import type { ComputeRecord } from '../types';
import { CostEstimate, estimateCost } from './cost';
import { scaleCost } from './price-scale';
import type { ReferenceTables } from './reference';

export interface MarketCostEstimate extends Omit<CostEstimate, 'method'> {
  /**
   * bill-list-price: FOCUS ListCost of the record's bill lines (the provider's published price, before discounts);
   * market-price: accelerator-hours × the market price table at the record's start; declared-not-market (and the
   * other declared methods): no market figure could be formed, so the record's own figure stands in for it.
   */
  method: 'bill-list-price' | 'market-price' | 'declared-not-market' | 'unknown';
  /** Whether the figure is a market price (false when the record's paid or declared cost stands in for one). */
  market: boolean;
}

/**
 * The record's market cost; `paid` is its declared-basis estimate (estimateCost, already under the price scenario),
 * reused as the last resort. Under a GPU price scenario (`ref.priceScale`) a market figure moves with GPU prices: the
 * bill's list cost and the price table's figure are both multiplied by the scale, as costs from a price are.
 */
export function estimateMarketCost(rec: ComputeRecord, ref: ReferenceTables, paid: CostEstimate): MarketCostEstimate {
  const list = rec.billing?.listCostUsd;
  const k = ref.priceScale;
  // A bill whose ListCost column is empty reads as 0: no list price, not a free run.
  if (list !== undefined && list > 0) {
    const scaled = scaleCost(
      { cost: point(fromNumber(list)), method: 'market-price', estimated: false, detail: '' },
      k,
    );
    return {
      cost: scaled.cost,
      method: 'bill-list-price',
      estimated: false,
      market: true,
      detail: `list cost $${list} from the bill (FOCUS ListCost${rec.billing?.rows ? `, rows ${rec.billing.rows}` : ''})`,
    };
  }
  if (paid.method === 'market-price') return { ...paid, method: 'market-price', market: true };
  if (rec.hardware?.accelerator !== undefined && rec.start !== undefined) {
    // The same record with its declared figures left out: the price table at its start.
    const table = scaleCost(estimateCost({ phase: rec.phase, hardware: rec.hardware, start: rec.start }, ref), k);
    if (table.method === 'market-price') return { ...table, method: 'market-price', market: true };
  }
  if (paid.method === 'unknown') return { ...paid, method: 'unknown', market: false };
  return {
    ...paid,
    method: 'declared-not-market',
    market: false,
    detail: `${paid.detail} (no list cost on a bill and no market price for the accelerator at the start: the declared figure stands in for the market price)`,
  };
}
