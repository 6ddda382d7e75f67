// A base model from flopcheck's sourced catalog (rules/reference/base-models.json) as a lineage model with its
// published training compute. Shared by the model-card importer and the web form. A figure Epoch labels with a
// confidence becomes a FLOP range of the catalog's factor for that label (flop / f .. flop × f, central flop), so a
// verdict near a threshold comes out uncertain instead of resting on a point the source does not claim.
import type { BaseModel, ConfidenceFactors } from '../generated/base-models';
import type { Model } from '../core/types';

/** x rounded to 4 significant digits, down (for a low bound) or up (for a high bound): the range only widens. */
function round4(x: number, dir: 'down' | 'up'): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const r = Number(x.toPrecision(4));
  const step = 10 ** (Math.floor(Math.log10(Math.abs(r))) - 3);
  if (dir === 'down' && r > x) return Number((r - step).toPrecision(4));
  if (dir === 'up' && r < x) return Number((r + step).toPrecision(4));
  return r;
}

/** The FLOP amount of a catalog entry: a point without factors (or a factor of 1), else the label's range. */
export function catalogAmount(
  entry: BaseModel,
  factors: ConfidenceFactors | undefined,
): { flop: number } | { flopRange: { low: number; central: number; high: number } } {
  const f = factors?.[entry.confidence];
  if (f === undefined || f <= 1) return { flop: entry.flop };
  return {
    flopRange: { low: round4(entry.flop / f, 'down'), central: entry.flop, high: round4(entry.flop * f, 'up') },
  };
}

/** Model from a catalog entry, under the given id and developer (the callers name organizations differently). */
export function catalogModel(
  entry: BaseModel,
  id: string,
  developer: string,
  snapshot: string | undefined,
  factors?: ConfidenceFactors,
): Model {
  const url = entry.source.url ? ` ${entry.source.url}` : '';
  const amount = catalogAmount(entry, factors);
  const band =
    'flopRange' in amount
      ? `; within a factor of ${factors![entry.confidence]} for that label${factors!.unverified ? ' (band unverified)' : ''}`
      : '';
  return {
    id,
    name: entry.name,
    developer,
    released: entry.released,
    openWeights: entry.openWeights,
    generates: entry.generates,
    compute: [
      {
        phase: 'pretraining',
        ...amount,
        source:
          `Published figure from flopcheck's base-model catalog (snapshot ${snapshot}; Epoch confidence: ${entry.confidence}${band}): ${entry.source.text}${url}`.slice(
            0,
            2000,
          ),
      },
    ],
    source: `flopcheck base-model catalog entry ${entry.id}`,
  };
}
