// Epoch AI model database CSV → lineage document. Pure: text in, document and warnings out.
//
// Epoch's "Training compute (FLOP)" is cumulative: it includes the pretrained base models used as components, with
// fine-tuning also broken out in "Finetune compute (FLOP)". The lineage format wants each model's own compute, so a
// model with a base gets its fine-tune compute, or its total minus its base's total when both are known; otherwise
// its own compute is unknown (never guessed small).
import type { ComputeRecord, LineageDocument, Model } from '../core/types';
import { parseCsv } from './csv';
import { InputError } from '../core/validate/errors';
import { slug } from '../core/format/slug';
import { ZERO, add, fromNumber, sub, toNumber } from '../core/exact/decimal';

export interface EpochImportOptions {
  /** Which of Epoch's cost estimates to attach as costUsdRange-free declared figures: none by default. */
  costBasis?: 'none' | 'cloud' | 'amortized' | 'upfront';
  /** Name of the snapshot, recorded in each record's source. */
  snapshot?: string;
}

export interface EpochImport {
  doc: LineageDocument;
  warnings: string[];
}

const COST_COLUMNS = {
  cloud: 'Training compute cost (cloud)',
  amortized: 'Training compute cost (2023 USD)',
  upfront: 'Training compute cost (upfront)',
} as const;

/** Finetune values below this are corrupted in some snapshots (e.g. "6" where the notes say 6.1e23). */
const IMPLAUSIBLY_SMALL_FLOP = 1e6;

const DOMAIN_MODALITIES: Record<string, Model['generates']> = {
  Language: ['text'],
  Multimodal: ['text'],
  'Image generation': ['image'],
  Video: ['video'],
  Speech: ['audio'],
  Audio: ['audio'],
  Biology: ['biological-sequence'],
};

/** "1.44e21", "39782379000000000000", "$29827341.92", "1,000" → number; "" → undefined. */
export function epochNumber(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim().replace(/^\$/, '').replace(/,/g, '');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** An organization id (core/format/slug.ts); "unknown" for a name with no letter or digit. */
function orgId(s: string): string {
  return slug(s) || 'unknown';
}

function splitList(s: string | undefined): string[] {
  return (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
}

export function importEpochCsv(text: string, opts: EpochImportOptions = {}, name = 'input.csv'): EpochImport {
  const table = parseCsv(text, name);
  const col = new Map(table.header.map((h, i) => [h, i]));
  for (const required of ['Model', 'Training compute (FLOP)']) {
    if (!col.has(required)) throw new InputError([{ path: `${name}:1`, message: `missing column "${required}" (is this an Epoch AI models CSV?)` }]);
  }
  const get = (cells: string[], c: string) => {
    const i = col.get(c);
    return i === undefined ? undefined : (cells[i] ?? '').trim();
  };
  const warnings: string[] = [];
  const snapshot = opts.snapshot ? ` (${opts.snapshot})` : '';
  const costCol = opts.costBasis && opts.costBasis !== 'none' ? COST_COLUMNS[opts.costBasis] : undefined;
  if (costCol && !col.has(costCol)) warnings.push(`${name}: no column "${costCol}"; costs left out`);

  // First pass: rows by model name (later duplicates get the publication date appended to their id).
  interface Row { cells: string[]; line: number; id: string; name: string }
  const rows: Row[] = [];
  const byName = new Map<string, Row>();
  for (const r of table.rows) {
    const nm = get(r.cells, 'Model');
    if (!nm) {
      warnings.push(`${name}:${r.line}: row without a model name skipped`);
      continue;
    }
    let id = nm;
    if (byName.has(nm)) {
      id = `${nm} (${get(r.cells, 'Publication date') || `line ${r.line}`})`;
      warnings.push(`${name}:${r.line}: "${nm}" appears again; imported as "${id}"`);
    }
    const row = { cells: r.cells, line: r.line, id, name: nm };
    rows.push(row);
    if (!byName.has(nm)) byName.set(nm, row);
  }

  const orgs = new Map<string, string>(); // id → name
  const models: Model[] = [];
  const total = (row: Row) => epochNumber(get(row.cells, 'Training compute (FLOP)'));
  const external = new Set<string>();

  for (const row of rows) {
    const c = row.cells;
    const orgNames = splitList(get(c, 'Organization'));
    for (const o of orgNames) orgs.set(orgId(o), o);
    const bases = splitList(get(c, 'Base model'));
    const m: Model = { id: row.id, name: row.name };
    if (orgNames.length > 0) m.developer = orgId(orgNames[0]);
    const date = get(c, 'Publication date');
    if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) m.released = date;
    const domains = splitList(get(c, 'Domain'));
    const gen = [...new Set(domains.flatMap((d) => DOMAIN_MODALITIES[d] ?? []))].sort() as Model['generates'];
    if (gen && gen.length > 0) m.generates = gen;
    if (domains.length > 0) m.trainedPrimarilyOnBiologicalSequences = domains.length === 1 && domains[0] === 'Biology';
    // Epoch marks foundation models in some snapshots ("checked"); a blank means not stated, not "no".
    if (['checked', 'True', 'Yes'].includes(get(c, 'Foundation model') ?? '')) m.foundationModel = true;
    const open = get(c, 'Open model weights?');
    const access = get(c, 'Model accessibility') ?? '';
    if (open === 'Yes' || access.startsWith('Open weights')) m.openWeights = true;
    else if (open === 'No' || ['Unreleased', 'API access', 'Hosted access (no API)'].includes(access)) m.openWeights = false;
    if (bases.length > 0) {
      m.baseModels = bases.map((b) => {
        if (!byName.has(b)) external.add(b);
        return { id: byName.get(b)?.id ?? b, relation: bases.length > 1 ? ('merge' as const) : ('finetune' as const) };
      });
    }

    const conf = get(c, 'Confidence');
    const source = `Epoch AI, Data on AI Models${snapshot}, row "${row.name}" (line ${row.line})${conf ? `, confidence ${conf}` : ''}`;
    const rec: Partial<ComputeRecord> = { source };
    const t = total(row);
    const lo = epochNumber(get(c, 'Training compute lower bound'));
    const hi = epochNumber(get(c, 'Training compute upper bound'));
    if (bases.length === 0) {
      if (t !== undefined) {
        rec.phase = 'pretraining';
        if (lo !== undefined && hi !== undefined && lo <= t && t <= hi && lo < hi) rec.flopRange = { low: lo, central: t, high: hi };
        else rec.flop = t;
      }
    } else {
      const ft = epochNumber(get(c, 'Finetune compute (FLOP)'));
      const baseTotals = bases.map((b) => (byName.has(b) ? total(byName.get(b)!) : undefined));
      if (ft !== undefined && ft >= IMPLAUSIBLY_SMALL_FLOP) {
        rec.phase = 'fine-tuning';
        rec.flop = ft;
      } else {
        if (ft !== undefined) warnings.push(`${name}:${row.line}: "${row.name}" finetune compute ${ft} is implausibly small (corrupted in some snapshots); ignored`);
        if (t !== undefined && baseTotals.every((x) => x !== undefined)) {
          // Exact decimal subtraction: float subtraction of 3.8e25 − 3.7e25 leaves binary noise.
          const ownDec = sub(fromNumber(t), baseTotals.reduce((a, b) => add(a, fromNumber(b!)), ZERO));
          const own = toNumber(ownDec);
          if (own >= 0) {
            rec.phase = 'fine-tuning';
            rec.flop = own;
            rec.source = `${source}; total ${t} minus base total ${t - own}`;
          } else warnings.push(`${name}:${row.line}: "${row.name}" total compute ${t} is below its bases' total; own compute left unknown`);
        }
      }
    }
    if (rec.phase) {
      if (costCol) {
        const cost = epochNumber(get(c, costCol));
        if (cost !== undefined) {
          rec.costUsd = cost;
          rec.source = `${rec.source}; cost: Epoch estimate "${costCol}" (not the developer's assessment)`;
        }
      }
      m.compute = [rec as ComputeRecord];
    }
    models.push(m);
  }
  for (const b of [...external].sort()) {
    models.push({ id: b, source: 'named as a base model in the Epoch CSV but not listed in it: compute unknown' });
    warnings.push(`${name}: base model "${b}" is not in the file; added with unknown compute`);
  }
  const organizations = [...orgs].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([id, nm]) => ({ id, name: nm }));
  return {
    doc: {
      lineageVersion: 1,
      description: `Imported from an Epoch AI models CSV${snapshot}: ${rows.length} models. Epoch AI, "Data on AI Models", epoch.ai/data/ai-models (CC BY 4.0).`,
      organizations,
      models,
    },
    warnings,
  };
}
