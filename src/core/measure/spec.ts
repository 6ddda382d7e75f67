// Normalised measure specifications: which records count (phases, public synthetic data) and which edges are followed.
import type { MeasureSpec } from '../types';
import { RELATIONS } from '../graph/lineage';
import type { ComputeRecord } from '../types';

/** Every relation, in the lineage index's code order. */
export const ALL_RELATIONS = RELATIONS;
export const ALL_PHASES: readonly ComputeRecord['phase'][] = [
  'pretraining',
  'continued-pretraining',
  'fine-tuning',
  'reinforcement-learning',
  'synthetic-data',
  'distillation',
  'merge',
  'evaluation',
  'experiment',
  'other',
];

export interface NormalSpec {
  quantity: 'flop' | 'costUsd';
  phases: ReadonlySet<string>;
  includePublicSyntheticData: boolean;
  relations: ReadonlySet<string>;
  /** costUsd at market prices (costBasis "market") rather than the declared or paid figure. */
  market: boolean;
  /** Key of what is summed (quantity + record filter + edges), shared by measures of every scope. */
  key: string;
}

export function normalise(spec: MeasureSpec): NormalSpec {
  const phases = [...(spec.phases ?? ALL_PHASES)].sort();
  const relations = [...(spec.relations ?? ALL_RELATIONS)].sort();
  const pub = spec.includePublicSyntheticData ?? true;
  const market = spec.quantity === 'costUsd' && spec.costBasis === 'market';
  return {
    quantity: spec.quantity,
    phases: new Set(phases),
    includePublicSyntheticData: pub,
    relations: new Set(relations),
    market,
    key: `${spec.quantity}${market ? '@market' : ''}|${phases.join(',')}|${pub ? 'pub' : 'nopub'}|${relations.join(',')}`,
  };
}

export function recordCounts(spec: NormalSpec, rec: ComputeRecord): boolean {
  if (!spec.phases.has(rec.phase)) return false;
  if (rec.phase === 'synthetic-data' && rec.syntheticDataPublic === true && !spec.includePublicSyntheticData)
    return false;
  return true;
}
