// Reading a document from a file or stdin, as JSON or YAML, with parse errors that name the line and column.
import { readFileSync } from 'node:fs';
import { InputError } from '../core/validate/errors';
import { jsonErrorOffset } from './json-position';

export function readText(file: string): string {
  try {
    return file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new InputError([{ path: '', message: `cannot read ${file === '-' ? 'standard input' : file}: ${why}` }]);
  }
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

/** Parses JSON, or YAML for .yaml/.yml names. */
export function parseDocument(text: string, name: string): unknown {
  if (/\.ya?ml$/i.test(name)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const YAML = require('yaml') as typeof import('yaml');
    const doc = YAML.parseDocument(text, { prettyErrors: false });
    if (doc.errors.length > 0) {
      throw new InputError(doc.errors.map((e) => ({ path: '', message: `${name} is not valid YAML (${e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'position unknown'}): ${e.message.split('\n')[0]}` })));
    }
    return doc.toJS();
  }
  if (text.trim() === '') throw new InputError([{ path: '', message: `${name} is empty` }]);
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? parseInt(m[1], 10) : jsonErrorOffset(text);
    const where = pos >= 0 ? ` (${lineCol(text, pos)})` : '';
    const what = pos >= 0 && pos < text.length ? `unexpected ${JSON.stringify(text[pos])}` : pos === text.length ? 'unexpected end of input' : msg;
    throw new InputError([{ path: '', message: `${name} is not valid JSON${where}: ${what}` }]);
  }
}
