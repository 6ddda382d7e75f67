// Hugging Face model card → lineage document. Pure: card text (and optionally the team's compute records and the
// bundled base-model catalog) in, document out. A base model found in the catalog becomes a model with its
// published training compute; any other base becomes a model WITHOUT compute, so rules that need its compute
// answer "uncertain" (fail closed) instead of assuming it small.
import type { BaseModel, BaseModelCatalog, ConfidenceFactors } from '../generated/base-models';
import { InputError } from '../core/validate/errors';
import { fail, parseFrontMatter } from './front-matter';
import { catalogModel } from './catalog';

type Obj = Record<string, unknown>;

/** Hugging Face `base_model_relation` → lineage relation (the Hub says "quantized", the lineage format "quantization"). */
export const RELATIONS: Record<string, string> = {
  finetune: 'finetune',
  adapter: 'adapter',
  merge: 'merge',
  quantized: 'quantization',
};

/** Hugging Face pipeline tags that tell what a model generates (used only when the team's records don't say). */
const PIPELINE_GENERATES: Record<string, string> = {
  'text-generation': 'text',
  'text2text-generation': 'text',
  'image-text-to-text': 'text',
  'text-to-image': 'image',
  'image-to-image': 'image',
  'text-to-video': 'video',
  'text-to-speech': 'audio',
  'text-to-audio': 'audio',
};

/** The team's own records: `{ developer, compute, organizations?, model?, bases? }` (compute.json). */
export interface ComputeRecords {
  developer: string;
  compute: unknown[];
  organizations?: Obj[];
  model?: Obj;
  /**
   * Figures for base models the card names, when the team knows them (a base missing from the catalog, or better
   * figures than the catalog's): `{ id, developer?, compute, ... }` in the lineage model shape, id as in base_model.
   */
  bases?: (Obj & { id: string })[];
}

export interface ImportOptions {
  /** Name of the card file, for error messages ("README.md:3"). */
  name: string;
  catalog?: BaseModelCatalog;
  records?: ComputeRecords;
  /** Id of the model the card describes, when the records don't give one. */
  id?: string;
  /** Name of the records file, for errors about its bases ("compute.json: bases[0].id"). */
  recordsName?: string;
}

export interface ModelCardImport {
  doc: Obj;
  /** Id of the model the card describes (the last model in doc.models). */
  modelId: string;
  /** Lines in the card: of `base_model` (the released model's lineage) and of each base id. */
  lines: { model: number; bases: Record<string, number> };
  /** How many organizations came from the records (they come first in doc.organizations). */
  recordOrganizations: number;
  /** For each base whose figures came from the records' bases: its index there. */
  recordBases: Record<string, number>;
}

const COMPUTE_KEYS = ['developer', 'compute', 'organizations', 'model', 'bases', '$schema', 'description'];

/** Checks the shape of compute.json (its compute records are checked with the lineage, with paths mapped back). */
export function checkComputeRecords(raw: unknown, name: string): ComputeRecords {
  const err = (path: string, message: string): never => {
    throw new InputError([{ path: `${name}: ${path}`.replace(/: $/, ''), message }], 'compute records');
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    err('', 'must be an object { "developer": ..., "compute": [ ... ] }');
  const o = raw as Obj;
  for (const k of Object.keys(o))
    if (!COMPUTE_KEYS.includes(k))
      err(k, `is not a known field (known: ${COMPUTE_KEYS.filter((x) => x[0] !== '$').join(', ')})`);
  if (typeof o.developer !== 'string' || o.developer === '')
    err('developer', 'is required: the id of the organization that trained the model');
  if (!Array.isArray(o.compute))
    err('compute', 'is required: a list of training records in the lineage format (use [] for none)');
  if (
    o.organizations !== undefined &&
    (!Array.isArray(o.organizations) || o.organizations.some((x) => typeof x !== 'object' || x === null))
  )
    err('organizations', 'must be a list of organizations');
  if (o.model !== undefined && (typeof o.model !== 'object' || o.model === null || Array.isArray(o.model)))
    err('model', 'must be an object (id, generates, openWeights, released, ...)');
  if (o.model && 'baseModels' in (o.model as Obj))
    err('model.baseModels', 'comes from the model card (base_model); do not repeat it here');
  if (o.model && 'compute' in (o.model as Obj)) err('model.compute', 'belongs at the top level ("compute")');
  if (o.bases !== undefined) {
    if (!Array.isArray(o.bases))
      err('bases', 'must be a list of base models: [{ "id": ..., "developer": ..., "compute": [ ... ] }]');
    (o.bases as unknown[]).forEach((b, i) => {
      if (typeof b !== 'object' || b === null || Array.isArray(b))
        err(`bases[${i}]`, 'must be an object { "id": ..., "developer": ..., "compute": [ ... ] }');
      const base = b as Obj;
      if (typeof base.id !== 'string' || base.id.trim() === '')
        err(`bases[${i}].id`, "is required: the base model id as the card's base_model names it");
      if (base.developer !== undefined && (typeof base.developer !== 'string' || base.developer === ''))
        err(`bases[${i}].developer`, 'must be an organization id');
      if (!Array.isArray(base.compute))
        err(`bases[${i}].compute`, "is required: the base model's training records in the lineage format");
      if ('baseModels' in base)
        err(`bases[${i}].baseModels`, "is not supported: give the base's cumulative compute as its own records");
    });
  }
  return o as unknown as ComputeRecords;
}

/** "https://huggingface.co/org/name" → "org/name"; other ids unchanged. */
function normalizeId(id: string): string {
  return id
    .trim()
    .replace(/^https?:\/\/huggingface\.co\//, '')
    .replace(/\/+$/, '');
}

function findBase(catalog: BaseModelCatalog | undefined, id: string): BaseModel | undefined {
  const want = id.toLowerCase();
  return catalog?.models.find(
    (m) => m.id.toLowerCase() === want || (m.aliases ?? []).some((a) => a.toLowerCase() === want),
  );
}

/** The Hub namespace stands in for a base model's developer: it is who publishes it. */
function namespaceOf(id: string): string {
  const i = id.indexOf('/');
  return i > 0 ? id.slice(0, i) : id;
}

function baseModelsOf(fm: ReturnType<typeof parseFrontMatter>, name: string): { ids: string[]; lines: number[] } {
  const raw = fm.data.base_model;
  const line = fm.keyLine('base_model') ?? 1;
  if (raw === undefined || raw === null) return { ids: [], lines: [] };
  const valueLines = fm.valueLines('base_model');
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list)) fail(name, line, 'base_model must be a Hugging Face model id (org/name) or a list of them');
  const ids: string[] = [];
  const lines: number[] = [];
  list.forEach((v, i) => {
    const at = valueLines[i] ?? line;
    if (typeof v !== 'string' || normalizeId(v) === '')
      fail(name, at, `base_model entry ${i + 1} must be a model id string (org/name)`);
    const id = normalizeId(v);
    if (!/^[^\s/]+\/[^\s/]+$/.test(id) && !/^[^\s/]+$/.test(id))
      fail(name, at, `base_model "${v}" is not a Hugging Face model id (org/name)`);
    if (!ids.includes(id)) {
      ids.push(id);
      lines.push(at);
    }
  });
  return { ids, lines };
}

function relationOf(fm: ReturnType<typeof parseFrontMatter>, name: string, bases: number): string {
  const raw = fm.data.base_model_relation;
  if (raw === undefined || raw === null) return bases > 1 ? 'merge' : 'finetune'; // the Hub's own default reading
  const line = fm.keyLine('base_model_relation') ?? 1;
  if (typeof raw !== 'string' || !(raw in RELATIONS)) {
    fail(
      name,
      line,
      `base_model_relation must be one of ${Object.keys(RELATIONS).join(', ')} (got ${JSON.stringify(raw)})`,
    );
  }
  return RELATIONS[raw];
}

function baseModel(
  id: string,
  entry: BaseModel | undefined,
  snapshot: string | undefined,
  given: Obj | undefined,
  factors?: ConfidenceFactors,
): Obj {
  if (given) {
    // The team's own figures for the base win over the catalog's: they are what the team can document.
    const { id: _id, ...rest } = given;
    return {
      ...rest,
      id,
      developer: typeof given.developer === 'string' ? given.developer : namespaceOf(id),
      ...(given.source === undefined
        ? { source: "Named as base_model in the model card; figures from the team's compute records (bases)." }
        : {}),
    };
  }
  if (!entry) {
    return {
      id,
      developer: namespaceOf(id),
      source: `Named as base_model in the model card; not in flopcheck's base-model catalog, so its training compute is unknown (rules needing it answer uncertain). Add its compute to the lineage to decide.`,
    };
  }
  return catalogModel(entry, id, namespaceOf(id), snapshot, factors) as unknown as Obj;
}

/** Builds the lineage document for the model the card describes (and its direct base models). */
export function importModelCard(text: string, opts: ImportOptions): ModelCardImport {
  const fm = parseFrontMatter(text, opts.name);
  const { ids, lines } = baseModelsOf(fm, opts.name);
  const relation = relationOf(fm, opts.name, ids.length);
  const rec = opts.records;
  const model = { ...(rec?.model ?? {}) };
  const modelId = (typeof model.id === 'string' && model.id) || opts.id || 'this-model';
  if (ids.includes(modelId))
    fail(opts.name, lines[ids.indexOf(modelId)], `base_model names the model itself (${modelId})`);

  const orgs: Obj[] = (rec?.organizations ?? []).map((o) => ({ ...o }));
  const haveOrg = (id: string) => orgs.some((o) => o.id === id);
  if (rec && !haveOrg(rec.developer)) orgs.push({ id: rec.developer });
  const recordOrganizations = orgs.length;

  const recordBases: Record<string, number> = {};
  (rec?.bases ?? []).forEach((b, j) => {
    const id = ids.find((x) => x.toLowerCase() === normalizeId(b.id).toLowerCase());
    if (id === undefined) {
      const named = ids.length > 0 ? `it names ${ids.join(', ')}` : 'it names none';
      throw new InputError(
        [
          {
            path: `${opts.recordsName ?? 'compute records'}: bases[${j}].id`,
            message: `"${b.id}" is not a base_model of ${opts.name} (${named})`,
          },
        ],
        'compute records',
      );
    }
    if (id in recordBases)
      throw new InputError(
        [{ path: `${opts.recordsName ?? 'compute records'}: bases[${j}].id`, message: `"${b.id}" is given twice` }],
        'compute records',
      );
    recordBases[id] = j;
  });

  const models: Obj[] = [];
  const baseLines: Record<string, number> = {};
  ids.forEach((id, i) => {
    const entry = findBase(opts.catalog, id);
    const given = id in recordBases ? rec!.bases![recordBases[id]] : undefined;
    models.push(baseModel(id, entry, opts.catalog?.snapshot, given, opts.catalog?.confidenceFactors));
    baseLines[id] = lines[i];
    const dev = given && typeof given.developer === 'string' ? given.developer : namespaceOf(id);
    if (!haveOrg(dev)) orgs.push(entry && !given ? { id: dev, name: entry.developer } : { id: dev });
  });

  const tag = fm.data.pipeline_tag;
  const generates =
    model.generates ?? (typeof tag === 'string' && PIPELINE_GENERATES[tag] ? [PIPELINE_GENERATES[tag]] : undefined);
  const released: Obj = {
    ...model,
    id: modelId,
    ...(rec ? { developer: rec.developer } : {}),
    ...(generates ? { generates } : {}),
    ...(ids.length > 0 ? { baseModels: ids.map((id) => ({ id, relation })) } : {}),
    ...(rec ? { compute: rec.compute } : {}),
  };
  models.push(released);

  const doc: Obj = {
    lineageVersion: 1,
    description: `Built by flopcheck from the front matter of ${opts.name}${rec ? " and the team's compute records" : ''}. Base models in the bundled catalog carry its published training compute; others have unknown compute.`,
    ...(orgs.length > 0 ? { organizations: orgs } : {}),
    models,
  };
  return {
    doc,
    modelId,
    lines: { model: fm.keyLine('base_model') ?? 1, bases: baseLines },
    recordOrganizations,
    recordBases,
  };
}
