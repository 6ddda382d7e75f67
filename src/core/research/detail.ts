// Detail behind sweep and variant counts, for research in data frames: verdict counts per group of models (--by
// year|organization|country, grouped as `summary --by` groups them) and tidy per-subject rows (--per-model: one row
// per model × value × reading, or model × rule-or-variant × reading). Read from the same engine tables as the counts.
import { EMPTY_REFERENCE } from '../estimate/reference';
import { Breakdown, groupOf } from '../evaluate/breakdown';
import { Evaluator, readings } from '../evaluate/engine';
import { V_CAPTURED, V_NOT_APPLICABLE, V_NOT_CAPTURED, V_UNCERTAIN, VERDICT_NAMES } from '../evaluate/tri';
import { findRule } from '../rules/select';
import type { LineageDocument, Rule, Verdict } from '../types';
import type { MeasureStore } from '../measure/store';
import { chooseReadings, evaluatorAt, sortedPoints, SweepOptions } from './sweep';
import { selectTargets } from './targets';
import { expandedValues, expandValues } from './values';
import type { VerdictHooks } from './sorted-sweep';
import { buildVariants, VariantsOptions } from './variants';
import { subjectVerdicts } from './verdicts';

export interface DetailWanted {
  /** Counts per group of models. */
  by?: Breakdown;
  /** One row per subject. */
  perSubject?: boolean;
}

/** Verdict counts of one rule reading over one group of models (organizations: those with a model in the group). */
export interface GroupCounts {
  group: string;
  /** Models in the group. */
  models: number;
  counts: Record<Verdict, number>;
  wrongfulCaptures: number;
}

/** Who a subject is, for grouping in a data frame: "" where the lineage does not say. */
export interface SubjectInfo {
  /** Model id, or organization id for an organization rule. */
  subject: string;
  kind: 'model' | 'organization';
  /** The developer organization id (the organization itself for an organization rule). */
  developer: string;
  /** The company the developer is an affiliate of (affiliateOf), else the developer: as `--by organization`. */
  organization: string;
  country: string;
  /** Publication year (released), models only. */
  year: string;
}

/** One subject's verdict under one rule reading, with the own-only counterfactual. */
export interface SubjectVerdict {
  verdict: Verdict;
  ownOnly: Verdict;
  wrongfulCapture: boolean;
}

interface Probe {
  groups?: GroupCounts[];
  subjects?: SubjectVerdict[];
}

/** Groups of model indices, sorted by name with "unknown" last (as summary --by sorts them). */
function groupsOf(ev: Evaluator, by: Breakdown): { group: string; idx: Set<number> }[] {
  const m = new Map<string, Set<number>>();
  ev.ix.models.forEach((model, i) => {
    const g = groupOf(model, ev.ix.orgs, by);
    if (!m.has(g)) m.set(g, new Set());
    m.get(g)!.add(i);
  });
  return [...m.keys()]
    .sort((a, b) => (a === 'unknown' ? 1 : b === 'unknown' ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map((group) => ({ group, idx: m.get(group)! }));
}

/** The subjects of a rule, in the engine's order (models in document order, organizations by id). */
export function subjectInfo(ev: Evaluator, rule: Rule): SubjectInfo[] {
  const orgOf = (id: string | undefined) => (id === undefined ? undefined : ev.ix.orgs.get(id));
  if (rule.subject === 'model')
    return ev.ix.models.map((m) => {
      const o = orgOf(m.developer);
      return {
        subject: m.id,
        kind: 'model',
        developer: m.developer ?? '',
        organization: o?.affiliateOf ?? m.developer ?? '',
        country: o?.country ?? '',
        year: m.released?.slice(0, 4) ?? '',
      };
    });
  return ev.organizations().map(({ id }) => {
    const o = orgOf(id);
    return {
      subject: id,
      kind: 'organization',
      developer: id,
      organization: o?.affiliateOf ?? id,
      country: o?.country ?? '',
      year: '',
    };
  });
}

function probe(
  ev: Evaluator,
  rule: Rule,
  interp: string | undefined,
  groups: { group: string; idx: Set<number> }[] | undefined,
  perSubject: boolean,
): Probe {
  // summaryRow fills the full verdict table parents-first and the own-only table where the full verdict captures;
  // what follows reads them (verdictOf fills any other own-only verdict from the columns when asked).
  ev.summaryRow(rule, interp);
  const out: Probe = {};
  if (groups)
    out.groups = groups.map(({ group, idx }) => {
      const s = ev.summaryRow(rule, interp, idx);
      return { group, models: idx.size, counts: s.counts, wrongfulCaptures: s.wrongfulCaptures };
    });
  if (perSubject) {
    const full = subjectVerdicts(ev, rule, interp).codes;
    const own =
      rule.subject === 'model'
        ? full.map((_, i) => ev.verdictOf(rule.id, interp, true, i))
        : Int8Array.from(ev.organizations(), (o) =>
            ev.judge(rule, interp, { kind: 'organization', id: o.id, models: o.models }, true, null),
          );
    out.subjects = [...full].map((c, i) => ({
      verdict: VERDICT_NAMES[c],
      ownOnly: VERDICT_NAMES[own[i]],
      wrongfulCapture: c === V_CAPTURED && own[i] === V_NOT_CAPTURED,
    }));
  }
  return out;
}

export interface SweepDetail {
  by?: Breakdown;
  /** Per group: counts at each value, reading by reading (the readings in the sweep's order). */
  groups?: {
    group: string;
    models: number;
    points: { value: string; readings: ({ interpretation?: string } & Omit<GroupCounts, 'group' | 'models'>)[] }[];
  }[];
  /** --per-model: one row per subject × reading × value. */
  rows?: (SubjectInfo & { interpretation?: string; value: string } & SubjectVerdict)[];
}

/** The detail of `sweep(doc, rules, opts)`: the same values, readings and rule copies. */
export function sweepDetail(
  doc: LineageDocument,
  rules: readonly Rule[],
  opts: SweepOptions,
  want: DetailWanted,
): SweepDetail {
  const ref = opts.reference ?? EMPTY_REFERENCE;
  const rule = findRule(rules, opts.rule);
  const which = chooseReadings(rule, opts.interpretation);
  const sel = selectTargets(rule, opts.target, opts.interpretation);
  const pointers = sel.targets.map((s) => s.pointer);
  const values = expandValues(opts.values.join(','));
  let store: MeasureStore | undefined = opts.store;
  let groups: { group: string; idx: Set<number> }[] | undefined;
  let info: SubjectInfo[] = [];
  let perValue: Probe[][] = [];
  const sorted = opts.perValue ? null : sortedProbes(doc, rules, rule, which, sel, values, opts, want);
  if (sorted) ({ groups, info, perValue } = sorted);
  else
    values.forEach((value, k) => {
      const { ev, variant } = evaluatorAt(doc, rules, rule, pointers, value, k, opts.asOf, ref, store);
      store = ev.store;
      if (k === 0) {
        groups = want.by ? groupsOf(ev, want.by) : undefined;
        info = want.perSubject ? subjectInfo(ev, variant) : [];
      }
      perValue.push(which.map((interp) => probe(ev, variant, interp, groups, want.perSubject === true)));
      opts.onProgress?.(k + 1, values.length);
    });
  const out: SweepDetail = {};
  if (want.by && groups) {
    out.by = want.by;
    out.groups = groups.map((g, gi) => ({
      group: g.group,
      models: g.idx.size,
      points: values.map((value, k) => ({
        value,
        readings: which.map((interp, j) => {
          const c = perValue[k][j].groups![gi];
          return {
            ...(interp !== undefined ? { interpretation: interp } : {}),
            counts: c.counts,
            wrongfulCaptures: c.wrongfulCaptures,
          };
        }),
      })),
    }));
  }
  if (want.perSubject) {
    out.rows = [];
    info.forEach((s, i) =>
      which.forEach((interp, j) =>
        values.forEach((value, k) =>
          out.rows!.push({
            ...s,
            ...(interp !== undefined ? { interpretation: interp } : {}),
            value,
            ...perValue[k][j].subjects![i],
          }),
        ),
      ),
    );
  }
  return out;
}

/**
 * The probes of every value by the sort-once path (sweep.ts sortedPoints) when it applies, else null: counts per group
 * and per-model verdicts kept up to date as the walk changes them.
 */
function sortedProbes(
  doc: LineageDocument,
  rules: readonly Rule[],
  rule: Rule,
  which: readonly (string | undefined)[],
  sel: ReturnType<typeof selectTargets>,
  values: readonly string[],
  opts: SweepOptions,
  want: DetailWanted,
): { groups: { group: string; idx: Set<number> }[] | undefined; info: SubjectInfo[]; perValue: Probe[][] } | null {
  if (rule.subject !== 'model') return null;
  const ev = new Evaluator(doc, rules, opts.asOf, opts.reference ?? EMPTY_REFERENCE, opts.store);
  const groups = want.by ? groupsOf(ev, want.by) : undefined;
  const info = want.perSubject ? subjectInfo(ev, rule) : [];
  const n = ev.ix.models.length;
  const groupOfModel = new Int32Array(n).fill(-1);
  groups?.forEach((g, gi) => {
    for (const i of g.idx) groupOfModel[i] = gi;
  });
  const perValue: Probe[][] = values.map(() => which.map(() => ({})));
  const hooks = (j: number): VerdictHooks => {
    const full = new Int8Array(n).fill(-1);
    const own = new Int8Array(n).fill(-1);
    const counts = (groups ?? []).map(() => [0, 0, 0, 0]);
    const wrongful = (groups ?? []).map(() => 0);
    return {
      model: (i, f, o) => {
        const g = groupOfModel[i];
        if (g >= 0) {
          if (full[i] >= 0) {
            counts[g][full[i]]--;
            if (full[i] === V_CAPTURED && own[i] === V_NOT_CAPTURED) wrongful[g]--;
          }
          counts[g][f]++;
          if (f === V_CAPTURED && o === V_NOT_CAPTURED) wrongful[g]++;
        }
        full[i] = f;
        own[i] = o;
      },
      value: (k) => {
        const p = perValue[k][j];
        if (groups)
          p.groups = groups.map(({ group, idx }, gi) => ({
            group,
            models: idx.size,
            counts: {
              captured: counts[gi][V_CAPTURED],
              'not-captured': counts[gi][V_NOT_CAPTURED],
              uncertain: counts[gi][V_UNCERTAIN],
              'not-applicable': counts[gi][V_NOT_APPLICABLE],
            },
            wrongfulCaptures: wrongful[gi],
          }));
        if (want.perSubject)
          p.subjects = Array.from(full, (c, i) => ({
            verdict: VERDICT_NAMES[c],
            ownOnly: VERDICT_NAMES[own[i]],
            wrongfulCapture: c === V_CAPTURED && own[i] === V_NOT_CAPTURED,
          }));
      },
    };
  };
  const r = sortedPoints(
    doc,
    rules,
    rule,
    which,
    sel.targets,
    expandedValues(values),
    sel.targets[0].value,
    opts,
    ev.store,
    hooks,
  );
  return r ? { groups, info, perValue } : null;
}

export interface VariantsDetail {
  by?: Breakdown;
  /** Counts per group for each row of the variants result, in its order. */
  groups?: { rule: string; interpretation?: string; groups: GroupCounts[] }[];
  /** --per-model: one row per subject × rule or variant × reading; a variant's rows say the base's verdict. */
  rows?: (SubjectInfo & {
    rule: string;
    base?: string;
    interpretation?: string;
    baseVerdict?: Verdict;
  } & SubjectVerdict)[];
}

/** The detail of `variants(doc, rules, opts)`: the same rows, in the same order. */
export function variantsDetail(
  doc: LineageDocument,
  rules: readonly Rule[],
  opts: VariantsOptions,
  want: DetailWanted,
): VariantsDetail {
  const built = buildVariants(rules, opts.variants);
  const ev = new Evaluator(doc, [...rules, ...built], opts.asOf, opts.reference ?? EMPTY_REFERENCE, opts.store);
  const groups = want.by ? groupsOf(ev, want.by) : undefined;
  const out: VariantsDetail = want.by ? { by: want.by, groups: [] } : {};
  if (want.perSubject) out.rows = [];
  const add = (rule: Rule, interp: string | undefined, base?: Rule) => {
    const p = probe(ev, rule, interp, groups, want.perSubject === true);
    const reading = interp !== undefined ? { interpretation: interp } : {};
    if (p.groups) out.groups!.push({ rule: rule.id, ...reading, groups: p.groups });
    if (!p.subjects) return;
    // The base's same reading when it has one, else its readings combined: as the variants table compares them.
    const same = base && interp !== undefined && (base.interpretations ?? []).some((x) => x.id === interp);
    const before = base ? subjectVerdicts(ev, base, same ? interp : undefined).codes : undefined;
    subjectInfo(ev, rule).forEach((s, i) =>
      out.rows!.push({
        ...s,
        rule: rule.id,
        ...(base ? { base: base.id } : {}),
        ...reading,
        ...p.subjects![i],
        ...(before ? { baseVerdict: VERDICT_NAMES[before[i]] } : {}),
      }),
    );
  };
  for (const id of [...new Set(opts.variants.map((v) => v.base))]) {
    const base = ev.rule(id);
    for (const interp of readings(base)) add(base, interp);
    opts.variants.forEach((v, k) => {
      if (v.base === id) for (const interp of readings(built[k])) add(built[k], interp, base);
    });
  }
  return out;
}
