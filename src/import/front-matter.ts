// YAML front matter of a Markdown file (a Hugging Face model card): the block between a first line "---" and the
// next "---" (or "..."), parsed with positions so that every error names its line in the whole file.
import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { depthError, MAX_DEPTH } from '../core/validate/depth';
import { InputError } from '../core/validate/errors';

export interface FrontMatter {
  /** The mapping as plain data. */
  data: Record<string, unknown>;
  /** 1-based line in the whole file of the key `key`, when present. */
  keyLine(key: string): number | undefined;
  /** 1-based lines of the items of a sequence value (or of the scalar value itself). */
  valueLines(key: string): number[];
  /** Line of the opening "---". */
  startLine: number;
}

export function fail(name: string, line: number, message: string): never {
  throw new InputError([{ path: `${name}:${line}`, message }], 'model card');
}

/** Splits off and parses the front matter; malformed YAML or a missing block fails with the line. */
export function parseFrontMatter(text: string, name: string): FrontMatter {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = src.split(/\r?\n/);
  if (lines.length === 0 || lines[0].trimEnd() !== '---') {
    fail(
      name,
      1,
      'has no YAML front matter: the model card must start with a line "---", then the metadata (base_model, base_model_relation, ...), then "---"',
    );
  }
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i].trimEnd();
    if (l === '---' || l === '...') {
      end = i;
      break;
    }
  }
  if (end < 0) fail(name, 1, 'front matter opened by "---" on line 1 is never closed by a line "---"');
  const body = lines.slice(1, end).join('\n');
  const offset = 1; // front matter line k is line k + 1 of the file
  const counter = new LineCounter();
  const doc = parseDocument(body, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (pos: number) => counter.linePos(pos).line + offset;
  const tooDeep = `front matter nests lists and mappings more than ${MAX_DEPTH} levels deep; a model card needs two or three`;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    fail(
      name,
      lineAt(e.pos[0]),
      e.code === 'RESOURCE_EXHAUSTION' ? tooDeep : `front matter is not valid YAML: ${e.message.split('\n')[0]}`,
    );
  }
  const contents = doc.contents;
  if (contents === null) return { data: {}, keyLine: () => undefined, valueLines: () => [], startLine: 1 };
  if (!isMap(contents))
    fail(
      name,
      contents.range ? lineAt(contents.range[0]) : 2,
      'front matter must be a mapping of keys to values (key: value)',
    );
  const pairOf = (key: string) => contents.items.find((p) => isScalar(p.key) && p.key.value === key);
  const nodeLine = (n: Node | null | undefined) => (n && n.range ? lineAt(n.range[0]) : undefined);
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (e) {
    // The yaml package stops alias bombs ("billion laughs") with a ReferenceError and deep data with a RangeError.
    if (e instanceof ReferenceError && /alias/i.test(e.message))
      fail(
        name,
        2,
        'front matter expands YAML aliases (*name) more than 100 times, as in an alias bomb; write the values out instead',
      );
    if (e instanceof RangeError) fail(name, 2, tooDeep);
    throw e;
  }
  const deep = depthError(data);
  if (deep) fail(name, 2, `${tooDeep} (at ${deep.path})`);
  return {
    data,
    keyLine: (key) => nodeLine(pairOf(key)?.key),
    valueLines: (key) => {
      const v = pairOf(key)?.value as Node | undefined;
      if (!v) return [];
      if (isSeq(v)) return v.items.map((it) => nodeLine(it as Node) ?? nodeLine(v) ?? 1);
      const l = nodeLine(v);
      return l === undefined ? [] : [l];
    },
    startLine: 1,
  };
}
