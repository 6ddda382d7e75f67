// Input errors are data: a path into the document and a plain message. One exception type carries a list of them.

export interface InputErrorItem {
  /** JSON path in dotted/bracket form, e.g. models[3].compute[0].hardware.count ("" for the document itself). */
  path: string;
  message: string;
}

export class InputError extends Error {
  constructor(
    readonly errors: InputErrorItem[],
    readonly what = 'input',
  ) {
    super(errors.map(formatError).join('\n'));
    this.name = 'InputError';
  }
}

/** For a number too large for a double (1e400, or 400 digits, parse to Infinity): the schema and semantic checks agree. */
export const TOO_LARGE = 'is too large: numbers must lie within ±1.8 × 10^308';

export function formatError(e: InputErrorItem): string {
  return `${e.path === '' ? '(document)' : e.path}: ${e.message}`;
}

/** "/models/3/compute/0" → "models[3].compute[0]". */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^[0-9]+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Keeps error lists readable: the first `max`, then a count of the rest. */
export function cap(errors: InputErrorItem[], max = 200): InputErrorItem[] {
  if (errors.length <= max) return errors;
  return [...errors.slice(0, max), { path: '', message: `…and ${errors.length - max} more errors` }];
}
