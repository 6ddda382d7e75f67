// JSON Schema validation against the files in schemas/, with errors turned into { path, message }. The validators
// are ajv standalone code generated at build time (scripts/precompile.mjs → src/generated/validators.js) and passed in
// by the caller: nothing compiles a schema at run time, so ajv's compiler is never loaded.
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { InputErrorItem, join, pointerToPath, TOO_LARGE } from './errors';

/**
 * The options every validator is compiled with at build time. allErrors: every problem at once; safe because the
 * schemas bound string lengths and array sizes. No coercion, defaults or removal: the user's document is never modified.
 */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true } as const;

/** The value at a JSON Pointer ajv reported (ajv is not run with verbose, so errors do not carry it). */
function valueAt(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function describe(e: ErrorObject, doc: unknown): InputErrorItem | null {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: join(path, String(p.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: join(path, String(p.additionalProperty)), message: 'is not a known field' };
    case 'enum':
      return {
        path,
        message: `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { path, message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'exclusiveMinimum':
      return { path, message: `must be > ${String(p.limit)}` };
    case 'minimum':
      return { path, message: `must be >= ${String(p.limit)}` };
    case 'maximum':
      return { path, message: `must be <= ${String(p.limit)}` };
    case 'type': {
      // ajv (strict numbers) calls Infinity "not a number"; the user wrote a number too large for a double.
      const v = valueAt(doc, e.instancePath);
      if (typeof v === 'number' && !Number.isFinite(v)) return { path, message: TOO_LARGE };
      return { path, message: `must be ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type)}` };
    }
    case 'pattern':
      return {
        path,
        message:
          /date/i.test(String(e.parentSchema?.description ?? '')) || String(p.pattern).includes('[0-9]{4}-')
            ? 'must be a date YYYY-MM-DD'
            : `must match ${String(p.pattern)}`,
      };
    case 'if':
    case 'not':
    case 'false schema':
    case 'dependentSchemas':
      return null; // the amount checks give a clearer message
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

/** The schema errors of `doc` under a generated validator (src/generated/validators: lineage, rule, config). */
export function schemaErrors(v: ValidateFunction, doc: unknown): InputErrorItem[] {
  if (v(doc)) return [];
  const out: InputErrorItem[] = [];
  const seen = new Set<string>();
  for (const e of v.errors ?? []) {
    const d = describe(e, doc);
    if (!d) continue;
    const key = `${d.path}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
