// Reference tables (accelerator peaks, market GPU prices, price indices) as plain data passed into the core.
import type { PriceScale } from './price-scale';

export type Precision = 'fp8' | 'bf16' | 'fp16' | 'tf32' | 'fp32' | 'int8';

export interface AcceleratorEntry {
  id: string;
  name: string;
  defaultPrecision: Precision;
  peakFlopPerSecond: Partial<Record<Precision, number>>;
}

export interface PriceEntry {
  accelerator: string;
  month: string; // YYYY-MM
  usdPerHour: number;
  pricing: string;
  vendor?: string;
}

export interface IndexSeries {
  id: string;
  frequency: 'annual' | 'monthly';
  values: { period: string; value: number }[];
}

export interface ReferenceTables {
  accelerators: ReadonlyMap<string, AcceleratorEntry>;
  /** Prices by accelerator id, sorted by month. */
  prices: ReadonlyMap<string, readonly PriceEntry[]>;
  indices: ReadonlyMap<string, IndexSeries>;
  /** A GPU price scenario (estimate/price-scale.ts); absent: today's prices. */
  priceScale?: PriceScale;
}

export interface ReferenceDocuments {
  accelerators?: { accelerators: AcceleratorEntry[] };
  gpuPrices?: { prices: PriceEntry[] };
  cpi?: { series: IndexSeries[] };
}

export function buildReference(docs: ReferenceDocuments): ReferenceTables {
  const accelerators = new Map<string, AcceleratorEntry>();
  for (const a of docs.accelerators?.accelerators ?? []) accelerators.set(a.id, a);
  const prices = new Map<string, PriceEntry[]>();
  for (const p of docs.gpuPrices?.prices ?? []) {
    let list = prices.get(p.accelerator);
    if (!list) prices.set(p.accelerator, (list = []));
    list.push(p);
  }
  for (const list of prices.values()) list.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const indices = new Map<string, IndexSeries>();
  for (const s of docs.cpi?.series ?? []) indices.set(s.id, s);
  return { accelerators, prices, indices };
}

export const EMPTY_REFERENCE: ReferenceTables = buildReference({});
