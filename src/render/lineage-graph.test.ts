import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReference } from '../io/load';
import type { LineageDocument } from '../core/types';
import { dotString, drawLineage, lineageDot, lineageGraph, lineageText } from './lineage-graph';

const reference = loadReference();
const seed = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'examples', 'seed-fine-tuner.lineage.json'), 'utf8'),
) as LineageDocument;

describe('lineageGraph', () => {
  it('gives each model its developer, own and cumulative compute, and each arrow its relation', () => {
    const g = lineageGraph(seed, reference, ['tomato-ai/legal-110b']);
    expect(g.nodes).toEqual([
      {
        id: 'open-lab/base-110b',
        developer: 'Open Lab',
        own: '1.1 × 10^26 FLOP',
        cumulative: '1.1 × 10^26 FLOP',
        highlighted: false,
      },
      {
        id: 'tomato-ai/legal-110b',
        developer: 'Tomato AI',
        own: '5 × 10^24 FLOP',
        cumulative: '1.15 × 10^26 FLOP',
        highlighted: true,
      },
    ]);
    expect(g.edges).toEqual([{ from: 'open-lab/base-110b', to: 'tomato-ai/legal-110b', relation: 'finetune' }]);
    expect(lineageText(g)[1]).toBe(
      'tomato-ai/legal-110b (assessed), by Tomato AI: own compute 5 × 10^24 FLOP; cumulative 1.15 × 10^26 FLOP; built as finetune of open-lab/base-110b.',
    );
  });

  it('counts an ancestor once through a diamond, and says when compute is unknown', () => {
    const doc = {
      lineageVersion: 1,
      models: [
        { id: 'a', compute: [{ phase: 'pretraining', flop: 1e24 }] },
        { id: 'b', baseModels: [{ id: 'a', relation: 'finetune' }], compute: [{ phase: 'fine-tuning', flop: 1e22 }] },
        { id: 'c', baseModels: [{ id: 'a', relation: 'finetune' }] },
        {
          id: 'd',
          baseModels: [
            { id: 'b', relation: 'merge' },
            { id: 'c', relation: 'merge' },
          ],
          compute: [],
        },
      ],
    } as unknown as LineageDocument;
    const g = lineageGraph(doc, reference, ['d']);
    expect(g.nodes.find((n) => n.id === 'c')!.own).toBe('unknown');
    expect(g.nodes.find((n) => n.id === 'd')!.cumulative).toBe('at least 1.01 × 10^24 FLOP (part unknown)');
  });
});

describe('escaping', () => {
  it('quotes DOT strings: no way out of a label', () => {
    expect(dotString('a"b\\c\nd')).toBe('"a\\"b\\\\c d"');
  });

  it('draws hostile ids and names as text, never markup or DOT', async () => {
    const evil = '"]; x [label="<script>alert(1)</script>';
    const doc = {
      lineageVersion: 1,
      organizations: [{ id: 'o', name: '<img src=x onerror=alert(1)>' }],
      models: [
        { id: evil, developer: 'o', compute: [{ phase: 'pretraining', flop: 1e24 }] },
        { id: 'm&m', developer: 'o', baseModels: [{ id: evil, relation: 'finetune' }], compute: [] },
      ],
    } as unknown as LineageDocument;
    const dot = lineageDot(lineageGraph(doc, reference, ['m&m']));
    expect(dot.match(/->/g)).toHaveLength(1);
    const drawn = await drawLineage(doc, reference, ['m&m']);
    expect(drawn!.svg).not.toMatch(/<script|<img/i);
    expect(drawn!.svg).toContain('&lt;script&gt;');
    expect(drawn!.svg).toMatch(/^<svg role="img" aria-labelledby="lineage-graph-title"/);
  }, 20_000);
});
