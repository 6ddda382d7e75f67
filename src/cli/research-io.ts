// Shared by `sweep`, `variants` and `import epoch`: progress on a terminal, writing the report, and error paths named after flags.
import { writeOut } from './out';
import { InputError } from '../core/validate/errors';
import { UsageError } from './errors';
import { Timings, untimed, type TimedPhase } from './timings';
import { checkDepth, parseUnchecked, readText } from '../io/document';
import { loadReference } from '../io/load';
import { referenceValidateLineage } from '../core/validate/lineage';
import { fastValidLineage, type FastValid } from '../core/validate/lineage-fast';
import type { LineageDocument } from '../core/types';

/** Shown only when stderr is a terminal and the run has taken more than this. */
const QUIET_MS = 2000;

export interface Progress {
  (done: number, total: number): void;
  end(): void;
}

/** A progress callback for the core: "label: 7/20" on stderr, rewritten in place; never on a pipe or file. */
export function progress(
  label: string,
  stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'> = process.stderr,
  now: () => number = Date.now,
): Progress {
  const start = now();
  let shown = false;
  const p = ((done: number, total: number) => {
    if (!stream.isTTY || (!shown && now() - start < QUIET_MS)) return;
    shown = true;
    stream.write(`\r${label}: ${done}/${total}`);
  }) as Progress;
  p.end = () => {
    if (shown) stream.write('\r\x1b[K');
  };
  return p;
}

/**
 * Writes the report: to stdout, or with --out to the file, then (as `check` does) "wrote <file>" on stdout for
 * text, or the text report on stdout and "wrote <file>" on stderr for other formats.
 */
export function emit(
  output: string,
  format: string,
  text: () => string,
  out: string | undefined,
  write: (s: string) => void,
): void {
  if (!out) return write(output);
  writeOut(out, output);
  if (format === 'text') write(`wrote ${out}\n`);
  else {
    write(text());
    process.stderr.write(`wrote ${out}\n`);
  }
}

/** Re-labels core error paths (rule, target, values[3]…) with what the user typed. */
export function renamePaths(e: unknown, rename: (path: string) => string): never {
  if (e instanceof InputError)
    throw new InputError(
      e.errors.map((x) => ({ path: rename(x.path), message: x.message })),
      e.what,
    );
  throw e;
}

export function checkFormat(format: string, formats: readonly string[]): void {
  if (!formats.includes(format)) throw new UsageError(`--format: "${format}" is not one of ${formats.join(', ')}`);
}

/** --by and --per-model: which formats they go with, and not together (per-model rows carry the groups already). */
export function checkDetail(o: {
  by?: string;
  perModel?: boolean;
  format: string;
  changes?: boolean;
  dir?: boolean;
}): void {
  if (o.by !== undefined && !['year', 'organization', 'country'].includes(o.by))
    throw new UsageError(`--by: "${o.by}" is not one of year, organization, country`);
  if (o.by !== undefined && o.perModel)
    throw new UsageError(
      '--per-model rows carry year, organization and country already: use --by without --per-model for counts per group',
    );
  if (o.dir) return; // a folder gets every format
  if (o.by !== undefined && !['text', 'json', 'csv', 'svg'].includes(o.format))
    throw new UsageError(`--by goes with --format text, json, csv or svg, not ${o.format}`);
  if (o.perModel && !['json', 'csv'].includes(o.format))
    throw new UsageError(`--per-model goes with --format csv or json, not ${o.format}`);
  if (o.changes && o.format === 'csv' && (o.by !== undefined || o.perModel))
    throw new UsageError(
      '--changes with --format csv prints the changes in long form, one table: not with --by or --per-model',
    );
}

export type Time = <T>(name: TimedPhase, f: () => T) => T;

/**
 * `--timings` for sweep and variants (as check's): `time` runs a phase, `done` writes the JSON line on stderr once the
 * command's result (a code, or a promise of one while a folder is written) is settled.
 */
export function phaseTimer(on: boolean | undefined): {
  time: Time;
  done: (code: number | Promise<number>) => number | Promise<number>;
} {
  const t = on ? new Timings() : undefined;
  if (!t) return { time: untimed, done: (code) => code };
  const line = () => process.stderr.write(t.line());
  return {
    time: t.run,
    done: (code) => {
      if (typeof code === 'number') {
        line();
        return code;
      }
      return code.then((c) => {
        line();
        return c;
      });
    },
  };
}

/**
 * A lineage text parsed, and `valid` when the one walk of lineage-fast.ts accepts it. That walk follows the schema's
 * shape, so it vouches for the nesting depth too: parseDocument's depth walk (and its error) runs only on a document
 * it does not accept, before the reference validation words that document's errors.
 */
export function parseLineage(text: string, name: string, time: Time): { raw: unknown; valid: FastValid | null } {
  const raw = time('parse', () => parseUnchecked(text, name));
  const valid = time('validate', () => fastValidLineage(raw, loadReference()));
  if (!valid) time('parse', () => checkDepth(raw, name));
  return { raw, valid };
}

/** A lineage file read, parsed and validated (what check's loadLineage does), each step timed. */
export function readLineageTimed(file: string, time: Time): LineageDocument {
  const text = time('read', () => readText(file));
  const { raw, valid } = parseLineage(text, file === '-' ? 'standard input' : file, time);
  if (valid) return valid.doc;
  return time('validate', () => {
    const v = referenceValidateLineage(raw, loadReference());
    if (!v.ok) throw new InputError(v.errors);
    return v.doc;
  });
}

export const TIMINGS_HELP =
  'print one JSON line on stderr: milliseconds spent reading, parsing, validating, indexing, measuring, evaluating, rendering';
