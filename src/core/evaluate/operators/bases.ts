// Base-model lookups shared by hasBase and baseFinding: direct parents through relations, or the original models
// of other developers (walking up through the model's own developer's ancestors), traced and compiled.
import type { MeasureStore } from '../../measure/store';
import type { CompileEnv } from '../compile';
import type { Frame } from '../conditions';
import { capturedTri, Tri, TRUE } from '../tri';
import { designatedUnder } from '../designation';

export function basesOf(
  f: Frame,
  i: number,
  relations: readonly string[] | undefined,
  otherDeveloper: boolean | undefined,
): number[] {
  if (otherDeveloper) return f.store.originals(relations, i) as number[];
  const follow = (r: string) => !relations || relations.includes(r);
  return f.store.ix.parents[i].filter((e) => follow(e.relation)).map((e) => e.idx);
}

/** The original models by other developers that model i derives from, through the given relations. */
export function originalsOf(
  env: CompileEnv,
  relations: readonly string[] | undefined,
): (i: number) => readonly number[] {
  let table: readonly (readonly number[])[] | undefined;
  return (i) => (table ??= env.store.originalsTable(relations))[i];
}

/** Whether model i has a direct parent through the given relations (all when absent). */
export function hasParent(env: CompileEnv, relations: readonly string[] | undefined): (i: number) => boolean {
  let parents: { start: Int32Array; idx: Int32Array } | undefined;
  return (i) => {
    const { start } = (parents ??= env.store.parentsThrough(relations));
    return start[i + 1] > start[i];
  };
}

/** 1 for the models whose `designations` name the rule (designated under it by an authority). */
export function designated(store: MeasureStore, rule: string): Uint8Array {
  return store.memo(`designated|${rule}`, () => {
    const models = store.ix.models;
    const out = new Uint8Array(models.length);
    for (let i = 0; i < models.length; i++) if (designatedUnder(models[i], rule)) out[i] = 1;
    return out;
  });
}

/** Whether base model k is captured by a rule; another model's status is a fact about it, never restricted. */
export function baseCapturedTri(f: Frame, rule: string, interp: string | undefined, k: number): Tri {
  if (designatedUnder(f.store.ix.models[k], rule)) return TRUE;
  return capturedTri(f.verdictOf(rule, interp ?? f.interpretation, false, k));
}
