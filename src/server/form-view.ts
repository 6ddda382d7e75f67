// The assessment form's view model: every field with its label, hint, value as typed and error, as plain objects
// (the template is compiled strict, so every key is always present). Labels live here because the error summary
// needs them too.
import { sci } from '../core/format/numbers';
import type { BaseModelCatalog } from '../generated/base-models';
import type { FieldError } from './form-lineage';
import {
  allBases,
  BaseField,
  baseField,
  FormValues,
  MAX_BASES,
  MAX_ROWS,
  MODALITIES,
  PHASES,
  RELATIONS,
  RowField,
  ROW_FIELDS,
  rowField,
} from './form-values';

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface FieldView {
  name: string;
  id: string;
  label: string;
  hint: string;
  value: string;
  error: string;
  type: string;
  inputmode: string;
  autocomplete: string;
  placeholder: string;
  required: boolean;
  describedBy: string;
  options: Option[];
}

const LABELS: Record<string, string> = {
  asOf: 'Assessment date (as of)',
  orgName: 'Organization name',
  orgRevenue: 'Revenue last calendar year (USD)',
  modelId: "Your model's name or Hugging Face id",
  modelOpenWeights: 'Are the weights published (open weights)?',
  modelFoundation: 'Is it a general-purpose (foundation) model?',
  modelGenerates: 'What does the model generate?',
  baseChoice: 'Which model did you build on?',
  baseRelation: 'How your model derives from the base',
  baseOtherId: 'Base model name or Hugging Face id',
  baseOtherDeveloper: 'Base model developer',
  baseOtherFlop: 'Base model training compute (FLOP)',
  baseOtherCost: 'Base model training cost (USD)',
  lineageJson: 'Lineage document (JSON or YAML)',
  modelCard: 'Hugging Face model card',
  focusCsv: 'Cloud bill (FOCUS CSV)',
  lineageFile: 'Lineage file',
};

const HINTS: Record<string, string> = {
  asOf: "YYYY-MM-DD, today unless you change it. Decides which rules are in force and which year's revenue counts.",
  orgRevenue:
    'Annual gross revenue in US dollars, together with affiliates, for the calendar year before the assessment date (for example 3,000,000 or 3M). Leave empty if unknown: rules with a revenue test then answer "uncertain".',
  modelId: 'For example tomato-ai/legal-110b.',
  modelFoundation:
    '"Not stated" presumes it is one when it generates text, code, audio, images or video and its training compute (with its base models) is above 10^23 FLOP (the EU Commission\'s indicative criterion); the report says when a verdict rests on that presumption. Answer "No" to rebut it for a narrow model.',
  modelGenerates: 'Tick every kind of output. Some rules apply only to models that generate text, images or video.',
  baseChoice:
    'The model you fine-tuned, adapted, quantized or distilled from. The list gives published training compute (Epoch AI). Choose "other" to enter a base yourself, or "none" if you trained from scratch.',
  baseOtherId: 'Only when the base model is "other".',
  baseOtherDeveloper: 'The organization that trained the base model, for example Open Lab.',
  baseOtherFlop:
    'Total training compute of the base model in floating-point operations, as published (for example 1.1e26 or 1.1 × 10^26). Leave empty if unknown: rules that need it then answer "uncertain".',
  baseOtherCost:
    "What the base model's developer spent on training, in US dollars (for example 95M). Needs the FLOP above; leave empty if unknown.",
  lineageJson:
    'Instead of the fields above: a whole lineage document (lineageVersion 1), for several models, merges or ranges. When this box is not empty the fields above are ignored and every model in it is reported.',
};

const ROW_LABELS: Record<RowField, string> = {
  phase: 'Phase',
  flop: 'Total compute (FLOP)',
  parameters: 'Parameters',
  tokens: 'Training tokens',
  accelerator: 'Accelerator',
  count: 'Number of accelerators',
  hours: 'Hours each accelerator ran',
  utilization: 'Utilization (MFU)',
  costUsd: 'Total cost (USD)',
  pricePerHour: 'Price per accelerator-hour (USD)',
  start: 'Start date',
  end: 'End date',
};

const ROW_HINTS: Partial<Record<RowField, string>> = {
  flop: 'Floating-point operations, for example 5e24 or 5 × 10^24.',
  parameters: 'For example 7B or 7e9; the estimate is 6 × parameters × tokens.',
  tokens: 'For example 2T or 2e12.',
  utilization: 'Average model FLOP utilization, between 0 and 1 (for example 0.4 or 40%).',
  costUsd: 'What your team spent on this run, in US dollars (for example 7M).',
  pricePerHour:
    'Instead of a total cost, with the accelerator fields. With neither, the cost is estimated from market prices at the start date.',
  start: 'Optional. Used for market prices and for rules that look at when training happened.',
  end: 'Optional.',
};

const NUMERIC = new Set([
  'orgRevenue',
  'baseOtherFlop',
  'baseOtherCost',
  'flop',
  'parameters',
  'tokens',
  'count',
  'hours',
  'utilization',
  'costUsd',
  'pricePerHour',
]);
const DATES = new Set(['asOf', 'start', 'end']);

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;

function errorMap(errors: FieldError[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of errors) if (e.field !== '' && !m.has(e.field)) m.set(e.field, e.message);
  return m;
}

const BASE_LABELS: Record<BaseField, string> = {
  choice: 'Which model did you build on?',
  relation: 'How your model derives from the base',
  otherId: 'Base model name or Hugging Face id',
  otherDeveloper: 'Base model developer',
  otherFlop: 'Base model training compute (FLOP)',
  otherCost: 'Base model training cost (USD)',
};

/** The label of a form field, for the error summary: "Record 2: Hours each accelerator ran". */
export function labelOf(field: string): string {
  const m = /^compute\[(\d+)\]\.(\w+)$/.exec(field);
  if (m) return `Compute record ${+m[1] + 1}: ${ROW_LABELS[m[2] as RowField] ?? m[2]}`;
  const b = /^base\[(\d+)\]\.(\w+)$/.exec(field);
  if (b) return `Base model ${+b[1] + 1}: ${BASE_LABELS[b[2] as BaseField] ?? b[2]}`;
  return LABELS[field] ?? field;
}

interface Spec {
  label: string;
  hint?: string;
  short: string;
  required?: boolean;
  autocomplete?: string;
  placeholder?: string;
  options?: Option[];
}

function field(name: string, value: string, errors: Map<string, string>, s: Spec): FieldView {
  const id = fieldId(name);
  const error = errors.get(name) ?? '';
  const hint = s.hint ?? '';
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  // A date with an error is shown as text, so that what the user typed stays visible (a date input drops it).
  // The assessment date is typed (YYYY-MM-DD): a date input costs four Tab stops on the way to Assess.
  const type = DATES.has(s.short) && !error && s.short !== 'asOf' ? 'date' : 'text';
  return {
    name,
    id,
    label: s.label,
    hint,
    value,
    error,
    type,
    inputmode: NUMERIC.has(s.short) ? 'decimal' : '',
    autocomplete: s.autocomplete ?? 'off',
    placeholder: s.placeholder ?? '',
    required: s.required ?? false,
    describedBy,
    options: s.options ?? [],
  };
}

const opts = (pairs: [string, string][], value: string): Option[] =>
  pairs.map(([v, label]) => ({ value: v, label, selected: v === value }));

export interface FormViewOptions {
  catalog: BaseModelCatalog;
  accelerators: { id: string; name: string }[];
}

/** Everything form.hbs shows: fields, options, rows, the error summary. */
export function formView(v: FormValues, errors: FieldError[], o: FormViewOptions) {
  const em = errorMap(errors);
  const top = (name: Extract<keyof FormValues, string>, extra: Partial<Spec> = {}) =>
    field(name, String((v[name] as string | undefined) ?? ''), em, {
      label: LABELS[name],
      hint: HINTS[name],
      short: name,
      ...extra,
    });
  const yesNo = (value: string) =>
    opts(
      [
        ['', 'Not stated'],
        ['yes', 'Yes'],
        ['no', 'No'],
      ],
      value,
    );
  const baseOptions = opts(
    [
      ['', 'None: we trained it from scratch'],
      ...o.catalog.models.map((m): [string, string] => [m.id, `${m.id} (${sci(m.flop)} FLOP, ${m.developer})`]),
      ['other', 'Other: enter it below'],
    ],
    v.baseChoice,
  );
  if (v.baseChoice !== '' && !baseOptions.some((x) => x.selected))
    baseOptions.unshift({ value: v.baseChoice, label: `${v.baseChoice} (not in the list)`, selected: true });
  const bases = allBases(v).map((row, i) => {
    const spec = (k: BaseField): Spec => ({
      label: BASE_LABELS[k],
      hint:
        i === 0
          ? HINTS[baseField(0, k)]
          : k === 'choice'
            ? 'Another model your model is built on (for a merge, each model merged).'
            : undefined,
      short: k === 'otherFlop' || k === 'otherCost' ? 'baseOtherFlop' : k,
    });
    const options = opts(
      [
        ['', i === 0 ? 'None: we trained it from scratch' : 'Choose…'],
        ...o.catalog.models.map((m): [string, string] => [m.id, `${m.id} (${sci(m.flop)} FLOP, ${m.developer})`]),
        ['other', 'Other: enter it below'],
      ],
      row.choice,
    );
    if (row.choice !== '' && !options.some((x) => x.selected))
      options.unshift({ value: row.choice, label: `${row.choice} (not in the list)`, selected: true });
    const f = Object.fromEntries(
      (['choice', 'relation', 'otherId', 'otherDeveloper', 'otherFlop', 'otherCost'] as BaseField[]).map((k) => {
        const sp = spec(k);
        if (k === 'choice') sp.options = options;
        if (k === 'relation')
          sp.options = opts(
            RELATIONS.map((r) => [r, r]),
            row.relation,
          );
        return [k, field(baseField(i, k), row[k], em, sp)];
      }),
    ) as Record<BaseField, FieldView>;
    const otherFields: BaseField[] = ['otherId', 'otherDeveloper', 'otherFlop', 'otherCost'];
    return {
      n: i + 1,
      id: `base-${i + 1}`,
      first: i === 0,
      f,
      // The "other" fields stay folded unless they are in use (fewer Tab stops on the way to Assess).
      otherOpen: row.choice === 'other' || otherFields.some((k) => row[k].trim() !== '' || em.has(baseField(i, k))),
      removeValue: `remove-base:${i}`,
    };
  });
  const rows = v.rows.map((r, i) => {
    const f = Object.fromEntries(
      ROW_FIELDS.map((k) => {
        const spec: Spec = { label: ROW_LABELS[k], hint: ROW_HINTS[k], short: k };
        if (k === 'phase')
          spec.options = opts(
            PHASES.map((p) => [p, p]),
            r.phase,
          );
        if (k === 'accelerator') {
          spec.options = opts(
            [['', 'Choose…'], ...o.accelerators.map((a): [string, string] => [a.id, `${a.name} (${a.id})`])],
            r.accelerator.trim(),
          );
          if (r.accelerator.trim() !== '' && !spec.options.some((x) => x.selected))
            spec.options.push({ value: r.accelerator, label: `${r.accelerator} (unknown)`, selected: true });
        }
        return [k, field(rowField(i, k), r[k], em, spec)];
      }),
    ) as Record<RowField, FieldView>;
    const filled = (ks: RowField[]) => ks.some((k) => r[k].trim() !== '' || em.has(rowField(i, k)));
    return {
      n: i + 1,
      id: `record-${i + 1}`,
      f,
      // Less common ways and optional details stay folded unless in use (fewer Tab stops on the way to Assess).
      waysOpen: filled(['parameters', 'tokens', 'accelerator', 'count', 'hours', 'utilization']),
      moreOpen: filled(['pricePerHour', 'start', 'end']),
      removable: v.rows.length > 1,
      removeValue: `remove-row:${i}`,
    };
  });
  const summary = errors.map((e) => ({
    href:
      e.field === ''
        ? ''
        : `#${e.field === 'modelGenerates' ? `${fieldId('modelGenerates')}-${MODALITIES[0]}` : fieldId(e.field)}`,
    text: e.field === '' ? e.message : `${labelOf(e.field)}: ${e.message}`,
  }));
  const generatesError = em.get('modelGenerates') ?? '';
  return {
    title: errors.length > 0 ? 'Error: flopcheck assessment' : 'flopcheck assessment',
    hasErrors: errors.length > 0,
    errorCount: errors.length,
    plural: errors.length > 1,
    summary,
    f: {
      asOf: top('asOf'),
      orgName: top('orgName', { required: true, autocomplete: 'organization' }),
      orgRevenue: top('orgRevenue'),
      modelId: top('modelId', { required: true }),
      modelOpenWeights: top('modelOpenWeights', { options: yesNo(v.modelOpenWeights) }),
      modelFoundation: top('modelFoundation', { options: yesNo(v.modelFoundation) }),
      baseChoice: top('baseChoice', { options: baseOptions }),
      baseRelation: top('baseRelation', {
        options: opts(
          RELATIONS.map((r) => [r, r]),
          v.baseRelation,
        ),
      }),
      baseOtherId: top('baseOtherId'),
      baseOtherDeveloper: top('baseOtherDeveloper'),
      baseOtherFlop: top('baseOtherFlop'),
      baseOtherCost: top('baseOtherCost'),
      lineageJson: top('lineageJson'),
    },
    generates: {
      legend: LABELS.modelGenerates,
      hint: HINTS.modelGenerates,
      hintId: `${fieldId('modelGenerates')}-hint`,
      error: generatesError,
      errorId: `${fieldId('modelGenerates')}-error`,
      items: MODALITIES.map((m) => ({
        value: m,
        id: `${fieldId('modelGenerates')}-${m}`,
        label: m,
        checked: v.modelGenerates.includes(m),
      })),
    },
    rows,
    bases,
    canAddBase: bases.length < MAX_BASES,
    nextRow: v.rows.length,
    canAddRow: v.rows.length < MAX_ROWS,
    advancedOpen: v.lineageJson.trim() !== '' || em.has('lineageJson'),
    uploadsOpen: em.has('modelCard') || em.has('focusCsv') || em.has('lineageFile'),
    uploads: {
      modelCardError: em.get('modelCard') ?? '',
      focusError: em.get('focusCsv') ?? '',
      lineageFileError: em.get('lineageFile') ?? '',
    },
    imported: { compute: v.importedCompute, note: v.importedNote, has: v.importedCompute.trim() !== '' },
  };
}
