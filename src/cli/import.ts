// `flopcheck import model-card README.md`: print (or write) the lineage document a model card describes.
import { openSink, writeOut } from './out';
import { basename } from 'node:path';
import { jsonSafe, visible } from '../render/safe-text';
import { readText } from '../io/document';
import { loadCatalog } from '../io/load';
import { progress, type Progress } from './research-io';

export interface ImportModelCardOptions {
  compute?: string;
  id?: string;
  out?: string;
}

export interface ImportEpochOptions {
  out?: string;
  /** json (default) or jsonl; by default JSON Lines when --out ends .jsonl or .ndjson. */
  format?: 'json' | 'jsonl';
  costBasis?: 'none' | 'cloud' | 'amortized' | 'upfront';
  snapshot?: string;
  /** commander's --no-confidence-bands sets this false. */
  confidenceBands?: boolean;
}

/** `flopcheck import epoch <csv>`: warnings (skipped rows, corrupted values, unknown bases) go to stderr. */
export function runImportEpoch(
  file: string,
  o: ImportEpochOptions,
  write: (s: string) => void,
  warn: (s: string) => void,
  bar: Progress = progress('import epoch: rows read'),
): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { importEpochCsv } = require('../import/epoch') as typeof import('../import/epoch');
  // The catalog gives developers of bases the file names but does not list.
  const opts = {
    costBasis: o.costBasis,
    snapshot: o.snapshot ?? basename(file),
    confidenceBands: o.confidenceBands !== false,
    catalog: loadCatalog(),
    onRow: bar,
  };
  let result: ReturnType<typeof importEpochCsv>;
  try {
    result = importEpochCsv(readText(file), opts, file);
  } finally {
    bar.end();
  }
  for (const w of result.warnings) warn(`flopcheck: warning: ${visible(w)}\n`); // one line each, whatever the CSV holds
  const jsonl =
    o.format === 'jsonl' || (o.format === undefined && o.out !== undefined && /\.(jsonl|ndjson)$/i.test(o.out));
  if (jsonl) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { jsonLinesOf } = require('../io/jsonl') as typeof import('../io/jsonl');
    const sink = openSink(o.out, write);
    for (const line of jsonLinesOf(result.doc)) sink.write(jsonSafe(line));
    sink.close();
    if (o.out) write(`wrote ${o.out}\n`);
  } else emit(jsonSafe(JSON.stringify(result.doc, null, 2)) + '\n', o.out, write);
  return 0;
}

function emit(text: string, out: string | undefined, write: (s: string) => void) {
  if (out) {
    writeOut(out, text);
    write(`wrote ${out}\n`);
  } else write(text);
}

export function runImportModelCard(file: string, o: ImportModelCardOptions, write: (s: string) => void): number {
  // Loaded here, not at start-up: only this command and --model-card need the YAML parser.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadModelCard } = require('./model-card-input') as typeof import('./model-card-input');
  const { doc } = loadModelCard(file, o.compute, o.id);
  emit(jsonSafe(JSON.stringify(doc, null, 2)) + '\n', o.out, write);
  return 0;
}
