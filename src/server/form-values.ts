// The assessment form as submitted: field names, the values exactly as typed (strings, never parsed, so that a
// re-rendered form loses nothing), and the reading of a urlencoded body into them, with bounds on rows and lengths.

export const PHASES = [
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
] as const;
/** How a model derives from a base; "merge" needs two or more bases. */
export const RELATIONS = [
  'finetune',
  'adapter',
  'merge',
  'quantization',
  'distillation',
  'continued-pretraining',
] as const;
export const MODALITIES = ['text', 'code', 'audio', 'image', 'video', 'biological-sequence', 'other'] as const;
export const ROW_FIELDS = [
  'phase',
  'flop',
  'parameters',
  'tokens',
  'accelerator',
  'count',
  'hours',
  'utilization',
  'costUsd',
  'pricePerHour',
  'start',
  'end',
] as const;
export type RowField = (typeof ROW_FIELDS)[number];
export type Row = Record<RowField, string>;
export const MAX_ROWS = 20;

/** A base model as the form takes it: from the catalog (choice = its id) or "other" with the fields typed. */
export const BASE_FIELDS = ['choice', 'relation', 'otherId', 'otherDeveloper', 'otherFlop', 'otherCost'] as const;
export type BaseField = (typeof BASE_FIELDS)[number];
export type BaseRow = Record<BaseField, string>;
export const MAX_BASES = 8;
/** The first base keeps the names the form has always had (baseChoice, …); the others are base[i].choice, …. */
const FIRST_BASE: Record<BaseField, string> = {
  choice: 'baseChoice',
  relation: 'baseRelation',
  otherId: 'baseOtherId',
  otherDeveloper: 'baseOtherDeveloper',
  otherFlop: 'baseOtherFlop',
  otherCost: 'baseOtherCost',
};
export const baseField = (i: number, f: BaseField) => (i === 0 ? FIRST_BASE[f] : `base[${i}].${f}`);
export function emptyBase(): BaseRow {
  return { choice: '', relation: 'finetune', otherId: '', otherDeveloper: '', otherFlop: '', otherCost: '' };
}
/** Longest text kept from any one field (the pasted lineage is bounded by the body limit instead). */
const MAX_FIELD = 2000;

/** The form as typed: every value a string (or list of strings), nothing parsed, so a re-render loses nothing. */
export interface FormValues {
  asOf: string;
  orgName: string;
  orgRevenue: string;
  modelId: string;
  modelOpenWeights: string;
  modelFoundation: string;
  modelGenerates: string[];
  baseChoice: string;
  baseRelation: string;
  baseOtherId: string;
  baseOtherDeveloper: string;
  baseOtherFlop: string;
  baseOtherCost: string;
  /** The second and later base models (the first is the base* fields above). */
  moreBases: BaseRow[];
  rows: Row[];
  lineageJson: string;
  /** Compute records read from an uploaded cloud bill (a JSON list), carried through re-renders in a hidden field. */
  importedCompute: string;
  /** What the bill import counted and left out, shown beside the records. */
  importedNote: string;
}

/** Every base row of the form, the first one from the base* fields. */
export function allBases(v: FormValues): BaseRow[] {
  return [
    {
      choice: v.baseChoice,
      relation: v.baseRelation,
      otherId: v.baseOtherId,
      otherDeveloper: v.baseOtherDeveloper,
      otherFlop: v.baseOtherFlop,
      otherCost: v.baseOtherCost,
    },
    ...v.moreBases,
  ];
}

export const rowField = (i: number, f: RowField) => `compute[${i}].${f}`;

export function emptyRow(): Row {
  const r = Object.fromEntries(ROW_FIELDS.map((f) => [f, ''])) as Row;
  r.phase = 'fine-tuning';
  return r;
}

/** A blank form: the as-of date filled in, one compute row. */
export function emptyForm(today: string): FormValues {
  return {
    asOf: today,
    orgName: '',
    orgRevenue: '',
    modelId: '',
    modelOpenWeights: '',
    modelFoundation: '',
    modelGenerates: [],
    baseChoice: '',
    baseRelation: 'finetune',
    baseOtherId: '',
    baseOtherDeveloper: '',
    baseOtherFlop: '',
    baseOtherCost: '',
    moreBases: [],
    rows: [emptyRow()],
    lineageJson: '',
    importedCompute: '',
    importedNote: '',
  };
}

function text(v: unknown, max = MAX_FIELD): string {
  const s: unknown = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.slice(0, max) : '';
}

/** Reads the submitted fields (a urlencoded body: strings, or lists for repeated names) into FormValues. */
export function readForm(raw: Record<string, unknown>, today: string): FormValues {
  const base = emptyForm(today);
  const get = (k: string) => text(raw[k]);
  const list = (k: string) =>
    (Array.isArray(raw[k]) ? (raw[k] as unknown[]) : raw[k] === undefined ? [] : [raw[k]]).filter(
      (x): x is string => typeof x === 'string',
    );
  let rowCount = 0;
  for (const k of Object.keys(raw)) {
    const m = /^compute\[(\d{1,3})\]\./.exec(k);
    if (m && +m[1] < MAX_ROWS) rowCount = Math.max(rowCount, +m[1] + 1);
  }
  let baseCount = 1;
  for (const k of Object.keys(raw)) {
    const m = /^base\[(\d{1,3})\]\./.exec(k);
    if (m && +m[1] < MAX_BASES) baseCount = Math.max(baseCount, +m[1] + 1);
  }
  const moreBases: BaseRow[] = [];
  for (let i = 1; i < baseCount; i++) {
    const b = emptyBase();
    for (const f of BASE_FIELDS) if (raw[baseField(i, f)] !== undefined) b[f] = get(baseField(i, f));
    moreBases.push(b);
  }
  const rows: Row[] = [];
  for (let i = 0; i < Math.max(1, rowCount); i++) {
    const r = emptyRow();
    for (const f of ROW_FIELDS) {
      const k = rowField(i, f);
      if (raw[k] !== undefined || f !== 'phase') r[f] = get(k); // an absent phase keeps the default
    }
    rows.push(r);
  }
  return {
    asOf: raw.asOf === undefined ? base.asOf : get('asOf'),
    orgName: get('orgName'),
    orgRevenue: get('orgRevenue'),
    modelId: get('modelId'),
    modelOpenWeights: get('modelOpenWeights'),
    modelFoundation: get('modelFoundation'),
    modelGenerates: list('modelGenerates').filter((g) => (MODALITIES as readonly string[]).includes(g)),
    baseChoice: get('baseChoice'),
    baseRelation: raw.baseRelation === undefined ? base.baseRelation : get('baseRelation'),
    baseOtherId: get('baseOtherId'),
    baseOtherDeveloper: get('baseOtherDeveloper'),
    baseOtherFlop: get('baseOtherFlop'),
    baseOtherCost: get('baseOtherCost'),
    moreBases,
    rows,
    lineageJson: text(raw.lineageJson, Infinity),
    importedCompute: text(raw.importedCompute, Infinity),
    importedNote: get('importedNote'),
  };
}

export const rowIsEmpty = (r: Row) => ROW_FIELDS.every((f) => f === 'phase' || r[f].trim() === '');

export const baseRowIsEmpty = (b: BaseRow) => BASE_FIELDS.every((f) => f === 'relation' || b[f].trim() === '');
