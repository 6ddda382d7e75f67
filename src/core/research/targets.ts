// Where a rule keeps its absolute thresholds (decimal strings in its conditions), which of them a sweep target names,
// and a copy of the rule with those thresholds replaced.
import { childrenOf } from '../evaluate/operators/registry';
import type { Condition, MeasureSpec, Rule } from '../types';
import { InputError } from '../validate/errors';
import { cloneJson } from './merge-patch';

/** One absolute threshold in a rule: a decimal string at `pointer` (JSON Pointer from the rule's root). */
export interface ThresholdSite {
  pointer: string;
  /** The measure compared, or "revenue" for a revenue test. */
  measure: string;
  kind: 'compare' | 'each' | 'sum' | 'revenue' | 'fallback';
  comparator: '>' | '>=';
  unit: 'FLOP' | 'USD';
  value: string;
  /** Where it sits: "applicability", "condition" or "interpretations/<id>". */
  within: string;
  /** Set when the value is not compared as written: a fraction of it, or adjusted for inflation. */
  note?: string;
}

/** A compare test whose threshold is a fraction of another measure (not sweepable by value). */
interface RelativeSite {
  pointer: string;
  measure: string;
  of: string;
  within: string;
}

interface Walked {
  sites: ThresholdSite[];
  relative: RelativeSite[];
}

const esc = (k: string | number) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');

function walk(c: Condition, ptr: string, within: string, measures: Record<string, MeasureSpec>, out: Walked): void {
  const unit = (m: string) => (measures[m]?.quantity === 'costUsd' ? 'USD' : 'FLOP');
  if (c.compare) {
    const t = c.compare.threshold;
    const p = `${ptr}/compare/threshold`;
    if (t.value !== undefined) {
      const note = t.inflation
        ? `adjusted for inflation (${t.inflation.series}, base ${t.inflation.baseYear})`
        : t.fraction
          ? `compared as ${t.fraction} of the value`
          : undefined;
      out.sites.push({
        pointer: `${p}/value`,
        measure: c.compare.measure,
        kind: 'compare',
        comparator: c.compare.op,
        unit: unit(c.compare.measure),
        value: t.value,
        within,
        ...(note ? { note } : {}),
      });
    } else if (t.of !== undefined) {
      out.relative.push({ pointer: p, measure: c.compare.measure, of: t.of, within });
    }
    t.fallbacks?.forEach((fb, i) => {
      out.sites.push({
        pointer: `${p}/fallbacks/${i}/value`,
        measure: c.compare!.measure,
        kind: 'fallback',
        comparator: c.compare!.op,
        unit: unit(t.of ?? c.compare!.measure),
        value: fb.value,
        within,
        note: `fallback when ${t.of} is unknown${fb.fraction ? `, compared as ${fb.fraction} of the value` : ''}`,
      });
    });
  }
  if (c.revenue)
    out.sites.push({
      pointer: `${ptr}/revenue/value`,
      measure: 'revenue',
      kind: 'revenue',
      comparator: c.revenue.op,
      unit: 'USD',
      value: c.revenue.value,
      within,
    });
  for (const k of ['each', 'sum'] as const) {
    const d = c.developedModels?.[k];
    if (d)
      out.sites.push({
        pointer: `${ptr}/developedModels/${k}/value`,
        measure: d.measure,
        kind: k,
        comparator: d.op,
        unit: unit(d.measure),
        value: d.value,
        within,
      });
  }
  // Sub-conditions of every operator, by the registry; a presumption's criterion (10^23 for "general-purpose") says
  // what the rule is about, not where its line is, so it is not a threshold to sweep.
  for (const ch of childrenOf(c)) {
    if (ch.key !== 'presumed')
      walk(ch.condition, [ptr, ch.key, ...ch.segments.map(esc)].join('/'), within, measures, out);
  }
}

/** Every absolute threshold of a rule (and relative ones, for error messages), in document order. */
export function thresholdSites(rule: Rule): Walked {
  const out: Walked = { sites: [], relative: [] };
  const base = rule.measures ?? {};
  if (rule.applicability) walk(rule.applicability, '/applicability', 'applicability', base, out);
  walk(rule.condition, '/condition', 'condition', base, out);
  (rule.interpretations ?? []).forEach((r, i) => {
    if (r.condition)
      walk(
        r.condition,
        `/interpretations/${esc(i)}/condition`,
        `interpretations/${r.id}`,
        { ...base, ...(r.measures ?? {}) },
        out,
      );
  });
  return out;
}

/** Whether a site is evaluated under the reading (undefined: any reading of the rule). */
function inPlay(rule: Rule, site: { within: string }, interpretation: string | undefined): boolean {
  if (site.within === 'applicability') return true;
  const readings = interpretation === undefined ? (rule.interpretations ?? []).map((r) => r.id) : [interpretation];
  if (site.within === 'condition')
    return readings.length === 0 || readings.some((id) => !rule.interpretations?.find((r) => r.id === id)?.condition);
  return readings.some((id) => site.within === `interpretations/${id}`);
}

/** "condition.all[0].compare" or "/all/0/compare" → a JSON Pointer from the rule's root. */
export function toPointer(path: string): string {
  let p = path.startsWith('/')
    ? path
    : `/${path
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .filter((s) => s !== '')
        .map(esc)
        .join('/')}`;
  if (!/^\/(condition|applicability|interpretations)(\/|$)/.test(p)) p = `/condition${p === '/' ? '' : p}`;
  return p;
}

export interface Selection {
  /** The thresholds the sweep replaces. */
  targets: ThresholdSite[];
  /** Other absolute thresholds evaluated under the chosen reading(s), held at their values. */
  fixed: ThresholdSite[];
  unit: 'FLOP' | 'USD';
}

const fail = (message: string): never => {
  throw new InputError([{ path: 'target', message }], 'target');
};

const list = (sites: ThresholdSite[]) =>
  sites.map((s) => `${s.measure} ${s.comparator} ${s.value} at ${s.pointer}`).join('; ');

/**
 * Which thresholds `target` names: comma-separated measure names (every absolute test on them; "revenue" for
 * revenue tests; fallback values of relative thresholds only by path), or a path (JSON
 * Pointer from the rule's root, or relative to its condition; dotted paths also work) to a threshold, a compare test
 * or a revenue/each/sum test. Throws InputError (path `target`) when it names nothing sweepable.
 */
export function selectTargets(rule: Rule, target: string, interpretation: string | undefined): Selection {
  const { sites, relative } = thresholdSites(rule);
  const playing = sites.filter((s) => inPlay(rule, s, interpretation));
  const reading = interpretation === undefined ? '' : ` under reading ${interpretation}`;
  let targets: ThresholdSite[];
  if (/^[A-Za-z][A-Za-z0-9]*(\s*,\s*[A-Za-z][A-Za-z0-9]*)*$/.test(target.trim())) {
    const names = target.split(',').map((s) => s.trim());
    // Fallback values stand in for a relative threshold: reachable by path only.
    const named = (s: ThresholdSite) => s.kind !== 'fallback' && names.includes(s.measure);
    const known = [...new Set(sites.filter((s) => s.kind !== 'fallback').map((s) => s.measure))];
    for (const n of names) {
      if (sites.some((s) => s.kind !== 'fallback' && s.measure === n)) continue;
      const rel = relative.find((r) => r.measure === n);
      if (rel)
        fail(
          `${rule.id} compares ${n} with a fraction of ${rel.of} (${rel.pointer}), not with a value; point --path at a fallback value instead`,
        );
      fail(`${rule.id} has no threshold on a measure "${n}" (thresholds on: ${known.join(', ') || 'none'})`);
    }
    targets = playing.filter(named);
    if (targets.length === 0)
      fail(`${rule.id} tests ${names.join(', ')} only in other readings than ${interpretation}`);
    const values = new Set(targets.map((s) => s.value));
    for (const n of names) {
      const own = targets.filter((s) => s.measure === n);
      if (new Set(own.map((s) => s.value)).size > 1)
        fail(`${rule.id} tests ${n} against different values (${list(own)}); name one with --path`);
    }
    if (values.size > 1) fail(`the thresholds named differ in value (${list(targets)}); name one with --path`);
  } else {
    const p = toPointer(target.trim());
    const hit =
      sites.find((s) => s.pointer === p) ??
      [`${p}/value`, `${p}/threshold/value`, `${p}/compare/threshold/value`, `${p}/revenue/value`]
        .map((q) => sites.find((s) => s.pointer === q))
        .find((s) => s);
    if (!hit) {
      const rel = relative.find((r) => r.pointer === p || `${r.pointer}`.startsWith(`${p}/`));
      if (rel) fail(`${p} compares ${rel.measure} with a fraction of ${rel.of}, not with a value`);
      fail(`${p} is not an absolute threshold of ${rule.id} (its thresholds: ${list(sites)})`);
    }
    if (!inPlay(rule, hit!, interpretation)) fail(`${hit!.pointer} is not evaluated${reading}`);
    targets = [hit!];
  }
  const units = new Set(targets.map((s) => s.unit));
  if (units.size > 1) fail(`the thresholds named mix FLOP and USD (${list(targets)})`);
  return { targets, fixed: playing.filter((s) => !targets.includes(s)), unit: targets[0].unit };
}

/** A copy of the rule with the decimal at each pointer replaced by `value` (the rule itself is not modified). */
export function withThreshold(rule: Rule, pointers: readonly string[], value: string): Rule {
  const copy = cloneJson(rule);
  for (const p of pointers) {
    const segs = p
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node = copy as unknown as Record<string, unknown>;
    for (const s of segs.slice(0, -1)) node = node[s] as Record<string, unknown>;
    node[segs[segs.length - 1]] = value;
  }
  return copy;
}
