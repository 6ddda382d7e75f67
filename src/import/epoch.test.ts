import { describe, expect, it } from 'vitest';
import { validateLineage } from '../core/validate/lineage';
import { EMPTY_REFERENCE } from '../core/estimate/reference';
import { parseCsv } from './csv';
import { InputError } from '../core/validate/errors';
import { epochNumber, importEpochCsv } from './epoch';

// Shapes taken from the real Epoch files: quoted multi-valued fields, mixed number formats, a corrupted finetune
// value, a base listed in the file, a base that is not, a duplicate name, lower/upper bounds.
const CSV = [
  'Model,Organization,Publication date,Domain,Training compute (FLOP),Confidence,Base model,Finetune compute (FLOP),Model accessibility,Training compute lower bound,Training compute upper bound,Training compute cost (cloud),Foundation model',
  'Big Base,"Lab A,Lab B",2025-01-10,"Language,Vision",1.1e+26,Confident,,,Open weights (unrestricted),,,"$95000000",checked',
  'Chat Tune,Tomato AI,2025-11-01,Language,1.15e+26,Likely,Big Base,,API access,,,,',
  'Math Tune,Tomato AI,2025-12-01,Language,,Likely,Big Base,6,Unreleased,,,,',
  'Exact Tune,Tomato AI,2025-12-02,Language,1.2e+26,Likely,Big Base,39782379000000000000,,,,,',
  'Outside Tune,Other,2025-12-03,Biology,2e+23,Speculative,Not Listed,,,,,,',
  'Ranged,Lab A,2024-01-01,"Language,Multimodal",5e+24,Speculative,,,,1e+24,2e+25,,',
  'Ranged,Lab A,2024-06-01,Language,6e+24,Likely,,,,,,,',
  '"Quoted, name ""x""",Lab C,2023-01-01,Video,"1,000",Confident,,,,,,,',
  'Blank Tune,Other,2025-12-04,Language,,Likely,Also Not Listed,,,,,,',
].join('\n');

describe('CSV reader', () => {
  it('handles quotes, doubled quotes, commas and newlines in fields, CRLF', () => {
    const t = parseCsv('a,b\r\n"x, ""y""","multi\nline"\r\n');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows[0].cells).toEqual(['x, "y"', 'multi\nline']);
  });
  it('reports an unclosed quote with its line', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(/not closed/);
  });
});

describe('Epoch CSV import', () => {
  const { doc, warnings } = importEpochCsv(CSV, { costBasis: 'cloud', snapshot: 'test', confidenceBands: false });
  const m = (id: string) => doc.models.find((x) => x.id === id)!;

  it('produces a valid lineage document', () => {
    const v = validateLineage(doc, EMPTY_REFERENCE);
    expect(v.ok ? [] : v.errors).toEqual([]);
  });

  it("keeps a base model's cumulative compute as its own pre-training, with metadata", () => {
    expect(m('Big Base')).toMatchObject({
      developer: 'lab-a',
      released: '2025-01-10',
      openWeights: true,
      foundationModel: true,
      generates: ['text'],
      compute: [{ phase: 'pretraining', flop: 1.1e26, costUsd: 95000000 }],
    });
    expect(doc.organizations!.map((o) => o.id)).toEqual(['lab-a', 'lab-b', 'lab-c', 'other', 'tomato-ai']);
  });

  it("gives a fine-tune its own compute: the total minus its base's, exactly", () => {
    expect(m('Chat Tune').baseModels).toEqual([{ id: 'Big Base', relation: 'finetune' }]);
    expect(m('Chat Tune').compute).toEqual([expect.objectContaining({ phase: 'fine-tuning', flop: 5e24 })]);
    expect(m('Chat Tune').openWeights).toBe(false);
  });

  it('prefers the finetune column, ignores corrupted values, never guesses unknown compute', () => {
    expect(m('Exact Tune').compute![0].flop).toBe(39782379000000000000);
    expect(m('Math Tune').compute).toBeUndefined();
    expect(warnings.some((w) => w.includes('"Math Tune" finetune compute 6 is implausibly small'))).toBe(true);
  });

  it('adds bases missing from the file: unknown compute, or at most the total of a model built on them', () => {
    expect(m('Also Not Listed')).toEqual({ id: 'Also Not Listed', source: expect.stringContaining('compute unknown') });
    expect(m('Not Listed').compute).toEqual([expect.objectContaining({ flopRange: { low: 0, high: 2e23 } })]);
    expect(m('Not Listed').developer).toBeUndefined();
    expect(m('Outside Tune')).toMatchObject({
      trainedPrimarilyOnBiologicalSequences: true,
      generates: ['biological-sequence'],
    });
    // Its base's compute is unknown, so its own is only bounded by Epoch's cumulative total (never guessed small).
    expect(m('Outside Tune').compute).toEqual([
      expect.objectContaining({ phase: 'fine-tuning', flopRange: { low: 0, high: 2e23 } }),
    ]);
    expect(m('Blank Tune').compute).toBeUndefined();
  });

  it('uses Epoch\'s bounds as a range, renames duplicates, reads quoted names and "1,000"', () => {
    expect(m('Ranged').compute![0].flopRange).toEqual({ low: 1e24, central: 5e24, high: 2e25 });
    expect(m('Ranged (2024-06-01)').compute![0].flop).toBe(6e24);
    expect(m('Quoted, name "x"').compute![0].flop).toBe(1000);
  });

  it('reads Epoch number formats', () => {
    expect(epochNumber('$29827341.92')).toBe(29827341.92);
    expect(epochNumber('1.44e21')).toBe(1.44e21);
    expect(epochNumber('')).toBeUndefined();
    expect(epochNumber('n/a')).toBeUndefined();
  });

  it('rejects a file that is not an Epoch models CSV, naming the line', () => {
    expect(() => importEpochCsv('name,flop\nx,1\n', {}, 'x.csv')).toThrow(InputError);
    expect(() => importEpochCsv('name,flop\nx,1\n', {}, 'x.csv')).toThrow(/x\.csv:1: missing column "Model"/);
  });
});
