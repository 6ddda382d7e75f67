// Reading the submitted form: values kept exactly as typed, rows up to the highest index, bounds on rows and lengths.
import { describe, expect, it } from 'vitest';
import { MAX_ROWS, readForm } from './form-values';

describe('readForm', () => {
  it('keeps every value as typed, rows up to the highest index, lists for checkboxes', () => {
    const v = readForm(
      {
        orgName: '  Tomato AI ',
        modelGenerates: ['text', 'code', 'bogus'],
        'compute[2].flop': '5e24',
        'compute[0].phase': 'pretraining',
        lineageJson: 'x'.repeat(5000),
      },
      '2026-11-28',
    );
    expect(v.orgName).toBe('  Tomato AI ');
    expect(v.modelGenerates).toEqual(['text', 'code']);
    expect(v.rows).toHaveLength(3);
    expect(v.rows[0].phase).toBe('pretraining');
    expect(v.rows[1].phase).toBe('fine-tuning');
    expect(v.rows[2].flop).toBe('5e24');
    expect(v.asOf).toBe('2026-11-28');
    expect(v.lineageJson).toHaveLength(5000);
  });

  it('bounds the number of rows and the length of fields', () => {
    const v = readForm({ 'compute[999].flop': '1', orgName: 'x'.repeat(10000), modelId: ['a', 'b'] }, '2026-11-28');
    expect(v.rows.length).toBeLessThanOrEqual(MAX_ROWS);
    expect(v.orgName.length).toBe(2000);
    expect(v.modelId).toBe('a');
  });
});
