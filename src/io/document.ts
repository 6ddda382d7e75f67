// Reading a document from a file or stdin, as JSON or YAML, with parse errors that name the line and column.
// Every document the CLI and the server read comes through parseDocument: a byte order mark is skipped, YAML alias
// bombs and documents nested deeper than any input needs are input errors (exit 2, HTTP 400), never a crash.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { depthError, MAX_DEPTH } from '../core/validate/depth';
import { InputError } from '../core/validate/errors';
import { jsonErrorOffset } from './json-scan';

/**
 * A file's (or stdin's) text, without a UTF-8 byte order mark (so source lines for SARIF are found too). Read as one
 * Buffer and decoded once: pure ASCII (most corpora) as Latin-1, a byte copy into a one-byte string, else as UTF-8.
 */
export function readText(file: string): string {
  let buf: Buffer;
  try {
    buf = file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new InputError([{ path: '', message: `cannot read ${file === '-' ? 'standard input' : file}: ${why}` }]);
  }
  return decodeText(buf);
}

/** UTF-8 bytes as a string without a byte order mark; ASCII is decoded as Latin-1 (the same characters, faster). */
export function decodeText(buf: Buffer): string {
  const from = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return isAscii(buf) ? buf.toString('latin1', from) : buf.toString('utf8', from);
}

function lineCol(text: string, pos: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return `line ${line}, column ${col}`;
}

/** Aliases a YAML document may expand (the yaml package's default): more is an alias bomb ("billion laughs"). */
export const MAX_YAML_ALIASES = 100;

const tooDeep = (name: string) =>
  `${name} nests objects and arrays more than ${MAX_DEPTH} levels deep; no flopcheck input needs that many`;

/** Parses JSON, or YAML for .yaml/.yml names; rejects documents nested more than MAX_DEPTH levels. */
export function parseDocument(text: string, name: string): unknown {
  const value = parseUnchecked(text, name);
  checkDepth(value, name);
  return value;
}

/**
 * parseDocument without the nesting check, for a caller whose own walk of the value is bounded (it follows a schema's
 * shape) and vouches for its depth: when that walk cannot vouch for it, the caller runs `checkDepth` before anything
 * else walks the value, and gets parseDocument's error.
 */
export function parseUnchecked(text: string, name: string): unknown {
  return parseText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, name);
}

/** parseDocument's nesting check: an input error naming the first place nested more than MAX_DEPTH levels. */
export function checkDepth(value: unknown, name: string): void {
  const deep = depthError(value);
  if (deep) throw new InputError([{ path: deep.path, message: `is nested too deeply: ${tooDeep(name)}` }]);
}

/** YAML text to plain data, every failure an input error: syntax (with line), nesting, alias expansion. */
function parseYaml(text: string, name: string): import('yaml').Document.Parsed {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const doc = YAML.parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e) => {
        const at = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'position unknown';
        // The parser gives up on deep nesting with RESOURCE_EXHAUSTION ("Maximum call stack size exceeded").
        return {
          path: '',
          message:
            e.code === 'RESOURCE_EXHAUSTION'
              ? tooDeep(name)
              : `${name} is not valid YAML (${at}): ${e.message.split('\n')[0]}`,
        };
      }),
    );
  }
  return doc;
}

/** A parsed YAML document as plain data; an alias bomb or a stack-deep document is an input error. */
function yamlToJs(doc: import('yaml').Document.Parsed, name: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      throw new InputError([
        {
          path: '',
          message: `${name} expands YAML aliases (*name) too many times: more than ${MAX_YAML_ALIASES}, as in an alias bomb; write the values out instead`,
        },
      ]);
    }
    if (e instanceof RangeError) throw new InputError([{ path: '', message: tooDeep(name) }]);
    throw e;
  }
}

function parseText(text: string, name: string): unknown {
  if (/\.ya?ml$/i.test(name)) return yamlToJs(parseYaml(text, name), name);
  if (text.trim() === '') throw new InputError([{ path: '', message: `${name} is empty` }]);
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? parseInt(m[1], 10) : jsonErrorOffset(text);
    const where = pos >= 0 ? ` (${lineCol(text, pos)})` : '';
    const what =
      pos >= 0 && pos < text.length
        ? `unexpected ${JSON.stringify(text[pos])}`
        : pos === text.length
          ? 'unexpected end of input'
          : msg;
    throw new InputError([{ path: '', message: `${name} is not valid JSON${where}: ${what}` }]);
  }
}
