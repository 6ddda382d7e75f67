// flopcheck.config.json: found in the working directory or named with --config, validated against
// schemas/config.schema.json; relative paths in it are resolved against its own folder.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { FlopcheckConfig } from '../generated/config';
import { config as configValidator } from '../generated/validators';
import { InputError } from '../core/validate/errors';
import { schemaErrors } from '../core/validate/schema';
import { isCalendarDate } from '../core/validate/lineage';
import { checkGatePolicy, GatePolicy, unknownReadings } from '../core/evaluate/gate';
import type { Rule } from '../core/types';
import { UsageError } from './errors';
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
  const errors = schemaErrors(configValidator, raw).map((e) => ({
    path: e.path === '' ? name : `${name}: ${e.path}`,
    message: waiverMessage(e.path, e.message),
  }));
  const c = raw as FlopcheckConfig;
  if (errors.length === 0 && c.asOf !== undefined && !isCalendarDate(c.asOf))
    errors.push({ path: `${name}: asOf`, message: 'is not a calendar date' });
  if (errors.length === 0 && c.lineage !== undefined && c.modelCard !== undefined)
    errors.push({ path: name, message: 'give lineage or modelCard, not both' });
  if (errors.length === 0 && (c.modelCard === undefined) !== (c.compute === undefined))
    errors.push({ path: name, message: 'modelCard and compute go together' });
  if (errors.length === 0) errors.push(...waiverDateErrors(c, name));
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

/** Schema messages about waivers, said in the user's terms. */
function waiverMessage(path: string, message: string): string {
  if (/^waivers\[\d+\]\.reason$/.test(path) && /^must match/.test(message))
    return 'must not be blank: say why the finding may not block the release';
  if (/^waivers\[\d+\]\.expires$/.test(path) && /^must match/.test(message))
    return 'must be a date YYYY-MM-DD (the last day the waiver holds)';
  if (/^waivers\[\d+\]$/.test(path) && /must NOT be valid/i.test(message))
    return 'name model or organization, not both';
  return message;
}

/** A waiver's expiry must be a real calendar day (the schema's pattern lets 2026-02-30 through). */
function waiverDateErrors(c: FlopcheckConfig, name: string) {
  return (c.waivers ?? []).flatMap((w, i) =>
    isCalendarDate(w.expires) ? [] : [{ path: `${name}: waivers[${i}].expires`, message: 'is not a calendar date' }],
  );
}

/** A list-or-string config value as the comma-separated string the flags use. */
export function commaList(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * The gate policy of a run: readings from --fail-on-reading (else the config's failOnReadings) and the config's
 * waivers, checked against the rules (a waiver naming an unknown rule or reading is a config error, exit 2).
 */
export function gatePolicy(
  opts: { failOnReading?: string },
  cfg: FlopcheckConfig,
  file: string | undefined,
  all: readonly Rule[],
  selected: readonly Rule[],
  asOf: string,
): GatePolicy {
  const name = file ?? CONFIG_FILE;
  const waivers = cfg.waivers ?? [];
  const errors = checkGatePolicy(waivers, all).map((e) => ({ path: `${name}: ${e.path}`, message: e.message }));
  if (errors.length > 0) throw new InputError(errors, 'config');
  const fromFlag = opts.failOnReading !== undefined;
  const readings = fromFlag
    ? opts
        .failOnReading!.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : cfg.failOnReadings;
  if (fromFlag && readings!.length === 0)
    throw new UsageError('--fail-on-reading: name at least one reading (interpretation id)');
  const unknown = unknownReadings(readings ?? [], selected);
  if (unknown.length > 0) {
    const known = [...new Set(selected.flatMap((r) => (r.interpretations ?? []).map((i) => i.id)))].sort();
    const message = `no selected rule has the reading${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => `"${u}"`).join(', ')} (readings of the selected rules: ${known.join(', ') || 'none'})`;
    if (fromFlag) throw new UsageError(`--fail-on-reading: ${message}`);
    throw new InputError([{ path: `${name}: failOnReadings`, message }], 'config');
  }
  return { asOf, rules: selected, ...(readings ? { readings } : {}), ...(waivers.length > 0 ? { waivers } : {}) };
}
