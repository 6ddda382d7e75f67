// `flopcheck import model-card README.md`: print (or write) the lineage document a model card describes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './errors';

export interface ImportModelCardOptions {
  compute?: string;
  id?: string;
  out?: string;
}

export function runImportModelCard(file: string, o: ImportModelCardOptions, write: (s: string) => void): number {
  // Loaded here, not at start-up: only this command and --model-card need the YAML parser.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadModelCard } = require('./model-card-input') as typeof import('./model-card-input');
  const { doc } = loadModelCard(file, o.compute, o.id);
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (o.out) {
    try {
      mkdirSync(dirname(o.out), { recursive: true });
      writeFileSync(o.out, text);
    } catch (e) {
      throw new UsageError(`--out: cannot write ${o.out}: ${(e as Error).message}`);
    }
    write(`wrote ${o.out}\n`);
  } else write(text);
  return 0;
}
