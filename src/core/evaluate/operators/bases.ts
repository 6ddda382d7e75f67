// Base-model lookups shared by hasBase and baseFinding: direct parents through relations, or the original models
// of other developers (walking up through the model's own developer's ancestors), traced and compiled.
import type { CompileEnv } from '../compile';
import type { Frame } from '../conditions';
import { capturedTri, type Tri } from '../tri';
import type { RangeTable } from '../../graph/lineage';

export function basesOf(
  f: Frame,
  i: number,
  relations: readonly string[] | undefined,
  otherDeveloper: boolean | undefined,
): number[] {
  if (otherDeveloper) return f.store.originals(relations, i);
  const { start, idx } = f.store.parentsThrough(relations);
  const out: number[] = [];
  for (let k = start[i]; k < start[i + 1]; k++) out.push(idx[k]);
  return out;
}

/**
 * The original models by other developers that model i derives from, through the given relations: the table
 * (`idx[from[i] .. to[i]-1]`), computed on first use.
 */
export function originalsOf(env: CompileEnv, relations: readonly string[] | undefined): () => RangeTable {
  let table: RangeTable | undefined;
  return () => (table ??= env.store.originalsTable(relations));
}

/** Whether model i has a direct parent through the given relations (all when absent). */
export function hasParent(env: CompileEnv, relations: readonly string[] | undefined): (i: number) => boolean {
  let parents: { start: Int32Array; idx: Int32Array } | undefined;
  return (i) => {
    const { start } = (parents ??= env.store.parentsThrough(relations));
    return start[i + 1] > start[i];
  };
}

/**
 * Whether base model k is captured by a rule (a designation included, by the engine); another model's status is a
 * fact about it, never restricted.
 */
export function baseCapturedTri(f: Frame, rule: string, interp: string | undefined, k: number): Tri {
  return capturedTri(f.verdictOf(rule, interp ?? f.interpretation, false, k));
}
