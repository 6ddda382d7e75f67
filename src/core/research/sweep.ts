// Threshold sweeps: one rule evaluated over a lineage once per threshold value, with verdict counts, wrongful
// captures and the subjects whose verdict changes from one value to the next. Each value is a copy of the rule with
// the threshold replaced, validated like any rule and evaluated by the engine; measure tables are computed once.
import { EMPTY_REFERENCE, ReferenceTables } from '../estimate/reference';
import { Evaluator, readings } from '../evaluate/engine';
import type { MeasureStore } from '../measure/store';
import { decErr, decFloat, provenSign } from '../exact/bound';
import { cmp, parseDec } from '../exact/decimal';
import { ruleInForce } from '../evaluate/in-force';
import { findRule } from '../rules/select';
import { validateRules } from '../rules/validate';
import type { LineageDocument, Rule, Verdict } from '../types';
import { InputError } from '../validate/errors';
import { selectTargets, ThresholdSite, withThreshold } from './targets';
import { expandedValues } from './values';
import { subjectVerdicts, VerdictChange, changesBetween } from './verdicts';
import { ExactAmounts, parseValues, planReading, type VerdictHooks } from './sorted-sweep';
import { sortedRows } from './sorted-buckets';
import { referencedRules, refersBack } from './sorted-plan';
import { cycleRows } from './sorted-cycle';

export interface SweepOptions {
  /** Evaluation date, YYYY-MM-DD. */
  asOf: string;
  reference?: ReferenceTables;
  /** Id of the rule to sweep. */
  rule: string;
  /** One reading of the rule; default: every reading. */
  interpretation?: string;
  /** Measure name(s), comma-separated, or a path to one threshold (see selectTargets). */
  target: string;
  /** Exact decimal strings (see expandValues for ranges); evaluated in ascending order. */
  values: readonly string[];
  /** List the subjects whose verdict changes from the previous value (counts are always given). */
  changes?: boolean;
  /**
   * Evaluate every value separately even where the sorted path (sorted-sweep.ts) applies: the reference the sorted
   * path is tested and measured against.
   */
  perValue?: boolean;
  /** Measure tables to reuse (from an Evaluator of the same document and reference tables). */
  store?: MeasureStore;
  /** Called after each value (the core has no clock: the caller decides whether to show progress). */
  onProgress?: (done: number, total: number) => void;
}

export interface SweepReadingRow {
  interpretation?: string;
  counts: Record<Verdict, number>;
  wrongfulCaptures: number;
  /** Subjects whose verdict differs from the previous value's (0 for the first value). */
  changed: number;
  changes?: VerdictChange[];
}

export interface SweepPoint {
  value: string;
  /** Whether this is the rule's own threshold value. */
  current: boolean;
  readings: SweepReadingRow[];
}

export interface SweepResult {
  rule: string;
  title: string;
  subject: 'model' | 'organization';
  status: string;
  inForce: boolean;
  asOf: string;
  /** Models (or organizations, for an organization rule) counted. */
  subjects: number;
  target: string;
  unit: 'FLOP' | 'USD';
  /** The thresholds replaced by each value, with their values in the rule. */
  thresholds: ThresholdSite[];
  /** The rule's own value of the swept thresholds. */
  current: string;
  /** Other absolute thresholds evaluated, held at their values. */
  fixed: ThresholdSite[];
  interpretations: (string | null)[];
  points: SweepPoint[];
}

/** Measure tables of `doc` for sweeps and variants to share (SweepOptions.store): the lineage indexed, nothing measured. */
export function measureStore(doc: LineageDocument, rules: readonly Rule[], asOf: string, ref: ReferenceTables) {
  return new Evaluator(doc, rules, asOf, ref).store;
}

/** The float tables of every measure the rules read (built here rather than on demand, e.g. to time them apart). */
export function warmRuleMeasures(store: MeasureStore, rules: readonly Rule[]): void {
  for (const rule of rules)
    for (const set of [rule.measures ?? {}, ...(rule.interpretations ?? []).map((x) => x.measures ?? {})])
      for (const spec of Object.values(set)) {
        if (spec.scope === 'own') store.fastOwn(spec);
        else store.fast(spec);
      }
}

/** The readings to report: the one asked for (checked), or all of the rule's. */
export function chooseReadings(rule: Rule, interpretation: string | undefined): (string | undefined)[] {
  if (interpretation === undefined) return readings(rule);
  const ids = (rule.interpretations ?? []).map((i) => i.id);
  if (!ids.includes(interpretation)) {
    throw new InputError(
      [
        {
          path: 'interpretation',
          message: `${rule.id} has ${ids.length ? `no interpretation "${interpretation}" (it has: ${ids.join(', ')})` : 'no interpretations'}`,
        },
      ],
      'interpretation',
    );
  }
  return [interpretation];
}

const MARK = '\u0000';

/**
 * The rules linked to `rule` by references, either way and transitively (`rule` included; every rule of a linked id,
 * duplicates too): the only ones whose checks (referenced rules exist and judge models, no loops, unique ids) can
 * involve it. The whole set when a rule cannot be read (the full validation then says why).
 */
function linkedRules(rules: readonly Rule[], rule: Rule): readonly Rule[] {
  try {
    const refs = rules.map(referencedRules);
    const ids = new Set([rule.id]);
    for (let grew = true; grew;) {
      grew = false;
      rules.forEach((r, k) => {
        const linked = ids.has(r.id) || refs[k].some((x) => ids.has(x));
        if (!linked) return;
        for (const x of [r.id, ...refs[k]])
          if (!ids.has(x)) {
            ids.add(x);
            grew = true;
          }
      });
    }
    return rules.filter((r) => r === rule || ids.has(r.id));
  } catch {
    return rules;
  }
}

/**
 * Validates the rule set holding `rule`, the replacement of a rule of a valid set: the rules linked to it by
 * references (checks across rules) and it (the rest were validated when loaded and do not change). Its errors are
 * reported at `path`.
 */
export function validateReplacement(rules: readonly Rule[], rule: Rule, path: string): void {
  const res = validateRules(linkedRules(rules, rule).map((r) => ({ origin: r === rule ? MARK : r.id, doc: r })));
  if (res.ok) return;
  throw new InputError(
    res.errors.map((e) => {
      if (e.path === MARK) return { path, message: e.message };
      if (e.path.startsWith(`${MARK}: `)) return { path, message: `${e.path.slice(MARK.length + 2)}: ${e.message}` };
      return { path, message: `${e.path}: ${e.message}` };
    }),
    path,
  );
}

/** What every sweep result says of its rule first: id, title, subject, status, whether in force on `asOf`. */
export function ruleHead(rule: Rule, asOf: string) {
  return {
    rule: rule.id,
    title: rule.title,
    subject: rule.subject,
    status: rule.status,
    inForce: ruleInForce(rule, asOf).inForce,
    asOf,
  };
}

/**
 * An Evaluator with `rule`'s thresholds at `pointers` set to `value` (the sweep's k-th value), the replacement
 * checked like a rule file; `store` carries the measure tables over from an earlier value (they do not depend on
 * thresholds).
 */
export function evaluatorAt(
  doc: LineageDocument,
  rules: readonly Rule[],
  rule: Rule,
  pointers: readonly string[],
  value: string,
  k: number,
  asOf: string,
  ref: ReferenceTables,
  store: MeasureStore | undefined,
): { ev: Evaluator; variant: Rule } {
  const variant = withThreshold(rule, pointers, value);
  const others = rules.map((r) => (r.id === rule.id ? variant : r));
  validateReplacement(others, variant, `values[${k}]`);
  return { ev: new Evaluator(doc, others, asOf, ref, store), variant };
}

/**
 * One point of a sweep: counts per reading of `rule` under `ev`, and which subjects changed verdict since the
 * previous point (`prev`, one verdict array per reading, updated in place).
 */
export function readingRows(
  ev: Evaluator,
  rule: Rule,
  which: readonly (string | undefined)[],
  prev: (Int8Array | null)[],
  changes: boolean,
): { rows: SweepReadingRow[]; subjects: number } {
  let subjects = 0;
  const rows = which.map((interp, j): SweepReadingRow => {
    const s = ev.summaryRow(rule, interp);
    const v = subjectVerdicts(ev, rule, interp);
    subjects = v.ids.length;
    const ch = prev[j] ? changesBetween(v.ids, prev[j], v.codes) : [];
    prev[j] = v.codes;
    return {
      ...(interp !== undefined ? { interpretation: interp } : {}),
      counts: s.counts,
      wrongfulCaptures: s.wrongfulCaptures,
      changed: ch.length,
      ...(changes ? { changes: ch } : {}),
    };
  });
  return { rows, subjects };
}

/** Sweeps one threshold of one rule over `values`. Throws InputError (paths rule, interpretation, target, values). */
export function sweep(doc: LineageDocument, rules: readonly Rule[], opts: SweepOptions): SweepResult {
  const ref = opts.reference ?? EMPTY_REFERENCE;
  const rule = findRule(rules, opts.rule);
  const which = chooseReadings(rule, opts.interpretation);
  const sel = selectTargets(rule, opts.target, opts.interpretation);
  const values = expandedValues(opts.values);
  const pointers = sel.targets.map((s) => s.pointer);
  const current = sel.targets[0].value;
  let store: MeasureStore | undefined = opts.store;
  const prev: (Int8Array | null)[] = which.map(() => null);
  const points: SweepPoint[] = [];
  let subjects = 0;
  const sorted = opts.perValue
    ? null
    : sortedPoints(doc, rules, rule, which, sel.targets, values, current, opts, store);
  if (sorted) {
    points.push(...sorted.points);
    subjects = sorted.subjects;
  } else
    values.forEach((value, k) => {
      // Measure tables do not depend on thresholds: every value after the first reuses them.
      const { ev, variant } = evaluatorAt(doc, rules, rule, pointers, value, k, opts.asOf, ref, store);
      store = ev.store;
      const rows = readingRows(ev, variant, which, prev, opts.changes ?? false);
      subjects = rows.subjects;
      points.push({ value, current: sameDecimal(value, current), readings: rows.rows });
      opts.onProgress?.(k + 1, values.length);
    });
  return {
    ...ruleHead(rule, opts.asOf),
    subjects,
    target: opts.target,
    unit: sel.unit,
    thresholds: sel.targets,
    current,
    fixed: sel.fixed,
    interpretations: which.map((i) => i ?? null),
    points,
  };
}

/**
 * The sweep by the sorted path when every reading qualifies (planReading), else null. A variant's validity does not
 * depend on its value (values are canonical decimals), so only the first is validated.
 */
export function sortedPoints(
  doc: LineageDocument,
  rules: readonly Rule[],
  rule: Rule,
  which: readonly (string | undefined)[],
  sites: readonly ThresholdSite[],
  values: readonly string[],
  current: string,
  opts: SweepOptions,
  store: MeasureStore | undefined,
  /** Per reading (`which[j]`): per-model verdicts as the walk goes (sweepDetail's counts per group and rows). */
  hooks?: (j: number) => VerdictHooks | undefined,
): { points: SweepPoint[]; subjects: number } | null {
  const ev = new Evaluator(doc, rules, opts.asOf, opts.reference ?? EMPTY_REFERENCE, store);
  const plans = which.map((interp) => planReading(ev, rule, interp, sites));
  // A rule reading itself back through other rules (eu-ai-act/systemic-risk) takes the cycle path (sorted-cycle.ts).
  const cyclic = plans.some((p) => p === null) && refersBack(ev, rule);
  if (plans.some((p) => p === null) && !cyclic) return null;
  const first = withThreshold(
    rule,
    sites.map((s) => s.pointer),
    values[0],
  );
  validateReplacement(
    rules.map((r) => (r.id === rule.id ? first : r)),
    first,
    'values[0]',
  );
  const changes = opts.changes ?? false;
  const last = plans.length - 1;
  const parsed = parseValues(values);
  const currentDec = parseDec(current)!;
  const currentF = decFloat(currentDec);
  const currentErr = decErr(currentF);
  const amounts: ExactAmounts = new Map();
  const progress = (k: number) => opts.onProgress?.(k + 1, values.length);
  const per = cyclic
    ? cycleRows(ev, rule, which, sites, parsed, values.length, changes, amounts, progress, hooks)
    : plans.map((p, j) =>
        sortedRows(ev, rule, p!, values, changes, j === last ? progress : undefined, parsed, amounts, hooks?.(j)),
      );
  if (!per) return null;
  return {
    subjects: ev.ix.models.length,
    points: values.map((value, k) => ({
      value,
      current:
        provenSign(parsed.float[k], parsed.err[k], currentF, currentErr) === 0 &&
        cmp(parsed.exact(k), currentDec) === 0,
      readings: per.length === 1 ? [per[0][k]] : per.map((rows) => rows[k]),
    })),
  };
}

function sameDecimal(a: string, b: string): boolean {
  return cmp(parseDec(a)!, parseDec(b)!) === 0;
}
