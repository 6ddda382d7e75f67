// A finding written straight as JSON bytes (render/json-bytes.ts byte strings): the bytes of
// `jsonSafe(JSON.stringify(findingJson(f, …)))` (render/json-finding.ts, the projection it mirrors member by member),
// without building the projected objects. Most of a finding's bytes repeat in every finding of its rule (measure
// descriptions, threshold bases, citations, obligation texts, the rule's unverified facts, caveats and readings):
// an encoder remembers those strings' bytes by their text (a bounded memo, so a rule set's own text is encoded once
// and nothing grows with the corpus), and writes the rest (ids, numbers, verdicts, explanation sentences) each time.
import type { ReportFinding } from '../core/report';
import type { IntervalOut, MeasureOut, Message } from '../core/types';
import { indentAt, jsonStringBytes, ObjectBytes, valueBytes, type Layout } from './json-bytes';
import { measureJson, ownMeasureJson, priceJson, type FindingJsonOptions } from './json-finding';
import { textOf } from './messages';

type Obj = Record<string, unknown>;

/** Texts remembered at most; past it the memo starts again (a rule set's static text is a few hundred strings). */
const MEMO_MAX = 4096;

/** Writes findings at one layout and depth (the depth of the finding object in its document). */
export class FindingEncoder {
  private readonly strings = new Map<string, string>();
  /** Explanation steps whose text depends only on rule text (unverified facts, caveats, readings), by that text. */
  private readonly steps = new Map<string, { m: Message; bytes: string }>();

  constructor(
    readonly layout: Layout,
    readonly depth: number,
  ) {}

  /** A string of the rule set's own text (the same in every finding of a rule), remembered. */
  private text(s: string): string {
    let b = this.strings.get(s);
    if (b === undefined) {
      if (this.strings.size >= MEMO_MAX) this.strings.clear();
      this.strings.set(s, (b = jsonStringBytes(s)));
    }
    return b;
  }

  finding(f: ReportFinding, o: FindingJsonOptions = {}): string {
    const d = this.depth;
    const bound = o.bound;
    const w = new ObjectBytes(this.layout, d);
    for (const k in f) {
      const v = (f as unknown as Obj)[k];
      if (v === undefined) continue;
      switch (k) {
        case 'measures':
          w.raw(
            k,
            this.array(f.measures, d + 1, (m, e) => this.measure(bound ? bound(m) : m, e)),
          );
          break;
        case 'ownOnly':
          w.raw(k, this.ownOnly(f, o, d + 1));
          break;
        case 'explanation':
          w.raw(
            k,
            this.array(f.explanation, d + 1, (m, e) => this.step(o.boundStep ? o.boundStep(m) : m, e)),
          );
          break;
        case 'citation': {
          const c = f.citation;
          const cw = new ObjectBytes(this.layout, d + 1);
          this.textMember(cw, 'instrument', c.instrument);
          this.textMember(cw, 'section', c.section);
          this.textMember(cw, 'url', c.url);
          if (c.confidence) this.textMember(cw, 'confidence', c.confidence);
          w.raw(k, cw.close());
          break;
        }
        case 'obligationDates':
          w.raw(
            k,
            this.array(f.obligationDates, d + 1, (x, e) => this.plain(x as unknown as Obj, e)),
          );
          break;
        case 'priceSensitivity':
          w.raw(k, valueBytes(priceJson(f.priceSensitivity!), this.layout, d + 1));
          break;
        case 'presumptions':
          w.raw(
            k,
            valueBytes(
              f.presumptions.map((p) => ({ ...p, basis: p.basis.map((m) => measureJson(bound ? bound(m) : m)) })),
              this.layout,
              d + 1,
            ),
          );
          break;
        case 'obligations':
        case 'unverified':
          break;
        case 'subject':
        case 'rule':
        case 'interpretation':
        case 'verdict':
        case 'status':
          this.textMember(w, k, v);
          break;
        default:
          w.member(k, v);
      }
    }
    return w.close();
  }

  /**
   * Any JSON value whose strings are nearly all rule text (a report's head: its rules' metadata), laid out at
   * `depth`, strings remembered. Same bytes as valueBytes.
   */
  remembered(v: unknown, depth: number): string {
    if (typeof v === 'string') return this.text(v);
    if (typeof v !== 'object' || v === null) return valueBytes(v, this.layout, depth);
    if (Array.isArray(v))
      return this.array(v, depth, (x, e) =>
        x === undefined || typeof x === 'function' || typeof x === 'symbol' ? 'null' : this.remembered(x, e),
      );
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return valueBytes(v, this.layout, depth);
    const w = new ObjectBytes(this.layout, depth);
    const o = v as Obj;
    for (const k in o) {
      const x = o[k];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      w.raw(k, this.remembered(x, depth + 1));
    }
    return w.close();
  }

  /** A member whose value, when a string, is rule text or one of a few words (remembered). */
  private textMember(w: ObjectBytes, k: string, v: unknown): void {
    if (typeof v === 'string') w.raw(k, this.text(v));
    else w.member(k, v);
  }

  /** An array whose elements are written by `each` at depth `d + 1`. */
  private array<T>(xs: readonly T[], d: number, each: (x: T, depth: number) => string): string {
    const n = xs.length;
    if (n === 0) return '[]';
    const pretty = this.layout.pretty;
    const inner = pretty ? indentAt(d + 1) : '';
    let s = '[';
    for (let i = 0; i < n; i++) s += (i > 0 ? ',' : '') + inner + each(xs[i], d + 1);
    return s + (pretty ? indentAt(d) : '') + ']';
  }

  /** An element of a list of words (estimation methods). */
  private word(x: unknown, d: number): string {
    return typeof x === 'string' ? this.text(x) : x === undefined ? 'null' : valueBytes(x, this.layout, d);
  }

  /** An object of strings, numbers and booleans whose strings are rule text (obligation dates). */
  private plain(o: Obj, d: number): string {
    const w = new ObjectBytes(this.layout, d);
    for (const k in o) {
      const v = o[k];
      this.textMember(w, k, v);
    }
    return w.close();
  }

  /** An amount as amountJson projects it. */
  private amount(iv: IntervalOut, d: number): string {
    const w = new ObjectBytes(this.layout, d);
    const hi = iv.high;
    if (hi !== null && hi.exact === iv.low.exact) {
      w.member('exact', iv.low.exact);
      w.member('value', iv.low.value);
      return w.close();
    }
    const c = iv.central;
    w.member('exact', c ? c.exact : null);
    w.member('value', c ? c.value : null);
    w.member('low', iv.low);
    w.member('high', hi);
    return w.close();
  }

  /** A measure as measureJson projects it. */
  private measure(m: MeasureOut, d: number): string {
    const w = new ObjectBytes(this.layout, d);
    for (const k in m) {
      const v = (m as unknown as Obj)[k];
      if (v === undefined) continue;
      switch (k) {
        case 'observed':
          w.raw(k, this.amount(v as IntervalOut, d + 1));
          break;
        case 'ownShare':
          if (m.countsOthers) w.raw(k, v === null ? 'null' : this.amount(v as IntervalOut, d + 1));
          break;
        case 'byDeveloper':
        case 'byDeveloperRest':
          w.raw(k, v === null ? 'null' : this.withAmounts(v, d + 1));
          break;
        case 'id':
        case 'description':
        case 'quantity':
        case 'unit':
        case 'scope':
        case 'comparator':
        case 'wording':
        case 'thresholdBasis':
        case 'result':
          this.textMember(w, k, v);
          break;
        case 'methods':
          w.raw(
            k,
            Array.isArray(v) ? this.array(v, d + 1, (x, e) => this.word(x, e)) : valueBytes(v, this.layout, d + 1),
          );
          break;
        default:
          w.member(k, v);
      }
    }
    return w.close();
  }

  /** A breakdown (an array of contributions, or the rest) with each `amount` projected. */
  private withAmounts(v: unknown, d: number): string {
    if (Array.isArray(v)) return this.array(v as Obj[], d, (x, e) => this.withAmounts(x, e));
    const o = v as Obj;
    const w = new ObjectBytes(this.layout, d);
    for (const k in o) {
      if (k === 'amount' && o[k] !== undefined) w.raw(k, this.amount(o[k] as IntervalOut, d + 1));
      else w.member(k, o[k]);
    }
    return w.close();
  }

  /** `ownOnly`: the verdict and the own-only measures as ownMeasureJson writes them. */
  private ownOnly(f: ReportFinding, o: FindingJsonOptions, d: number): string {
    const bound = o.bound ?? ((m: MeasureOut) => m);
    const own = f.ownOnly.measures;
    let measures: Obj[] = [];
    if (own.length > 0) {
      const byId = new Map<unknown, Obj | undefined>();
      measures = own.map((m) => {
        let full = byId.get(m.id);
        if (full === undefined && !byId.has(m.id)) {
          const fm = f.measures.find((x) => x.id === m.id);
          full = fm && measureJson(bound(fm));
          byId.set(m.id, full);
        }
        return ownMeasureJson(measureJson(bound(m)), full);
      });
    }
    const w = new ObjectBytes(this.layout, d);
    w.member('verdict', f.ownOnly.verdict);
    w.raw('measures', valueBytes(measures, this.layout, d + 1));
    return w.close();
  }

  /** An explanation step `{ id, text }`; steps worded from rule text alone are remembered. */
  private step(m: Message, d: number): string {
    const key = staticStepKey(m);
    if (key !== undefined) {
      const hit = this.steps.get(key);
      if (hit !== undefined && sameStep(hit.m, m)) return hit.bytes;
    }
    const w = new ObjectBytes(this.layout, d);
    w.member('id', m.id);
    w.member('text', textOf(m));
    const bytes = w.close();
    if (key !== undefined) {
      if (this.steps.size >= MEMO_MAX) this.steps.clear();
      this.steps.set(key, { m, bytes });
    }
    return bytes;
  }
}

/**
 * The steps whose wording (render/messages.ts) reads nothing but the rule's text: unverified facts and caveats
 * (`data.text`) and readings (`data.title`, `data.description`). Their key is that text; a hit is checked field by
 * field (sameStep), so two readings that share a description are never confused.
 */
function staticStepKey(m: Message): string | undefined {
  const d = m.data;
  switch (m.id) {
    case 'unverified':
    case 'caveat':
      return typeof d.text === 'string' ? d.text : undefined;
    case 'interpretation':
      return typeof d.description === 'string' ? d.description : undefined;
    default:
      return undefined;
  }
}

function sameStep(a: Message, b: Message): boolean {
  if (a.id !== b.id) return false;
  if (a.id === 'interpretation') return a.data.title === b.data.title && a.data.description === b.data.description;
  return a.data.text === b.data.text;
}
