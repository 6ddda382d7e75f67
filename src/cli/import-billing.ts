// `flopcheck import billing <focus.csv>`: a FOCUS cloud bill → the compute document `check --compute` takes, or its
// records appended to a model of a lineage (--into). Reading and writing files here; the import is pure
// (src/import/focus.ts). What the bill holds but the records do not is summed on stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { ComputeRecord, LineageDocument } from '../core/types';
import { InputError } from '../core/validate/errors';
import { validateLineage } from '../core/validate/lineage';
import type { CloudAcceleratorTable } from '../generated/cloud-accelerators';
import { importFocusCsv, CostBasis } from '../import/focus';
import { parseMapping, UserMapping } from '../import/focus-match';
import { checkComputeRecords } from '../import/model-card';
import { summaryLines } from '../import/focus-summary';
import { jsonSafe, visible } from '../render/safe-text';
import { UsageError } from './errors';
import { parseDocument, readText } from '../io/document';
import { loadReference } from '../io/load';
import { packageRoot } from '../io/package';
import { writeOut } from './out';

const PHASES = [
  'pretraining',
  'continued-pretraining',
  'fine-tuning',
  'reinforcement-learning',
  'synthetic-data',
  'distillation',
  'merge',
  'evaluation',
  'experiment',
  'other',
];

export interface ImportBillingOptions {
  model?: string;
  developer?: string;
  tag?: string[];
  resource?: string;
  phase?: ComputeRecord['phase'];
  cost?: CostBasis;
  utilization?: string;
  map?: string[];
  rate?: string[];
  per?: 'day' | 'line';
  into?: string;
  out?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Registers `billing` under `flopcheck import`. */
export function registerImportBillingCommand(
  importCmd: Command,
  write: (s: string) => void,
  warn: (s: string) => void,
  setCode: (c: number) => void,
): void {
  importCmd
    .command('billing')
    .description(
      'turn a FOCUS cloud bill (AWS, Azure, Google Cloud cost exports) into compute records: accelerator-hours and cost of the GPU/TPU lines',
    )
    .argument('<focus.csv>', 'FOCUS 1.0-1.2 cost and usage export (CSV)')
    .option('--model <id>', 'the model the compute trained (with --into: the model to append to)')
    .option('--developer <org-id>', 'the organization that trained it ("developer" of the compute document)')
    .option('--tag <key=value>', 'only lines whose Tags hold this pair (repeat for several)', collect)
    .option('--resource <glob>', 'only lines whose ResourceId or ResourceName matches (* and ?)')
    .addOption(new Option('--phase <phase>', 'phase of the records').choices(PHASES).default('pretraining'))
    .addOption(
      new Option('--cost <column>', 'which FOCUS cost column is the record cost')
        .choices(['effective', 'billed', 'list', 'contracted'])
        .default('effective'),
    )
    .option(
      '--utilization <u>',
      'model FLOP utilization, a point (0.4) or a range (0.3..0.5); default the documented range in rules/reference/cloud-accelerators.json',
    )
    .option(
      '--map <sku-or-type>=<accelerator>x<count>',
      'count an instance type or SKU the table does not know (repeat)',
      collect,
    )
    .option(
      '--rate <CUR=usd>',
      'US dollars per unit of a billing currency other than USD, e.g. EUR=1.08 (repeat)',
      collect,
    )
    .addOption(
      new Option('--per <grain>', 'one record per accelerator and day, or per bill line')
        .choices(['day', 'line'])
        .default('day'),
    )
    .option(
      '--into <file>',
      'append the records to a compute document, or to --model in a lineage document, and print (or --out) it',
    )
    .option('--out <file>', 'write the document to a file instead of standard output')
    .action((file: string, o: ImportBillingOptions) => setCode(runImportBilling(file, o, write, warn)));
}

let table: CloudAcceleratorTable | undefined;
function loadTable(): CloudAcceleratorTable {
  return (table ??= JSON.parse(
    readFileSync(join(packageRoot(), 'rules', 'reference', 'cloud-accelerators.json'), 'utf8'),
  ) as CloudAcceleratorTable);
}

function utilizationOf(s: string | undefined): number | { low: number; high: number } | undefined {
  if (s === undefined) return undefined;
  const ok = (x: number) => Number.isFinite(x) && x > 0 && x <= 1;
  const m = /^\s*([0-9.]+)\s*\.\.\s*([0-9.]+)\s*$/.exec(s);
  if (m) {
    const low = Number(m[1]);
    const high = Number(m[2]);
    if (ok(low) && ok(high) && low <= high) return { low, high };
  } else if (/^\s*[0-9.]+\s*$/.test(s) && ok(Number(s))) return Number(s);
  throw new UsageError(
    `--utilization ${s}: give a fraction in (0, 1] such as 0.4, or a range low..high such as 0.3..0.5`,
  );
}

function pairs(list: string[] | undefined, flag: string, example: string): [string, string][] {
  return (list ?? []).map((t) => {
    const i = t.indexOf('=');
    if (i <= 0) throw new UsageError(`${flag} ${t}: expected ${example}`);
    return [t.slice(0, i).trim(), t.slice(i + 1).trim()];
  });
}

export function runImportBilling(
  file: string,
  o: ImportBillingOptions,
  write: (s: string) => void,
  warn: (s: string) => void,
): number {
  const known = new Set<string>(loadReference().accelerators.keys());
  const maps: UserMapping[] = (o.map ?? []).map((spec) => {
    const m = parseMapping(spec, known);
    if (typeof m === 'string') throw new UsageError(m);
    return m;
  });
  const rates: Record<string, number> = {};
  for (const [cur, v] of pairs(o.rate, '--rate', 'CUR=<US dollars per unit>, e.g. EUR=1.08')) {
    const x = Number(v);
    if (!/^[A-Za-z]{3}$/.test(cur) || !Number.isFinite(x) || x <= 0)
      throw new UsageError(`--rate ${cur}=${v}: expected a currency code and a positive rate, e.g. EUR=1.08`);
    rates[cur.toUpperCase()] = x;
  }
  const text = readText(file);
  const result = importFocusCsv(text, {
    name: file,
    table: loadTable(),
    costBasis: o.cost,
    tags: pairs(o.tag, '--tag', 'key=value'),
    resource: o.resource,
    phase: o.phase,
    utilization: utilizationOf(o.utilization),
    per: o.per,
    maps,
    rates,
  });
  for (const line of summaryLines(result.summary)) warn(`flopcheck: ${visible(line)}\n`);
  const doc =
    o.into !== undefined ? appendInto(o.into, o.model, result.records) : computeDocument(o, result.records, warn);
  const json = jsonSafe(JSON.stringify(doc, null, 2)) + '\n';
  if (o.out) {
    writeOut(o.out, json);
    write(`wrote ${o.out} (${result.records.length} compute record${result.records.length === 1 ? '' : 's'})\n`);
  } else write(json);
  return 0;
}

function computeDocument(o: ImportBillingOptions, records: ComputeRecord[], warn: (s: string) => void): object {
  if (o.developer === undefined)
    warn('flopcheck: note: add "developer" (or --developer <org-id>) before using the file with check --compute\n');
  return {
    ...(o.developer !== undefined ? { developer: o.developer } : {}),
    ...(o.model !== undefined ? { model: { id: o.model } } : {}),
    compute: records,
  };
}

/**
 * The document with the records appended: a lineage (to --model's own compute), or a compute document
 * (`{ "developer", "compute": [ … ] }`, to its compute list). The result must still validate.
 */
function appendInto(file: string, modelId: string | undefined, records: ComputeRecord[]): object {
  const raw = parseDocument(readText(file), file);
  if (
    raw &&
    typeof raw === 'object' &&
    !Array.isArray(raw) &&
    !('models' in raw) &&
    Array.isArray((raw as { compute?: unknown }).compute)
  ) {
    const doc = checkComputeRecords(raw, file);
    doc.compute = [...doc.compute, ...records];
    const v = validateLineage({ lineageVersion: 1, models: [{ id: 'x', compute: doc.compute }] }, loadReference());
    if (!v.ok)
      throw new InputError(
        v.errors.map((e) => ({ path: `${file}: ${e.path.replace(/^models\[0\]\./, '')}`, message: e.message })),
      );
    return doc;
  }
  if (modelId === undefined)
    throw new UsageError(`--into ${file}: a lineage needs --model <id>, the model whose compute the bill paid for`);
  const doc = raw as LineageDocument;
  const models = (doc && typeof doc === 'object' && Array.isArray(doc.models) ? doc.models : undefined) ?? [];
  const model = models.find((m) => m && m.id === modelId);
  if (!model) throw new InputError([{ path: `${file}: models`, message: `has no model "${modelId}" (--model)` }]);
  model.compute = [...(model.compute ?? []), ...records];
  const v = validateLineage(doc, loadReference());
  if (!v.ok) throw new InputError(v.errors.map((e) => ({ path: `${file}: ${e.path}`, message: e.message })));
  return doc;
}
