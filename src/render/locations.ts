// Where each model and organization is written in the input text (the line of its "id"), so SARIF results and
// GitHub annotations point at the model in the lineage file. Pure: text in, line numbers out.

export interface SourceLocation {
  /** Path of the file as given on the command line, with forward slashes (relative when it was relative). */
  uri: string;
  /** 1-based line. */
  line: number;
}

/** Keys are "model:<id>" and "organization:<id>". */
export type Locations = Map<string, SourceLocation>;

export function locationKey(subject: 'model' | 'organization', id: string): string {
  return `${subject}:${id}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line of an offset, by binary search over line starts. */
export function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Lines of models[i].id and organizations[i].id in a JSON text. A small scanner rather than a parser: it walks
 * the text once, tracking the key path to depth 3, and only decodes the strings it needs. Malformed text simply
 * yields fewer locations (the document has already been validated by the time this runs).
 */
export function jsonLocations(text: string, uri: string): Locations {
  const out: Locations = new Map();
  const starts = lineStarts(text);
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const str = (): string => {
    const s = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(s, i)) as string;
  };
  // path: keys/indices from the root; we care about ["models"|"organizations", n, "id"].
  const value = (path: (string | number)[]): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return;
        }
        const keyAt = i;
        const key = str();
        ws();
        i++; // colon
        ws();
        const top = path[0];
        if (path.length === 2 && key === 'id' && (top === 'models' || top === 'organizations') && text[i] === '"') {
          const id = str();
          const kind = top === 'models' ? 'model' : 'organization';
          const k = locationKey(kind, id);
          if (!out.has(k)) out.set(k, { uri, line: lineOf(starts, keyAt) });
        } else if (path.length < 3) value([...path, key]);
        else skip();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else return;
      }
    } else if (c === '[') {
      i++;
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === ']') {
          i++;
          return;
        }
        if (path.length < 3) value([...path, n]);
        else skip();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else return;
      }
    } else skip();
  };
  // Skips one value of any kind without recording anything.
  const skip = (): void => {
    ws();
    const c = text[i];
    if (c === '"') {
      str();
      return;
    }
    if (c === '{' || c === '[') {
      let depth = 0;
      while (i < text.length) {
        const ch = text[i];
        if (ch === '"') {
          str();
          continue;
        }
        if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 0) {
            i++;
            return;
          }
        }
        i++;
      }
      return;
    }
    while (i < text.length && !',}] \t\r\n'.includes(text[i])) i++;
  };
  try {
    value([]);
  } catch {
    /* partial locations are still useful */
  }
  return out;
}

/** Lines of models[i].id and organizations[i].id in a YAML text (loads the yaml package only when called). */
export function yamlLocations(text: string, uri: string): Locations {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const counter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: counter });
  const out: Locations = new Map();
  for (const [top, kind] of [['models', 'model'], ['organizations', 'organization']] as const) {
    const seq = doc.get(top, true);
    if (!YAML.isSeq(seq)) continue;
    for (const item of seq.items) {
      if (!YAML.isMap(item)) continue;
      const pair = item.items.find((p) => YAML.isScalar(p.key) && p.key.value === 'id');
      if (!pair || !YAML.isScalar(pair.key) || !YAML.isScalar(pair.value) || typeof pair.value.value !== 'string') continue;
      const k = locationKey(kind, pair.value.value);
      if (!out.has(k) && pair.key.range) out.set(k, { uri, line: counter.linePos(pair.key.range[0]).line });
    }
  }
  return out;
}

/** Locations for a lineage text, by its file name (YAML for .yaml/.yml, else JSON). */
export function lineageLocations(text: string, uri: string): Locations {
  return /\.ya?ml$/i.test(uri) ? yamlLocations(text, uri) : jsonLocations(text, uri);
}
