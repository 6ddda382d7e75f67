// Lineage validation: the JSON Schema first, then what a schema cannot say (unique ids, references, cycles,
// one amount per record, known accelerators, ranges in order, real calendar dates, finite numbers).
import { lineage as lineageValidator } from '../../generated/validators';
import type { ReferenceTables } from '../estimate/reference';
import type { LineageDocument } from '../types';
import { depthError } from './depth';
import { cap, InputErrorItem, join, TOO_LARGE } from './errors';
import { schemaErrors } from './schema';

const AMOUNT_KEYS = ['flop', 'flopRange', 'architecture', 'hardware'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Every non-finite number. Only called on documents whose depth is bounded (validateLineage checks it first). The
 * walk keeps the keys it is under, and builds a path string only for a number it reports.
 */
function nonFinite(v: unknown, keys: (string | number)[], out: InputErrorItem[]) {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.push({ path: keys.reduce<string>((p, k) => join(p, k), ''), message: TOO_LARGE });
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x !== 'object' && typeof x !== 'number') continue;
      keys.push(i);
      nonFinite(x, keys, out);
      keys.pop();
    }
  } else if (isObj(v)) {
    for (const k in v) {
      const x = v[k];
      if (typeof x !== 'object' && typeof x !== 'number') continue;
      keys.push(k);
      nonFinite(x, keys, out);
      keys.pop();
    }
  }
}

export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Checks one compute record; `at` gives its path, built only when there is an error to report. */
function checkRecord(rec: Obj, at: () => string, ref: ReferenceTables, out: InputErrorItem[]) {
  const given = AMOUNT_KEYS.filter((k) => rec[k] !== undefined);
  if (given.length === 0)
    out.push({ path: at(), message: `gives no amount: exactly one of ${AMOUNT_KEYS.join(', ')} is required` });
  if (given.length > 1)
    out.push({
      path: at(),
      message: `gives ${given.length} amounts (${given.join(', ')}): exactly one of ${AMOUNT_KEYS.join(', ')} is allowed`,
    });
  const range = (r: unknown, key: string, under?: () => string) => {
    const p = () => join(under ? under() : at(), key);
    if (!isObj(r) || typeof r.low !== 'number') return;
    // flopRange may leave high out (no upper bound known); central still may not lie below low.
    if (typeof r.high !== 'number') {
      if (typeof r.central === 'number' && r.central < r.low)
        out.push({ path: join(p(), 'central'), message: 'must not be below low' });
      return;
    }
    if (r.low > r.high) out.push({ path: join(p(), 'low'), message: `must be <= high (${r.high})` });
    if (typeof r.central === 'number' && (r.central < r.low || r.central > r.high))
      out.push({ path: join(p(), 'central'), message: 'must lie between low and high' });
  };
  range(rec.flopRange, 'flopRange');
  range(rec.costUsdRange, 'costUsdRange');
  const hw = rec.hardware;
  if (isObj(hw)) {
    const hp = () => join(at(), 'hardware');
    if (hw.accelerator === undefined && hw.peakFlopPerSecond === undefined)
      out.push({ path: hp(), message: 'needs accelerator or peakFlopPerSecond' });
    if (hw.accelerator !== undefined && hw.peakFlopPerSecond !== undefined)
      out.push({ path: hp(), message: 'give accelerator or peakFlopPerSecond, not both' });
    if (hw.utilization === undefined && hw.utilizationRange === undefined)
      out.push({ path: hp(), message: 'needs utilization (0..1) or utilizationRange ({ low, high })' });
    if (hw.utilization !== undefined && hw.utilizationRange !== undefined)
      out.push({ path: hp(), message: 'give utilization or utilizationRange, not both' });
    range(hw.utilizationRange, 'utilizationRange', hp);
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
  if (rec.pricePerAcceleratorHourUsd !== undefined && !isObj(hw))
    out.push({
      path: join(at(), 'pricePerAcceleratorHourUsd'),
      message: 'needs a hardware amount (accelerator count and hours)',
    });
  const costs = ['costUsd', 'costUsdRange', 'pricePerAcceleratorHourUsd'].filter((k) => rec[k] !== undefined);
  if (costs.length > 1)
    out.push({ path: at(), message: `gives ${costs.join(' and ')}: give one way to state the cost` });
  if (rec.syntheticDataPublic !== undefined && rec.phase !== 'synthetic-data')
    out.push({ path: join(at(), 'syntheticDataPublic'), message: 'only applies to synthetic-data records' });
  for (const k of ['start', 'end']) {
    const v = rec[k];
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isCalendarDate(v))
      out.push({ path: join(at(), k), message: 'is not a calendar date' });
  }
  if (typeof rec.start === 'string' && typeof rec.end === 'string' && rec.start > rec.end)
    out.push({ path: join(at(), 'end'), message: `is before start (${rec.start})` });
}

/** Cycles in the base-model graph, each as the list of model indices on it (iterative colouring DFS). */
function findCycles(models: Obj[], byId: Map<string, number>): number[][] {
  const n = models.length;
  const colour = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const parentsOf = (i: number) =>
    arr(models[i].baseModels)
      .map((b) => (isObj(b) && typeof b.id === 'string' ? byId.get(b.id) : undefined))
      .filter((p): p is number => p !== undefined && p !== i);
  const cycles: number[][] = [];
  for (let s = 0; s < n && cycles.length < 20; s++) {
    if (colour[s] !== 0) continue;
    const stack: [number, number[], number][] = [[s, parentsOf(s), 0]];
    const path: number[] = [s];
    colour[s] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top[2] < top[1].length) {
        const p = top[1][top[2]++];
        if (colour[p] === 1) {
          cycles.push(path.slice(path.indexOf(p)));
        } else if (colour[p] === 0) {
          colour[p] = 1;
          path.push(p);
          stack.push([p, parentsOf(p), 0]);
        }
      } else {
        colour[top[0]] = 2;
        path.pop();
        stack.pop();
      }
    }
  }
  return cycles;
}

export function semanticErrors(doc: Obj, ref: ReferenceTables): InputErrorItem[] {
  const out: InputErrorItem[] = [];
  nonFinite(doc, [], out);
  const orgIds = new Map<string, number>();
  arr(doc.organizations).forEach((o, i) => {
    if (!isObj(o) || typeof o.id !== 'string') return;
    if (orgIds.has(o.id))
      out.push({
        path: `organizations[${i}].id`,
        message: `duplicate id "${o.id}" (also organizations[${orgIds.get(o.id)}].id)`,
      });
    else orgIds.set(o.id, i);
    const years = new Set<number>();
    arr(o.revenueUsd).forEach((r, k) => {
      if (!isObj(r) || typeof r.year !== 'number') return;
      if (years.has(r.year))
        out.push({ path: `organizations[${i}].revenueUsd[${k}].year`, message: `duplicate year ${r.year}` });
      years.add(r.year);
    });
  });
  arr(doc.organizations).forEach((o, i) => {
    if (isObj(o) && typeof o.affiliateOf === 'string' && !orgIds.has(o.affiliateOf))
      out.push({ path: `organizations[${i}].affiliateOf`, message: `unknown organization "${o.affiliateOf}"` });
  });
  const models = arr(doc.models).filter(isObj);
  if (models.length !== arr(doc.models).length) return out; // structural errors already reported by the schema
  const byId = new Map<string, number>();
  models.forEach((m, i) => {
    if (typeof m.id !== 'string') return;
    if (byId.has(m.id))
      out.push({ path: `models[${i}].id`, message: `duplicate id "${m.id}" (also models[${byId.get(m.id)}].id)` });
    else byId.set(m.id, i);
  });
  models.forEach((m, i) => {
    const mp = `models[${i}]`; // one string per model; per-record and per-base paths only on error
    if (typeof m.developer === 'string' && !orgIds.has(m.developer)) {
      out.push({
        path: `${mp}.developer`,
        message: `unknown organization "${m.developer}": add it to organizations[]`,
      });
    }
    if (typeof m.released === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(m.released) && !isCalendarDate(m.released))
      out.push({ path: `${mp}.released`, message: 'is not a calendar date' });
    arr(m.baseModels).forEach((b, k) => {
      if (!isObj(b) || typeof b.id !== 'string') return;
      const bp = () => `${mp}.baseModels[${k}].id`;
      if (b.id === m.id) out.push({ path: bp(), message: 'a model cannot be its own base model' });
      else if (!byId.has(b.id))
        out.push({
          path: bp(),
          message: `no model with id "${b.id}" in models[] (list the base model, with or without its compute)`,
        });
    });
    arr(m.compute).forEach((rec, k) => {
      if (isObj(rec)) checkRecord(rec, () => `${mp}.compute[${k}]`, ref, out);
    });
  });
  for (const cyc of findCycles(models, byId)) {
    const names = cyc.map((i) => String(models[i].id));
    out.push({
      path: `models[${cyc[0]}].baseModels`,
      message: `cycle in base models: ${[...names, names[0]].join(' → ')}`,
    });
  }
  return out;
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

export type Validated = { ok: true; doc: LineageDocument } | { ok: false; errors: InputErrorItem[] };

/** Validates a parsed lineage document; the document itself is never modified. */
export function validateLineage(doc: unknown, ref: ReferenceTables): Validated {
  // Depth first, without recursion: the schema and the checks below walk the document, and any depth must be an error.
  const deep = depthError(doc);
  if (deep) return { ok: false, errors: [deep] };
  const errors = schemaErrors(lineageValidator, doc);
  if (isObj(doc)) errors.push(...semanticErrors(doc, ref));
  const unique = knownAccelerators(dedupe(errors), ref);
  return unique.length === 0 ? { ok: true, doc: doc as LineageDocument } : { ok: false, errors: cap(unique) };
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
