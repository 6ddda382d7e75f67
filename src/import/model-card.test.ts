// Model-card import: real-world front-matter shapes (single base, merges, adapters, quantized builds, missing
// relation) and malformed front matter, which must fail with the line number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/validate/errors';
import type { BaseModelCatalog } from '../generated/base-models';
import { checkComputeRecords, importModelCard } from './model-card';

const catalog = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'rules', 'reference', 'base-models.json'), 'utf8'),
) as BaseModelCatalog;

type Doc = {
  organizations?: { id: string; name?: string }[];
  models: {
    id: string;
    developer?: string;
    baseModels?: { id: string; relation: string }[];
    compute?: { phase: string; flop?: number; flopRange?: { low: number; central?: number; high: number } }[];
    generates?: string[];
  }[];
};
const imp = (text: string, extra: Partial<Parameters<typeof importModelCard>[1]> = {}) =>
  importModelCard(text, { name: 'README.md', catalog, ...extra });
const docOf = (text: string, extra = {}) => imp(text, extra).doc as unknown as Doc;
const released = (d: Doc) => d.models[d.models.length - 1];

/** The InputError's single item as "path: message". */
function failure(text: string): string {
  try {
    imp(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const it = (e as InputError).errors[0];
    return `${it.path}: ${it.message}`;
  }
  throw new Error('expected the import to fail');
}

describe('importModelCard: front-matter shapes', () => {
  it('a single base as a string, no relation: a fine-tune of a catalogued base with its published FLOP as the central value', () => {
    const d = docOf(
      '---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\npipeline_tag: text-generation\n---\n# My model\n',
    );
    expect(released(d)).toMatchObject({
      id: 'this-model',
      baseModels: [{ id: 'meta-llama/Llama-3.1-8B', relation: 'finetune' }],
      generates: ['text'],
    });
    const base = d.models[0];
    expect(base).toMatchObject({ id: 'meta-llama/Llama-3.1-8B', developer: 'meta-llama', openWeights: true });
    const entry = catalog.models.find((m) => m.id === 'meta-llama/Llama-3.1-8B')!;
    // Epoch labels it Likely: within a factor of 10 (the catalog's band for that label), so a range around the figure.
    expect(entry.confidence).toBe('Likely');
    expect(base.compute).toEqual([
      expect.objectContaining({
        phase: 'pretraining',
        flopRange: { low: 1.224e23, central: entry.flop, high: 1.224e25 },
      }),
    ]);
    expect(d.organizations).toContainEqual({ id: 'meta-llama', name: entry.developer });
  });

  it('a list of bases without a relation is a merge (mergekit cards)', () => {
    const card = [
      '---',
      'base_model:',
      '- mistralai/Mixtral-8x7B-v0.1',
      '- someone/custom-7b',
      'library_name: transformers',
      'tags:',
      '- mergekit',
      '- merge',
      '---',
      '',
    ].join('\n');
    const r = imp(card);
    const d = r.doc as unknown as Doc;
    expect(released(d).baseModels).toEqual([
      { id: 'mistralai/Mixtral-8x7B-v0.1', relation: 'merge' },
      { id: 'someone/custom-7b', relation: 'merge' },
    ]);
    expect(r.lines).toEqual({ model: 2, bases: { 'mistralai/Mixtral-8x7B-v0.1': 3, 'someone/custom-7b': 4 } });
  });

  it('a flow-style list with an explicit merge relation', () => {
    const d = docOf('---\nbase_model: [Qwen/Qwen2.5-32B, Qwen/QwQ-32B]\nbase_model_relation: merge\n---\n');
    expect(released(d).baseModels!.map((b) => b.relation)).toEqual(['merge', 'merge']);
  });

  it('an adapter (PEFT/LoRA) keeps the relation adapter', () => {
    const d = docOf(
      '---\nlibrary_name: peft\nbase_model: meta-llama/Llama-2-7b-hf\nbase_model_relation: adapter\n---\n',
    );
    expect(released(d).baseModels).toEqual([{ id: 'meta-llama/Llama-2-7b-hf', relation: 'adapter' }]);
  });

  it('a quantized build maps to the lineage relation quantization', () => {
    const d = docOf('---\nbase_model: Qwen/Qwen2.5-72B-Instruct\nbase_model_relation: quantized\ntags: [gguf]\n---\n');
    expect(released(d).baseModels).toEqual([{ id: 'Qwen/Qwen2.5-72B-Instruct', relation: 'quantization' }]);
  });

  it('an unknown base becomes a model WITHOUT compute (unknown, fail closed), never assumed small', () => {
    const d = docOf('---\nbase_model: tiny-startup/secret-base\n---\n');
    const base = d.models[0];
    expect(base.id).toBe('tiny-startup/secret-base');
    expect(base).not.toHaveProperty('compute');
    expect(base.developer).toBe('tiny-startup');
  });

  it('matches catalog ids case-insensitively and through aliases, keeping the spelling of the card', () => {
    const withAlias = catalog.models.find((m) => (m.aliases ?? []).length > 0)!;
    const alias = withAlias.aliases![0];
    expect(docOf(`---\nbase_model: ${alias}\n---\n`).models[0].compute![0].flopRange!.central).toBe(withAlias.flop);
    const lower = docOf('---\nbase_model: META-LLAMA/llama-3.1-8b\n---\n').models[0];
    expect(lower.id).toBe('META-LLAMA/llama-3.1-8b');
    expect(lower.compute).toBeDefined();
  });

  it('no base_model: a lone model; a Hub URL is reduced to its id; duplicates are dropped', () => {
    expect(docOf('---\nlicense: mit\n---\n').models).toEqual([{ id: 'this-model' }]);
    const d = docOf('---\nbase_model:\n- https://huggingface.co/google/gemma-2-9b\n- google/gemma-2-9b\n---\n');
    expect(released(d).baseModels).toEqual([{ id: 'google/gemma-2-9b', relation: 'finetune' }]);
  });

  it('CRLF line endings and a byte-order mark', () => {
    const d = docOf('\uFEFF---\r\nbase_model: google/gemma-7b\r\n---\r\ntext\r\n');
    expect(released(d).baseModels).toEqual([{ id: 'google/gemma-7b', relation: 'finetune' }]);
  });

  it("combines the card with the team's compute records", () => {
    const records = checkComputeRecords(
      {
        developer: 'tomato-ai',
        organizations: [{ id: 'tomato-ai', name: 'Tomato AI' }],
        model: { id: 'tomato-ai/legal-8b', openWeights: false },
        compute: [{ phase: 'fine-tuning', flop: 3e22 }],
      },
      'compute.json',
    );
    const d = docOf('---\nbase_model: meta-llama/Llama-3.1-8B\n---\n', { records });
    expect(released(d)).toEqual({
      id: 'tomato-ai/legal-8b',
      openWeights: false,
      developer: 'tomato-ai',
      baseModels: [{ id: 'meta-llama/Llama-3.1-8B', relation: 'finetune' }],
      compute: [{ phase: 'fine-tuning', flop: 3e22 }],
    });
    expect(d.organizations!.map((o) => o.id)).toEqual(['tomato-ai', 'meta-llama']);
  });
});

describe('importModelCard: malformed front matter fails with the line', () => {
  const cases: [string, string, RegExp][] = [
    ['no front matter', '# Just a README\n', /^README\.md:1: has no YAML front matter/],
    ['front matter never closed', '---\nbase_model: a/b\n', /^README\.md:1: front matter opened .* never closed/],
    [
      'bad indentation',
      '---\nlicense: mit\nbase_model:\n  - a/b\n - c/d\n---\n',
      /^README\.md:5: front matter is not valid YAML/,
    ],
    [
      'unterminated flow list',
      '---\nlicense: mit\nbase_model: [a/b, c/d\n---\n',
      /^README\.md:3: front matter is not valid YAML/,
    ],
    ['duplicate key', '---\nbase_model: a/b\nbase_model: c/d\n---\n', /^README\.md:3: front matter is not valid YAML/],
    [
      'base_model a number',
      '---\nlicense: mit\nbase_model: 42\n---\n',
      /^README\.md:3: base_model must be a Hugging Face model id/,
    ],
    [
      'base_model a mapping',
      '---\nbase_model:\n  id: a/b\n---\n',
      /^README\.md:2: base_model must be a Hugging Face model id/,
    ],
    [
      'a list entry that is not a string',
      '---\nbase_model:\n- a/b\n- {x: 1}\n---\n',
      /^README\.md:4: base_model entry 2 must be a model id/,
    ],
    [
      'an id with spaces',
      '---\nbase_model: "my base model"\n---\n',
      /^README\.md:2: base_model "my base model" is not a Hugging Face model id/,
    ],
    [
      'unknown relation',
      '---\nbase_model: a/b\nbase_model_relation: distilled\n---\n',
      /^README\.md:3: base_model_relation must be one of finetune, adapter, merge, quantized/,
    ],
    ['front matter a list', '---\n- a\n- b\n---\n', /^README\.md:2: front matter must be a mapping/],
  ];
  for (const [name, text, want] of cases) it(name, () => expect(failure(text)).toMatch(want));
});

describe('checkComputeRecords', () => {
  const bad = (raw: unknown) => {
    try {
      checkComputeRecords(raw, 'compute.json');
    } catch (e) {
      return (e as InputError).errors.map((x) => `${x.path}: ${x.message}`).join('\n');
    }
    return 'ok';
  };
  it('names the field that is wrong', () => {
    expect(bad([])).toMatch(/^compute\.json: must be an object/);
    expect(bad({ compute: [] })).toMatch(/^compute\.json: developer: is required/);
    expect(bad({ developer: 'x' })).toMatch(/^compute\.json: compute: is required/);
    expect(bad({ developer: 'x', compute: [], extra: 1 })).toMatch(/^compute\.json: extra: is not a known field/);
    expect(bad({ developer: 'x', compute: [], model: { baseModels: [] } })).toMatch(
      /model\.baseModels: comes from the model card/,
    );
    expect(bad({ developer: 'x', compute: [] })).toBe('ok');
  });
});
