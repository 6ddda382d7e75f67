// JSON Merge Patch (RFC 7386) and a JSON deep copy: rule variants are a base rule with a merge patch applied.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets an own property, also for keys such as "__proto__" that plain assignment would treat specially. */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A deep copy of JSON data (objects, arrays, scalars); key order is kept. */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  if (isObject(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) put(o, k, cloneJson(v[k]));
    return o as T;
  }
  return v;
}

/**
 * RFC 7386: an object patch merges key by key (null removes a key), anything else replaces the target. Arrays are
 * replaced whole. Neither argument is modified; the result shares nothing with them.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const out: Record<string, unknown> = {};
  if (isObject(target)) for (const k of Object.keys(target)) put(out, k, cloneJson(target[k]));
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) delete out[k];
    else put(out, k, mergePatch(Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined, v));
  }
  return out;
}
