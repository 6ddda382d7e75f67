// Registers the validators precompiled at build time (scripts/precompile.mjs) with the core, for a fast start.
// Falls back silently to run-time compilation when the generated file is missing or was built from other schemas.
import configSchema from '../../schemas/config.schema.json';
import lineageSchema from '../../schemas/lineage.schema.json';
import ruleSchema from '../../schemas/rule.schema.json';
import type { ValidateFunction } from 'ajv/dist/2020';
import { usePrecompiled } from '../core/validate/schema';
import { fingerprint } from '../io/fingerprint';

type Generated = Record<'lineage' | 'rule' | 'config', ValidateFunction> & { fingerprints: Record<string, string> };

let done = false;

export function installPrecompiledValidators(): void {
  if (done) return;
  done = true;
  let gen: Generated;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    gen = require('../generated/validators.js') as Generated;
  } catch {
    return; // not built (e.g. running from src/ in tests): compile at run time
  }
  const schemas = { lineage: lineageSchema, rule: ruleSchema, config: configSchema } as const;
  for (const name of Object.keys(schemas) as (keyof typeof schemas)[]) {
    if (typeof gen[name] === 'function' && gen.fingerprints?.[name] === fingerprint(schemas[name])) usePrecompiled(schemas[name], gen[name]);
  }
}
