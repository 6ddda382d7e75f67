// Where each model and organization is written in the input text (the line of its "id"), so SARIF results and
// GitHub annotations point at the model in the lineage file. Input parsing: text in, line numbers out.
import { scanJson } from './json-scan';

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

export function lineStarts(text: string): number[] {
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
 * Lines of models[i].id and organizations[i].id in a JSON text, found by the one JSON scanner (json-scan.ts), which
 * decodes only the keys near the root and the ids. Malformed text simply yields fewer locations (the document has
 * already been validated by the time this runs).
 */
export function jsonLocations(text: string, uri: string): Locations {
  const out: Locations = new Map();
  const starts = lineStarts(text);
  scanJson(text, (path, keyAt, raw) => {
    const [top, , key] = path;
    if (path.length !== 3 || key !== 'id' || (top !== 'models' && top !== 'organizations') || raw[0] !== '"') return;
    const k = locationKey(top === 'models' ? 'model' : 'organization', JSON.parse(raw) as string);
    if (!out.has(k)) out.set(k, { uri, line: lineOf(starts, keyAt) });
  });
  return out;
}

/** Lines of models[i].id and organizations[i].id in a YAML text (loads the yaml package only when called). */
export function yamlLocations(text: string, uri: string): Locations {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const counter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: counter });
  const out: Locations = new Map();
  for (const [top, kind] of [
    ['models', 'model'],
    ['organizations', 'organization'],
  ] as const) {
    const seq = doc.get(top, true);
    if (!YAML.isSeq(seq)) continue;
    for (const item of seq.items) {
      if (!YAML.isMap(item)) continue;
      const pair = item.items.find((p) => YAML.isScalar(p.key) && p.key.value === 'id');
      if (!pair || !YAML.isScalar(pair.key) || !YAML.isScalar(pair.value) || typeof pair.value.value !== 'string')
        continue;
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
