// Meta-tests over the whole rule set: schema, path = id, citations, fixtures, the DESIGN §3 ids, default selection.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rule as ruleValidator } from '../src/generated/validators';
import { chooseRules } from '../src/core/assess';
import { loadRulesFrom } from '../src/io/load';
import { ruleInForce } from '../src/core/evaluate/in-force';
import { schemaErrors } from '../src/core/validate/schema';
import { run } from './helpers/engine';

const root = join(__dirname, '..');
const rulesDir = join(root, 'rules');
const fixturesDir = join(__dirname, 'fixtures');

/** The ids fixed in shared/DESIGN.md §3. */
const DESIGN_IDS = [
  'eu-ai-act/gpai-indicative',
  'eu-ai-act/systemic-risk',
  'eu-ai-act/downstream-modifier',
  'ca-sb1047/covered-model',
  'ca-sb1047/covered-fine-tune',
  'ca-sb53/frontier-model',
  'ca-sb53/large-frontier-developer',
  'ny-raise-2025/frontier-model',
  'ny-raise-2025/large-developer',
  'ny-raise-2026/frontier-model',
  'ny-raise-2026/large-frontier-developer',
  'us-eo14110/dual-use-model',
  'us-eo14110/bio-sequence-model',
  'us-bis-2025/eccn-4e091',
  'kr-ai-basic-act/high-performance',
  'illustrative/lineage-cost-100m',
];

function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (p !== join(rulesDir, 'reference')) out.push(...ruleFiles(p));
    } else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

const files = ruleFiles(rulesDir);
const rules = loadRulesFrom(rulesDir); // validates the set: schema, path = id, references between rules

interface Fixture {
  asOf: string;
  lineage: unknown;
  expect: { verdict: string; model?: string; organization?: string; interpretation?: string }[];
}

function fixtures(id: string): { file: string; fx: Fixture }[] {
  const dir = join(fixturesDir, ...id.split('/'));
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((f) => ({ file: f, fx: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture }));
}

describe('rule files', () => {
  it('every file under rules/ (except reference/) is a loaded rule whose id is its path', () => {
    const ids = files.map((f) =>
      relative(rulesDir, f)
        .split(sep)
        .join('/')
        .replace(/\.json$/, ''),
    );
    expect(rules.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  for (const file of files) {
    const id = relative(rulesDir, file)
      .split(sep)
      .join('/')
      .replace(/\.json$/, '');
    describe(id, () => {
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      const rule = rules.find((r) => r.id === id)!;

      it('validates against schemas/rule.schema.json', () => {
        expect(schemaErrors(ruleValidator, doc)).toEqual([]);
        expect(doc.id).toBe(id);
      });

      it('cites a source', () => {
        expect(rule.citation.url.trim()).not.toBe('');
        expect(rule.citation.section.trim()).not.toBe('');
        expect(rule.citation.text.trim()).not.toBe('');
      });

      it('has fixtures with at least one captured and one not-captured finding of this rule', () => {
        const expects = fixtures(id).flatMap((x) => x.fx.expect);
        expect(expects.length).toBeGreaterThan(0);
        expect(expects.some((e) => e.verdict === 'captured')).toBe(true);
        expect(expects.some((e) => e.verdict === 'not-captured')).toBe(true);
      });

      it('has an exact-boundary fixture (a file named *boundary*)', () => {
        expect(fixtures(id).some((x) => x.file.includes('boundary'))).toBe(true);
      });

      it('has a not-applicable fixture when it has preconditions', () => {
        if (!rule.applicability) return;
        expect(
          fixtures(id)
            .flatMap((x) => x.fx.expect)
            .some((e) => e.verdict === 'not-applicable'),
        ).toBe(true);
      });

      it('has a captured and a not-captured fixture for each of its interpretations', () => {
        const expects = fixtures(id).flatMap((x) => x.fx.expect);
        for (const interp of (rule.interpretations ?? []).map((i) => i.id)) {
          const mine = expects.filter((e) => e.interpretation === interp);
          expect(
            mine.some((e) => e.verdict === 'captured'),
            `${interp} captured`,
          ).toBe(true);
          expect(
            mine.some((e) => e.verdict === 'not-captured'),
            `${interp} not-captured`,
          ).toBe(true);
        }
      });

      it('flags every fixture expectation with the interpretation it is about when the rule has readings', () => {
        const hasReadings = (rule.interpretations ?? []).length > 0;
        for (const { file: f, fx } of fixtures(id)) {
          for (const e of fx.expect) expect(e.interpretation !== undefined, `${f}`).toBe(hasReadings);
        }
      });
    });
  }
});

describe('DESIGN §3', () => {
  it('every fixed rule id exists', () => {
    const have = new Set(rules.map((r) => r.id));
    for (const id of DESIGN_IDS) expect(have.has(id), id).toBe(true);
  });

  it('SB 53 and RAISE-2026 carry the developer-own and lineage-cumulative readings through to their organization rules', () => {
    for (const id of [
      'ca-sb53/frontier-model',
      'ca-sb53/large-frontier-developer',
      'ny-raise-2026/frontier-model',
      'ny-raise-2026/large-frontier-developer',
    ]) {
      expect(
        rules.find((r) => r.id === id)!.interpretations!.map((i) => i.id),
        id,
      ).toEqual(['developer-own', 'lineage-cumulative']);
    }
    expect(rules.find((r) => r.id === 'eu-ai-act/systemic-risk')!.interpretations!.map((i) => i.id)).toEqual([
      'merge-includes-parents',
      'merge-own-compute',
    ]);
  });
});

describe('default selection', () => {
  const inForceOn: Record<string, string[]> = {
    '2024-06-01': ['us-eo14110/bio-sequence-model', 'us-eo14110/dual-use-model'],
    // BIS 4E091: compliance was first required on 2025-05-15, after the rescission of 2025-05-13: never in force.
    '2025-04-15': [],
    '2025-05-15': [],
    '2026-01-21': [
      'ca-sb53/frontier-model',
      'ca-sb53/large-frontier-developer',
      'eu-ai-act/downstream-modifier',
      'eu-ai-act/gpai-indicative',
      'eu-ai-act/systemic-risk',
    ],
    '2026-11-28': [
      'ca-sb53/frontier-model',
      'ca-sb53/large-frontier-developer',
      'eu-ai-act/downstream-modifier',
      'eu-ai-act/gpai-indicative',
      'eu-ai-act/systemic-risk',
      'kr-ai-basic-act/high-performance',
    ],
    '2027-01-05': [
      'ca-sb53/frontier-model',
      'ca-sb53/large-frontier-developer',
      'eu-ai-act/downstream-modifier',
      'eu-ai-act/gpai-indicative',
      'eu-ai-act/systemic-risk',
      'kr-ai-basic-act/high-performance',
      'ny-raise-2026/frontier-model',
      'ny-raise-2026/large-frontier-developer',
    ],
  };
  for (const [asOf, ids] of Object.entries(inForceOn)) {
    it(`is exactly the rules in force on ${asOf}`, () => {
      const chosen = chooseRules(rules, { asOf })
        .map((r) => r.id)
        .sort();
      expect(chosen).toEqual(ids);
      expect(chosen).toEqual(
        rules
          .filter((r) => ruleInForce(r, asOf).inForce)
          .map((r) => r.id)
          .sort(),
      );
    });
  }
});

describe('the seed fine-tuner across all rules (2026-11-28)', () => {
  const seed = JSON.parse(readFileSync(join(root, 'examples', 'seed-fine-tuner.lineage.json'), 'utf8'));
  const findings = run(
    seed,
    '2026-11-28',
    rules.map((r) => r.id),
  );
  const get = (rule: string, interpretation?: string) =>
    findings.find((f) => f.model === 'tomato-ai/legal-110b' && f.rule === rule && f.interpretation === interpretation)!;

  it('SB 53 captures the fine-tuner only under the cumulative reading, as a wrongful capture', () => {
    expect(get('ca-sb53/frontier-model', 'lineage-cumulative')).toMatchObject({
      verdict: 'captured',
      wrongfulCapture: true,
      inForce: true,
    });
    expect(get('ca-sb53/frontier-model', 'developer-own')).toMatchObject({
      verdict: 'not-captured',
      wrongfulCapture: false,
    });
  });

  it('SB 1047 and RAISE as passed do not capture it; the naive lineage-cost rule does, wrongfully', () => {
    expect(get('ca-sb1047/covered-model').verdict).toBe('not-captured');
    expect(get('ca-sb1047/covered-fine-tune').verdict).toBe('not-applicable');
    expect(get('ny-raise-2025/frontier-model').verdict).toBe('not-captured');
    expect(get('illustrative/lineage-cost-100m')).toMatchObject({ verdict: 'captured', wrongfulCapture: true });
  });

  it('no finding counted as a wrongful capture has an own-only verdict of captured', () => {
    for (const f of findings) if (f.wrongfulCapture) expect(f.ownOnly.verdict).toBe('not-captured');
  });
});
