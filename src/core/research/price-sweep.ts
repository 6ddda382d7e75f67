// GPU price sweeps: one rule evaluated over a lineage once per price scale (costs from accelerator-hours × price
// multiplied by k; declared costs too when asked), with verdict counts, wrongful captures and the subjects whose
// verdict changes from one scale to the next. Where every reading qualifies (price-sorted.ts) the scales share the
// tables at 0× and 1× and walk each model's breakpoints once; otherwise each scale is a fresh evaluation (measure
// tables depend on prices).
import { EMPTY_REFERENCE, type ReferenceTables } from '../estimate/reference';
import { parsePriceScale, withPriceScale } from '../estimate/price-scale';
import { Evaluator } from '../evaluate/engine';
import { cmp, ONE, parseDec } from '../exact/decimal';
import { findRule } from '../rules/select';
import type { LineageDocument, Rule } from '../types';
import { chooseReadings, readingRows, ruleHead, type SweepReadingRow } from './sweep';
import { expandValues } from './values';
import { sortedPriceSweep } from './price-sorted';

export interface PriceSweepOptions {
  asOf: string;
  reference?: ReferenceTables;
  rule: string;
  interpretation?: string;
  /** Price scales as for expandValues ("0.5..6+0.5", "1,3,5"); each must be > 0. */
  scales: string;
  /** Scale declared costs (costUsd, costUsdRange) too. */
  declared?: boolean;
  changes?: boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * Evaluate every scale separately even where the sorted path (price-sorted.ts) applies: the reference that path is
   * tested and measured against.
   */
  perScale?: boolean;
}

export interface PriceSweepPoint {
  /** The price scale, an exact decimal string. */
  scale: string;
  /** Whether this is today's prices (1×). */
  current: boolean;
  readings: SweepReadingRow[];
}

export interface PriceSweepResult {
  rule: string;
  title: string;
  subject: 'model' | 'organization';
  status: string;
  inForce: boolean;
  asOf: string;
  subjects: number;
  declared: boolean;
  interpretations: (string | null)[];
  points: PriceSweepPoint[];
}

/** Sweeps the GPU price scale. Throws InputError (paths rule, interpretation, scales). */
export function priceSweep(doc: LineageDocument, rules: readonly Rule[], opts: PriceSweepOptions): PriceSweepResult {
  const ref = opts.reference ?? EMPTY_REFERENCE;
  const rule = findRule(rules, opts.rule);
  const which = chooseReadings(rule, opts.interpretation);
  const declared = opts.declared ?? false;
  const scales = expandValues(opts.scales).map((s, k) => ({ s, scale: parsePriceScale(s, `scales[${k}]`, declared) }));
  const points: PriceSweepPoint[] = [];
  let subjects = 0;
  const changes = opts.changes ?? false;
  const sorted = opts.perScale
    ? null
    : sortedPriceSweep(
        doc,
        rules,
        rule,
        which,
        scales.map((x) => x.s),
        { asOf: opts.asOf, reference: ref, declared, changes, onProgress: opts.onProgress },
      );
  if (sorted) {
    subjects = sorted.subjects;
    scales.forEach(({ s }, k) =>
      points.push({
        scale: s,
        current: cmp(parseDec(s)!, ONE) === 0,
        readings: sorted.rows.length === 1 ? [sorted.rows[0][k]] : sorted.rows.map((rows) => rows[k]),
      }),
    );
  } else {
    const prev: (Int8Array | null)[] = which.map(() => null);
    scales.forEach(({ s, scale }, k) => {
      const ev = new Evaluator(doc, rules, opts.asOf, withPriceScale(ref, scale));
      const rows = readingRows(ev, rule, which, prev, changes);
      subjects = rows.subjects;
      points.push({ scale: s, current: cmp(parseDec(s)!, ONE) === 0, readings: rows.rows });
      opts.onProgress?.(k + 1, scales.length);
    });
  }
  return {
    ...ruleHead(rule, opts.asOf),
    subjects,
    declared,
    interpretations: which.map((i) => i ?? null),
    points,
  };
}
