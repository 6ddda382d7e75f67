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
import { FormValues, PHASES, RELATIONS, Row, RowField, rowField, rowIsEmpty } from './form-values';

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
  if (filled.length === 0)
    b.err(
      f('flop'),
      'give the amount of compute: total FLOP, or parameters and tokens, or accelerators, count, hours and utilization',
    );
  if (filled.length > 1)
    b.err(
      f(groups[filled[1]][0]),
      `fill in one way to give the amount, not ${filled.length} (${filled.join(' and ')}): clear the others`,
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
      utilization: b.num(r.utilization, f('utilization'), 'fraction', true),
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
  rec.source = 'entered in the flopcheck assessment form';
  for (const k of Object.keys(rec)) if (rec[k] === undefined) delete rec[k];
  return rec;
}

function namespaceOf(id: string): string {
  const i = id.indexOf('/');
  return i > 0 ? id.slice(0, i) : '';
}

function baseFromCatalog(b: Builder, v: FormValues, ctx: FormContext, orgs: Obj[]): Obj | undefined {
  const entry = ctx.catalog.models.find((m) => m.id === v.baseChoice);
  if (!entry) {
    b.err('baseChoice', 'is not in the list: choose a base model from the list, or "other"');
    return undefined;
  }
  const dev = slug(namespaceOf(entry.id) || entry.developer) || 'base-developer';
  if (!orgs.some((o) => o.id === dev)) orgs.push({ id: dev, name: entry.developer });
  return catalogModel(entry, entry.id, dev, ctx.catalog.snapshot, ctx.catalog.confidenceFactors) as unknown as Obj;
}

function otherBase(b: Builder, v: FormValues, orgs: Obj[], userOrg: string, modelIndex: number): Obj | undefined {
  const id = v.baseOtherId.trim();
  if (id === '') b.err('baseOtherId', 'is required when the base model is "other": give its name or Hugging Face id');
  const dev = slug(v.baseOtherDeveloper) || slug(namespaceOf(id)) || 'base-developer';
  if (dev !== userOrg && !orgs.some((o) => o.id === dev))
    orgs.push({ id: dev, ...(isBlank(v.baseOtherDeveloper) ? {} : { name: v.baseOtherDeveloper.trim() }) });
  const flop = b.num(v.baseOtherFlop, 'baseOtherFlop', 'flop');
  const cost = b.num(v.baseOtherCost, 'baseOtherCost', 'usd');
  const path = `models[${modelIndex}]`;
  b.map(path, 'baseOtherId');
  b.map(`${path}.id`, 'baseOtherId');
  b.map(`${path}.developer`, 'baseOtherDeveloper');
  b.map(`${path}.compute`, 'baseOtherFlop');
  b.map(`${path}.compute[0].flop`, 'baseOtherFlop');
  b.map(`${path}.compute[0].costUsd`, 'baseOtherCost');
  const model: Obj = { id, developer: dev };
  if (flop !== undefined) {
    // Unknown stays unknown: no compute key at all when the FLOP is not given (rules that need it say uncertain).
    model.compute = [
      {
        phase: 'pretraining',
        flop,
        ...(cost !== undefined ? { costUsd: cost } : {}),
        source: 'entered in the flopcheck assessment form',
      },
    ];
  } else if (cost !== undefined) {
    b.err(
      'baseOtherCost',
      "needs the base model's training FLOP too (a cost alone cannot be recorded): give the FLOP, or leave the cost empty",
    );
  }
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
  let base: Obj | undefined;
  if (v.baseChoice === 'other') base = otherBase(b, v, orgs, userOrg, 0);
  else if (v.baseChoice !== '') base = baseFromCatalog(b, v, ctx, orgs);
  if (base) {
    models.push(base);
    if (typeof base.id === 'string' && base.id !== '' && base.id === modelId)
      b.err(v.baseChoice === 'other' ? 'baseOtherId' : 'baseChoice', "must differ from your model's id");
    if (!(RELATIONS as readonly string[]).includes(v.baseRelation))
      b.err('baseRelation', `must be one of ${RELATIONS.join(', ')}`);
  }
  const u = models.length;
  const mp = `models[${u}]`;
  b.map(mp, 'modelId');
  b.map(`${mp}.id`, 'modelId');
  b.map(`${mp}.openWeights`, 'modelOpenWeights');
  b.map(`${mp}.foundationModel`, 'modelFoundation');
  b.map(`${mp}.generates`, 'modelGenerates');
  b.map(`${mp}.baseModels`, v.baseChoice === 'other' ? 'baseOtherId' : 'baseChoice');
  b.map(`${mp}.baseModels[0].relation`, 'baseRelation');
  b.map(`${mp}.compute`, rowField(0, 'flop'));
  const openWeights = yesNo(b, v.modelOpenWeights, 'modelOpenWeights');
  const foundation = yesNo(b, v.modelFoundation, 'modelFoundation');
  const compute: Obj[] = [];
  v.rows.forEach((r, i) => {
    if (rowIsEmpty(r)) return;
    compute.push(record(b, r, i, `${mp}.compute[${compute.length}]`));
  });
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
    ...(base ? { baseModels: [{ id: base.id, relation: v.baseRelation }] } : {}),
    compute,
  });
  const doc: Obj = {
    lineageVersion: 1,
    description: `Built from the flopcheck assessment form: ${orgName || 'an organization'}'s model ${modelId || '(unnamed)'}${base ? ` and its base model ${String(base.id)}` : ''}.`,
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
      raw = parseDocument(v.lineageJson, 'the pasted lineage');
    } catch (e) {
      const items = (e as { errors?: { message: string }[] }).errors ?? [{ message: (e as Error).message }];
      return { ok: false, errors: [...errors, ...items.map((x) => ({ field: 'lineageJson', message: x.message }))] };
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
