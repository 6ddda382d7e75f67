import { describe, expect, it } from 'vitest';
import { datedWithin, monthsBefore } from './window';

describe('monthsBefore', () => {
  it('steps back calendar months across years and clamps the day', () => {
    expect(monthsBefore('2026-11-28', 12)).toBe('2025-11-28');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    expect(monthsBefore('2026-01-15', 13)).toBe('2024-12-15');
  });
});

describe('datedWithin', () => {
  it('uses each record end, else its start, within (from, asOf]', () => {
    const recs = [{ start: '2025-01-01', end: '2025-11-28' }, { start: '2025-11-29' }, { start: '2026-12-01' }, {}];
    expect(datedWithin(recs, '2025-11-28', '2026-11-28')).toEqual({ dated: true, inside: ['2025-11-29'] });
    expect(datedWithin([{}], '2025-11-28', '2026-11-28')).toEqual({ dated: false, inside: [] });
  });
});
