// Epoch AI model database CSV → lineage document. Pure: text (and the base-model catalog) in, document and
// warnings out.
//
// Epoch's "Training compute (FLOP)" is cumulative: it includes the pretrained base models used as components, with
// fine-tuning also broken out in "Finetune compute (FLOP)". The lineage format wants each model's own compute, so a
// model with a base gets its fine-tune compute, or its total minus its base's total when both are known, or the
// total as an upper bound when a base's is not (epoch-compute.ts); never guessed small. Organizations are grouped
// into companies (epoch-orgs.ts) and a row's developer is picked by the rule documented there.
import type { ComputeRecord, LineageDocument, Model, Organization } from '../core/types';
import type { BaseModelCatalog } from '../generated/base-models';
import { parseCsv } from './csv';
import { InputError } from '../core/validate/errors';
import { baseAmount, tuneAmount } from './epoch-compute';
import { catalogModel } from './catalog';
import { AFFILIATE_GROUPS, companyKey, groupOf, normalName, pickDeveloper, slug } from './epoch-orgs';

export interface EpochImportOptions {
  /** Which of Epoch's cost estimates to attach as costUsdRange-free declared figures: none by default. */
  costBasis?: 'none' | 'cloud' | 'amortized' | 'upfront';
  /** Name of the snapshot, recorded in each record's source. */
  snapshot?: string;
  /** Widen point estimates by Epoch's confidence level (default true; false keeps Epoch's figures as points). */
  confidenceBands?: boolean;
  /** flopcheck's base-model catalog: developers of bases the file names but does not list. */
  catalog?: BaseModelCatalog;
  /** Called after each row read (the CLI's progress line on a terminal). */
  onRow?: (done: number, total: number) => void;
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

// Epoch's domains as output modalities. Vision is left out: Epoch files recognition models and image-to-text models
// alike under it, so it says nothing certain about the output (a Vision + Language row generates text).
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

function splitList(s: string | undefined): string[] {
  return (s ?? '').split(',').map(normalName).filter(Boolean);
}

/** Epoch's per-organization columns are comma lists aligned with Organization; anything else is not used. */
function aligned(values: string[], n: number): string[] | undefined {
  if (values.length === n) return values;
  if (values.length === 1 && n === 1) return values;
  return undefined;
}

function firstColumn(col: Map<string, number>, names: string[]): string | undefined {
  return names.find((c) => col.has(c));
}

const TRUE_FLAGS = new Set(['True', 'TRUE', 'true', 'checked', 'Yes']);

export function importEpochCsv(text: string, opts: EpochImportOptions = {}, name = 'input.csv'): EpochImport {
  const table = parseCsv(text, name);
  const col = new Map(table.header.map((h, i) => [normalName(h.replace(/^\uFEFF/, '')), i]));
  for (const required of ['Model', 'Training compute (FLOP)']) {
    if (!col.has(required))
      throw new InputError([
        { path: `${name}:1`, message: `missing column "${required}" (is this an Epoch AI models CSV?)` },
      ]);
  }
  const get = (cells: string[], c: string | undefined) => {
    const i = c === undefined ? undefined : col.get(c);
    return i === undefined ? undefined : (cells[i] ?? '').trim();
  };
  const countryCol = firstColumn(col, ['Country (of organization)', 'Country (from Organization)']);
  const categoryCol = firstColumn(col, [
    'Organization categorization',
    'Organization categorization (from Organization)',
  ]);
  const warnings: string[] = [];
  const snapshot = opts.snapshot ? ` (${opts.snapshot})` : '';
  const bands = opts.confidenceBands !== false;
  const costCol = opts.costBasis && opts.costBasis !== 'none' ? COST_COLUMNS[opts.costBasis] : undefined;
  if (costCol && !col.has(costCol)) warnings.push(`${name}: no column "${costCol}"; costs left out`);

  // First pass: rows by model name, whitespace normalised (later duplicates get the publication date appended).
  interface Row {
    cells: string[];
    line: number;
    id: string;
    name: string;
    orgs: string[];
    bases: string[];
    dev: number;
  }
  const rows: Row[] = [];
  const byName = new Map<string, Row>();
  let done = 0;
  for (const r of table.rows) {
    opts.onRow?.(++done, table.rows.length);
    const nm = normalName(get(r.cells, 'Model') ?? '');
    if (!nm) {
      warnings.push(`${name}:${r.line}: row without a model name skipped`);
      continue;
    }
    let id = nm;
    if (byName.has(nm)) {
      id = `${nm} (${get(r.cells, 'Publication date') || `line ${r.line}`})`;
      warnings.push(`${name}:${r.line}: "${nm}" appears again; imported as "${id}"`);
    }
    const orgs = splitList(get(r.cells, 'Organization'));
    const row = {
      cells: r.cells,
      line: r.line,
      id,
      name: nm,
      orgs,
      bases: splitList(get(r.cells, 'Base model')),
      dev: -1,
    };
    rows.push(row);
    if (!byName.has(nm)) byName.set(nm, row);
  }
  // Developers: first without regard to bases, then preferring the company of a base the row builds on.
  const categoriesOf = (row: Row) => aligned(splitList(get(row.cells, categoryCol)), row.orgs.length);
  for (const row of rows) row.dev = pickDeveloper(row.orgs, categoriesOf(row), new Set());
  const firstDev = new Map(rows.map((row) => [row, row.dev] as const));
  for (const row of rows) {
    const companies = new Set<string>();
    for (const b of row.bases) {
      const base = byName.get(b);
      const d = base ? firstDev.get(base)! : -1;
      if (base && d >= 0) companies.add(companyKey(base.orgs[d]));
    }
    if (companies.size > 0) row.dev = pickDeveloper(row.orgs, categoriesOf(row), companies);
  }

  const orgs = new Map<string, Organization>();
  const addOrg = (nm: string, country?: string, type?: string) => {
    const id = slug(nm);
    let o = orgs.get(id);
    if (!o) orgs.set(id, (o = { id, name: nm }));
    const g = groupOf(nm);
    if (g && g.id !== id) o.affiliateOf = g.id;
    if (country && o.country === undefined) o.country = country;
    if (type && o.organizationType === undefined) o.organizationType = type;
    return id;
  };
  const models: Model[] = [];
  const total = (row: Row) => epochNumber(get(row.cells, 'Training compute (FLOP)'));
  const catalogEntry = (b: string) =>
    opts.catalog?.models.find((x) => normalName(x.name).toLowerCase() === b.toLowerCase());
  /** A base's cumulative total: its row's, else the catalog's published figure for a base the file does not list. */
  const baseTotal = (b: string) => (byName.has(b) ? total(byName.get(b)!) : catalogEntry(b)?.flop);
  /** Bases named but not listed: the smallest cumulative total of a model built on each bounds its compute. */
  const external = new Map<string, { bound?: number; by?: string }>();

  for (const row of rows) {
    const c = row.cells;
    const countries = aligned(splitList(get(c, countryCol)), row.orgs.length);
    const categories = categoriesOf(row);
    row.orgs.forEach((o, k) => addOrg(o, countries?.[k], categories?.[k]));
    const bases = row.bases;
    const m: Model = { id: row.id, name: row.name };
    if (row.dev >= 0) m.developer = slug(row.orgs[row.dev]);
    const date = get(c, 'Publication date');
    if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) m.released = date;
    const domains = splitList(get(c, 'Domain'));
    if (domains.length > 0) m.domains = domains;
    const gen = [...new Set(domains.flatMap((d) => DOMAIN_MODALITIES[d] ?? []))].sort() as Model['generates'];
    if (gen && gen.length > 0) m.generates = gen;
    if (domains.length > 0) m.trainedPrimarilyOnBiologicalSequences = domains.length === 1 && domains[0] === 'Biology';
    // Epoch marks foundation models in some snapshots ("checked"); a blank means not stated, not "no".
    if (TRUE_FLAGS.has(get(c, 'Foundation model') ?? '')) m.foundationModel = true;
    const open = get(c, 'Open model weights?');
    const access = get(c, 'Model accessibility') ?? '';
    if (open === 'Yes' || access.startsWith('Open weights')) m.openWeights = true;
    else if (open === 'No' || ['Unreleased', 'API access', 'Hosted access (no API)'].includes(access))
      m.openWeights = false;
    // Epoch lists pretrained components, not weight merges: a language model joined to a vision encoder (NVLM on
    // Qwen2-72B and InternViT-6B) is trained further from each. Every base is imported as a finetune relation.
    if (bases.length > 0)
      m.baseModels = bases.map((b) => ({ id: byName.get(b)?.id ?? b, relation: 'finetune' as const }));
    if (row.orgs.length > 1 && row.dev >= 0) {
      m.source = `Epoch lists ${row.orgs.join(', ')}; developer taken to be ${row.orgs[row.dev]} (rule: a base's company, else the first Industry organization, else the first listed)`;
    }

    const conf = get(c, 'Confidence');
    const source = `Epoch AI, Data on AI Models${snapshot}, row "${row.name}" (line ${row.line})${conf ? `, confidence ${conf}` : ''}`;
    const rec: Partial<ComputeRecord> = { source };
    const t = total(row);
    const warn = (msg: string) => warnings.push(`${name}:${row.line}: "${row.name}" ${msg}`);
    if (conf === 'Wrong' && t !== undefined) warn(`compute ${t} is marked Wrong by Epoch; left unknown`);
    else if (bases.length === 0) {
      const { amount, notes } = baseAmount({
        total: t,
        lower: epochNumber(get(c, 'Training compute lower bound')),
        upper: epochNumber(get(c, 'Training compute upper bound')),
        confidence: conf,
        over1e25: TRUE_FLAGS.has(get(c, 'Estimated over 1e25 FLOP') ?? ''),
        bands,
      });
      if (amount)
        Object.assign(
          rec,
          { phase: 'pretraining' },
          amount,
          notes.length ? { source: `${source}; ${notes.join('; ')}` } : {},
        );
    } else {
      let ft = epochNumber(get(c, 'Finetune compute (FLOP)'));
      if (ft !== undefined && ft < IMPLAUSIBLY_SMALL_FLOP) {
        warn(`finetune compute ${ft} is implausibly small (corrupted in some snapshots); ignored`);
        ft = undefined;
      }
      const baseTotals = bases.map(baseTotal);
      const { amount, note } = tuneAmount({ total: t, finetune: ft, baseTotals }, warn);
      if (amount) Object.assign(rec, { phase: 'fine-tuning' }, amount, note ? { source: `${source}; ${note}` } : {});
      for (const b of bases) {
        if (byName.has(b)) continue;
        const e = external.get(b) ?? {};
        if (t !== undefined && (e.bound === undefined || t < e.bound)) external.set(b, { bound: t, by: row.name });
        else external.set(b, e);
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
  for (const [b, e] of [...external].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    const m: Model = { id: b, source: 'named as a base model in the Epoch CSV but not listed in it' };
    const entry = catalogEntry(b);
    if (entry) {
      // The catalog's published figure (Epoch's own, from its snapshot) and developer.
      const g = groupOf(entry.developer);
      if (g && !orgs.has(g.id)) orgs.set(g.id, { id: g.id, name: g.name });
      models.push(catalogModel(entry, b, g ? g.id : addOrg(entry.developer), opts.catalog?.snapshot));
      warnings.push(
        `${name}: base model "${b}" is not in the file; added from flopcheck's base-model catalog (${entry.id})`,
      );
      continue;
    }
    if (e.bound !== undefined) {
      // Epoch's total "includes pretrained base models used as components", so a base is at most the smallest total
      // of a model built on it. Rows whose total leaves the base out make this bound too low: the warning names it.
      m.compute = [
        {
          phase: 'pretraining',
          flopRange: { low: 0, high: e.bound },
          source: `at most ${e.bound} FLOP: Epoch's cumulative total of "${e.by}", which includes this base`,
        },
      ];
      warnings.push(
        `${name}: base model "${b}" is not in the file; added with compute at most ${e.bound} (the total of "${e.by}")${m.developer ? '' : ' and unknown developer'}`,
      );
    } else {
      m.source += ': compute unknown';
      warnings.push(
        `${name}: base model "${b}" is not in the file; added with unknown compute${m.developer ? '' : ' and developer'}`,
      );
    }
    models.push(m);
  }
  // Parents of the affiliate groups in use, so that affiliateOf always names an organization of the document.
  for (const g of AFFILIATE_GROUPS) {
    if (!orgs.has(g.id) && [...orgs.values()].some((o) => o.affiliateOf === g.id))
      orgs.set(g.id, { id: g.id, name: g.name });
  }
  for (const o of orgs.values()) {
    const g = o.affiliateOf ? AFFILIATE_GROUPS.find((x) => x.id === o.affiliateOf) : undefined;
    if (g) o.source = `affiliate of ${g.name}: ${g.source}`;
  }
  const organizations = [...orgs.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
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
