// Issue 11 item 1, end to end: small CSVs in Epoch's format (shapes and figures of the real rows named), imported
// and evaluated against the built-in EU systemic-risk rule as of 2026-11-28.
import { describe, expect, it } from 'vitest';
import { importEpochCsv } from '../src/import/epoch';
import type { BaseModelCatalog } from '../src/generated/base-models';
import type { Finding, LineageDocument } from '../src/core/types';
import { reference, rules, run } from './helpers/engine';
import { summarize } from '../src/core/evaluate/engine';

const HEAD =
  'Model,Organization,Organization categorization,Country (of organization),Publication date,Domain,Training compute (FLOP),Training compute lower bound,Training compute upper bound,Confidence,Base model,Finetune compute (FLOP),Estimated over 1e25 FLOP';
const csv = (...rows: string[]) => [HEAD, ...rows].join('\n');

const CATALOG: BaseModelCatalog = {
  description: 'test',
  snapshot: '2026-07-19',
  models: [
    {
      id: 'meta-llama/Llama-3.1-8B',
      name: 'Llama 3.1-8B',
      developer: 'Meta AI',
      flop: 1.224e24,
      confidence: 'Confident',
      openWeights: true,
      released: '2024-07-23',
      generates: ['text'],
      source: { text: 'Epoch AI, test row' },
    },
  ],
};

function verdicts(doc: LineageDocument, rule = 'eu-ai-act/systemic-risk'): Map<string, Finding> {
  const out = new Map<string, Finding>();
  for (const f of run(doc, '2026-11-28', [rule]))
    if (f.model && f.interpretation !== 'merge-own-compute') out.set(f.model, f);
  return out;
}

describe('affiliates and the developer of multi-organization rows', () => {
  const { doc } = importEpochCsv(
    csv(
      'PaLM (540B),Google Research,Industry,United States of America,2022-04-04,Language,2.5272e+24,,,Confident,,,',
      'U-PaLM (540B),Google,Industry,United States of America,2022-10-20,Language,2.53e+24,,,Confident,PaLM (540B),4e+21,',
      'Minerva (540B),Google,Industry,United States of America,2022-06-29,Language,2.7415e+24,,,Confident,PaLM (540B),2.1429e+23,',
      'OPT-175B,Meta AI,Industry,United States of America,2022-05-02,Language,4.3e+23,,,Confident,,,',
      '"BlenderBot 3","McGill University,Meta AI,Mila - Quebec AI","Academia,Industry,Academia","Canada,United States of America,Canada",2022-08-10,Language,4.3e+23,,,Likely,OPT-175B,1.5e+21,',
      '"Uni Model","Some University,Tech Corp","Academia,Industry","Canada,Japan",2023-01-01,Language,1e+20,,,Confident,,,',
    ),
    { confidenceBands: false },
  );
  const dev = (id: string) => doc.models.find((m) => m.id === id)!.developer;

  it("links a company's labs to it and keeps country and organization type", () => {
    const org = (id: string) => doc.organizations!.find((o) => o.id === id)!;
    expect(org('google-research')).toMatchObject({
      affiliateOf: 'google',
      country: 'United States of America',
      organizationType: 'Industry',
    });
    expect(org('google').affiliateOf).toBeUndefined();
    expect(org('meta-ai').affiliateOf).toBe('meta');
    expect(org('meta')).toMatchObject({ name: 'Meta Platforms' });
    expect(org('mcgill-university')).toMatchObject({ country: 'Canada', organizationType: 'Academia' });
    expect(org('google-research').source).toMatch(/Google DeepMind/);
  });

  it("picks a base's company, else the first Industry organization", () => {
    expect(dev('BlenderBot 3')).toBe('meta-ai');
    expect(dev('Uni Model')).toBe('tech-corp');
    expect(dev('U-PaLM (540B)')).toBe('google');
    expect(doc.models.find((m) => m.id === 'BlenderBot 3')!.source).toMatch(/developer taken to be Meta AI/);
  });

  it("treats a fine-tune of an affiliate's model as the developer's own work (not not-applicable)", () => {
    const v = verdicts(doc);
    expect(v.get('U-PaLM (540B)')!.verdict).toBe('not-captured');
    expect(v.get('Minerva (540B)')!.verdict).toBe('not-captured');
    expect(v.get('BlenderBot 3')!.verdict).toBe('not-captured');
    // Own-only counts the affiliate's PaLM too: the same developer.
    expect(v.get('U-PaLM (540B)')!.ownOnly.verdict).toBe('not-captured');
  });
});

describe('bases the file does not list', () => {
  const { doc, warnings } = importEpochCsv(
    csv(
      'AgentFounder-30B,Alibaba,Industry,China,2025-09-16,Language,6.5367e+23,,,Confident,Qwen3-30B-A3B,5.67e+21,',
      'Big Unsplit,Alibaba,Industry,China,2025-09-17,Language,3.5e+24,,,Confident,Unlisted Base,,',
      'Llama 3.2 11B,Meta AI,Industry,United States of America,2024-09-24,"Multimodal,Vision,Language",5.79e+23,,,Confident,Llama 3.1-8B,3.50010000000001e+23,',
      'Short Total,Lab,Industry,France,2024-10-01,Language,2.3e+21,,,Confident,Llama 3.1-8B,,',
    ),
    { catalog: CATALOG },
  );
  const m = (id: string) => doc.models.find((x) => x.id === id)!;

  it('leaves the developer of an unattributed base unknown, and the provider question with it', () => {
    expect(m('Qwen3-30B-A3B').developer).toBeUndefined();
    const f = verdicts(doc).get('AgentFounder-30B')!;
    expect(f.verdict).not.toBe('not-applicable');
    // Built on a model of unknown developer, at most 2 × 6.5e23 FLOP: not captured either way.
    expect(f.verdict).toBe('not-captured');
    const g = run(doc, '2026-11-28', ['eu-ai-act/gpai-indicative']).find((x) => x.model === 'AgentFounder-30B');
    expect(g).toBeDefined();
  });

  it('uses the total as a bound on own compute, and on an unlisted base', () => {
    expect(m('Big Unsplit').compute).toEqual([
      expect.objectContaining({ phase: 'fine-tuning', flopRange: { low: 0, high: 3.5e24 } }),
    ]);
    expect(m('Unlisted Base').compute).toEqual([expect.objectContaining({ flopRange: { low: 0, high: 3.5e24 } })]);
    // At most 7e24 in all: decided below 10^25 instead of uncertain.
    expect(verdicts(doc).get('Big Unsplit')!.verdict).toBe('not-captured');
  });

  it('resolves a base from the catalog (developer and published figure) and warns when totals disagree', () => {
    expect(m('Llama 3.1-8B')).toMatchObject({ developer: 'meta', compute: [{ flop: 1.224e24 }] });
    expect(warnings.some((w) => /"Llama 3\.2 11B" finetune compute .* disagree by 2\.7×/.test(w))).toBe(true);
    expect(m('Llama 3.2 11B').compute![0].flop).toBe(3.50010000000001e23);
  });

  it("bounds own compute by a total that leaves the base out (below the base's own figure)", () => {
    expect(m('Short Total').compute).toEqual([expect.objectContaining({ flopRange: { low: 0, high: 2.3e21 } })]);
    expect(warnings.some((w) => /"Short Total" total compute 2\.3e\+21 is below its bases' total/.test(w))).toBe(true);
  });
});

describe('uncertainty: bounds, confidence and the frontier flag', () => {
  const rows = [
    'Amazon Nova Pro,Amazon,Industry,United States of America,2024-12-03,"Language,Vision",6.000010000000001e+24,,1.9e+26,Speculative,,,',
    'Claude 2,Anthropic,Industry,United States of America,2023-07-11,Language,3.866e+24,,1.22e+26,Speculative,,,',
    'GPT-4o,OpenAI,Industry,United States of America,2024-05-13,"Multimodal,Language",,,,Speculative,,,True',
    'Grok-2,xAI,Industry,United States of America,2024-08-13,Language,2.96e+25,,,Confident,,,',
    'Mid Lab,Lab,Industry,France,2024-01-01,Language,2e+24,,,Unknown,,,',
  ];
  const banded = importEpochCsv(csv(...rows)).doc;
  const points = importEpochCsv(csv(...rows), { confidenceBands: false }).doc;
  const rec = (doc: LineageDocument, id: string) => doc.models.find((m) => m.id === id)!.compute![0];

  it('keeps an upper-only bound (Nova Pro, Claude 2): uncertain at 10^25, with or without bands', () => {
    expect(rec(points, 'Amazon Nova Pro').flopRange).toEqual({
      low: 6.000010000000001e24,
      central: 6.000010000000001e24,
      high: 1.9e26,
    });
    expect(rec(banded, 'Amazon Nova Pro').flopRange).toEqual({
      low: 2.00000333333e23,
      central: 6.000010000000001e24,
      high: 1.9e26,
    });
    for (const doc of [points, banded]) {
      const v = verdicts(doc);
      expect(v.get('Amazon Nova Pro')!.verdict).toBe('uncertain');
      expect(v.get('Claude 2')!.verdict).toBe('uncertain');
    }
  });

  it('reads the confidence level as a factor around the estimate, and no factor for Unknown', () => {
    expect(rec(banded, 'Grok-2').flopRange).toEqual({ low: 9.86666666667e24, central: 2.96e25, high: 8.88e25 });
    expect(rec(banded, 'Grok-2').source).toMatch(/Confident 3×.*unverified/);
    expect(rec(points, 'Grok-2').flop).toBe(2.96e25);
    expect(rec(banded, 'Mid Lab').flop).toBe(2e24);
    expect(verdicts(banded).get('Grok-2')!.verdict).toBe('uncertain');
    expect(verdicts(points).get('Grok-2')!.verdict).toBe('captured');
  });

  it('captures a model flagged "Estimated over 1e25 FLOP" without a figure (GPT-4o)', () => {
    expect(rec(banded, 'GPT-4o').flopRange).toEqual({ low: 1.0000000000000002e25 });
    const f = verdicts(banded).get('GPT-4o')!;
    expect(f.verdict).toBe('captured');
    expect(f.measures[0].observed.high).toBeNull();
    expect(run(banded, '2026-11-28', ['ca-sb53/frontier-model']).find((x) => x.model === 'GPT-4o')!.verdict).toBe(
      'uncertain',
    );
  });
});

describe('compositions, whitespace and domains', () => {
  const { doc } = importEpochCsv(
    csv(
      'Qwen2-72B,Alibaba,Industry,China,2024-06-07,Language,3.02e+24,,,Confident,,,',
      'NVLM-D 72B,NVIDIA,Industry,United States of America,2024-10-22,"Vision,Language",3.02e+24,,,Confident,"Qwen2-72B,InternViT-6B",2.463e+22,',
      'Llama 2-70B,Meta AI,Industry,United States of America,2023-07-18,Language,8.1e+23,,,Confident,,,',
      'ALLaM\u00a0adapted 70B,Saudi Data and Artificial Intelligence Authority,"Industry,Government",Saudi Arabia,2024-05-21,Language,1.062e+24,,,Confident,Llama 2-70B,,',
    ),
    { confidenceBands: false },
  );
  const m = (id: string) => doc.models.find((x) => x.id === id)!;

  it('imports a language model joined to a vision encoder as trained further from each, not a merge', () => {
    expect(m('NVLM-D 72B').baseModels).toEqual([
      { id: 'Qwen2-72B', relation: 'finetune' },
      { id: 'InternViT-6B', relation: 'finetune' },
    ]);
    const f = verdicts(doc, 'illustrative/lineage-cost-100m');
    expect(f.get('NVLM-D 72B')?.wrongfulCapture ?? false).toBe(false);
    for (const x of run(doc, '2026-11-28', ['eu-ai-act/systemic-risk', 'eu-ai-act/gpai-indicative']))
      expect(x.wrongfulCapture).toBe(false);
  });

  it("normalises non-breaking spaces in ids and keeps Epoch's domains", () => {
    expect(m('ALLaM adapted 70B').developer).toBe('saudi-data-and-artificial-intelligence-authority');
    expect(m('NVLM-D 72B')).toMatchObject({ domains: ['Vision', 'Language'], generates: ['text'] });
  });
});

describe('engine: a base of unknown developer', () => {
  const doc = (baseDeveloper?: string): LineageDocument => ({
    lineageVersion: 1,
    organizations: [{ id: 'lab' }, { id: 'other' }],
    models: [
      {
        id: 'base',
        ...(baseDeveloper ? { developer: baseDeveloper } : {}),
        generates: ['text'],
        compute: [{ phase: 'pretraining', flop: 5e25 }],
      },
      {
        id: 'tune',
        developer: 'lab',
        generates: ['text'],
        baseModels: [{ id: 'base', relation: 'finetune' }],
        compute: [{ phase: 'fine-tuning', flop: 1e20 }],
      },
    ],
  });
  const verdict = (d: LineageDocument) => verdicts(d).get('tune')!.verdict;
  const summary = (d: LineageDocument) =>
    summarize(d, rules(), {
      asOf: '2026-11-28',
      reference: reference(),
      select: ['eu-ai-act/systemic-risk'],
      models: ['tune'],
    })[0].counts;

  it("makes the provider question unknown (uncertain), never another developer's (not applicable)", () => {
    expect(verdict(doc())).toBe('uncertain');
    expect(summary(doc())).toMatchObject({ uncertain: 1, 'not-applicable': 0 });
    expect(verdict(doc('other'))).toBe('not-applicable');
    expect(summary(doc('other'))).toMatchObject({ 'not-applicable': 1 });
    expect(verdict(doc('lab'))).toBe('captured');
  });

  it("counts an affiliate's base as the developer's own, in both paths", () => {
    const d = doc('other');
    d.organizations = [{ id: 'lab' }, { id: 'other', affiliateOf: 'lab' }];
    expect(verdict(d)).toBe('captured');
    expect(summary(d)).toMatchObject({ captured: 1 });
    expect(verdicts(d).get('tune')!.wrongfulCapture).toBe(false);
  });
});
