// flopcheck.config.json: found in the working directory or named with --config, validated against
// schemas/config.schema.json; relative paths in it are resolved against its own folder.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { FlopcheckConfig } from '../generated/config';
import { config as configValidator } from '../generated/validators';
import { InputError } from '../core/validate/errors';
import { schemaErrors } from '../core/validate/schema';
import { isCalendarDate } from '../core/validate/lineage';
import { parseDocument, readText } from '../io/document';

export const CONFIG_FILE = 'flopcheck.config.json';

export interface LoadedConfig {
  file: string;
  config: FlopcheckConfig;
}

/** A path from the config, resolved against the config's folder and shown relative to the working directory. */
function rebase(file: string, p: string | undefined): string | undefined {
  if (p === undefined || isAbsolute(p)) return p;
  const abs = resolve(dirname(file), p);
  return relative(process.cwd(), abs) || '.';
}

/** Loads the config named by --config (must exist) or ./flopcheck.config.json (if it exists); else undefined. */
export function loadConfig(explicit: string | undefined): LoadedConfig | undefined {
  const file = explicit ?? (existsSync(join(process.cwd(), CONFIG_FILE)) ? CONFIG_FILE : undefined);
  if (file === undefined) return undefined;
  const name = file;
  const raw = parseDocument(readText(file), name);
  const errors = schemaErrors(configValidator, raw).map((e) => ({ path: e.path === '' ? name : `${name}: ${e.path}`, message: e.message }));
  const c = raw as FlopcheckConfig;
  if (errors.length === 0 && c.asOf !== undefined && !isCalendarDate(c.asOf)) errors.push({ path: `${name}: asOf`, message: 'is not a calendar date' });
  if (errors.length === 0 && c.lineage !== undefined && c.modelCard !== undefined) errors.push({ path: name, message: 'give lineage or modelCard, not both' });
  if (errors.length === 0 && (c.modelCard === undefined) !== (c.compute === undefined)) errors.push({ path: name, message: 'modelCard and compute go together' });
  if (errors.length > 0) throw new InputError(errors, 'config');
  return {
    file,
    config: {
      ...c,
      lineage: rebase(file, c.lineage),
      modelCard: rebase(file, c.modelCard),
      compute: rebase(file, c.compute),
      out: rebase(file, c.out),
    },
  };
}

/** A list-or-string config value as the comma-separated string the flags use. */
export function commaList(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}
