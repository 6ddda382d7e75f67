// Nesting depth of parsed input, measured without recursion: a document nested thousands of levels deep is an input
// error with a path, never a stack overflow in a validator or renderer that walks it.
import { InputErrorItem, join } from './errors';

/**
 * The deepest nesting any input may have. A lineage document needs 5 levels (models[].compute[].hardware.count), a
 * rule variant's merge patch about 12; anything near this limit is a mistake or an attack.
 */
export const MAX_DEPTH = 64;

interface Frame {
  obj: Record<string, unknown> | unknown[];
  /** Keys of an object; null for an array. */
  keys: string[] | null;
  /** Next child to visit. */
  i: number;
}

const open = (obj: object): Frame =>
  Array.isArray(obj)
    ? { obj, keys: null, i: 0 }
    : { obj: obj as Record<string, unknown>, keys: Object.keys(obj), i: 0 };

/** The path to the child being visited in the innermost frame; long paths are cut ("x[0][0][0]…"). */
function pathOf(frames: Frame[]): string {
  let path = '';
  for (const f of frames) {
    path = f.keys ? join(path, f.keys[f.i - 1]) : join(path, f.i - 1);
    if (path.length > 80) return `${path}…`;
  }
  return path;
}

/** The first place where `value` nests deeper than `max` objects and arrays, as an input error; null when none. */
export function depthError(value: unknown, max = MAX_DEPTH): InputErrorItem | null {
  if (typeof value !== 'object' || value === null) return null;
  // One frame per open container (an explicit stack instead of recursion), so any depth is safe to measure.
  const frames: Frame[] = [open(value)];
  while (frames.length > 0) {
    const f = frames[frames.length - 1];
    const n = f.keys ? f.keys.length : (f.obj as unknown[]).length;
    if (f.i >= n) {
      frames.pop();
      continue;
    }
    const k = f.i++;
    const child = f.keys ? (f.obj as Record<string, unknown>)[f.keys[k]] : (f.obj as unknown[])[k];
    if (typeof child !== 'object' || child === null) continue;
    if (frames.length >= max)
      return { path: pathOf(frames), message: `is nested too deeply: more than ${max} levels of objects and arrays` };
    frames.push(open(child));
  }
  return null;
}
