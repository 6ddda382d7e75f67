// The form's uploads, turned into what the user could have typed, before the form is read as a lineage: a lineage
// file fills the lineage box, a Hugging Face model card's front matter fills the base models (from the catalog when
// it knows them), a FOCUS cloud bill becomes compute records of the user's model (kept in a hidden field as JSON,
// so a form shown again with errors still has them). Pure: the uploads' text in, form values and errors out.
import type { BaseModelCatalog } from '../generated/base-models';
import type { CloudAcceleratorTable } from '../generated/cloud-accelerators';
import { InputError } from '../core/validate/errors';
import { importFocusCsv } from '../import/focus';
import { summaryLines } from '../import/focus-summary';
import { importModelCard } from '../import/model-card';
import type { FieldError } from './form-lineage';
import { BaseRow, emptyBase, FormValues, MAX_BASES, RELATIONS } from './form-values';
import type { Upload } from './multipart';

export interface UploadContext {
  catalog: BaseModelCatalog;
  /** The cloud instance and GPU SKU table (rules/reference/cloud-accelerators.json), loaded when a bill comes. */
  cloudTable: () => CloudAcceleratorTable;
}

/** The message of an import error, without the file name the user just chose. */
function messageOf(e: unknown): string {
  if (e instanceof InputError) return e.errors.map((x) => (x.path ? `${x.path}: ${x.message}` : x.message)).join('; ');
  throw e;
}

function baseRows(doc: Record<string, unknown>, catalog: BaseModelCatalog): BaseRow[] {
  const models = (doc.models as Record<string, unknown>[]).slice(0, -1);
  const mine = (doc.models as Record<string, unknown>[]).at(-1)!;
  const refs = (mine.baseModels ?? []) as { id: string; relation: string }[];
  return models.slice(0, MAX_BASES).map((m) => {
    const id = String(m.id);
    const ref = refs.find((r) => r.id === id);
    const relation = ref && (RELATIONS as readonly string[]).includes(ref.relation) ? ref.relation : 'finetune';
    const known = catalog.models.find((c) => c.id.toLowerCase() === id.toLowerCase());
    if (known) return { ...emptyBase(), choice: known.id, relation };
    return {
      ...emptyBase(),
      choice: 'other',
      relation,
      otherId: id,
      otherDeveloper: typeof m.developer === 'string' ? m.developer : '',
    };
  });
}

/** Applies the uploads to the values (in place); the errors name the upload fields. */
export function applyUploads(values: FormValues, files: Record<string, Upload>, ctx: UploadContext): FieldError[] {
  const errors: FieldError[] = [];
  const lineage = files.lineageFile;
  if (lineage) values.lineageJson = lineage.text;

  const card = files.modelCard;
  if (card) {
    try {
      const r = importModelCard(card.text, { name: card.filename || 'the model card', catalog: ctx.catalog });
      const rows = baseRows(r.doc, ctx.catalog);
      if (rows.length === 0)
        errors.push({ field: 'modelCard', message: 'names no base model (no base_model in its front matter)' });
      else {
        const [first, ...more] = rows;
        values.baseChoice = first.choice;
        values.baseRelation = first.relation;
        values.baseOtherId = first.otherId;
        values.baseOtherDeveloper = first.otherDeveloper;
        values.baseOtherFlop = '';
        values.baseOtherCost = '';
        values.moreBases = more;
      }
    } catch (e) {
      errors.push({ field: 'modelCard', message: messageOf(e) });
    }
  }

  const bill = files.focusCsv;
  if (bill) {
    try {
      const r = importFocusCsv(bill.text, {
        name: bill.filename || 'the bill',
        table: ctx.cloudTable(),
        phase: 'fine-tuning',
      });
      if (r.records.length === 0)
        errors.push({ field: 'focusCsv', message: 'has no accelerator (GPU or TPU) usage that flopcheck recognises' });
      else {
        values.importedCompute = JSON.stringify(r.records);
        values.importedNote = `${r.records.length} compute record${r.records.length === 1 ? '' : 's'} from ${bill.filename || 'the bill'}: ${summaryLines(r.summary).join('; ')}`;
      }
    } catch (e) {
      errors.push({ field: 'focusCsv', message: messageOf(e) });
    }
  }
  return errors;
}
