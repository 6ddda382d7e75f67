// Lineages as JSON Lines (DESIGN §2): a first line {"lineageVersion":1}, then one {"organization":{…}} or
// {"model":{…}} per line. Read in blocks and parsed line by line, so memory follows the models kept, never the
// whole text; errors name the line. The document built has the same meaning as the JSON document form.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { depthError, MAX_DEPTH } from '../core/validate/depth';
import { InputError, type InputErrorItem } from '../core/validate/errors';

/** Whether a file is read as JSON Lines: by `--input-format`, else by its extension. */
export function isJsonLines(file: string, inputFormat?: string): boolean {
  if (inputFormat !== undefined) return inputFormat === 'jsonl';
  return /\.(jsonl|ndjson)$/i.test(file);
}

export interface JsonLinesLineage {
  /** The lineage document: the header's fields, `organizations` and `models` in file order. */
  doc: { organizations: unknown[]; models: unknown[]; [key: string]: unknown };
  /** 1-based line of each organization and model, by index. */
  lines: { organizations: number[]; models: number[] };
  /**
   * With `deferDepth`: the nesting check of every line, in line order, throwing the error reading would have thrown
   * (the caller runs it unless its own bounded walk vouches for the document's depth). Without: does nothing.
   */
  checkDepth: () => void;
}

const BLOCK = 1 << 22;

/**
 * Calls `each(line, number)` for every line of a file (or standard input for "-"), read in blocks. Each block is cut
 * after its last newline byte (never inside a UTF-8 sequence) and decoded once, ASCII as Latin-1; the bytes after
 * the cut are carried to the next block.
 */
function forEachLine(file: string, each: (line: string, n: number) => void): void {
  let fd: number;
  try {
    fd = file === '-' ? 0 : openSync(file, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.message;
    throw new InputError([{ path: '', message: `cannot read ${file}: ${why}` }]);
  }
  let buf = Buffer.allocUnsafe(BLOCK);
  // Bytes of an unfinished line at the start of buf, from the previous read.
  let have = 0;
  let n = 0;
  try {
    for (;;) {
      if (have === buf.length) {
        // A line longer than the block: a bigger block.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      let got: number;
      try {
        got = readSync(fd, buf, have, buf.length - have, null);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EAGAIN') continue; // a non-blocking standard input not ready yet
        if (err.code === 'EOF') break;
        const why = err.code === 'EISDIR' ? 'is a directory' : err.message;
        throw new InputError([{ path: '', message: `cannot read ${file === '-' ? 'standard input' : file}: ${why}` }]);
      }
      if (got === 0) break;
      const end = have + got;
      const cut = buf.lastIndexOf(10, end - 1) + 1;
      if (cut === 0) {
        have = end;
        continue;
      }
      const text = decode(buf.subarray(0, cut));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        each(text.slice(start, nl), ++n);
        start = nl + 1;
      }
      buf.copy(buf, 0, cut, end);
      have = end - cut;
    }
    const rest = have > 0 ? decode(buf.subarray(0, have)) : '';
    if (rest !== '') each(rest, ++n);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** UTF-8 bytes (whole sequences) as a string: ASCII as Latin-1, a byte copy. */
const decode = (b: Buffer): string => (isAscii(b) ? b.toString('latin1') : b.toString('utf8'));

/**
 * Reads a JSON Lines lineage; InputError naming the line for text that is not one JSON object of the form. Each line
 * is checked for nesting depth as it is read, or, with `deferDepth`, only by `checkDepth` (and before any other error
 * is thrown, so that errors come in the same order): a caller whose own walk of the document is bounded saves a walk
 * of every line.
 */
export function readJsonLines(file: string, options: { deferDepth?: boolean } = {}): JsonLinesLineage {
  const name = file === '-' ? 'standard input' : file;
  const doc: JsonLinesLineage['doc'] = { organizations: [], models: [] };
  const lines: JsonLinesLineage['lines'] = { organizations: [], models: [] };
  const defer = options.deferDepth === true;
  let header = false;
  let headerLine: { value: object; n: number } | undefined;
  const failNow = (n: number, message: string): never => {
    throw new InputError([{ path: `${name} line ${n}`, message }]);
  };
  /** The deferred depth checks of the lines read so far, then of `current` (line n, an object), in line order. */
  const depthSoFar = (current?: object, n = 0) => {
    if (headerLine && depthError(headerLine.value)) failNow(headerLine.n, 'is nested too deeply');
    // Organizations and models, merged by line; the line's object held one member, a level up.
    const { organizations: orgs, models } = doc;
    for (let i = 0, j = 0; i < orgs.length || j < models.length;) {
      const org = j >= models.length || (i < orgs.length && lines.organizations[i] < lines.models[j]);
      const v = org ? orgs[i] : models[j];
      const at = org ? lines.organizations[i++] : lines.models[j++];
      if (depthError(v, MAX_DEPTH - 1)) failNow(at, 'is nested too deeply');
    }
    if (current && depthError(current)) failNow(n, 'is nested too deeply');
  };
  // A failing line: with deferred depth checks, an earlier line (or this one) nested too deeply is reported first.
  const fail = (n: number, message: string, current?: object): never => {
    if (defer) depthSoFar(current, n);
    return failNow(n, message);
  };
  const each = (raw: string, n: number) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (n === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      fail(n, `is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(n, 'must be a JSON object');
    if (!defer && depthError(v)) fail(n, 'is nested too deeply');
    const o = v as Record<string, unknown>;
    if (!header) {
      if (!('lineageVersion' in o))
        fail(n, 'the first line must be the header {"lineageVersion":1}, before any organization or model', o);
      for (const [k, x] of Object.entries(o)) {
        if (k === 'organizations' || k === 'models')
          fail(n, `the header cannot hold "${k}": write one {"${k.slice(0, -1)}":{…}} per line`, o);
        doc[k] = x;
      }
      header = true;
      if (defer) headerLine = { value: o, n };
      return;
    }
    // The line's one key, without an array of keys per line.
    let key = '';
    let count = 0;
    for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k) && count++ === 0) key = k;
    if (count !== 1 || (key !== 'model' && key !== 'organization'))
      fail(n, 'must be {"model":{…}} or {"organization":{…}} (one object with exactly one of these keys)', o);
    if (key === 'model') {
      doc.models.push(o.model);
      lines.models.push(n);
    } else {
      doc.organizations.push(o.organization);
      lines.organizations.push(n);
    }
  };
  try {
    forEachLine(file, each);
  } catch (e) {
    // A read failing part way: a line read before it that nests too deeply is reported first, as it was read.
    if (defer && e instanceof InputError && e.errors[0]?.path === '') depthSoFar();
    throw e;
  }
  if (!header)
    throw new InputError([
      { path: '', message: `${name} is empty: a JSON Lines lineage starts with {"lineageVersion":1}` },
    ]);
  return { doc, lines, checkDepth: defer ? () => depthSoFar() : () => {} };
}

/** An error about `models[3]…` or `organizations[0]…` of a JSON Lines lineage, also naming its line. */
export function placeOnLine(lines: JsonLinesLineage['lines'], name: string): (e: InputErrorItem) => InputErrorItem {
  return (e) => {
    const m = /^(models|organizations)\[(\d+)\]/.exec(e.path);
    const n = m ? lines[m[1] as 'models' | 'organizations'][Number(m[2])] : undefined;
    return n === undefined ? e : { ...e, path: `${name} line ${n}: ${e.path}` };
  };
}

/** A lineage document as JSON Lines: the header line, then each organization and each model on its own line. */
export function* jsonLinesOf(doc: { organizations?: unknown[]; models?: unknown[] }): Generator<string> {
  const { organizations, models, ...header } = doc;
  yield JSON.stringify(header) + '\n';
  for (const o of organizations ?? []) yield JSON.stringify({ organization: o }) + '\n';
  for (const m of models ?? []) yield JSON.stringify({ model: m }) + '\n';
}
