import { describe, expect, it } from 'vitest';
import { jsonLocations, lineageLocations, lineOf, yamlLocations } from './locations';

describe('source locations of models and organizations', () => {
  it('finds the line of each "id" in JSON, at any formatting, ignoring ids deeper down', () => {
    const text = [
      '{',
      '  "lineageVersion": 1,',
      '  "description": "models: {\\"id\\": \\"fake\\"} [",',
      '  "organizations": [ { "id": "org-a" },',
      '    { "name": "B", "id": "org-b" } ],',
      '  "models": [',
      '    {',
      '      "baseModels": [{ "id": "not-me", "relation": "finetune" }],',
      '      "id": "m\\u002f1"',
      '    },',
      '    { "id": "m2", "compute": [{ "phase": "pretraining", "flop": 1e25 }] }',
      '  ]',
      '}',
    ].join('\n');
    const loc = jsonLocations(text, 'x.json');
    expect(Object.fromEntries([...loc].map(([k, v]) => [k, v.line]))).toEqual({
      'organization:org-a': 4,
      'organization:org-b': 5,
      'model:m/1': 9,
      'model:m2': 11,
    });
    expect(loc.get('model:m2')!.uri).toBe('x.json');
  });

  it('finds them in YAML', () => {
    const text =
      'lineageVersion: 1\norganizations:\n  - id: org\nmodels:\n  - id: a\n    compute: []\n  - developer: org\n    id: "b"\n';
    const loc = yamlLocations(text, 'x.yaml');
    expect(loc.get('organization:org')!.line).toBe(3);
    expect(loc.get('model:a')!.line).toBe(5);
    expect(loc.get('model:b')!.line).toBe(8);
    expect(lineageLocations(text, 'x.yml').get('model:a')!.line).toBe(5);
  });

  it('returns what it found in malformed text instead of throwing', () => {
    expect(jsonLocations('{"models": [{"id": "a"}, {"id": ', 'x.json').get('model:a')!.line).toBe(1);
  });

  it('lineOf maps offsets to 1-based lines', () => {
    expect([0, 3, 4, 9].map((o) => lineOf([0, 4, 9], o))).toEqual([1, 1, 2, 3]);
  });
});
