// The fast acceptance of a lineage: one walk over the parsed document that says "valid" only when the schema (ajv,
// schemas/lineage.schema.json) and every semantic check of lineage.ts would report nothing, and otherwise says
// "don't know" — then the reference (depth walk, ajv, semantic checks) runs and reports the errors, so every message
// and path is the reference's. The walk follows the schema's shape: it reads only the fields the schema names (an
// unknown field, a wrong type or anything unusual is "don't know"), so it never goes deeper than the schema and
// needs no depth check; no path strings, closures or objects per record, each model id hashed once.
// lineage-fast.test.ts pins it to the reference on generated valid and invalid documents.
import type { ReferenceTables } from '../estimate/reference';
import type { LineageDocument } from '../types';
import { isCalendarDate } from './calendar';
import { findCycles } from './cycles';
import { ALL_PHASES } from '../measure/spec';
import { RELATIONS as GRAPH_RELATIONS } from '../graph/lineage';

type Obj = Record<string, unknown>;

/** A valid lineage and its models' positions by id (first position of each, as the reference builds them). */
export interface FastValid {
  doc: LineageDocument;
  ids: Map<string, number>;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A string the schema's maxLength (code points) certainly allows: UTF-16 units never undercount code points. */
const str = (v: unknown, max: number): boolean => typeof v === 'string' && v.length <= max;
const id = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= 300;
/** `type: number` under ajv's strict numbers: finite. */
const num = (v: unknown): v is number => typeof v === 'number' && v - v === 0;
const nonNegative = (v: unknown): v is number => typeof v === 'number' && v - v === 0 && v >= 0;
const positive = (v: unknown): v is number => typeof v === 'number' && v - v === 0 && v > 0;
const unit = (v: unknown): v is number => typeof v === 'number' && v > 0 && v <= 1;
/** A date the schema's pattern matches and the calendar has (isCalendarDate implies the pattern). */
const date = (v: unknown): boolean => typeof v === 'string' && isCalendarDate(v);

/** The schema's phases and relations (the lists the estimators and the lineage index use). */
const PHASES = new Set<string>(ALL_PHASES);
const RELATIONS = new Set<string>(GRAPH_RELATIONS);
/** `generates` values, each a bit (uniqueItems: a bit seen twice is a repeat). */
const GENERATES = new Map(
  ['text', 'code', 'audio', 'image', 'video', 'biological-sequence', 'other'].map((g, k) => [g, 1 << k]),
);
const PRECISIONS = new Set(['fp8', 'bf16', 'fp16', 'tf32', 'fp32', 'int8']);
const COST_BASES = new Set(['billed', 'effective', 'list', 'contracted']);

/** The fields the schema names for each kind of object (ajv reports any other, even one set to undefined). */
const keys = (...ks: string[]) => new Set(ks);
const TOP_KEYS = keys('$schema', 'lineageVersion', 'description', 'organizations', 'models');
const ORGANIZATION_KEYS = keys(
  'id',
  'name',
  'affiliateOf',
  'revenueUsd',
  'academic',
  'source',
  'country',
  'organizationType',
);
const REVENUE_KEYS = keys('year', 'amount', 'includesAffiliates', 'source');
const BASE_KEYS = keys('id', 'relation');
const MODEL_KEYS = keys(
  'id',
  'name',
  'developer',
  'baseModels',
  'released',
  'openWeights',
  'foundationModel',
  'generates',
  'trainedPrimarilyOnBiologicalSequences',
  'domains',
  'designations',
  'markets',
  'compute',
  'source',
);
const RANGE_KEYS = keys('low', 'central', 'high');
const ARCHITECTURE_KEYS = keys('parameters', 'activeParameters', 'tokens', 'flopPerParameterPerToken');
const HARDWARE_KEYS = keys(
  'accelerator',
  'peakFlopPerSecond',
  'precision',
  'count',
  'hours',
  'utilization',
  'utilizationRange',
);
const RECORD_KEYS = keys(
  'phase',
  'syntheticDataPublic',
  'flop',
  'flopRange',
  'architecture',
  'hardware',
  'costUsd',
  'costUsdRange',
  'pricePerAcceleratorHourUsd',
  'start',
  'end',
  'source',
  'billing',
);
const BILLING_KEYS = keys(
  'format',
  'file',
  'rows',
  'providers',
  'pricingCategories',
  'costBasis',
  'billedCostUsd',
  'effectiveCostUsd',
  'listCostUsd',
  'contractedCostUsd',
  'currency',
  'exchangeRate',
  'instanceTypes',
);

/** An array of at most `max` strings of at most `len` code points (`minOne`: ids, at least one). */
function strings(v: unknown, max: number, len: number, minOne = false): boolean {
  if (!Array.isArray(v) || v.length > max) return false;
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== 'string' || s.length > len || (minOne && s.length === 0)) return false;
  }
  return true;
}

/**
 * A range object with the schema's fields (low, central, high; `needHigh`: high required) each passing `ok`, in order
 * (the semantic check: low ≤ central ≤ high, or central ≥ low without high).
 */
function range(v: unknown, needHigh: boolean, ok: (x: unknown) => boolean): boolean {
  if (!isObj(v)) return false;
  let low: number | undefined;
  let central: number | undefined;
  let high: number | undefined;
  for (const k in v) {
    const x = v[k];
    if (x === undefined) {
      // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
      if (!RANGE_KEYS.has(k)) return false;
      continue;
    }
    if (!ok(x)) return false;
    if (k === 'low') low = x as number;
    else if (k === 'central') central = x as number;
    else if (k === 'high') high = x as number;
    else return false;
  }
  if (low === undefined || (needHigh && high === undefined)) return false;
  if (high === undefined) return central === undefined || central >= low;
  return low <= high && (central === undefined || (central >= low && central <= high));
}

function architecture(v: unknown): boolean {
  if (!isObj(v)) return false;
  let required = 0;
  for (const k in v) {
    const x = v[k];
    if (x === undefined) {
      // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
      if (!ARCHITECTURE_KEYS.has(k)) return false;
      continue;
    }
    if (!positive(x)) return false;
    if (k === 'parameters' || k === 'tokens') required++;
    else if (k !== 'activeParameters' && k !== 'flopPerParameterPerToken') return false;
  }
  return required === 2;
}

function hardware(v: unknown, ref: ReferenceTables): boolean {
  if (!isObj(v)) return false;
  let accelerator: string | undefined;
  let peak = false;
  let precision: string | undefined;
  let required = 0;
  let utilization = 0;
  for (const k in v) {
    const x = v[k];
    if (x === undefined) {
      // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
      if (!HARDWARE_KEYS.has(k)) return false;
      continue;
    }
    switch (k) {
      case 'accelerator':
        if (!id(x)) return false;
        accelerator = x as string;
        break;
      case 'peakFlopPerSecond':
        if (!positive(x)) return false;
        peak = true;
        break;
      case 'precision':
        if (typeof x !== 'string' || !PRECISIONS.has(x)) return false;
        precision = x;
        break;
      case 'count':
      case 'hours':
        if (!positive(x)) return false;
        required++;
        break;
      case 'utilization':
        if (!unit(x)) return false;
        utilization++;
        break;
      case 'utilizationRange':
        if (!range(x, true, unit)) return false;
        utilization++;
        break;
      default:
        return false;
    }
  }
  // One peak (an accelerator of the table, or a figure), one utilization; the table has the precision asked for.
  if (required !== 2 || utilization !== 1 || peak === (accelerator !== undefined)) return false;
  if (accelerator === undefined) return true;
  const acc = ref.accelerators.get(accelerator);
  if (acc === undefined) return false;
  return (
    precision === undefined || acc.peakFlopPerSecond[precision as keyof typeof acc.peakFlopPerSecond] !== undefined
  );
}

function billing(v: unknown): boolean {
  if (!isObj(v)) return false;
  let required = 0;
  for (const k in v) {
    const x = v[k];
    if (x === undefined) {
      // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
      if (!BILLING_KEYS.has(k)) return false;
      continue;
    }
    switch (k) {
      case 'format':
        if (x !== 'FOCUS') return false;
        required++;
        break;
      case 'costBasis':
        if (typeof x !== 'string' || !COST_BASES.has(x)) return false;
        required++;
        break;
      case 'file':
        if (!str(x, 1000)) return false;
        break;
      case 'rows':
        if (!str(x, 2000)) return false;
        break;
      case 'currency':
        if (!str(x, 10)) return false;
        break;
      case 'providers':
        if (!strings(x, 20, 200)) return false;
        break;
      case 'pricingCategories':
        if (!strings(x, 10, 100)) return false;
        break;
      case 'instanceTypes':
        if (!strings(x, 100, 300)) return false;
        break;
      case 'billedCostUsd':
      case 'effectiveCostUsd':
      case 'listCostUsd':
      case 'contractedCostUsd':
        if (!num(x)) return false;
        break;
      case 'exchangeRate':
        if (!positive(x)) return false;
        break;
      default:
        return false;
    }
  }
  return required === 2;
}

/** One compute record: the schema's fields, exactly one amount, one way to state the cost, dates in order. */
function record(v: unknown, ref: ReferenceTables): boolean {
  if (!isObj(v)) return false;
  let phase: string | undefined;
  let amounts = 0;
  let costs = 0;
  let hw = false;
  let price = false;
  let synthetic = false;
  let start: string | undefined;
  let end: string | undefined;
  for (const k in v) {
    const x = v[k];
    if (x === undefined) {
      // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
      if (!RECORD_KEYS.has(k)) return false;
      continue;
    }
    switch (k) {
      case 'phase':
        if (typeof x !== 'string' || !PHASES.has(x)) return false;
        phase = x;
        break;
      case 'flop':
        if (!nonNegative(x)) return false;
        amounts++;
        break;
      case 'flopRange':
        if (!range(x, false, nonNegative)) return false;
        amounts++;
        break;
      case 'architecture':
        if (!architecture(x)) return false;
        amounts++;
        break;
      case 'hardware':
        if (!hardware(x, ref)) return false;
        amounts++;
        hw = true;
        break;
      case 'costUsd':
        if (!nonNegative(x)) return false;
        costs++;
        break;
      case 'costUsdRange':
        if (!range(x, true, nonNegative)) return false;
        costs++;
        break;
      case 'pricePerAcceleratorHourUsd':
        if (!nonNegative(x)) return false;
        costs++;
        price = true;
        break;
      case 'syntheticDataPublic':
        if (typeof x !== 'boolean') return false;
        synthetic = true;
        break;
      case 'start':
        if (!date(x)) return false;
        start = x as string;
        break;
      case 'end':
        if (!date(x)) return false;
        end = x as string;
        break;
      case 'source':
        if (!str(x, 2000)) return false;
        break;
      case 'billing':
        if (!billing(x)) return false;
        break;
      default:
        return false;
    }
  }
  if (phase === undefined || amounts !== 1 || costs > 1 || (price && !hw)) return false;
  if (synthetic && phase !== 'synthetic-data') return false;
  return start === undefined || end === undefined || start <= end;
}

/** An organization's revenue list: objects of the schema's shape, no year twice. */
function revenue(v: unknown): boolean {
  if (!Array.isArray(v) || v.length > 1000) return false;
  for (let i = 0; i < v.length; i++) {
    const r: unknown = v[i];
    if (!isObj(r)) return false;
    let required = 0;
    for (const k in r) {
      const x = r[k];
      if (x === undefined) {
        // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
        if (!REVENUE_KEYS.has(k)) return false;
        continue;
      }
      switch (k) {
        case 'year':
          if (!Number.isInteger(x) || (x as number) < 1900 || (x as number) > 2200) return false;
          required++;
          break;
        case 'amount':
          if (!nonNegative(x)) return false;
          required++;
          break;
        case 'includesAffiliates':
          if (typeof x !== 'boolean') return false;
          break;
        case 'source':
          if (!str(x, 2000)) return false;
          break;
        default:
          return false;
      }
    }
    if (required !== 2) return false;
    for (let j = 0; j < i; j++) if ((v[j] as Obj).year === r.year) return false;
  }
  return true;
}

/** Organizations: the schema's shape, unique ids, affiliates among them; their ids (null: don't know). */
function organizations(v: unknown): Set<string> | null {
  if (!Array.isArray(v) || v.length > 10_000_000) return null;
  const ids = new Set<string>();
  let affiliates = false;
  for (let i = 0; i < v.length; i++) {
    const o: unknown = v[i];
    if (!isObj(o)) return null;
    let oid: string | undefined;
    for (const k in o) {
      const x = o[k];
      if (x === undefined) {
        // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
        if (!ORGANIZATION_KEYS.has(k)) return null;
        continue;
      }
      switch (k) {
        case 'id':
          if (!id(x)) return null;
          oid = x as string;
          break;
        case 'name':
          if (!str(x, 500)) return null;
          break;
        case 'affiliateOf':
          if (!id(x)) return null;
          affiliates = true;
          break;
        case 'revenueUsd':
          if (!revenue(x)) return null;
          break;
        case 'academic':
          if (typeof x !== 'boolean') return null;
          break;
        case 'source':
          if (!str(x, 2000)) return null;
          break;
        case 'country':
        case 'organizationType':
          if (!str(x, 200)) return null;
          break;
        default:
          return null;
      }
    }
    if (oid === undefined || ids.has(oid)) return null;
    ids.add(oid);
  }
  if (affiliates)
    for (let i = 0; i < v.length; i++) {
      const a = (v[i] as Obj).affiliateOf;
      if (a !== undefined && !ids.has(a as string)) return null;
    }
  return ids;
}

/** A model's fields other than its base models and compute records (checked by the caller). */
function modelField(k: string, x: unknown, orgs: Set<string>): boolean {
  switch (k) {
    case 'name':
      return str(x, 500);
    case 'developer':
      return id(x) && orgs.has(x as string);
    case 'released':
      return date(x);
    case 'openWeights':
    case 'foundationModel':
    case 'trainedPrimarilyOnBiologicalSequences':
      return typeof x === 'boolean';
    case 'generates': {
      if (!Array.isArray(x) || x.length > 7) return false;
      let seen = 0;
      for (let i = 0; i < x.length; i++) {
        const g: unknown = x[i];
        const bit = typeof g === 'string' ? GENERATES.get(g) : undefined;
        if (bit === undefined || (seen & bit) !== 0) return false;
        seen |= bit;
      }
      return true;
    }
    case 'domains':
      return strings(x, 50, 200);
    case 'designations':
      return strings(x, 100, 300, true);
    case 'markets':
      return strings(x, 300, 20);
    case 'source':
      return str(x, 2000);
    default:
      return false;
  }
}

/** A model's base models: the schema's shape; the list is kept in `bases` for the references, read after all ids. */
function baseModels(x: unknown): x is unknown[] {
  if (!Array.isArray(x) || x.length > 1000) return false;
  for (let k = 0; k < x.length; k++) {
    const b: unknown = x[k];
    if (!isObj(b)) return false;
    let required = 0;
    for (const key in b) {
      const y = b[key];
      if (y === undefined) {
        // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
        if (!BASE_KEYS.has(key)) return false;
        continue;
      }
      if (key === 'id') {
        if (!id(y)) return false;
      } else if (key === 'relation') {
        if (typeof y !== 'string' || !RELATIONS.has(y)) return false;
      } else return false;
      required++;
    }
    if (required !== 2) return false;
  }
  return true;
}

/**
 * The lineage and its models' positions by id when the schema and every semantic check accept it; null when they
 * might not (then the reference in lineage.ts decides and words the errors). Never modifies `doc`.
 */
export function fastValidLineage(doc: unknown, ref: ReferenceTables): FastValid | null {
  if (!isObj(doc)) return null;
  let version = false;
  let models: unknown[] | undefined;
  let orgList: unknown;
  for (const k in doc) {
    const x = doc[k];
    if (x === undefined) {
      // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
      if (!TOP_KEYS.has(k)) return null;
      continue;
    }
    switch (k) {
      case 'lineageVersion':
        if (x !== 1) return null;
        version = true;
        break;
      case '$schema':
        if (!str(x, 2000)) return null;
        break;
      case 'description':
        if (!str(x, 10000)) return null;
        break;
      case 'organizations':
        orgList = x;
        break;
      case 'models':
        if (!Array.isArray(x) || x.length > 10_000_000) return null;
        models = x;
        break;
      default:
        return null;
    }
  }
  if (!version || models === undefined) return null;
  const orgs = orgList === undefined ? new Set<string>() : organizations(orgList);
  if (orgs === null) return null;
  const n = models.length;
  const ids = new Map<string, number>();
  // Models with base models, and their lists: the references are resolved once every id is known.
  const withBases: number[] = [];
  for (let i = 0; i < n; i++) {
    const m: unknown = models[i];
    if (!isObj(m)) return null;
    let mid: unknown;
    for (const k in m) {
      const x = m[k];
      if (x === undefined) {
        // An unset field the schema knows is absent; any other is an unknown field, whatever its value.
        if (!MODEL_KEYS.has(k)) return null;
        continue;
      }
      if (k === 'id') {
        if (!id(x)) return null;
        mid = x;
      } else if (k === 'compute') {
        if (!Array.isArray(x) || x.length > 100_000) return null;
        for (let r = 0; r < x.length; r++) if (!record(x[r], ref)) return null;
      } else if (k === 'baseModels') {
        if (!baseModels(x)) return null;
        if (x.length > 0) withBases.push(i);
      } else if (!modelField(k, x, orgs)) return null;
    }
    if (mid === undefined) return null;
    // One hash per id: a repeat leaves the size unchanged (the reference reports it).
    const size = ids.size;
    ids.set(mid as string, i);
    if (ids.size === size) return null;
  }
  // Parent lists by index for the cycle search; every base model listed, none the model itself.
  const at = new Int32Array(n + 1);
  let edges = 0;
  for (let w = 0; w < withBases.length; w++) edges += ((models[withBases[w]] as Obj).baseModels as unknown[]).length;
  const to = new Int32Array(Math.max(1, edges));
  edges = 0;
  let next = 0;
  for (let i = 0; i < n; i++) {
    at[i] = edges;
    if (next < withBases.length && withBases[next] === i) {
      next++;
      const bases = (models[i] as Obj).baseModels as Obj[];
      for (let k = 0; k < bases.length; k++) {
        const p = ids.get(bases[k].id as string);
        if (p === undefined || p === i) return null;
        to[edges++] = p;
      }
    }
  }
  at[n] = edges;
  if (edges > 0 && findCycles(n, at, to).length > 0) return null;
  return { doc: doc as unknown as LineageDocument, ids };
}
