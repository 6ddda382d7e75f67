// Meta-tests over the condition operators (src/core/evaluate/operators/): each is in the schema and the registry,
// declares its messages and whether it compiles, and has fixtures; one runner evaluates every operator fixture
// through the traced evaluator and the compiled verdict tables, which must agree with the expected verdicts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ruleSchema from '../schemas/rule.schema.json';
import { Evaluator, evaluate } from '../src/core/evaluate/engine';
import { FINDING_MESSAGES } from '../src/core/evaluate/finding';
import { forEachCondition, OPERATOR_KEYS, OPERATORS } from '../src/core/evaluate/operators/registry';
import { VERDICT_NAMES } from '../src/core/evaluate/tri';
import { validateRules } from '../src/core/rules/validate';
import type { Condition, Rule } from '../src/core/types';
import { validateLineage } from '../src/core/validate/lineage';
import { CATALOGUED } from '../src/render/messages';
import { reference, rules as builtins } from './helpers/engine';

interface OperatorFixture {
  description: string;
  asOf: string;
  subject: 'model' | 'organization';
  measures?: Rule['measures'];
  applicability?: Condition;
  condition: Condition;
  rules?: unknown[];
  lineage: unknown;
  expect: Record<string, string>;
  messages?: Record<string, string[]>;
}

const root = join(__dirname, 'operator-fixtures');
const fixtureFiles = (key: string): string[] => {
  try {
    return readdirSync(join(root, key))
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
};
const load = (key: string, file: string) => JSON.parse(readFileSync(join(root, key, file), 'utf8')) as OperatorFixture;
const schemaKeys = Object.keys(
  (ruleSchema as { $defs: { condition: { properties: Record<string, unknown> } } }).$defs.condition.properties,
).filter((k) => k !== 'label');

describe('condition operators (meta)', () => {
  it('the schema and the registry name the same operators', () => {
    expect([...OPERATOR_KEYS].sort()).toEqual([...schemaKeys].sort());
  });

  for (const key of OPERATOR_KEYS) {
    const op = OPERATORS[key];
    it(`${key}: one module with its summary, subjects, message ids, compilation or declared fallback, and fixtures`, () => {
      expect(op.key).toBe(key);
      expect(op.summary.length).toBeGreaterThan(20);
      expect(op.subjects.length).toBeGreaterThan(0);
      for (const [id, meaning] of Object.entries(op.messages)) {
        expect(id).toMatch(/^[a-z]+([.-][a-z]+)*$/);
        expect(meaning.length).toBeGreaterThan(5);
      }
      expect(typeof op.compile === 'function' || op.compile === 'interpreter').toBe(true);
      const files = fixtureFiles(key);
      expect(files.length, `test/operator-fixtures/${key}/ has no fixture`).toBeGreaterThan(0);
      for (const f of files) {
        const fx = load(key, f);
        const used: string[] = [];
        const visit = (c: Condition) => used.push(...Object.keys(c).filter((k) => k !== 'label'));
        forEachCondition(fx.condition, visit);
        forEachCondition(fx.applicability, visit);
        expect(used, `${key}/${f} does not use ${key}`).toContain(key);
      }
    });
  }
});

/** The traced verdicts (evaluate) and the compiled tables (Evaluator.verdictOf) of the fixture's rule. */
function verdicts(fx: OperatorFixture, key: string, file: string) {
  const rule = {
    id: `t/${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    title: `operator fixture ${key}/${file}`,
    jurisdiction: 'test',
    instrument: 'test',
    status: 'in-force',
    effective: {},
    citation: { section: 's', text: 't', url: 'https://example.org' },
    subject: fx.subject,
    ...(fx.measures ? { measures: fx.measures } : {}),
    ...(fx.applicability ? { applicability: fx.applicability } : {}),
    condition: fx.condition,
    obligations: [],
  };
  const extra = fx.rules ?? [];
  const r = validateRules([
    ...builtins().map((doc) => ({ origin: doc.id, doc })),
    ...extra.map((doc, i) => ({ origin: `rules[${i}]`, doc })),
    { origin: file, doc: rule },
  ]);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const v = validateLineage(fx.lineage, reference());
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const doc = v.doc;
  const traced = evaluate(doc, r.rules, { asOf: fx.asOf, reference: reference(), select: [rule.id] }).findings;
  const ev = new Evaluator(doc, r.rules, fx.asOf, reference());
  const compiled: Record<string, string> = {};
  if (fx.subject === 'model')
    ev.ix.models.forEach((m, i) => (compiled[m.id] = VERDICT_NAMES[ev.verdictOf(rule.id, undefined, false, i)]));
  return { traced, compiled };
}

describe('operator fixtures (traced and compiled agree with the expected verdicts)', () => {
  for (const key of OPERATOR_KEYS) {
    for (const file of fixtureFiles(key)) {
      const fx = load(key, file);
      it(`${key}/${file}: ${fx.description}`, () => {
        const { traced, compiled } = verdicts(fx, key, file);
        const got = Object.fromEntries(traced.map((f) => [f.model ?? f.organization, f.verdict]));
        for (const [id, want] of Object.entries(fx.expect)) {
          expect(got[id], `${id} (traced)`).toBe(want);
          if (fx.subject === 'model') expect(compiled[id], `${id} (compiled)`).toBe(want);
        }
        for (const [id, ids] of Object.entries(fx.messages ?? {})) {
          const f = traced.find((x) => (x.model ?? x.organization) === id)!;
          for (const m of ids)
            expect(
              f.explanation.map((x) => x.id),
              `${id} messages`,
            ).toContain(m);
        }
      });
    }
  }

  it('the render catalogue words every declared message id (no fallback)', () => {
    const declared = [
      ...Object.keys(FINDING_MESSAGES),
      ...OPERATOR_KEYS.flatMap((k) => Object.keys(OPERATORS[k].messages)),
    ];
    expect(declared.filter((id) => !CATALOGUED.includes(id)).sort()).toEqual([]);
    expect(CATALOGUED.filter((id) => !declared.includes(id)).sort()).toEqual([]);
  });

  it('every message id in any explanation is declared by an operator or by the finding', () => {
    const declared = new Set([
      ...Object.keys(FINDING_MESSAGES),
      ...OPERATOR_KEYS.flatMap((k) => Object.keys(OPERATORS[k].messages)),
    ]);
    const seen = new Set<string>();
    for (const key of OPERATOR_KEYS)
      for (const file of fixtureFiles(key))
        for (const f of verdicts(load(key, file), key, file).traced) for (const m of f.explanation) seen.add(m.id);
    const dirs = join(__dirname, 'fixtures');
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.json') ? [join(d, e.name)] : [],
      );
    const all = builtins();
    for (const p of walk(dirs)) {
      const fx = JSON.parse(readFileSync(p, 'utf8')) as { lineage: unknown; asOf: string };
      const v = validateLineage(fx.lineage, reference());
      if (!v.ok) continue;
      for (const f of evaluate(v.doc, all, { asOf: fx.asOf, reference: reference() }).findings)
        for (const m of f.explanation) seen.add(m.id);
    }
    expect([...seen].filter((id) => !declared.has(id)).sort()).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });
});
