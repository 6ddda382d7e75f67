// all / any in three-valued logic, traced and compiled: the decisive value (FALSE for all, TRUE for any) wins,
// otherwise unknown if any child is unknown.
import type { Condition } from '../../types';
import type { ColumnEnv, ColumnTest, CompileEnv, ModelTest } from '../compile';
import type { Frame } from '../conditions';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { compileColumns, compileCondition, evalCondition } from './registry';

/** Without a trace it stops at the first decisive child; with one, every child runs so every message is kept. */
export function combineTraced(items: readonly Condition[], f: Frame, decisive: Tri): Tri {
  let unknown = false;
  let decided = false;
  for (const x of items) {
    const v = evalCondition(x, f);
    if (v === decisive) {
      decided = true;
      if (!f.trace) break;
    } else if (v === UNKNOWN) unknown = true;
  }
  if (decided) return decisive;
  return unknown ? UNKNOWN : decisive === FALSE ? TRUE : FALSE;
}

export function combineCompiled(items: readonly Condition[], env: CompileEnv, decisive: Tri): ModelTest {
  return combineTests(
    items.map((x) => compileCondition(x, env)),
    decisive,
  );
}

/** all (decisive FALSE) or any (decisive TRUE) of compiled tests, in three-valued logic, first decisive wins. */
export function combineTests(tests: readonly ModelTest[], decisive: Tri): ModelTest {
  if (tests.length === 1) return tests[0];
  const otherwise: Tri = decisive === FALSE ? TRUE : FALSE;
  return (i) => {
    let unknown = false;
    for (let k = 0; k < tests.length; k++) {
      const v = tests[k](i);
      if (v === decisive) return decisive;
      if (v === UNKNOWN) unknown = true;
    }
    return unknown ? UNKNOWN : otherwise;
  };
}

/**
 * all / any over a selection: the first child runs on every model, each next child only on the models no earlier
 * child decided (the short-circuit of the per-model closure, so the same children run for the same models).
 */
export function combineColumns(items: readonly Condition[], env: ColumnEnv, decisive: Tri): ColumnTest {
  const tests = items.map((x) => compileColumns(x, env));
  if (tests.length === 1) return tests[0];
  const scratch = env.scratch;
  return (sel, n, out) => {
    tests[0](sel, n, out);
    const rest = scratch.sel();
    const tmp = scratch.tri();
    let from = sel;
    let m = n;
    for (let k = 1; k < tests.length; k++) {
      let j = 0;
      for (let q = 0; q < m; q++) {
        const i = from[q];
        if (out[i] !== decisive) rest[j++] = i;
      }
      if (j === 0) break;
      tests[k](rest, j, tmp);
      for (let q = 0; q < j; q++) {
        const i = rest[q];
        const v = tmp[i];
        if (v === decisive || v === UNKNOWN) out[i] = v;
      }
      from = rest;
      m = j;
    }
    scratch.freeTri();
    scratch.freeSel();
  };
}
