// The assessment form → a lineage document. Pure: the submitted fields (strings, as typed), the date and the bundled
// base-model catalog in; a validated lineage, or errors keyed by form field, out. Lineage validation errors are
// mapped back from their document path (models[1].compute[0].hardware.utilization) to the field the user typed
// (compute[0].utilization), so the form can show each error next to its field.
import { parseDocument } from '../io/document';
import type { ReferenceTables } from '../core/estimate/reference';
import { slug } from '../core/format/slug';
import type { LineageDocument } from '../core/types';
import { isCalendarDate, validateLineage } from '../core/validate/lineage';
import type { BaseModelCatalog } from '../generated/base-models';
import { parseFormNumber } from './form-number';
import { catalogModel } from '../import/catalog';
import {
  allBases,
  BaseField,
  baseField,
  BaseRow,
  baseRowIsEmpty,
  FormValues,
  PHASES,
  RELATIONS,
  Row,
  RowField,
  rowField,
  rowIsEmpty,
} from './form-values';

/** Examples in "is not a number" messages, by kind of field. */
const EXAMPLES = {
  flop: 'a number of operations such as 5e24 or 5 × 10^24',
  usd: 'an amount in US dollars such as 7,000,000 or 7M',
  count: 'a number such as 256',
  hours: 'a number of hours such as 500',
  fraction: 'a fraction such as 0.4 or 40%',
  large: 'a number such as 7B, 7e9 or 2T',
  price: 'a price in US dollars such as 2.50',
};
type Example = keyof typeof EXAMPLES;

export interface FieldError {
  /** Form field name (e.g. "compute[0].utilization"); "" when the error belongs to no one field. */
  field: string;
  message: string;
}

export interface FormContext {
  /** Today's date (YYYY-MM-DD), the as-of date when the field is empty. */
  today: string;
  catalog: BaseModelCatalog;
  reference: ReferenceTables;
}

export type FormOutcome =
  | {
      ok: true;
      doc: LineageDocument;
      asOf: string;
      /** Models to report (the form's model); all when undefined. */ models?: string[];
    }
  | { ok: false; errors: FieldError[] };

const isBlank = (s: string) => s.trim() === '';

type Obj = Record<string, unknown>;

/** Collects field errors and the lineage path → form field map while the document is built. */
class Builder {
  readonly errors: FieldError[] = [];
  readonly fields = new Map<string, string>();
  err(field: string, message: string) {
    if (!this.errors.some((e) => e.field === field && field !== '')) this.errors.push({ field, message });
  }
  /** The number in `field`, or undefined (empty, or not a number: then an error). */
  num(value: string, field: string, example: Example, required = false): number | undefined {
    if (isBlank(value)) {
      if (required) this.err(field, 'is required');
      return undefined;
    }
    const p = parseFormNumber(value, EXAMPLES[example]);
    if (!p.ok) {
      this.err(field, p.message);
      return undefined;
    }
    return p.value;
  }
  map(path: string, field: string) {
    this.fields.set(path, field);
  }
  /** The form field for a lineage path: the longest mapped prefix, or "" when none. */
  fieldFor(path: string): string {
    for (let p = path; ;) {
      const f = this.fields.get(p);
      if (f !== undefined) return f;
      const up = p.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, '');
      if (up === p) return '';
      p = up;
    }
  }
}

/** The three ways to give a record's amount, as the form names them. */
const WAY_NAMES = {
  flop: 'the total compute (FLOP)',
  architecture: 'parameters × tokens',
  hardware: 'accelerators × hours',
};
const listOf = (xs: string[]) =>
  xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

/** Utilization typed as a percentage without the sign (40 for 40 %): say what was probably meant. */
function utilization(b: Builder, raw: string, field: string): number | undefined {
  const u = b.num(raw, field, 'fraction', true);
  if (u !== undefined && u > 1 && u <= 100 && !raw.includes('%')) {
    b.err(field, `is a fraction between 0 and 1: did you mean ${u} % (${u / 100})?`);
  }
  return u;
}

function record(b: Builder, r: Row, i: number, path: string): Obj {
  const f = (x: RowField) => rowField(i, x);
  const rec: Obj = { phase: r.phase };
  b.map(path, f('flop'));
  b.map(`${path}.phase`, f('phase'));
  if (!(PHASES as readonly string[]).includes(r.phase)) b.err(f('phase'), `must be one of ${PHASES.join(', ')}`);
  const groups = {
    flop: ['flop'] as RowField[],
    architecture: ['parameters', 'tokens'] as RowField[],
    hardware: ['accelerator', 'count', 'hours', 'utilization'] as RowField[],
  };
  const filled = (Object.keys(groups) as (keyof typeof groups)[]).filter((g) => groups[g].some((x) => !isBlank(r[x])));
  // A record with only a cost: FLOP unknown (open above), so FLOP tests are uncertain and dollar tests decided.
  const costOnly = filled.length === 0 && !isBlank(r.costUsd);
  if (filled.length === 0 && !costOnly)
    b.err(
      f('flop'),
      'give the amount of compute: total FLOP, or parameters and tokens, or accelerators, count, hours and utilization (or, if you know only what it cost, the total cost)',
    );
  if (costOnly) {
    rec.flopRange = { low: 0 };
    b.map(`${path}.flopRange`, f('costUsd'));
  }
  if (filled.length > 1)
    b.err(
      f(groups[filled[1]][0]),
      `you gave ${filled.length === 2 ? 'both ' : ''}${listOf(filled.map((g) => WAY_NAMES[g]))}: give the amount one way only, and clear the ${filled.length === 2 ? 'other' : 'others'}`,
    );
  const amount = filled.length === 1 ? filled[0] : undefined;
  if (amount === 'flop') rec.flop = b.num(r.flop, f('flop'), 'flop', true);
  if (amount === 'architecture') {
    rec.architecture = {
      parameters: b.num(r.parameters, f('parameters'), 'large', true),
      tokens: b.num(r.tokens, f('tokens'), 'large', true),
    };
    b.map(`${path}.architecture`, f('parameters'));
    b.map(`${path}.architecture.parameters`, f('parameters'));
    b.map(`${path}.architecture.tokens`, f('tokens'));
  }
  if (amount === 'hardware') {
    if (isBlank(r.accelerator)) b.err(f('accelerator'), 'is required: choose the accelerator');
    rec.hardware = {
      ...(isBlank(r.accelerator) ? {} : { accelerator: r.accelerator.trim() }),
      count: b.num(r.count, f('count'), 'count', true),
      hours: b.num(r.hours, f('hours'), 'hours', true),
      utilization: utilization(b, r.utilization, f('utilization')),
    };
    for (const x of ['accelerator', 'count', 'hours', 'utilization'] as RowField[])
      b.map(`${path}.hardware.${x}`, f(x));
    b.map(`${path}.hardware`, f('accelerator'));
  }
  const cost = b.num(r.costUsd, f('costUsd'), 'usd');
  const price = b.num(r.pricePerHour, f('pricePerHour'), 'price');
  if (cost !== undefined && price !== undefined)
    b.err(f('pricePerHour'), 'give the total cost or the price per accelerator-hour, not both');
  else if (price !== undefined && amount !== 'hardware')
    b.err(
      f('pricePerHour'),
      'a price per accelerator-hour needs the accelerator, count and hours: give the total cost instead',
    );
  else if (cost !== undefined) rec.costUsd = cost;
  else if (price !== undefined) rec.pricePerAcceleratorHourUsd = price;
  b.map(`${path}.costUsd`, f('costUsd'));
  b.map(`${path}.pricePerAcceleratorHourUsd`, f('pricePerHour'));
  for (const k of ['start', 'end'] as const) {
    const d = r[k].trim();
    if (d !== '' && !isCalendarDate(d)) b.err(f(k), 'must be a date YYYY-MM-DD');
    else if (d !== '') rec[k] = d;
    b.map(`${path}.${k}`, f(k));
  }
  rec.source = costOnly
    ? 'entered in the flopcheck assessment form (cost only: the FLOP is not known)'
    : 'entered in the flopcheck assessment form';
  for (const k of Object.keys(rec)) if (rec[k] === undefined) delete rec[k];
  return rec;
}

function namespaceOf(id: string): string {
  const i = id.indexOf('/');
  return i > 0 ? id.slice(0, i) : '';
}

function baseFromCatalog(b: Builder, row: BaseRow, i: number, ctx: FormContext, orgs: Obj[]): Obj | undefined {
  const entry = ctx.catalog.models.find((m) => m.id === row.choice);
  if (!entry) {
    b.err(baseField(i, 'choice'), 'is not in the list: choose a base model from the list, or "other"');
    return undefined;
  }
  const dev = slug(namespaceOf(entry.id) || entry.developer) || 'base-developer';
  if (!orgs.some((o) => o.id === dev)) orgs.push({ id: dev, name: entry.developer });
  return catalogModel(entry, entry.id, dev, ctx.catalog.snapshot, ctx.catalog.confidenceFactors) as unknown as Obj;
}

function otherBase(b: Builder, row: BaseRow, i: number, orgs: Obj[], userOrg: string, modelIndex: number): Obj {
  const f = (x: BaseField) => baseField(i, x);
  const id = row.otherId.trim();
  if (id === '') b.err(f('otherId'), 'is required when the base model is "other": give its name or Hugging Face id');
  const dev = slug(row.otherDeveloper) || slug(namespaceOf(id)) || 'base-developer';
  if (dev !== userOrg && !orgs.some((o) => o.id === dev))
    orgs.push({ id: dev, ...(isBlank(row.otherDeveloper) ? {} : { name: row.otherDeveloper.trim() }) });
  const flop = b.num(row.otherFlop, f('otherFlop'), 'flop');
  const cost = b.num(row.otherCost, f('otherCost'), 'usd');
  const path = `models[${modelIndex}]`;
  b.map(path, f('otherId'));
  b.map(`${path}.id`, f('otherId'));
  b.map(`${path}.developer`, f('otherDeveloper'));
  b.map(`${path}.compute`, f('otherFlop'));
  b.map(`${path}.compute[0].flop`, f('otherFlop'));
  b.map(`${path}.compute[0].flopRange`, f('otherFlop'));
  b.map(`${path}.compute[0].costUsd`, f('otherCost'));
  const model: Obj = { id, developer: dev };
  // Unknown stays unknown: no compute key at all when neither figure is given (rules that need it say uncertain).
  // A cost alone is a record whose FLOP is open above (at least 0): FLOP tests uncertain, dollar tests decided.
  if (flop !== undefined || cost !== undefined)
    model.compute = [
      {
        phase: 'pretraining',
        ...(flop !== undefined ? { flop } : { flopRange: { low: 0 } }),
        ...(cost !== undefined ? { costUsd: cost } : {}),
        source:
          flop !== undefined
            ? 'entered in the flopcheck assessment form'
            : 'entered in the flopcheck assessment form (cost only: the FLOP is not known)',
      },
    ];
  return model;
}

function yesNo(b: Builder, value: string, field: string): boolean | undefined {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  if (value !== '') b.err(field, 'must be yes, no or not stated');
  return undefined;
}

/** Builds the lineage the form fields describe: the user's organization and model, its base, its compute rows. */
function fromFields(v: FormValues, ctx: FormContext, asOf: string): { doc: Obj; modelId: string; b: Builder } {
  const b = new Builder();
  const orgName = v.orgName.trim();
  if (orgName === '') b.err('orgName', 'is required');
  const userOrg = slug(orgName) || 'your-organization';
  const org: Obj = { id: userOrg, ...(orgName ? { name: orgName } : {}) };
  const revenue = b.num(v.orgRevenue, 'orgRevenue', 'usd');
  if (revenue !== undefined)
    org.revenueUsd = [
      {
        year: +asOf.slice(0, 4) - 1,
        amount: revenue,
        source: 'entered in the flopcheck assessment form (the calendar year before the as-of date)',
      },
    ];
  b.map('organizations[0]', 'orgName');
  b.map('organizations[0].name', 'orgName');
  b.map('organizations[0].revenueUsd', 'orgRevenue');
  const orgs: Obj[] = [org];

  const modelId = v.modelId.trim();
  if (modelId === '') b.err('modelId', "is required: your model's name or Hugging Face id");
  const models: Obj[] = [];
  const bases: { model: Obj; relation: string; i: number }[] = [];
  const rows = allBases(v);
  rows.forEach((row, i) => {
    if (row.choice === '') {
      if (i > 0 && !baseRowIsEmpty(row)) b.err(baseField(i, 'choice'), 'choose a base model from the list, or "other"');
      return;
    }
    const model =
      row.choice === 'other'
        ? otherBase(b, row, i, orgs, userOrg, models.length)
        : baseFromCatalog(b, row, i, ctx, orgs);
    if (!model) return;
    const field = baseField(i, row.choice === 'other' ? 'otherId' : 'choice');
    if (typeof model.id === 'string' && model.id !== '' && model.id === modelId)
      b.err(field, "must differ from your model's id");
    if (models.some((m) => m.id === model.id && model.id !== '')) {
      b.err(field, 'is listed twice: give each base model once');
      return;
    }
    if (!(RELATIONS as readonly string[]).includes(row.relation))
      b.err(baseField(i, 'relation'), `must be one of ${RELATIONS.join(', ')}`);
    models.push(model);
    bases.push({ model, relation: row.relation, i });
  });
  if (bases.length === 1 && bases[0].relation === 'merge')
    b.err(
      baseField(bases[0].i, 'relation'),
      'a merge combines two or more base models: add the others ("Add another base model"), or choose another relation',
    );
  const u = models.length;
  const mp = `models[${u}]`;
  b.map(mp, 'modelId');
  b.map(`${mp}.id`, 'modelId');
  b.map(`${mp}.openWeights`, 'modelOpenWeights');
  b.map(`${mp}.foundationModel`, 'modelFoundation');
  b.map(`${mp}.generates`, 'modelGenerates');
  b.map(`${mp}.baseModels`, baseField(0, v.baseChoice === 'other' ? 'otherId' : 'choice'));
  bases.forEach((x, j) => {
    b.map(`${mp}.baseModels[${j}]`, baseField(x.i, rows[x.i].choice === 'other' ? 'otherId' : 'choice'));
    b.map(`${mp}.baseModels[${j}].relation`, baseField(x.i, 'relation'));
  });
  b.map(`${mp}.compute`, rowField(0, 'flop'));
  const openWeights = yesNo(b, v.modelOpenWeights, 'modelOpenWeights');
  const foundation = yesNo(b, v.modelFoundation, 'modelFoundation');
  const compute: Obj[] = [];
  v.rows.forEach((r, i) => {
    if (rowIsEmpty(r)) return;
    compute.push(record(b, r, i, `${mp}.compute[${compute.length}]`));
  });
  if (v.importedCompute.trim() !== '') {
    let imported: unknown;
    try {
      imported = JSON.parse(v.importedCompute);
    } catch {
      imported = undefined;
    }
    if (!Array.isArray(imported))
      b.err('focusCsv', 'the records read from the bill were damaged: upload the bill again');
    else
      for (const rec of imported) {
        b.map(`${mp}.compute[${compute.length}]`, 'focusCsv');
        compute.push(rec as Obj);
      }
  }
  if (compute.length === 0)
    b.err(
      rowField(0, 'flop'),
      "is required: give at least one of your team's compute records (the amount in one of the three ways)",
    );
  models.push({
    id: modelId,
    developer: userOrg,
    ...(openWeights !== undefined ? { openWeights } : {}),
    ...(foundation !== undefined ? { foundationModel: foundation } : {}),
    ...(v.modelGenerates.length > 0 ? { generates: [...v.modelGenerates] } : {}),
    ...(bases.length > 0 ? { baseModels: bases.map((x) => ({ id: x.model.id, relation: x.relation })) } : {}),
    compute,
  });
  const doc: Obj = {
    lineageVersion: 1,
    description: `Built from the flopcheck assessment form: ${orgName || 'an organization'}'s model ${modelId || '(unnamed)'}${bases.length > 0 ? ` and its base model${bases.length > 1 ? 's' : ''} ${bases.map((x) => String(x.model.id)).join(', ')}` : ''}.`,
    organizations: orgs,
    models,
  };
  return { doc, modelId, b };
}

/** The submitted form as a validated lineage (from the fields, or from the pasted lineage JSON when given). */
export function formToLineage(v: FormValues, ctx: FormContext): FormOutcome {
  const asOfText = v.asOf.trim() === '' ? ctx.today : v.asOf.trim();
  const asOfOk = isCalendarDate(asOfText);
  const asOf = asOfOk ? asOfText : ctx.today;
  const errors: FieldError[] = asOfOk ? [] : [{ field: 'asOf', message: 'must be a date YYYY-MM-DD' }];

  if (v.lineageJson.trim() !== '') {
    let raw: unknown;
    try {
      // JSON starts with { (after blanks); anything else is read as YAML, which the box and the upload also take.
      const yaml = !/^\s*[{[]/.test(v.lineageJson);
      raw = parseDocument(v.lineageJson, yaml ? 'the lineage (YAML).yaml' : 'the pasted lineage');
    } catch (e) {
      const items = (e as { errors?: { message: string }[] }).errors ?? [{ message: (e as Error).message }];
      return {
        ok: false,
        errors: [
          ...errors,
          ...items.map((x) => ({ field: 'lineageJson', message: x.message.replace('(YAML).yaml', '(YAML)') })),
        ],
      };
    }
    const r = validateLineage(raw, ctx.reference);
    if (!r.ok)
      return {
        ok: false,
        errors: [
          ...errors,
          ...r.errors.map((x) => ({
            field: 'lineageJson',
            message: `${x.path === '' ? '(document)' : x.path}: ${x.message}`,
          })),
        ],
      };
    return errors.length > 0 ? { ok: false, errors } : { ok: true, doc: r.doc, asOf };
  }

  const { doc, modelId, b } = fromFields(v, ctx, asOf);
  errors.push(...b.errors);
  const r = validateLineage(doc, ctx.reference);
  if (!r.ok) {
    for (const x of r.errors) {
      const field = b.fieldFor(x.path);
      // A field that already has an error keeps the first (the later one is usually its consequence).
      if (field !== '' && errors.some((e) => e.field === field)) continue;
      errors.push({
        field,
        message: field === '' ? `${x.path === '' ? '(document)' : x.path}: ${x.message}` : x.message,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, doc: doc as unknown as LineageDocument, asOf, models: [modelId] };
}
