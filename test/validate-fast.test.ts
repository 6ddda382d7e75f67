// The fast acceptance of lineages (src/core/validate/lineage-fast.ts) pinned to the reference validation (depth walk,
// ajv, semantic checks): on generated valid documents, on every fixture and example, and on thousands of mutations of
// them (each schema keyword and each semantic check broken somewhere), the fast walk accepts exactly the documents
// the reference accepts, with the same positions by id, and validateLineage answers exactly what the reference does.
// FLOPCHECK_FAST_RUNS=<n> (default 3,000) mutations, FLOPCHECK_FAST_SEED=<n> another random stream.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastValidLineage } from '../src/core/validate/lineage-fast';
import { referenceValidateLineage, validateLineage } from '../src/core/validate/lineage';
import { reference } from './helpers/engine';
import { Accelerator, generateLineage, prng, seedOf } from './helpers/gen-lineage';

const REF = reference();
const ACCS: Accelerator[] = [...REF.accelerators.values()].map((a) => ({
  id: a.id,
  precisions: Object.keys(a.peakFlopPerSecond),
  priceMonths: [...new Set((REF.prices.get(a.id) ?? []).map((p) => p.month))],
}));

type Obj = Record<string, unknown>;
type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const clone = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Both validations of `doc` agree: accepted by both (same ids) or by neither, and validateLineage is the reference. */
function agree(doc: unknown, what: string): boolean {
  const fast = fastValidLineage(doc, REF);
  const ref = referenceValidateLineage(doc, REF);
  expect(fast !== null, `${what}: fast ${fast ? 'accepts' : 'rejects'}, reference ${JSON.stringify(ref)}`).toBe(ref.ok);
  if (fast && ref.ok) expect([...fast.ids], what).toEqual([...ref.ids]);
  expect(validateLineage(doc, REF), what).toEqual(ref);
  return ref.ok;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? jsonFiles(p) : p.endsWith('.json') ? [p] : [];
  });
}

/** Lineages of the rule fixtures and of examples/ (every document written by hand in the repository). */
function handWritten(): { name: string; doc: unknown }[] {
  const root = join(__dirname, '..');
  const out: { name: string; doc: unknown }[] = [];
  for (const f of jsonFiles(join(root, 'test', 'fixtures'))) {
    const fx = JSON.parse(readFileSync(f, 'utf8')) as { lineage?: unknown };
    if (fx.lineage !== undefined) out.push({ name: f, doc: fx.lineage });
  }
  for (const f of jsonFiles(join(root, 'examples'))) {
    const doc = JSON.parse(readFileSync(f, 'utf8')) as Obj;
    if (doc && typeof doc === 'object' && 'lineageVersion' in doc) out.push({ name: f, doc });
  }
  return out;
}

/** Every place in `v` (a container and a key in it), depth first. */
function places(v: unknown, out: [Obj | unknown[], string | number][] = []): [Obj | unknown[], string | number][] {
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push([v, i]);
      places(x, out);
    });
  else if (typeof v === 'object' && v !== null)
    for (const k of Object.keys(v)) {
      out.push([v as Obj, k]);
      places((v as Obj)[k], out);
    }
  return out;
}

const nest = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Values that break some schema keyword or semantic check wherever they land (or pass where they are allowed). */
const VALUES: unknown[] = [
  null,
  true,
  false,
  '',
  'x',
  'text',
  'finetune',
  'FOCUS',
  'pretraining',
  'synthetic-data',
  'nvidia-h100-sxm',
  'fp8',
  'int8',
  'a'.repeat(21),
  'a'.repeat(301),
  'a'.repeat(2001),
  '2025-02-30',
  '2025-13-01',
  '0099-01-01',
  '2025-1-01',
  '2024-02-29',
  '2031-12-31',
  '1999-01-01',
  -1,
  -0,
  0,
  0.5,
  1,
  1.5,
  1899,
  2025,
  2025.5,
  1e26,
  Infinity,
  -Infinity,
  NaN,
  [],
  ['text'],
  ['text', 'text'],
  {},
  { low: 1, high: 2 },
  { low: 2, high: 1 },
  { low: 0.2, central: 0.1, high: 0.4 },
  { low: 1e25 },
  { id: 'm0', relation: 'finetune' },
  nest(70),
  undefined,
];

/** One random change to `doc` (in place). */
function mutate(r: Rand, doc: Obj): string {
  const all = places(doc);
  const k = r();
  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  const models = Array.isArray(doc.models) ? doc.models.filter(isObj) : [];
  if (k < 0.08 && models.length > 0) {
    // A semantic break that no single value gives: a copy of a model or organization (duplicate id), a cycle, a
    // reference to itself or to no model, an unknown developer.
    const m = pick(r, models);
    const kind = pick(r, ['dup-model', 'dup-org', 'self', 'cycle', 'dangling', 'developer', 'affiliate']);
    if (kind === 'dup-model') (doc.models as unknown[]).push(clone(m));
    else if (kind === 'dup-org' && Array.isArray(doc.organizations) && doc.organizations.length > 0)
      doc.organizations.push(clone(doc.organizations[0]));
    else if (kind === 'self') m.baseModels = [{ id: m.id, relation: 'finetune' }];
    else if (kind === 'cycle') {
      const other = pick(r, models);
      m.baseModels = [{ id: other.id, relation: 'merge' }];
      other.baseModels = [...((other.baseModels as unknown[]) ?? []), { id: m.id, relation: 'merge' }];
    } else if (kind === 'dangling') m.baseModels = [{ id: 'no-such-model', relation: 'adapter' }];
    else if (kind === 'developer') m.developer = 'no-such-org';
    else if (Array.isArray(doc.organizations) && isObj(doc.organizations[0]))
      doc.organizations[0].affiliateOf = pick(r, ['no-such-org', doc.organizations[0].id]);
    return kind;
  }
  const [where, key] = pick(r, all.length > 0 ? all : [[doc, 'models'] as [Obj, string]]);
  if (k < 0.2) {
    if (Array.isArray(where)) where.splice(key as number, 1);
    else delete where[key];
    return `delete ${key}`;
  }
  if (k < 0.3 && !Array.isArray(where)) {
    const extra = pick(r, ['extra', '__proto__', 'constructor', 'id', 'phase', 'flop', 'costUsd', 'hardware']);
    const value = structuredClone(pick(r, VALUES));
    // JSON.parse makes "__proto__" an own member; so does defineProperty.
    Object.defineProperty(where, extra, { value, enumerable: true, writable: true, configurable: true });
    return `add ${extra}`;
  }
  if (k < 0.35) {
    // Swap two numbers of a range or two dates of a record.
    const o = where as Obj;
    for (const [a, b] of [
      ['low', 'high'],
      ['central', 'high'],
      ['low', 'central'],
      ['start', 'end'],
    ])
      if (o[a] !== undefined && o[b] !== undefined) [o[a], o[b]] = [o[b], o[a]];
    return 'swap';
  }
  (where as Obj)[key] = structuredClone(pick(r, VALUES));
  return `set ${key}`;
}

describe('fast lineage acceptance against the reference', () => {
  it('accepts every generated lineage the reference accepts, with the same ids', () => {
    let valid = 0;
    for (let k = 0; k < 400; k++) if (agree(generateLineage(seedOf(11, k), ACCS).doc, `seed ${k}`)) valid++;
    expect(valid).toBeGreaterThan(300);
  });

  it('agrees on every hand-written lineage (fixtures, examples)', () => {
    const docs = handWritten();
    expect(docs.length).toBeGreaterThan(50);
    for (const { name, doc } of docs) agree(doc, name);
  });

  it('agrees on mutated lineages: every schema keyword and semantic check broken somewhere', () => {
    const r = prng(Number(process.env.FLOPCHECK_FAST_SEED ?? 20261130));
    const base = [
      ...handWritten().map((d) => d.doc),
      ...Array.from({ length: 60 }, (_, k) => generateLineage(seedOf(12, k), ACCS).doc),
    ];
    let rejected = 0;
    let accepted = 0;
    for (let run = 0; run < Number(process.env.FLOPCHECK_FAST_RUNS ?? 3000); run++) {
      const doc = clone(pick(r, base)) as Obj;
      const changes = [mutate(r, doc)];
      if (r() < 0.3) changes.push(mutate(r, doc));
      if (agree(doc, `run ${run}: ${changes.join(', ')}`)) accepted++;
      else rejected++;
    }
    // Both sides of the boundary are exercised.
    expect(rejected).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(200);
  });

  it('leaves documents it cannot vouch for to the reference: long strings of characters outside the BMP', () => {
    // ajv counts code points: 200 emoji are 200 characters (400 UTF-16 units) and a valid name (maxLength 500).
    const doc = { lineageVersion: 1, models: [{ id: 'm', name: '😀'.repeat(200) }] };
    expect(referenceValidateLineage(doc, REF).ok).toBe(true);
    expect(fastValidLineage({ ...doc, models: [{ id: 'm', name: '😀'.repeat(300) }] }, REF)).toBeNull();
    expect(validateLineage({ ...doc, models: [{ id: 'm', name: '😀'.repeat(300) }] }, REF).ok).toBe(true);
  });

  it('never walks deeper than the schema: a document nested 100,000 levels deep is left to the reference', () => {
    const doc = { lineageVersion: 1, models: [{ id: 'm', compute: [{ phase: 'other', flop: 1, x: nest(100_000) }] }] };
    expect(fastValidLineage(doc, REF)).toBeNull();
    const v = validateLineage(doc, REF);
    expect(v.ok ? [] : v.errors.map((e) => e.message)).toEqual([
      'is nested too deeply: more than 64 levels of objects and arrays',
    ]);
  });
});
