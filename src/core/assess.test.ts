import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, loadReference } from '../io/load';
import { assess, checkModels, chooseRules, DEFAULT_NAMES } from './assess';
import { evaluate } from './evaluate/engine';
import { gate } from './evaluate/gate';
import { buildReport } from './report';
import { InputError } from './validate/errors';

const all = loadBuiltinRules();
const reference = loadReference();
const seed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'seed-fine-tuner.lineage.json'), 'utf8'));
const ASOF = '2026-11-28';
const QUERY = { rules: 'query.rules', model: 'query.model' };

/** The InputError items a call throws (fails when it throws something else or nothing). */
function errorsOf(f: () => unknown): unknown[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.errors;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('chooseRules', () => {
  it('defaults to the rules in force on the date, in id order', () => {
    const ids = chooseRules(all, { asOf: ASOF }).map((r) => r.id);
    expect(ids).toEqual([
      'ca-sb53/frontier-model',
      'ca-sb53/large-frontier-developer',
      'eu-ai-act/downstream-modifier',
      'eu-ai-act/gpai-indicative',
      'eu-ai-act/systemic-risk',
      'kr-ai-basic-act/high-performance',
    ]);
    expect(chooseRules(all, { asOf: '2027-01-01' }).map((r) => r.id)).toContain('ny-raise-2026/frontier-model');
  });

  it('takes selectors whatever the status, and adds extra ids in id order', () => {
    expect(chooseRules(all, { asOf: ASOF, selectors: 'ca-sb1047' }).map((r) => r.id)).toEqual([
      'ca-sb1047/covered-fine-tune',
      'ca-sb1047/covered-model',
    ]);
    const withExtra = chooseRules(all, {
      asOf: ASOF,
      selectors: 'eu-ai-act/systemic-risk',
      extraRules: ['illustrative/lineage-cost-100m', 'ca-sb53/frontier-model'],
    });
    expect(withExtra.map((r) => r.id)).toEqual([
      'ca-sb53/frontier-model',
      'eu-ai-act/systemic-risk',
      'illustrative/lineage-cost-100m',
    ]);
  });

  it("names a selector that matches nothing at the adapter's own name for the choice", () => {
    expect(errorsOf(() => chooseRules(all, { asOf: ASOF, selectors: 'nope/*' }))).toEqual([
      { path: 'rules', message: expect.stringMatching(/^"nope\/\*" matches no rule \(known: /) },
    ]);
    expect(errorsOf(() => chooseRules(all, { asOf: ASOF, selectors: ' , ' }, QUERY))).toEqual([
      { path: 'query.rules', message: 'no rule named' },
    ]);
  });
});

describe('checkModels', () => {
  it('accepts models in the lineage and names the first missing one', () => {
    expect(() => checkModels(seed, ['tomato-ai/legal-110b'])).not.toThrow();
    expect(errorsOf(() => checkModels(seed, ['tomato-ai/legal-110b', 'x/y'], QUERY))).toEqual([
      { path: 'query.model', message: 'no model "x/y" in the lineage' },
    ]);
    // The core names no command-line flag: adapters pass theirs (the CLI --rules/--model, the API query.*).
    expect(DEFAULT_NAMES).toEqual({ rules: 'rules', model: 'model' });
  });
});

describe('assess', () => {
  it('is validate → choose → evaluate → gate → report, as the steps give it by hand', () => {
    const a = assess(seed, all, { asOf: ASOF, reference });
    const rules = chooseRules(all, { asOf: ASOF });
    const ev = evaluate(seed, all, { asOf: ASOF, reference, select: rules.map((r) => r.id) });
    expect(a.rules).toEqual(rules);
    expect(a.evaluation).toEqual(ev);
    expect(a.report).toEqual(buildReport(seed, rules, ev, gate(ev.findings, 'captured', false), false));
    expect(a.report.gate).toEqual({
      failOn: 'captured',
      failed: a.gate.failed,
      failing: a.gate.failing.length,
      includeNotInForce: false,
    });
  });

  it('passes the gate options and model filter through', () => {
    const a = assess(seed, all, {
      asOf: ASOF,
      reference,
      selectors: '*',
      failOn: 'never',
      includeNotInForce: true,
      models: ['tomato-ai/legal-110b'],
    });
    expect(a.gate.failed).toBe(false);
    expect(a.report.gate).toMatchObject({ failOn: 'never', includeNotInForce: true });
    expect(new Set(a.report.findings.filter((f) => f.subject === 'model').map((f) => f.model))).toEqual(
      new Set(['tomato-ai/legal-110b']),
    );
    const strict = assess(seed, all, {
      asOf: ASOF,
      reference,
      selectors: '*',
      failOn: 'uncertain',
      includeNotInForce: true,
    });
    expect(strict.gate.failing.every((f) => f.verdict === 'captured' || f.verdict === 'uncertain')).toBe(true);
  });

  it('reports an invalid document first, then a bad selector, then a missing model', () => {
    const bad = { lineageVersion: 2, models: [] };
    expect(errorsOf(() => assess(bad, all, { asOf: ASOF, reference, selectors: 'nope', models: ['x'] }))).toEqual([
      { path: 'lineageVersion', message: 'must be 1' },
    ]);
    expect(
      errorsOf(() => assess(seed, all, { asOf: ASOF, reference, selectors: 'nope', models: ['x'], names: QUERY }))[0],
    ).toMatchObject({ path: 'query.rules' });
    expect(errorsOf(() => assess(seed, all, { asOf: ASOF, reference, models: ['x'], names: QUERY }))).toEqual([
      { path: 'query.model', message: 'no model "x" in the lineage' },
    ]);
  });
});
