// A base model from flopcheck's sourced catalog (rules/reference/base-models.json) as a lineage model with its
// published training compute. Shared by the model-card importer and the web form.
import type { BaseModel } from '../generated/base-models';
import type { Model } from '../core/types';

/** Model from a catalog entry, under the given id and developer (the callers name organizations differently). */
export function catalogModel(entry: BaseModel, id: string, developer: string, snapshot: string | undefined): Model {
  const url = entry.source.url ? ` ${entry.source.url}` : '';
  return {
    id,
    name: entry.name,
    developer,
    released: entry.released,
    openWeights: entry.openWeights,
    generates: entry.generates as Model['generates'],
    compute: [
      {
        phase: 'pretraining',
        flop: entry.flop,
        source: `Published figure from flopcheck's base-model catalog (snapshot ${snapshot}; Epoch confidence: ${entry.confidence}): ${entry.source.text}${url}`.slice(0, 2000),
      },
    ],
    source: `flopcheck base-model catalog entry ${entry.id}`,
  };
}
