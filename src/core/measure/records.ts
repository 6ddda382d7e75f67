// Per-record FLOP and cost estimates for every model, computed once per evaluation and shared by all measures.
import { estimateCost, CostEstimate } from '../estimate/cost';
import { scaleCost } from '../estimate/price-scale';
import { estimateFlop, FlopEstimate } from '../estimate/flop';
import { estimateMarketCost, MarketCostEstimate } from '../estimate/market-cost';
import type { ReferenceTables } from '../estimate/reference';
import type { LineageIndex } from '../graph/lineage';

export interface RecordEstimate {
  flop: FlopEstimate;
  cost: CostEstimate;
}

export class RecordEstimates {
  private readonly cache: (readonly RecordEstimate[] | null | undefined)[];
  private market: (readonly MarketCostEstimate[] | null | undefined)[] | undefined;

  constructor(
    private readonly ix: LineageIndex,
    private readonly ref: ReferenceTables,
  ) {
    this.cache = new Array<readonly RecordEstimate[] | null | undefined>(ix.models.length);
  }

  /** Estimates for model i's records; null when the model lists no compute at all (unknown). */
  of(i: number): readonly RecordEstimate[] | null {
    let v = this.cache[i];
    if (v === undefined) {
      const recs = this.ix.models[i].compute;
      v =
        recs === undefined
          ? null
          : recs.map((r) => ({
              flop: estimateFlop(r, this.ref),
              cost: scaleCost(estimateCost(r, this.ref), this.ref.priceScale),
            }));
      this.cache[i] = v;
    }
    return v;
  }

  /** Market-basis costs of model i's records (costBasis "market" measures only), computed on first use. */
  marketOf(i: number): readonly MarketCostEstimate[] | null {
    const cache = (this.market ??= new Array<readonly MarketCostEstimate[] | null | undefined>(this.ix.models.length));
    let v = cache[i];
    if (v === undefined) {
      const list = this.of(i);
      const recs = this.ix.models[i].compute;
      v =
        list === null || recs === undefined ? null : recs.map((r, k) => estimateMarketCost(r, this.ref, list[k].cost));
      cache[i] = v;
    }
    return v;
  }
}
