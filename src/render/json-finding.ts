// A finding as the JSON formats write it (`--format json`, `--format ndjson`, POST /api/v1/evaluate): the DESIGN §4
// keys with their meaning, in a compact projection of the internal Finding (issues 10 and 13):
// - an amount is `{ exact, value }` of its central figure, plus `low` and `high` (each `{ exact, value }`, `high`
//   null when unbounded) only when it is a range; `exact`/`value` are null for a range without a central figure;
// - `ownShare` only when the measure counts others (otherwise it is the observed amount);
// - `ownOnly.measures[]` as `{ id, observed, result }` plus the fields that differ from the finding's measure of the
//   same id;
// - the rule's citation text, unverified facts and obligations are written once in the report's `rules[]`.
// `readReport` (render/read-report.ts) turns this shape (and the long one of older saved reports) back into a Report.
import type { ReportFinding } from '../core/report';
import type { PriceSensitivity, ScaledAmount } from '../core/evaluate/price';
import type { ExactNumber, IntervalOut, MeasureOut, Message } from '../core/types';
import { textOf } from './messages';

/** An amount as JSON: the central figure, with the low and high ends only for a range. */
export interface AmountJson {
  exact: string | null;
  value: number | null;
  low?: ExactNumber;
  high?: ExactNumber | null;
}

export function amountJson(iv: IntervalOut): AmountJson {
  const hi = iv.high;
  if (hi !== null && hi.exact === iv.low.exact) return { exact: iv.low.exact, value: iv.low.value };
  const c = iv.central;
  return { exact: c ? c.exact : null, value: c ? c.value : null, low: iv.low, high: hi };
}

type Obj = Record<string, unknown>;

/** A measure as JSON: amounts projected, `ownShare` only when others count. */
export function measureJson(m: MeasureOut): Obj {
  const out: Obj = {};
  for (const k in m) {
    const v = (m as unknown as Obj)[k];
    if (v === undefined) continue;
    switch (k) {
      case 'observed':
        out[k] = amountJson(v as IntervalOut);
        break;
      case 'ownShare':
        if (m.countsOthers) out[k] = v === null ? null : amountJson(v as IntervalOut);
        break;
      case 'byDeveloper':
        out[k] =
          v === null
            ? null
            : (v as NonNullable<MeasureOut['byDeveloper']>).map((d) => ({ ...d, amount: amountJson(d.amount) }));
        break;
      case 'byDeveloperRest': {
        const r = v as NonNullable<MeasureOut['byDeveloperRest']> | null;
        out[k] = r === null ? null : { ...r, amount: amountJson(r.amount) };
        break;
      }
      default:
        out[k] = v;
    }
  }
  return out;
}

/** Whether two JSON values are the same value (objects compared key by key, arrays in order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Obj;
  const bo = b as Obj;
  let n = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    n++;
    if (!sameJson(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) n--;
  return n === 0;
}

/**
 * An own-only measure as JSON: `{ id, observed, result }` plus the fields whose value differs from `full` (the
 * finding's measure of the same id, projected); fields it does not have (own-only measures list no breakdown by
 * developer) are not written. Without a measure of the same id, every field.
 */
export function ownMeasureJson(own: Obj, full: Obj | undefined): Obj {
  if (full === undefined) return own;
  const out: Obj = { id: own.id, observed: own.observed, result: own.result };
  for (const k in own) {
    if (k === 'id' || k === 'observed' || k === 'result') continue;
    if (!sameJson(own[k], full[k])) out[k] = own[k];
  }
  return out;
}

export interface FindingJsonOptions {
  /** Bound breakdowns (the default of the JSON formats): applied to each measure before it is projected. */
  bound?: (m: MeasureOut) => MeasureOut;
  /** The same for explanation steps that list contributors, applied before they are worded. */
  boundStep?: (m: Message) => Message;
}

/** A finding as the JSON formats print it: explanation steps worded, amounts compact, rule-static text left out. */
export function findingJson(f: ReportFinding, o: FindingJsonOptions = {}): Obj {
  const bound = o.bound ?? ((m: MeasureOut) => m);
  const measures = f.measures.map((m) => measureJson(bound(m)));
  const byId = new Map<unknown, Obj>();
  for (const m of measures) if (!byId.has(m.id)) byId.set(m.id, m);
  const out: Obj = {};
  for (const k in f) {
    const v = (f as unknown as Obj)[k];
    if (v === undefined) continue;
    switch (k) {
      case 'measures':
        out[k] = measures;
        break;
      case 'ownOnly':
        out[k] = {
          verdict: f.ownOnly.verdict,
          measures: f.ownOnly.measures.map((m) => ownMeasureJson(measureJson(bound(m)), byId.get(m.id))),
        };
        break;
      case 'explanation':
        out[k] = f.explanation.map((m) => ({ id: m.id, text: textOf(o.boundStep ? o.boundStep(m) : m) }));
        break;
      case 'citation': {
        const c = f.citation;
        out[k] = {
          instrument: c.instrument,
          section: c.section,
          url: c.url,
          ...(c.confidence ? { confidence: c.confidence } : {}),
        };
        break;
      }
      case 'priceSensitivity':
        out[k] = priceJson(v as PriceSensitivity);
        break;
      case 'presumptions':
        out[k] = f.presumptions.map((p) => ({ ...p, basis: p.basis.map((m) => measureJson(bound(m))) }));
        break;
      case 'obligations':
      case 'unverified':
        break;
      default:
        out[k] = v;
    }
  }
  return out;
}

/** A price line's two parts as amounts (no central figure: a range has exact/value null). */
function scaledJson(a: ScaledAmount): Obj {
  return {
    fixed: amountJson({ low: a.fixed.low, high: a.fixed.high, central: null }),
    perScale: amountJson({ low: a.perScale.low, high: a.perScale.high, central: null }),
  };
}

/** Price sensitivity with each dollar test's amounts compact. */
export function priceJson(p: PriceSensitivity): Obj {
  return {
    ...p,
    dollarTests: p.dollarTests.map((t) => ({
      ...t,
      amount: scaledJson(t.amount),
      ownOnly: t.ownOnly === null ? null : scaledJson(t.ownOnly),
    })),
  };
}
