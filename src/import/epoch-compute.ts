// One Epoch AI row's own training compute as a lineage compute amount: a point, a range from Epoch's bounds or its
// confidence level, "over 10^25" from the frontier file's flag, or a bound from a cumulative total that cannot be
// split. Pure; the importer attaches phase, source and cost.
import { ZERO, add, cmp, fromNumber, sub, toNumber } from '../core/exact/decimal';
import type { ComputeRecord } from '../core/types';

/**
 * Epoch's confidence levels as factors around the estimate: the true figure is taken to lie within [x / f, x × f].
 * Epoch's documentation (epoch.ai/data/ai-models-documentation) names the levels of its "Confidence" field (Confident,
 * Likely, Speculative, Unknown); the factors are NOT Epoch's documented definition. Confident ≈ 3× and Speculative
 * ≈ 30× come from a third-party summary of that page (reference/data-sources.md §1.1, "Confidence labels"); Likely
 * 10× is flopcheck's interpolation between them (one order of magnitude). Epoch's own wording was not retrieved
 * (searched again on 2026-11-29). Hence UNVERIFIED in every record that uses them. "Unknown", "Unverified" and blank
 * levels give no factor: the figure stays a point, as before.
 */
export const CONFIDENCE_FACTOR: Readonly<Record<string, number>> = { Confident: 3, Likely: 10, Speculative: 30 };

export const CONFIDENCE_SOURCE =
  'Epoch AI confidence level read as a factor (Confident 3×, Likely 10×, Speculative 30×; levels from epoch.ai/data/ai-models-documentation, factors unverified: a third-party summary, Likely interpolated)';

/** The smallest double above 10^25: "over 10^25" as a closed low end (the format has no open bounds). */
// eslint-disable-next-line no-loss-of-precision -- the double just above 10^25, written as its shortest round-trip decimal
export const OVER_1E25 = 1.0000000000000002e25;

export type Amount = Pick<ComputeRecord, 'flop' | 'flopRange'>;

export interface OwnInput {
  total?: number;
  lower?: number;
  upper?: number;
  confidence?: string;
  /** Frontier file: "Estimated over 1e25 FLOP" is True. */
  over1e25: boolean;
  /** Whether to widen points by the confidence level. */
  bands: boolean;
}

/** Amount for a model without a base (its cumulative total is its own compute); notes say how it was read. */
export function baseAmount(x: OwnInput): { amount?: Amount; notes: string[] } {
  const notes: string[] = [];
  const f = x.bands && x.confidence ? CONFIDENCE_FACTOR[x.confidence] : undefined;
  let low: number | undefined = x.lower;
  let high: number | undefined = x.upper;
  let central = x.total;
  if (central !== undefined && ((low !== undefined && central < low) || (high !== undefined && central > high))) {
    notes.push(`estimate ${central} outside Epoch's bounds; bounds used`);
    central = undefined;
  }
  if (central !== undefined && f !== undefined) {
    // 12 significant digits: 2.1e25 / 10 is 2.1e24, not 2.0999999999999999e24 (the band is not that precise).
    if (low === undefined) low = Number((central / f).toPrecision(12));
    if (high === undefined) high = Number((central * f).toPrecision(12));
    notes.push(`${x.confidence}: ${CONFIDENCE_SOURCE}`);
  }
  // One bound given and no factor for the other side: the estimate itself is the other end.
  if (central !== undefined && (low !== undefined) !== (high !== undefined)) {
    if (low === undefined) low = central;
    else high = central;
  }
  if (x.over1e25 && (low === undefined || low < OVER_1E25)) {
    if (high !== undefined && high < OVER_1E25)
      notes.push(`flagged over 10^25 although its upper end is ${high}; flag ignored`);
    else {
      low = OVER_1E25;
      if (central !== undefined && central < low) central = undefined;
      notes.push('"Estimated over 1e25 FLOP" (frontier file): low end just above 10^25');
    }
  }
  if (low === undefined && high === undefined)
    return central === undefined ? { notes } : { amount: { flop: central }, notes };
  if (low === undefined) low = 0;
  if (high !== undefined && low === high) return { amount: { flop: low }, notes };
  const r: NonNullable<ComputeRecord['flopRange']> = { low };
  if (central !== undefined && central >= low && (high === undefined || central <= high)) r.central = central;
  if (high !== undefined) r.high = high;
  return { amount: { flopRange: r }, notes };
}

/** Ratio above which a fine-tune figure and Epoch's total are reported as disagreeing. */
export const DISAGREEMENT = 1.1;

export interface TuneInput {
  total?: number;
  finetune?: number;
  /** Cumulative totals of the bases, undefined where the file gives none. */
  baseTotals: (number | undefined)[];
}

/**
 * Own compute of a model built on bases. The fine-tune figure when Epoch gives one; else the total minus the
 * bases' totals, exactly; else, when some base's total is unknown, the total bounds own compute from above
 * ([0, total − known bases]); a total below its bases' bounds own compute by itself; else unknown. `warn` reports
 * disagreements and impossible differences.
 */
export function tuneAmount(x: TuneInput, warn: (m: string) => void): { amount?: Amount; note?: string } {
  const known = x.baseTotals.every((b) => b !== undefined);
  const basesSum = x.baseTotals.reduce((a, b) => (b === undefined ? a : add(a, fromNumber(b))), ZERO);
  if (x.finetune !== undefined) {
    if (x.total !== undefined && known) {
      const implied = toNumber(add(basesSum, fromNumber(x.finetune)));
      const ratio = implied > x.total ? implied / x.total : x.total / implied;
      if (ratio > DISAGREEMENT)
        warn(
          `finetune compute ${x.finetune} plus its bases' total (${implied}) and Epoch's total ${x.total} disagree by ${ratio.toFixed(1)}×; the finetune figure is used`,
        );
    }
    return { amount: { flop: x.finetune } };
  }
  if (x.total === undefined) return {};
  // Exact decimal subtraction: float subtraction of 3.8e25 − 3.7e25 leaves binary noise.
  const rest = sub(fromNumber(x.total), basesSum);
  if (known) {
    if (cmp(rest, ZERO) < 0) {
      // The total leaves (some of) the bases out, against Epoch's definition; own compute is still at most the total.
      warn(
        `total compute ${x.total} is below its bases' total (${toNumber(basesSum)}); own compute taken as at most the total`,
      );
      return {
        amount: { flopRange: { low: 0, high: x.total } },
        note: `at most Epoch's total ${x.total}, which is below its bases' total ${toNumber(basesSum)}`,
      };
    }
    return { amount: { flop: toNumber(rest) }, note: `total ${x.total} minus base total ${toNumber(basesSum)}` };
  }
  const high = cmp(rest, ZERO) < 0 ? x.total : toNumber(rest);
  return {
    amount: { flopRange: { low: 0, high } },
    note: `at most Epoch's cumulative total ${x.total}${cmp(basesSum, ZERO) > 0 ? ` minus the known bases' ${toNumber(basesSum)}` : ''}, which includes the bases whose compute the file does not give`,
  };
}
