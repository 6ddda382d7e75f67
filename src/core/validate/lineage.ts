// Lineage validation: the JSON Schema first, then what a schema cannot say (unique ids, references, cycles,
// one amount per record, known accelerators, ranges in order, real calendar dates, finite numbers).
import { lineage as lineageValidator } from '../../generated/validators';
import type { ReferenceTables } from '../estimate/reference';
import type { LineageDocument } from '../types';
import { depthError, MAX_DEPTH } from './depth';
import { isCalendarDate } from './calendar';
import { findCycles } from './cycles';
import { cap, InputErrorItem, join, TOO_LARGE } from './errors';
import { fastValidLineage } from './lineage-fast';
import { schemaErrors } from './schema';

export { isCalendarDate };

const AMOUNT_KEYS = ['flop', 'flopRange', 'architecture', 'hardware'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * One walk over a parsed document for what every value must satisfy: nesting no deeper than MAX_DEPTH (the first
 * place past it is returned, and the walk stops there) and finite numbers (each non-finite one added to `out`).
 * Recursion stops at MAX_DEPTH levels, so any input depth is safe; `keys` is the way down, made into a path string
 * only for an error.
 */
function walk(v: object, d: number, keys: (string | number)[], out: InputErrorItem[]): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'number') {
        if (x - x !== 0) out.push({ path: pathOf(keys, i), message: TOO_LARGE });
      } else if (typeof x === 'object' && x !== null) {
        keys.push(i);
        if (d >= MAX_DEPTH || walk(x, d + 1, keys, out)) return true;
        keys.pop();
      }
    }
    return false;
  }
  const o = v as Obj;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const x = o[k];
    if (typeof x === 'number') {
      if (x - x !== 0) out.push({ path: pathOf(keys, k), message: TOO_LARGE });
    } else if (typeof x === 'object' && x !== null) {
      keys.push(k);
      if (d >= MAX_DEPTH || walk(x, d + 1, keys, out)) return true;
      keys.pop();
    }
  }
  return false;
}

const pathOf = (keys: readonly (string | number)[], last: string | number) =>
  join(
    keys.reduce<string>((p, k) => join(p, k), ''),
    last,
  );

/** Whether `v` is written as a date (YYYY-MM-DD, digits) but is not one on the calendar. */
const badDate = (v: unknown): boolean => typeof v === 'string' && !isCalendarDate(v) && DATE_SHAPE.test(v);
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks compute record k of model i; its path is built only when there is an error to report. */
function checkRecord(rec: Obj, i: number, k: number, ref: ReferenceTables, out: InputErrorItem[]) {
  const at = () => `models[${i}].compute[${k}]`;
  let amounts = 0;
  for (const k of AMOUNT_KEYS) if (rec[k] !== undefined) amounts++;
  if (amounts !== 1) {
    const given = AMOUNT_KEYS.filter((k) => rec[k] !== undefined);
    if (given.length === 0)
      out.push({ path: at(), message: `gives no amount: exactly one of ${AMOUNT_KEYS.join(', ')} is required` });
    else
      out.push({
        path: at(),
        message: `gives ${given.length} amounts (${given.join(', ')}): exactly one of ${AMOUNT_KEYS.join(', ')} is allowed`,
      });
  }
  if (rec.flopRange !== undefined) range(rec.flopRange, () => join(at(), 'flopRange'), out);
  if (rec.costUsdRange !== undefined) range(rec.costUsdRange, () => join(at(), 'costUsdRange'), out);
  const hw = rec.hardware;
  if (hw !== undefined && isObj(hw)) checkHardware(hw, () => join(at(), 'hardware'), ref, out);
  if (rec.pricePerAcceleratorHourUsd !== undefined && !isObj(hw))
    out.push({
      path: join(at(), 'pricePerAcceleratorHourUsd'),
      message: 'needs a hardware amount (accelerator count and hours)',
    });
  if (
    (rec.costUsd !== undefined ? 1 : 0) +
      (rec.costUsdRange !== undefined ? 1 : 0) +
      (rec.pricePerAcceleratorHourUsd !== undefined ? 1 : 0) >
    1
  ) {
    const costs = COST_KEYS.filter((k) => rec[k] !== undefined);
    out.push({ path: at(), message: `gives ${costs.join(' and ')}: give one way to state the cost` });
  }
  if (rec.syntheticDataPublic !== undefined && rec.phase !== 'synthetic-data')
    out.push({ path: join(at(), 'syntheticDataPublic'), message: 'only applies to synthetic-data records' });
  if (badDate(rec.start)) out.push({ path: join(at(), 'start'), message: 'is not a calendar date' });
  if (badDate(rec.end)) out.push({ path: join(at(), 'end'), message: 'is not a calendar date' });
  if (typeof rec.start === 'string' && typeof rec.end === 'string' && rec.start > rec.end)
    out.push({ path: join(at(), 'end'), message: `is before start (${rec.start})` });
}

const COST_KEYS = ['costUsd', 'costUsdRange', 'pricePerAcceleratorHourUsd'];

/** A { low, high, central } range in order; `p` gives its path. flopRange may leave high out (no upper bound known). */
function range(r: unknown, p: () => string, out: InputErrorItem[]) {
  if (!isObj(r) || typeof r.low !== 'number') return;
  // Without high, central still may not lie below low.
  if (typeof r.high !== 'number') {
    if (typeof r.central === 'number' && r.central < r.low)
      out.push({ path: join(p(), 'central'), message: 'must not be below low' });
    return;
  }
  if (r.low > r.high) out.push({ path: join(p(), 'low'), message: `must be <= high (${r.high})` });
  if (typeof r.central === 'number' && (r.central < r.low || r.central > r.high))
    out.push({ path: join(p(), 'central'), message: 'must lie between low and high' });
}

/** A record's hardware amount: one peak, one utilization, a known accelerator with the precision asked for. */
function checkHardware(hw: Obj, hp: () => string, ref: ReferenceTables, out: InputErrorItem[]) {
  if (hw.accelerator === undefined && hw.peakFlopPerSecond === undefined)
    out.push({ path: hp(), message: 'needs accelerator or peakFlopPerSecond' });
  if (hw.accelerator !== undefined && hw.peakFlopPerSecond !== undefined)
    out.push({ path: hp(), message: 'give accelerator or peakFlopPerSecond, not both' });
  if (hw.utilization === undefined && hw.utilizationRange === undefined)
    out.push({ path: hp(), message: 'needs utilization (0..1) or utilizationRange ({ low, high })' });
  if (hw.utilization !== undefined && hw.utilizationRange !== undefined)
    out.push({ path: hp(), message: 'give utilization or utilizationRange, not both' });
  if (hw.utilizationRange !== undefined) range(hw.utilizationRange, () => join(hp(), 'utilizationRange'), out);
  if (typeof hw.accelerator === 'string') {
    const acc = ref.accelerators.get(hw.accelerator);
    if (!acc) {
      // The list of known ids is added once per batch (knownAccelerators), not to each of hundreds of records.
      out.push({ path: join(hp(), 'accelerator'), message: `${UNKNOWN_ACCELERATOR} "${hw.accelerator}"` });
    } else if (
      typeof hw.precision === 'string' &&
      acc.peakFlopPerSecond[hw.precision as keyof typeof acc.peakFlopPerSecond] === undefined
    ) {
      out.push({
        path: join(hp(), 'precision'),
        message: `${acc.name} has no ${hw.precision} peak in the table (has ${Object.keys(acc.peakFlopPerSecond).join(', ')})`,
      });
    }
  }
}

export function semanticErrors(doc: Obj, ref: ReferenceTables): InputErrorItem[] {
  const out: InputErrorItem[] = [];
  // Depth is checked before (validateLineage): this walk only collects the non-finite numbers.
  walk(doc, 1, [], out);
  checks(doc, ref, out);
  return out;
}

/**
 * The checks after the walk over every value, adding to `out`; gives the models' positions by id it built (when
 * every model is an object).
 */
function checks(doc: Obj, ref: ReferenceTables, out: InputErrorItem[]): Map<string, number> | undefined {
  const orgs = arr(doc.organizations);
  const orgIds = new Map<string, number>();
  for (let i = 0; i < orgs.length; i++) {
    const o = orgs[i];
    if (!isObj(o) || typeof o.id !== 'string') continue;
    if (orgIds.has(o.id))
      out.push({
        path: `organizations[${i}].id`,
        message: `duplicate id "${o.id}" (also organizations[${orgIds.get(o.id)}].id)`,
      });
    else orgIds.set(o.id, i);
    const revenue = arr(o.revenueUsd);
    if (revenue.length < 2) continue;
    const years = new Set<number>();
    revenue.forEach((r, k) => {
      if (!isObj(r) || typeof r.year !== 'number') return;
      if (years.has(r.year))
        out.push({ path: `organizations[${i}].revenueUsd[${k}].year`, message: `duplicate year ${r.year}` });
      years.add(r.year);
    });
  }
  for (let i = 0; i < orgs.length; i++) {
    const o = orgs[i];
    if (isObj(o) && typeof o.affiliateOf === 'string' && !orgIds.has(o.affiliateOf))
      out.push({ path: `organizations[${i}].affiliateOf`, message: `unknown organization "${o.affiliateOf}"` });
  }
  const models = arr(doc.models);
  for (const m of models) if (!isObj(m)) return undefined; // structural errors already reported by the schema
  const n = models.length;
  const byId = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = (models[i] as Obj).id;
    if (typeof id !== 'string') continue;
    // One hash lookup per id (set, then the size tells a repeat); a repeat, rare, puts the first position back.
    const size = byId.size;
    byId.set(id, i);
    if (byId.size === size) {
      let seen = 0;
      while ((models[seen] as Obj).id !== id) seen++;
      byId.set(id, seen);
      out.push({ path: `models[${i}].id`, message: `duplicate id "${id}" (also models[${seen}].id)` });
    }
  }
  // Parent lists by index, for the cycle search: model i's known bases are to[at[i]..at[i+1]).
  const at = new Int32Array(n + 1);
  let to = new Int32Array(Math.max(16, n));
  let edges = 0;
  for (let i = 0; i < n; i++) {
    const m = models[i] as Obj;
    at[i] = edges;
    if (typeof m.developer === 'string' && !orgIds.has(m.developer)) {
      out.push({
        path: `models[${i}].developer`,
        message: `unknown organization "${m.developer}": add it to organizations[]`,
      });
    }
    if (badDate(m.released)) out.push({ path: `models[${i}].released`, message: 'is not a calendar date' });
    const bases = arr(m.baseModels);
    for (let k = 0; k < bases.length; k++) {
      const b = bases[k];
      if (!isObj(b) || typeof b.id !== 'string') continue;
      const p = byId.get(b.id);
      if (b.id === m.id)
        out.push({ path: `models[${i}].baseModels[${k}].id`, message: 'a model cannot be its own base model' });
      else if (p === undefined)
        out.push({
          path: `models[${i}].baseModels[${k}].id`,
          message: `no model with id "${b.id}" in models[] (list the base model, with or without its compute)`,
        });
      if (p === undefined || p === i) continue;
      if (edges === to.length) {
        const grown = new Int32Array(edges * 2);
        grown.set(to);
        to = grown;
      }
      to[edges++] = p;
    }
    const compute = arr(m.compute);
    for (let k = 0; k < compute.length; k++) {
      const rec = compute[k];
      if (isObj(rec)) checkRecord(rec, i, k, ref, out);
    }
  }
  at[n] = edges;
  for (const cyc of findCycles(n, at, to)) {
    const names = cyc.map((i) => String((models[i] as Obj).id));
    out.push({
      path: `models[${cyc[0]}].baseModels`,
      message: `cycle in base models: ${[...names, names[0]].join(' → ')}`,
    });
  }
  return byId;
}

const UNKNOWN_ACCELERATOR = 'unknown accelerator';

/** Names the known accelerators once, on the first unknown-accelerator error of the batch. */
function knownAccelerators(errors: InputErrorItem[], ref: ReferenceTables): InputErrorItem[] {
  const first = errors.findIndex((e) => e.message.startsWith(`${UNKNOWN_ACCELERATOR} "`));
  if (first < 0) return errors;
  const known = [...ref.accelerators.keys()].sort();
  const n = errors.filter((e) => e.message.startsWith(`${UNKNOWN_ACCELERATOR} "`)).length;
  const list = known.length
    ? ` (known: ${known.join(', ')}${n > 1 ? `; listed once for all ${n} unknown accelerators` : ''})`
    : ' (no accelerator table loaded)';
  return errors.map((e, i) => (i === first ? { path: e.path, message: e.message + list } : e));
}

export type Validated =
  | {
      ok: true;
      doc: LineageDocument;
      /** Each model's position in `doc.models` by id (the lineage index reuses it: EvaluateOptions `ids`). */
      ids: ReadonlyMap<string, number>;
    }
  | { ok: false; errors: InputErrorItem[] };

/**
 * Validates a parsed lineage document; the document itself is never modified. A valid document is accepted by one
 * walk (lineage-fast.ts); any other goes through the reference below, which words every error.
 */
export function validateLineage(doc: unknown, ref: ReferenceTables): Validated {
  const fast = fastValidLineage(doc, ref);
  return fast ? { ok: true, doc: fast.doc, ids: fast.ids } : referenceValidateLineage(doc, ref);
}

/** The reference validation: the depth walk, the JSON Schema (ajv), then the semantic checks, every error worded. */
export function referenceValidateLineage(doc: unknown, ref: ReferenceTables): Validated {
  // Depth first (the schema and the checks below walk the document, and any depth must be an error), in one walk
  // with the non-finite numbers (reported after the schema's errors); the walk recurses at most MAX_DEPTH levels.
  const nonFinite: InputErrorItem[] = [];
  if (typeof doc === 'object' && doc !== null && walk(doc, 1, [], nonFinite))
    return { ok: false, errors: [depthError(doc)!] };
  const errors = schemaErrors(lineageValidator, doc);
  const ids = isObj(doc) ? checks(doc, ref, nonFinite) : undefined;
  for (const e of nonFinite) errors.push(e);
  const unique = knownAccelerators(dedupe(errors), ref);
  return unique.length === 0
    ? { ok: true, doc: doc as LineageDocument, ids: ids ?? new Map() }
    : { ok: false, errors: cap(unique) };
}

function dedupe(errors: InputErrorItem[]): InputErrorItem[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
