// Readings that refer to other verdicts (modelFinding, baseFinding — possibly of the same rule for a base model)
// cannot run as whole columns: a model's verdict may need its parents' verdicts under the same rule. Their local
// parts (every subtree without a reference) still run as columns over all pending models first; what is left, the
// references and the all/any/not above them, runs per model in topological order over those columns.
import type { Condition } from '../types';
import type { ColumnEnv, ColumnTest, ModelTest } from './compile';
import { combineTests } from './operators/combine';
import { PER_MODEL, relativeColumns } from './operators/compare';
import { compileColumns, compileCondition, forEachCondition } from './operators/registry';
import { FALSE, TRUE, Tri, UNKNOWN } from './tri';

/** A local subtree: its column test and the column it fills. */
export interface LocalColumn {
  test: ColumnTest;
  col: Uint8Array;
}

/** Whether a condition reads no other model's or rule's verdict. */
export function isLocal(c: Condition): boolean {
  let local = true;
  forEachCondition(c, (x) => {
    if (x.modelFinding !== undefined || x.baseFinding !== undefined || x.developedModels !== undefined) local = false;
  });
  return local;
}

/** A column value (after the local columns are filled) meaning "needs the per-model test" (`Residual.quick`). */
export const OPEN = 3;

/** A residual condition: its per-model test, and what the local columns alone decide (OPEN where they do not). */
export interface Residual {
  test: ModelTest;
  /** The condition's value from the filled local columns alone, reading no verdict: a Tri, or OPEN. */
  quick: (i: number) => number;
}

/** The per-model test of `c` with its local subtrees read from columns (appended to `locals`, filled by the caller). */
export function compileResidual(c: Condition, env: ColumnEnv, locals: LocalColumn[]): Residual {
  if (isLocal(c)) {
    const col = new Uint8Array(env.store.ix.models.length);
    locals.push({ test: compileColumns(c, env), col });
    const read = (i: number) => col[i] as Tri;
    return { test: read, quick: read };
  }
  if (c.compare !== undefined && c.compare.threshold.of !== undefined) {
    // A relative threshold whose fallbacks read verdicts: the floats decide most models as a column first.
    const { pre, one } = relativeColumns(c.compare, env);
    const col = new Uint8Array(env.store.ix.models.length);
    locals.push({ test: pre, col });
    return {
      test: (i) => {
        const v = col[i];
        return v === PER_MODEL ? one(i) : (v as Tri);
      },
      quick: (i) => (col[i] === PER_MODEL ? OPEN : col[i]),
    };
  }
  if (c.all !== undefined) return combine(c.all, env, locals, FALSE);
  if (c.any !== undefined) return combine(c.any, env, locals, TRUE);
  if (c.not !== undefined) {
    const inner = compileResidual(c.not, env, locals);
    return {
      test: (i) => {
        const v = inner.test(i);
        return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
      },
      quick: (i) => {
        const v = inner.quick(i);
        return v === UNKNOWN || v === OPEN ? v : v === TRUE ? FALSE : TRUE;
      },
    };
  }
  return { test: compileCondition(c, env), quick: () => OPEN };
}

function combine(items: readonly Condition[], env: ColumnEnv, locals: LocalColumn[], decisive: Tri): Residual {
  const parts = items.map((x) => compileResidual(x, env, locals));
  const quicks = parts.map((p) => p.quick);
  const otherwise: Tri = decisive === FALSE ? TRUE : FALSE;
  return {
    test: combineTests(
      parts.map((p) => p.test),
      decisive,
    ),
    // Three-valued all/any with an open child: the decisive value still decides; otherwise open.
    quick: (i) => {
      let unknown = false;
      let open = false;
      for (let k = 0; k < quicks.length; k++) {
        const v = quicks[k](i);
        if (v === decisive) return decisive;
        if (v === UNKNOWN) unknown = true;
        else if (v === OPEN) open = true;
      }
      return open ? OPEN : unknown ? UNKNOWN : otherwise;
    },
  };
}
