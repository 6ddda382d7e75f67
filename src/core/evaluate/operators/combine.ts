// all / any in three-valued logic, traced and compiled: the decisive value (FALSE for all, TRUE for any) wins,
// otherwise unknown if any child is unknown.
import type { Condition } from '../../types';
import type { CompileEnv, ModelTest } from '../compile';
import type { Frame } from '../conditions';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { compileCondition, evalCondition } from './registry';

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
  const tests = items.map((x) => compileCondition(x, env));
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
