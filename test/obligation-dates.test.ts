// Obligations carry the date they apply from, and a model released before it is told its deadline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageText } from '../src/render/messages';
import { run } from './helpers/engine';

const fixture = (p: string) =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', p), 'utf8')) as { lineage: unknown; asOf: string };

describe('obligation dates', () => {
  it('EU: a model placed on the market before 2025-08-02 must comply by 2027-08-02', () => {
    const fx = fixture('eu-ai-act/systemic-risk/released-before-chapter-v.json');
    const findings = run(fx.lineage, fx.asOf, ['eu-ai-act/systemic-risk']);
    const early = findings.find((f) => f.model === 'p/early' && f.interpretation === 'merge-includes-parents')!;
    expect(early.obligationDates.length).toBe(early.obligations.length);
    for (const o of early.obligationDates) {
      expect(o).toMatchObject({
        appliesFrom: '2025-08-02',
        complyBy: '2027-08-02',
        complyBySection: 'Art. 111(3)',
        releasedBefore: true,
      });
    }
    const msg = early.explanation.find((m) => m.id === 'obligation.transition')!;
    expect(messageText(msg)).toContain('2027-08-02');
    expect(msg.data).toMatchObject({ released: '2025-06-01', appliesFrom: '2025-08-02', complyBy: '2027-08-02' });
    const late = findings.find((f) => f.model === 'p/late' && f.interpretation === 'merge-includes-parents')!;
    for (const o of late.obligationDates) {
      expect(o.releasedBefore).toBe(false);
      expect(o.complyBy).toBeUndefined();
    }
    expect(late.explanation.some((m) => m.id === 'obligation.transition')).toBe(false);
  });

  it('SB 53: duties attach from 2026-01-01 for a frontier model released before', () => {
    const fx = fixture('ca-sb53/frontier-model/seed.json');
    const f = run(fx.lineage, '2026-11-29', ['ca-sb53/frontier-model']).find(
      (x) => x.model === 'open-lab/base-110b' && x.interpretation === 'developer-own',
    )!;
    expect(f.verdict).toBe('captured');
    expect(f.obligationDates.every((o) => o.appliesFrom === '2026-01-01' && o.releasedBefore === true)).toBe(true);
    expect(messageText(f.explanation.find((m) => m.id === 'obligation.transition')!)).toMatch(/attach from 2026-01-01/);
  });

  it('not-captured findings carry no obligations', () => {
    const fx = fixture('ca-sb53/frontier-model/seed.json');
    const f = run(fx.lineage, '2026-11-29', ['ca-sb53/frontier-model']).find(
      (x) => x.model === 'tomato-ai/legal-110b' && x.interpretation === 'developer-own',
    )!;
    expect(f.verdict).toBe('not-captured');
    expect(f.obligationDates).toEqual([]);
  });
});
