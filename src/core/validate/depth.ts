// Nesting depth of parsed input, measured by a walk that never recurses deeper than the limit: a document nested
// thousands of levels deep is an input error with a path, never a stack overflow in a validator or renderer.
import { InputErrorItem, join } from './errors';

/**
 * The deepest nesting any input may have. A lineage document needs 5 levels (models[].compute[].hardware.count), a
 * rule variant's merge patch about 12; anything near this limit is a mistake or an attack.
 */
export const MAX_DEPTH = 64;

/** The path of `keys`, cut after 80 characters ("x[0][0][0]…"). */
function pathOf(keys: readonly (string | number)[]): string {
  let path = '';
  for (const k of keys) {
    path = join(path, k);
    if (path.length > 80) return `${path}…`;
  }
  return path;
}

/**
 * Whether a container at depth `d` (the root is 1) holds a container deeper than `max`; `keys` is the way down to
 * it, left holding the way to the first one found. Recursion stops at `max` levels, so any input depth is safe.
 */
function tooDeep(v: object, d: number, max: number, keys: (string | number)[]): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const c: unknown = v[i];
      if (typeof c !== 'object' || c === null) continue;
      keys.push(i);
      if (d >= max || tooDeep(c, d + 1, max, keys)) return true;
      keys.pop();
    }
    return false;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const c = o[k];
    if (typeof c !== 'object' || c === null) continue;
    keys.push(k);
    if (d >= max || tooDeep(c, d + 1, max, keys)) return true;
    keys.pop();
  }
  return false;
}

/** The first place where `value` nests deeper than `max` objects and arrays, as an input error; null when none. */
export function depthError(value: unknown, max = MAX_DEPTH): InputErrorItem | null {
  if (typeof value !== 'object' || value === null) return null;
  const keys: (string | number)[] = [];
  if (!tooDeep(value, 1, max, keys)) return null;
  return { path: pathOf(keys), message: `is nested too deeply: more than ${max} levels of objects and arrays` };
}
