// Rule variants: a base rule with a JSON merge patch applied (RFC 7386), under a new id, evaluated side by side with
// the base over one lineage; reports counts per variant and reading and the subjects whose verdict differs.
import { parsePriceScale, withPriceScale } from '../estimate/price-scale';
import { EMPTY_REFERENCE, ReferenceTables } from '../estimate/reference';
import { Evaluator, readings } from '../evaluate/engine';
import { ruleInForce } from '../evaluate/in-force';
import { validateRules } from '../rules/validate';
import type { MeasureStore } from '../measure/store';
import type { LineageDocument, Rule, Verdict } from '../types';
import { InputError, InputErrorItem } from '../validate/errors';
import { mergePatch } from './merge-patch';
import { variants as variantsValidator } from '../../generated/validators';
import type { VariantsDocument } from '../../generated/variants';
import { schemaErrors } from '../validate/schema';
import { changesBetween, subjectVerdicts } from './verdicts';
import { ZERO } from '../exact/decimal';
import { ZeroStore } from '../evaluate/price-scaled';
import { planPriceReading, sortedPriceRows } from './price-sorted';
import { parseValues } from './sorted-sweep';
import { canonicalDecimal } from './values';

export interface Variant {
  /** The new rule's id ("pack/name", like every rule id; not one of the existing ids). */
  id: string;
  title: string;
  description?: string;
  /** Id of the rule the patch applies to. */
  base: string;
  /** JSON merge patch (RFC 7386) applied to the base rule: objects merge, null removes a key, arrays are replaced. */
  patch: Record<string, unknown>;
  /** A GPU price scenario for this variant: costs from accelerator-hours × price times this (e.g. "3"). */
  priceScale?: string | number;
  /** With priceScale: scale declared costs too. */
  priceScaleDeclared?: boolean;
}

export interface VariantsOptions {
  asOf: string;
  reference?: ReferenceTables;
  variants: readonly Variant[];
  /** Called after each rule or variant evaluated. */
  onProgress?: (done: number, total: number) => void;
  /** Measure tables to reuse (from an Evaluator of the same document and reference tables, no price scale). */
  store?: MeasureStore;
  /**
   * Evaluate each price scenario with its own tables even where the shared-table path (price-sorted.ts) applies:
   * the reference that path is tested against.
   */
  perScale?: boolean;
}

export interface VariantDifference {
  /** Model id, or organization id for an organization rule. */
  id: string;
  base: Verdict;
  variant: Verdict;
}

export interface VariantRow {
  rule: string;
  title: string;
  /** For a variant: the rule it patches. */
  base?: string;
  description?: string;
  interpretation?: string;
  subject: 'model' | 'organization';
  status: string;
  inForce: boolean;
  counts: Record<Verdict, number>;
  wrongfulCaptures: number;
  /** For a variant: the reading of the base it is compared with ("combined" when the base has no such reading). */
  comparedWith?: string;
  /** For a variant with a GPU price scenario: its price scale. */
  priceScale?: string;
  /** For a variant: subjects whose verdict differs from the base's, sorted by id. */
  differences?: VariantDifference[];
}

export interface VariantsResult {
  asOf: string;
  models: number;
  organizations: number;
  /** Each base rule's readings, then its variants' (bases in order of first mention, variants in given order). */
  rows: VariantRow[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Plainer words than the schema's for the mistakes people make in a variants file. */
function reworded(e: InputErrorItem): InputErrorItem {
  const m = e.message;
  if (e.path === '' && m.startsWith('must be an object'))
    return { ...e, message: 'must be an object { "variants": [ … ] }' };
  if (/^variants\[\d+\]$/.test(e.path) && m === 'must be an object')
    return { ...e, message: 'must be an object { id, title, base, patch }' };
  if (/^variants\[\d+\]\.id$/.test(e.path) && m.startsWith('must match'))
    return { ...e, message: 'must look like a rule id, "pack/name" (lower case, digits, dots, dashes)' };
  if (/^variants\[\d+\]\.patch$/.test(e.path) && m === 'must be an object')
    return { ...e, message: 'must be an object (a JSON merge patch of the base rule)' };
  if (e.path === 'variants' && /fewer than 1 item/.test(m)) return { ...e, message: 'must list at least one variant' };
  if (/fewer than 1 character/.test(m)) return { ...e, message: 'must be a non-empty string' };
  return e;
}

/**
 * Reads a variants document `{ "variants": [ … ] }`, validated against schemas/variants.schema.json; InputError paths
 * point into it (variants[1].base), sorted as in the document.
 */
export function parseVariants(raw: unknown): Variant[] {
  const errors = schemaErrors(variantsValidator, raw).map(reworded);
  if (errors.length === 0)
    (raw as VariantsDocument).variants.forEach((v, i) => {
      if (v.priceScale === undefined) return;
      try {
        parsePriceScale(v.priceScale, `variants[${i}].priceScale`);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        errors.push(...e.errors);
      }
    });
  if (errors.length > 0) throw new InputError(errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
  return (raw as VariantsDocument).variants;
}

/** Whether a dotted/bracket path (as validation reports it) exists in the patch, or its parent does. */
function inPatch(patch: unknown, path: string): boolean {
  const segs = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
  let node: unknown = patch;
  for (let k = 0; k < segs.length; k++) {
    if (!isObject(node) && !Array.isArray(node)) return false;
    const next = (node as Record<string, unknown>)[segs[k]];
    if (next === undefined || next === null)
      return k === segs.length - 1 && Object.prototype.hasOwnProperty.call(node, segs[k]);
    node = next;
  }
  return true;
}

/** The rules each variant describes, validated together with `rules`. Errors point into the variants document. */
export function buildVariants(rules: readonly Rule[], variants: readonly Variant[]): Rule[] {
  const errors: InputErrorItem[] = [];
  const ids = new Set(rules.map((r) => r.id));
  const built: Rule[] = [];
  variants.forEach((v, i) => {
    const at = `variants[${i}]`;
    const base = rules.find((r) => r.id === v.base);
    if (!base) return errors.push({ path: `${at}.base`, message: `no rule "${v.base}"` });
    if (ids.has(v.id))
      return errors.push({
        path: `${at}.id`,
        message: `"${v.id}" is already the id of a ${rules.some((r) => r.id === v.id) ? 'rule' : 'variant above'}`,
      });
    ids.add(v.id);
    const rule = { ...(mergePatch(base, v.patch) as Rule), id: v.id, title: v.title };
    if (rule.subject !== base.subject)
      return errors.push({
        path: `${at}.patch.subject`,
        message: `a variant judges the same subjects as its base (${base.subject}s)`,
      });
    built.push(rule);
  });
  if (errors.length > 0) throw new InputError(errors);
  const origin = new Map(built.map((r, k) => [r, k]));
  const res = validateRules(
    [...rules, ...built].map((r) => ({ origin: origin.has(r) ? `\u0000${origin.get(r)}` : r.id, doc: r })),
  );
  if (!res.ok) {
    throw new InputError(
      res.errors.map((e) => {
        // The NUL tag (set above) marks a variant's origin: no rule id or file path can contain it.
        // eslint-disable-next-line no-control-regex -- matching that tag is the point
        const m = /^\u0000(\d+)(?:: (.*))?$/.exec(e.path);
        if (!m) return { path: 'variants', message: `${e.path}: ${e.message}` };
        const v = variants[Number(m[1])];
        const p = m[2] ?? '';
        if (p !== '' && inPatch(v.patch, p)) return { path: `variants[${m[1]}].patch.${p}`, message: e.message };
        return {
          path: `variants[${m[1]}]`,
          message: `${p === '' ? '' : `${p} (of ${v.base} after the patch): `}${e.message}`,
        };
      }),
    );
  }
  return built;
}

/** Evaluates each variant next to its base rule. Throws InputError (paths variants[i]…) for a bad variant. */
export function variants(doc: LineageDocument, rules: readonly Rule[], opts: VariantsOptions): VariantsResult {
  const built = buildVariants(rules, opts.variants);
  const all = [...rules, ...built];
  const ref = opts.reference ?? EMPTY_REFERENCE;
  const ev = new Evaluator(doc, all, opts.asOf, ref, opts.store);
  // A variant with a price scale is evaluated under that GPU price scenario (one evaluator per scenario).
  const scenarios = new Map<string, Evaluator>();
  const evFor = (v: Variant): Evaluator => {
    if (v.priceScale === undefined && v.priceScaleDeclared !== true) return ev;
    const s = parsePriceScale(v.priceScale ?? '1', 'priceScale', v.priceScaleDeclared === true);
    const key = `${s.k.m}e${s.k.e}|${s.declared}`;
    let e = scenarios.get(key);
    if (!e) scenarios.set(key, (e = new Evaluator(doc, all, opts.asOf, withPriceScale(ref, s))));
    return e;
  };
  // A variant under a price scenario whose dollars enter only through absolute tests (price-sorted.ts) is decided
  // from the tables at 0× and 1× (the latter `ev`'s: at 1× declared costs are what they are either way), no tables
  // measured per scenario.
  const zero = new Map<boolean, ZeroStore>();
  const shared = (v: Variant, rule: Rule, interp: string | undefined) => {
    if (opts.perScale || (v.priceScale === undefined && v.priceScaleDeclared !== true)) return null;
    const s = parsePriceScale(v.priceScale ?? '1', 'priceScale', v.priceScaleDeclared === true);
    const plan = planPriceReading(ev, rule, interp);
    if (!plan) return null;
    let s0 = zero.get(s.declared);
    if (!s0)
      zero.set(s.declared, (s0 = new ZeroStore(ev.store, { ...ref, priceScale: { k: ZERO, declared: s.declared } })));
    const codes = new Int8Array(ev.ix.models.length);
    const hooks = { model: (i: number, full: number) => void (codes[i] = full), value: () => undefined };
    const parsed = parseValues([canonicalDecimal(s.k)]);
    const rows = sortedPriceRows(ev, s0, rule, plan, parsed, 1, false, undefined, hooks);
    return rows ? { counts: rows[0], codes } : null;
  };
  const bases = [...new Set(opts.variants.map((v) => v.base))];
  const total = bases.length + built.length;
  const rows: VariantRow[] = [];
  let done = 0;
  const row = (
    rule: Rule,
    interp: string | undefined,
    extra: Partial<VariantRow>,
    s: { counts: VariantRow['counts']; wrongfulCaptures: number },
  ): VariantRow => ({
    rule: rule.id,
    title: rule.title,
    ...extra,
    ...(interp !== undefined ? { interpretation: interp } : {}),
    subject: rule.subject,
    status: rule.status,
    inForce: ruleInForce(rule, opts.asOf).inForce,
    counts: s.counts,
    wrongfulCaptures: s.wrongfulCaptures,
  });
  for (const id of bases) {
    const base = ev.rule(id);
    for (const interp of readings(base)) rows.push(row(base, interp, {}, ev.summaryRow(base, interp)));
    opts.onProgress?.(++done, total);
    opts.variants.forEach((v, k) => {
      if (v.base !== id) return;
      const rule = built[k];
      for (const interp of readings(rule)) {
        const fast = shared(v, rule, interp);
        const vev = fast ? ev : evFor(v);
        const r = row(
          rule,
          interp,
          {
            base: id,
            ...(v.description !== undefined ? { description: v.description } : {}),
            ...(v.priceScale !== undefined ? { priceScale: String(v.priceScale) } : {}),
          },
          fast ? fast.counts : vev.summaryRow(rule, interp),
        );
        // The base's same reading when it has one; otherwise its only reading, or its readings combined (uncertain
        // where they differ), as references to a rule read it. The base's tables are already filled above.
        const same = interp !== undefined && (base.interpretations ?? []).some((x) => x.id === interp);
        const combined = !same && (base.interpretations ?? []).length > 0;
        const before = subjectVerdicts(ev, base, same ? interp : undefined);
        const after = fast
          ? { ids: ev.ix.models.map((m) => m.id), codes: fast.codes }
          : subjectVerdicts(vev, rule, interp);
        if (same) r.comparedWith = interp;
        else if (combined) r.comparedWith = 'combined';
        r.differences = changesBetween(after.ids, before.codes, after.codes).map((c) => ({
          id: c.id,
          base: c.from,
          variant: c.to,
        }));
        rows.push(r);
      }
      opts.onProgress?.(++done, total);
    });
  }
  return { asOf: opts.asOf, models: doc.models.length, organizations: (doc.organizations ?? []).length, rows };
}
