// Differential tests of the byte writers (render/json-bytes.ts) against the reference path they replace:
// `jsonSafe(JSON.stringify(value, null, indent))` encoded as UTF-8 by Node. Arbitrary JSON values with hostile
// strings (controls, DEL, C1, U+2028/2029, bidi controls, "##[", lone surrogates, astral characters) and numbers
// (huge, tiny, negative zero, non-finite); then whole reports and streamed findings of generated lineages whose ids
// carry such text. FLOPCHECK_BYTES_RUNS=<k> multiplies the run counts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../src/core/assess';
import type { Report } from '../src/core/report';
import { loadBuiltinRules, loadReference } from '../src/io/load';
import { Accelerator, generateLineage, seedOf } from './helpers/gen-lineage';
import { ByteWriter, COMPACT, PRETTY, releaseAnswer, valueBytes } from '../src/render/json-bytes';
import { FindingEncoder } from '../src/render/json-finding-bytes';
import {
  FindingBytesWriter,
  JsonReportWriter,
  ndjsonFinding,
  renderCompactJsonBytes,
  renderJson,
} from '../src/render/report';
import { jsonSafe } from '../src/render/safe-text';

const SCALE = Number(process.env.FLOPCHECK_BYTES_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const SEED = 20261130;

const reference = (v: unknown, pretty: boolean): Buffer =>
  Buffer.from(jsonSafe(JSON.stringify(v, null, pretty ? 2 : undefined)), 'utf8');
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

// Characters the writers treat specially, mixed into arbitrary text.
const HOSTILE = [
  '"',
  '\\',
  '\u0000',
  '\n',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u00a7',
  '\u00d7',
  '\u00ff',
  '\u0100',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '##[',
  '#',
  '[',
  '\ud800',
  '\udfff',
  '\ud83d\ude80',
  '模型',
  '::error::',
];
const hostileString = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 6 }), fc.string()), {
    maxLength: 8,
  })
  .map((xs) => xs.join(''));
const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -1.5e300, 123456789.123, NaN, Infinity),
  fc.integer(),
);
const { value: jsonish } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('member'), { maxLength: 5 }),
    fc.dictionary(hostileString, tie('member'), { maxKeys: 5 }),
  ),
  member: fc.oneof(tie('value'), fc.constant(undefined)),
}));

describe('valueBytes', () => {
  it('writes the bytes of jsonSafe(JSON.stringify(v)) as UTF-8, compact and pretty, at any depth', () => {
    fc.assert(
      fc.property(jsonish, fc.integer({ min: 0, max: 3 }), (v, depth) => {
        expect(bytes(valueBytes(v, COMPACT, depth)).equals(reference(v, false))).toBe(true);
        // Pretty at depth d: JSON.stringify's text with every line indented by d levels.
        const pretty = reference(v, true)
          .toString('utf8')
          .replace(/\n/g, '\n' + '  '.repeat(depth));
        expect(bytes(valueBytes(v, PRETTY, depth)).toString('utf8')).toBe(pretty);
      }),
      { seed: SEED, numRuns: runs(3000) },
    );
  });

  it('skips members JSON.stringify skips and hands toJSON values to it', () => {
    const v = { a: undefined, b: () => 1, c: [undefined, () => 1], d: new Date(0), e: { toJSON: () => 'x\u2028' } };
    expect(bytes(valueBytes(v, COMPACT, 0)).equals(reference(v, false))).toBe(true);
    expect(bytes(valueBytes(v, PRETTY, 0)).equals(reference(v, true))).toBe(true);
    expect(() => valueBytes(1n, COMPACT, 0)).toThrow(TypeError);
  });
});

// eslint-disable-next-line no-control-regex
const NOT_LATIN1 = /[^\u0000-\u00ff]/g;

describe('ByteWriter', () => {
  it('hands on every byte in order, in blocks, whatever the sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 64 }),
        (xs, n) => {
          const got: Buffer[] = [];
          const w = new ByteWriter(Buffer.alloc(n), (b) => got.push(Buffer.from(b)));
          for (const x of xs) w.put(bytes(x).toString('latin1'));
          w.flush();
          expect(Buffer.concat(got).equals(bytes(xs.join('')))).toBe(true);
          const g = new ByteWriter(Buffer.alloc(n));
          for (const x of xs) g.put(x.replace(NOT_LATIN1, '?'));
          expect(g.take().toString('latin1')).toBe(xs.join('').replace(NOT_LATIN1, '?'));
        },
      ),
      { seed: SEED, numRuns: runs(300) },
    );
  });

  it('keeps every answer written in place in the slab, whatever the sizes and interleavings', () => {
    // Answers of 0 B to 600 KB (past a slab's free end, past a quarter of a slab), some written while another is
    // open (nested) or abandoned; each must still hold its own bytes after all the others were written.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            pieces: fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 6 }),
            nested: fc.boolean(),
            abandon: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (answers) => {
          const kept: [Buffer, Buffer][] = [];
          let k = 0;
          const fill = (n: number) => String.fromCharCode(k++ % 256).repeat(n);
          for (const a of answers) {
            const w = ByteWriter.answer();
            const want: string[] = [];
            for (const n of a.pieces) {
              const s = fill(n);
              want.push(s);
              w.put(s);
              if (a.nested) {
                const inner = ByteWriter.answer();
                const t = fill(n >> 3);
                inner.put(t);
                kept.push([inner.take(), bytes(t)]);
              }
            }
            if (a.abandon) ByteWriter.answer().put(fill(5000));
            kept.push([w.take(), bytes(want.join(''))]);
          }
          for (const [got, want] of kept) expect(got.equals(want)).toBe(true);
        },
      ),
      { seed: SEED, numRuns: runs(60) },
    );
  });

  it('reuses a slab only once every piece of it is handed back: answers still held keep their bytes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              make: fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 70_000 })),
              nested: fc.boolean(),
            }),
            fc.record({ release: fc.nat() }),
          ),
          { minLength: 1, maxLength: 80 },
        ),
        (ops) => {
          const held: [Buffer, Buffer][] = [];
          let k = 0;
          const make = (n: number, nested: boolean) => {
            const w = ByteWriter.answer();
            const s = String.fromCharCode(k++ % 256).repeat(n >> 1);
            w.put(s);
            if (nested) make(n >> 4, false);
            const t = String.fromCharCode(k++ % 256).repeat(n - (n >> 1));
            w.put(t);
            held.push([w.take(), bytes(s + t)]);
          };
          for (const op of ops) {
            if ('make' in op) make(op.make, op.nested);
            else if (held.length > 0) releaseAnswer(held.splice(op.release % held.length, 1)[0][0]);
            for (const [got, want] of held) expect(got.equals(want)).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: runs(40) },
    );
    // Thirty answers of 60–160 KB held (none handed back) over several slabs: each keeps its bytes.
    const kept: [Buffer, string][] = [];
    for (let i = 0; i < 30; i++) {
      const w = ByteWriter.answer();
      const s = String.fromCharCode(65 + (i % 26)).repeat(60_000 + (i % 3) * 50_000);
      w.put(s);
      kept.push([w.take(), s]);
    }
    for (const [b, s] of kept) expect(b.toString('latin1')).toBe(s);
    // Released answers' slabs do come back: 40 answers of 200 KB, each handed back at once, take few slabs.
    const slabs = new Set<ArrayBufferLike>();
    for (let i = 0; i < 40; i++) {
      const w = ByteWriter.answer();
      w.put('x'.repeat(200_000));
      const b = w.take();
      slabs.add(b.buffer);
      releaseAnswer(b);
    }
    expect(slabs.size).toBeLessThan(10);
  });
});

const RULES = loadBuiltinRules();
const REF = loadReference();
const ACCS: Accelerator[] = [...REF.accelerators.values()].map((a) => ({
  id: a.id,
  precisions: Object.keys(a.peakFlopPerSecond),
  priceMonths: [...new Set((REF.prices.get(a.id) ?? []).map((p) => p.month))],
}));
const IDS = ['', ' ünï × §', ' a\u009bb\u007f ##[error] \u2028\u202e', ' 模型 🚀', ' lone \ud800', '\n::error::x"\\'];

/** The streamed formats through FindingBytesWriter, and through the string writers they replace. */
function streamedBoth(report: Report, format: 'json' | 'ndjson', full: boolean): [Buffer, Buffer] {
  const blocks: Buffer[] = [];
  const w = new FindingBytesWriter(
    new ByteWriter(Buffer.alloc(1 << 12), (b) => blocks.push(Buffer.from(b))),
    format,
    full,
  );
  let text = '';
  const j = new JsonReportWriter((s) => (text += s), full);
  w.head(report);
  if (format === 'json') j.head(report);
  for (const f of report.findings) {
    w.finding(f);
    if (format === 'json') j.finding(f);
    else text += ndjsonFinding(f, full);
  }
  w.end(report.gate);
  if (format === 'json') j.end(report.gate);
  return [Buffer.concat(blocks), Buffer.from(text, 'utf8')];
}

describe('findings as bytes on generated lineages', () => {
  it('API answer, streamed JSON and NDJSON: the bytes of the string renderers', () => {
    let compared = 0;
    // One encoder for every report, as the server keeps one per rule set: what it remembers never changes bytes.
    const encoder = new FindingEncoder(COMPACT, 0);
    for (let k = 0; k < runs(50); k++) {
      const seed = seedOf(SEED, k);
      const g = generateLineage(seed, ACCS);
      const suffix = IDS[k % IDS.length];
      // Hostile text in every organization id and name (ids are free text to the evaluator).
      const doc = JSON.parse(
        JSON.stringify(g.doc).replace(/"org(\d)/g, `"org$1${JSON.stringify(suffix).slice(1, -1)}`),
      );
      let report: Report;
      try {
        report = assess(doc, RULES, { asOf: g.asOf, reference: REF, selectors: '*' }).report;
      } catch {
        continue; // an invalid generated lineage: nothing to render
      }
      const full = k % 3 === 0;
      const ctx = full ? { fullBreakdowns: true } : {};
      expect(
        renderCompactJsonBytes(report, ctx, encoder).equals(Buffer.from(renderJson(report, ctx, true), 'utf8')),
      ).toBe(true);
      for (const format of ['json', 'ndjson'] as const) {
        const [got, want] = streamedBoth(report, format, full);
        expect(got.equals(want)).toBe(true);
      }
      if (report.findings.length > 0) compared++;
    }
    expect(compared).toBeGreaterThan(runs(50) / 2);
  });
});
