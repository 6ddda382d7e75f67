// The form → lineage mapping: the seed case gives the same verdicts as the seed lineage file; errors land on the
// fields the user typed; unknown stays unknown; pasted lineages are validated with their own paths.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, loadCatalog, loadReference } from '../io/load';
import { evaluate } from '../core/evaluate/engine';
import type { LineageDocument } from '../core/types';
import { slug } from '../core/format/slug';
import { FieldError, FormContext, FormOutcome, formToLineage } from './form-lineage';
import { emptyForm, FormValues, Row } from './form-values';

const ctx: FormContext = { today: '2026-11-28', catalog: loadCatalog(), reference: loadReference() };
const seedFile = join(__dirname, '..', '..', 'examples', 'seed-fine-tuner.lineage.json');

function row(fields: Partial<Row>): Row {
  return { ...emptyForm('2026-11-28').rows[0], ...fields };
}

/** The seed case as a startup would type it: "other" base with its FLOP and cost. */
function seedForm(over: Partial<FormValues> = {}): FormValues {
  return {
    ...emptyForm('2026-11-28'),
    orgName: 'Tomato AI',
    orgRevenue: '3,000,000',
    modelId: 'tomato-ai/legal-110b',
    modelOpenWeights: '',
    modelFoundation: 'yes',
    modelGenerates: ['text'],
    baseChoice: 'other',
    baseRelation: 'finetune',
    baseOtherId: 'open-lab/base-110b',
    baseOtherDeveloper: 'Open Lab',
    baseOtherFlop: '1.1e26',
    baseOtherCost: '$95M',
    rows: [row({ phase: 'fine-tuning', flop: '5 × 10^24', costUsd: '7M', start: '2025-11-01', end: '2025-12-15' })],
    ...over,
  };
}

function ok(o: FormOutcome) {
  if (!o.ok) throw new Error(`form errors: ${JSON.stringify(o.errors)}`);
  return o;
}

function errorsOf(o: FormOutcome): FieldError[] {
  if (o.ok) throw new Error('expected errors');
  return o.errors;
}

const verdicts = (doc: LineageDocument, models?: string[]) =>
  Object.fromEntries(
    evaluate(doc, loadBuiltinRules(), {
      asOf: '2026-11-28',
      reference: ctx.reference,
      models: models ?? ['tomato-ai/legal-110b'],
    })
      .findings.filter((f) => f.subject === 'model')
      .map((f) => [
        `${f.rule}${f.interpretation ? ` [${f.interpretation}]` : ''}`,
        `${f.verdict}${f.wrongfulCapture ? ' wrongful' : ''}`,
      ]),
  );

const field = (errs: FieldError[], f: string) => errs.find((e) => e.field === f)?.message ?? '';

describe('formToLineage: the seed case', () => {
  it('builds the user organization, the base with its FLOP and cost, and the fine-tune', () => {
    const o = ok(formToLineage(seedForm(), ctx));
    expect(o.asOf).toBe('2026-11-28');
    expect(o.models).toEqual(['tomato-ai/legal-110b']);
    const doc = o.doc as unknown as { organizations: unknown[]; models: Record<string, unknown>[] };
    expect(doc.organizations).toEqual([
      { id: 'tomato-ai', name: 'Tomato AI', revenueUsd: [{ year: 2025, amount: 3000000, source: expect.any(String) }] },
      { id: 'open-lab', name: 'Open Lab' },
    ]);
    expect(doc.models[0]).toEqual({
      id: 'open-lab/base-110b',
      developer: 'open-lab',
      compute: [{ phase: 'pretraining', flop: 1.1e26, costUsd: 95000000, source: expect.any(String) }],
    });
    expect(doc.models[1]).toMatchObject({
      id: 'tomato-ai/legal-110b',
      developer: 'tomato-ai',
      foundationModel: true,
      generates: ['text'],
      baseModels: [{ id: 'open-lab/base-110b', relation: 'finetune' }],
      compute: [{ phase: 'fine-tuning', flop: 5e24, costUsd: 7000000, start: '2025-11-01', end: '2025-12-15' }],
    });
  });

  it('gives the same verdicts as the seed lineage file: wrongful capture under the naive rule, not captured under the EU modifier rule', () => {
    const fromForm = verdicts(ok(formToLineage(seedForm(), ctx)).doc);
    const fromFile = verdicts(JSON.parse(readFileSync(seedFile, 'utf8')));
    expect(fromForm['illustrative/lineage-cost-100m']).toBe('captured wrongful');
    expect(fromForm['eu-ai-act/downstream-modifier']).toBe('not-captured');
    expect(fromForm).toEqual(fromFile);
  });

  it('leaves an "other" base without FLOP with unknown compute (no compute key), so the naive rule is uncertain', () => {
    const o = ok(formToLineage(seedForm({ baseOtherFlop: '', baseOtherCost: '' }), ctx));
    const base = (o.doc.models as unknown as Record<string, unknown>[])[0];
    expect(base).toEqual({ id: 'open-lab/base-110b', developer: 'open-lab' });
    expect(verdicts(o.doc)['illustrative/lineage-cost-100m']).toBe('uncertain');
  });

  it('takes a base from the bundled catalog with its published FLOP, its developer from the Hub namespace', () => {
    const o = ok(
      formToLineage(
        seedForm({
          baseChoice: 'meta-llama/Llama-3.1-405B',
          baseOtherId: '',
          baseOtherFlop: '',
          baseOtherCost: '',
          baseOtherDeveloper: '',
        }),
        ctx,
      ),
    );
    const entry = ctx.catalog.models.find((m) => m.id === 'meta-llama/Llama-3.1-405B')!;
    const doc = o.doc as unknown as { organizations: { id: string }[]; models: Record<string, unknown>[] };
    const f = ctx.catalog.confidenceFactors![entry.confidence];
    expect(doc.models[0]).toMatchObject({
      id: entry.id,
      developer: 'meta-llama',
      compute: [{ phase: 'pretraining', flopRange: { low: 1.266e25, central: entry.flop, high: 1.14e26 } }],
    });
    expect(f).toBe(3); // Confident: 3.8e25 / 3 rounded down, × 3 rounded up (the range only widens)
    expect(doc.organizations.map((x) => x.id)).toEqual(['tomato-ai', 'meta-llama']);
    expect(doc.models[1].baseModels).toEqual([{ id: entry.id, relation: 'finetune' }]);
  });

  it('states open weights and foundation model only when answered', () => {
    const model = (over: Partial<FormValues>) => ok(formToLineage(seedForm(over), ctx)).doc.models[1];
    expect(model({ modelOpenWeights: 'no', modelFoundation: '' })).toMatchObject({ openWeights: false });
    expect(model({ modelOpenWeights: 'no', modelFoundation: '' }).foundationModel).toBeUndefined();
    expect(model({ modelOpenWeights: 'yes' }).openWeights).toBe(true);
    expect(model({ modelGenerates: [] }).generates).toBeUndefined();
    expect(errorsOf(formToLineage(seedForm({ modelOpenWeights: 'maybe' }), ctx))).toEqual([
      { field: 'modelOpenWeights', message: 'must be yes, no or not stated' },
    ]);
  });

  it('needs no base model (trained from scratch)', () => {
    const o = ok(formToLineage(seedForm({ baseChoice: '' }), ctx));
    expect(o.doc.models).toHaveLength(1);
    expect(o.doc.models[0].baseModels).toBeUndefined();
  });

  it('maps hardware rows with a price per accelerator-hour, architecture rows, and skips empty rows', () => {
    const o = ok(
      formToLineage(
        seedForm({
          rows: [
            row({}),
            row({
              phase: 'fine-tuning',
              accelerator: 'nvidia-h100-sxm',
              count: '256',
              hours: '500',
              utilization: '40%',
              pricePerHour: '$2.50',
              start: '2025-11-01',
            }),
            row({ phase: 'reinforcement-learning', parameters: '110B', tokens: '2e9' }),
          ],
        }),
        ctx,
      ),
    );
    expect(o.doc.models[1].compute).toEqual([
      {
        phase: 'fine-tuning',
        hardware: { accelerator: 'nvidia-h100-sxm', count: 256, hours: 500, utilization: 0.4 },
        pricePerAcceleratorHourUsd: 2.5,
        start: '2025-11-01',
        source: expect.any(String),
      },
      { phase: 'reinforcement-learning', architecture: { parameters: 110e9, tokens: 2e9 }, source: expect.any(String) },
    ]);
  });

  it('uses today when the as-of date is empty, and the year before the as-of date for revenue', () => {
    const o = ok(formToLineage(seedForm({ asOf: ' ' }), ctx));
    expect(o.asOf).toBe('2026-11-28');
    const o2 = ok(formToLineage(seedForm({ asOf: '2027-03-01' }), ctx));
    expect((o2.doc.organizations![0].revenueUsd as { year: number }[])[0].year).toBe(2026);
  });
});

describe('formToLineage: errors next to their fields', () => {
  it('lists every missing required field at once', () => {
    const errs = errorsOf(formToLineage(emptyForm('2026-11-28'), ctx));
    expect(errs.map((e) => e.field).sort()).toEqual(['compute[0].flop', 'modelId', 'orgName']);
  });

  it('reports numbers that are not numbers, two amounts in one row, and a bad date on the row the user typed', () => {
    const errs = errorsOf(
      formToLineage(
        seedForm({
          orgRevenue: 'lots',
          rows: [
            row({}),
            row({ flop: '5e24', parameters: '7e9', tokens: '1e12' }),
            row({ accelerator: 'nvidia-h100-sxm', count: 'abc', hours: '10', utilization: '0.4', start: '2025-02-30' }),
          ],
        }),
        ctx,
      ),
    );
    expect(field(errs, 'orgRevenue')).toMatch(/not a number/);
    expect(field(errs, 'compute[1].parameters')).toMatch(/one way/);
    expect(field(errs, 'compute[2].count')).toMatch(/not a number/);
    expect(field(errs, 'compute[2].start')).toMatch(/date/);
    expect(errs.every((e) => e.field !== '')).toBe(true);
  });

  it('maps lineage validation errors back to form fields (utilization > 1, zero accelerators, unknown accelerator)', () => {
    const errs = errorsOf(
      formToLineage(
        seedForm({
          rows: [
            row({ accelerator: 'nvidia-h100-sxm', count: '8', hours: '10', utilization: '150' }),
            row({ accelerator: 'nvidia-h100-sxm', count: '0', hours: '10', utilization: '0.4' }),
            row({ accelerator: 'no-such-gpu', count: '8', hours: '10', utilization: '0.4' }),
          ],
        }),
        ctx,
      ),
    );
    expect(errs).toEqual(
      expect.arrayContaining([
        { field: 'compute[0].utilization', message: 'must be <= 1' },
        { field: 'compute[1].count', message: 'must be > 0' },
        { field: 'compute[2].accelerator', message: expect.stringMatching(/unknown accelerator "no-such-gpu"/) },
      ]),
    );
  });

  it('checks the base model: "other" needs an id, the id must differ from the model, merge needs two', () => {
    expect(field(errorsOf(formToLineage(seedForm({ baseOtherId: '' }), ctx)), 'baseOtherId')).toMatch(/required/);
    expect(
      field(errorsOf(formToLineage(seedForm({ baseOtherId: 'tomato-ai/legal-110b' }), ctx)), 'baseOtherId'),
    ).toMatch(/differ/);
    expect(field(errorsOf(formToLineage(seedForm({ baseChoice: 'nope/nope' }), ctx)), 'baseChoice')).toMatch(/list/);
    expect(field(errorsOf(formToLineage(seedForm({ baseRelation: 'merge' }), ctx)), 'baseRelation')).toMatch(
      /two or more base models/,
    );
    expect(field(errorsOf(formToLineage(seedForm({ baseRelation: 'fork' }), ctx)), 'baseRelation')).toMatch(/one of/);
  });

  it('rejects a price per hour without hardware, and cost with price', () => {
    const errs = errorsOf(
      formToLineage(
        seedForm({
          rows: [
            row({ flop: '1e24', pricePerHour: '2' }),
            row({
              accelerator: 'nvidia-h100-sxm',
              count: '8',
              hours: '10',
              utilization: '0.4',
              costUsd: '5',
              pricePerHour: '2',
            }),
          ],
        }),
        ctx,
      ),
    );
    expect(field(errs, 'compute[0].pricePerHour')).toMatch(/needs the accelerator/);
    expect(field(errs, 'compute[1].pricePerHour')).toMatch(/not both/);
  });

  it('rejects a bad as-of date on its field', () => {
    expect(field(errorsOf(formToLineage(seedForm({ asOf: '2026-13-01' }), ctx)), 'asOf')).toMatch(/YYYY-MM-DD/);
  });
});

describe('formToLineage: what the form could not say before', () => {
  it('takes several base models and the merge relation', () => {
    const o = ok(
      formToLineage(
        seedForm({
          baseRelation: 'merge',
          moreBases: [
            {
              choice: 'other',
              relation: 'merge',
              otherId: 'other-lab/base-7b',
              otherDeveloper: 'Other Lab',
              otherFlop: '3e24',
              otherCost: '',
            },
          ],
        }),
        ctx,
      ),
    );
    const mine = o.doc.models.find((m) => m.id === 'tomato-ai/legal-110b')!;
    expect(mine.baseModels).toEqual([
      { id: 'open-lab/base-110b', relation: 'merge' },
      { id: 'other-lab/base-7b', relation: 'merge' },
    ]);
    expect(o.doc.organizations!.map((x) => x.id)).toEqual(['tomato-ai', 'open-lab', 'other-lab']);
  });

  it("names the second base model's fields in its errors, and refuses a base listed twice", () => {
    const errs = errorsOf(
      formToLineage(
        seedForm({
          moreBases: [
            {
              choice: 'other',
              relation: 'finetune',
              otherId: '',
              otherDeveloper: '',
              otherFlop: 'lots',
              otherCost: '',
            },
            {
              choice: 'other',
              relation: 'finetune',
              otherId: 'open-lab/base-110b',
              otherDeveloper: 'Open Lab',
              otherFlop: '',
              otherCost: '',
            },
          ],
        }),
        ctx,
      ),
    );
    expect(field(errs, 'base[1].otherId')).toMatch(/required/);
    expect(field(errs, 'base[1].otherFlop')).toMatch(/not a number/);
    expect(field(errs, 'base[2].otherId')).toMatch(/listed twice/);
  });

  it('takes a compute record with only a cost: FLOP unknown (open above), the dollars known', () => {
    const o = ok(formToLineage(seedForm({ rows: [row({ costUsd: '$7,000,000' })] }), ctx));
    const rec = o.doc.models[1].compute![0] as unknown as Record<string, unknown>;
    expect(rec).toMatchObject({ flopRange: { low: 0 }, costUsd: 7000000 });
    const v = verdicts(o.doc);
    expect(v['eu-ai-act/downstream-modifier']).toBe('uncertain'); // a FLOP test: unknown
    // A dollar test is decided: $95M + $7M is over $100M (and the FLOP at least 1.1e26).
    expect(v['illustrative/lineage-cost-100m']).toBe('captured wrongful');
  });

  it('takes a base model with only a cost', () => {
    const o = ok(formToLineage(seedForm({ baseOtherFlop: '' }), ctx));
    expect(o.doc.models[0].compute![0]).toMatchObject({ flopRange: { low: 0 }, costUsd: 95000000 });
  });
});

describe("formToLineage: errors in the user's words", () => {
  const one = (over: Partial<Row>, name: string) =>
    field(errorsOf(formToLineage(seedForm({ rows: [row(over)] }), ctx)), `compute[0].${name}`);
  const hw = { accelerator: 'nvidia-h100-sxm', count: '256', hours: '500', utilization: '0.4' };

  it('says "must be positive" for a negative number', () => {
    expect(one({ ...hw, hours: '-730' }, 'hours')).toMatch(/must be positive/);
  });
  it('asks "did you mean 40 % (0.4)?" for utilization 40', () => {
    expect(one({ ...hw, utilization: '40' }, 'utilization')).toMatch(/did you mean 40 % \(0\.4\)\?/);
  });
  it('names the two ways given when FLOP and accelerators are both filled in', () => {
    expect(one({ ...hw, flop: '5e24' }, 'accelerator')).toMatch(
      /you gave both the total compute \(FLOP\) and accelerators × hours/,
    );
  });
  it('says "too large" for a 400-digit number, quoting it short', () => {
    const m = one({ flop: '9'.repeat(400) }, 'flop');
    expect(m).toMatch(/too large/);
    expect(m.length).toBeLessThan(120);
  });
  it('accepts "3 million", "3M", "$7,000,000" and "40%"', () => {
    const o = ok(
      formToLineage(
        seedForm({ orgRevenue: '3 million', rows: [row({ ...hw, utilization: '40%', costUsd: '$7,000,000' })] }),
        ctx,
      ),
    );
    expect(o.doc.organizations![0].revenueUsd![0].amount).toBe(3000000);
    expect(o.doc.models[1].compute![0]).toMatchObject({ hardware: { utilization: 0.4 }, costUsd: 7000000 });
  });
});

describe('formToLineage: a pasted lineage', () => {
  const seedText = readFileSync(seedFile, 'utf8');

  it('is used instead of the fields, every model reported', () => {
    const o = ok(formToLineage({ ...emptyForm('2026-11-28'), lineageJson: seedText }, ctx));
    expect(o.models).toBeUndefined();
    expect(o.doc).toEqual(JSON.parse(seedText));
  });

  it('reports invalid JSON with line and column, and schema errors with their lineage paths', () => {
    const bad = errorsOf(
      formToLineage({ ...emptyForm('2026-11-28'), lineageJson: '{\n  "lineageVersion": 1,\n  "models": [,]\n}' }, ctx),
    );
    expect(bad).toEqual([
      { field: 'lineageJson', message: expect.stringMatching(/not valid JSON \(line 3, column \d+\)/) },
    ]);
    const doc = JSON.parse(seedText);
    doc.models[1].compute[0].flop = -1;
    const invalid = errorsOf(formToLineage({ ...emptyForm('2026-11-28'), lineageJson: JSON.stringify(doc) }, ctx));
    expect(invalid).toContainEqual({ field: 'lineageJson', message: 'models[1].compute[0].flop: must be >= 0' });
  });
});

describe('slug', () => {
  it('slugs organization names into ids', () => {
    expect(slug('Tomato AI, Inc.')).toBe('tomato-ai-inc');
    expect(slug('   ')).toBe('');
  });
});
