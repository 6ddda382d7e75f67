// One runner for every rule's fixture table: test/fixtures/<rule-id>/*.json = { description, lineage, asOf, expect }.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './helpers/engine';

interface Expectation {
  model?: string;
  organization?: string;
  interpretation?: string;
  verdict: string;
  inForce?: boolean;
  wrongfulCapture?: boolean;
  ownOnly?: string;
  /** measure id → expected exact observed low (and high when different), or result. */
  measures?: Record<string, { low?: string; high?: string | null; result?: string; threshold?: string }>;
  /** Message ids that must appear in the explanation. */
  messages?: string[];
  /** Fields the verdict rests on a presumption of (exactly these; [] for none). */
  presumptions?: string[];
  /** Whether the verdict rests on a designation. */
  designated?: boolean;
}

interface Fixture {
  description: string;
  lineage: unknown;
  asOf: string;
  expect: Expectation[];
}

const root = join(__dirname, 'fixtures');

function fixtureDirs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (readdirSync(p).some((f) => f.endsWith('.json'))) out.push(p);
      out.push(...fixtureDirs(p));
    }
  }
  return out;
}

for (const dir of fixtureDirs(root)) {
  const ruleId = relative(root, dir).split(sep).join('/');
  describe(`rule ${ruleId}`, () => {
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const fx = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
      it(`${file}: ${fx.description}`, () => {
        const findings = run(fx.lineage, fx.asOf, [ruleId]);
        for (const ex of fx.expect) {
          const f = findings.find(
            (x) =>
              x.rule === ruleId &&
              (ex.model === undefined || x.model === ex.model) &&
              (ex.organization === undefined || x.organization === ex.organization) &&
              x.interpretation === ex.interpretation,
          );
          const who = ex.model ?? ex.organization;
          expect(f, `finding for ${who}${ex.interpretation ? ` [${ex.interpretation}]` : ''}`).toBeDefined();
          expect(f!.verdict, `${who} verdict`).toBe(ex.verdict);
          if (ex.inForce !== undefined) expect(f!.inForce, `${who} inForce`).toBe(ex.inForce);
          if (ex.wrongfulCapture !== undefined)
            expect(f!.wrongfulCapture, `${who} wrongfulCapture`).toBe(ex.wrongfulCapture);
          if (ex.ownOnly !== undefined) expect(f!.ownOnly.verdict, `${who} ownOnly`).toBe(ex.ownOnly);
          for (const [id, m] of Object.entries(ex.measures ?? {})) {
            const got = f!.measures.find((x) => x.id === id);
            expect(got, `measure ${id}`).toBeDefined();
            if (m.low !== undefined) expect(got!.observed.low.exact, `${id} low`).toBe(m.low);
            if (m.high !== undefined) expect(got!.observed.high?.exact ?? null, `${id} high`).toBe(m.high);
            if (m.result !== undefined) expect(got!.result, `${id} result`).toBe(m.result);
            if (m.threshold !== undefined) expect(got!.threshold?.exact, `${id} threshold`).toBe(m.threshold);
          }
          if (ex.presumptions !== undefined)
            expect(
              f!.presumptions.map((p) => p.field),
              `${who} presumptions`,
            ).toEqual(ex.presumptions);
          if (ex.designated !== undefined) expect(f!.designated, `${who} designated`).toBe(ex.designated);
          for (const id of ex.messages ?? [])
            expect(
              f!.explanation.map((x) => x.id),
              `${who} messages`,
            ).toContain(id);
        }
      });
    }
  });
}
