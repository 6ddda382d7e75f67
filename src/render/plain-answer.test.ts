import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assess } from '../core/assess';
import { loadBuiltinRules, loadReference } from '../io/load';
import { instrumentName, listText, plainAnswer } from './plain-answer';

const all = loadBuiltinRules();
const reference = loadReference();
const seed = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'examples', 'seed-fine-tuner.lineage.json'), 'utf8'),
) as { models: { id: string; compute: { flop: number; costUsd: number }[] }[] };
const ASOF = '2026-11-28';
const answer = (doc: unknown, models?: string[]) => {
  const { report } = assess(doc, all, { asOf: ASOF, reference, ...(models ? { models } : {}) });
  return plainAnswer({ report, lineage: doc, models: models ?? [] });
};

describe('plainAnswer', () => {
  it("says the seed's fine-tune is caught by no law on its own compute, and by SB 53 only through Open Lab's", () => {
    const text = answer(seed, ['tomato-ai/legal-110b']);
    expect(text[0]).toBe("No law in force catches Tomato AI's model tomato-ai/legal-110b on its own compute.");
    expect(text[1]).toMatch(
      /^California SB 53 and Korea's AI Basic Act would, under one reading of an ambiguous text, only because Open Lab's compute is counted\.$/,
    );
    expect(text.join(' ')).not.toMatch(/As an organization/);
  });

  it('answers for the leaves of the lineage when no model is named', () => {
    expect(answer(seed)[0]).toMatch(/tomato-ai\/legal-110b/);
  });

  it('says which laws catch a model on its own compute', () => {
    const text = answer(seed, ['open-lab/base-110b']);
    expect(text[0]).toMatch(
      /^California SB 53, the EU AI Act and Korea's AI Basic Act in force catch Open Lab's model/,
    );
    expect(text.join(' ')).toMatch(/As an organization, Open Lab is caught by California SB 53\./);
  });

  it('says when a verdict cannot be decided', () => {
    const doc = structuredClone(seed);
    doc.models[1].compute[0].flop = 9.6e25; // own compute near 1e26 with the base unknown
    (doc.models[0] as { compute?: unknown }).compute = undefined;
    delete (doc.models[0] as { compute?: unknown }).compute;
    const text = answer(doc, ['tomato-ai/legal-110b']).join(' ');
    expect(text).toMatch(/cannot be decided from what was entered/);
  });
});

describe('wording helpers', () => {
  it('lists and names', () => {
    expect(listText(['a'])).toBe('a');
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
    expect(instrumentName('xx-new/rule', 'Some Act (2027), section 3')).toBe('Some Act');
  });
});
