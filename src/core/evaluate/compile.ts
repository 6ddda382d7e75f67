// Verdict-only evaluation of a model rule: each condition tree (per reading and restriction) is compiled once into
// closures over model indices. Comparisons are decided on the float tables when the gap exceeds their error bound,
// and exactly (compare.ts on exact re-sums) otherwise, so the verdicts are those of the interpreted conditions.
import { Approx, fracApprox, mulApprox, provenSign } from '../exact/bound';
import { Frac, mul } from '../exact/decimal';
import type { ReferenceTables } from '../estimate/reference';
import type { Condition, MeasureSpec } from '../types';
import { absoluteThreshold, compare, dec, frac } from './compare';
import { evalCondition, Frame, VerdictLookup } from './conditions';
import { matchingMarkets } from './markets';
import { monthsBefore } from './window';
import { floatView, FloatView, MeasureStore } from './store';
import { capturedTri, FALSE, TRUE, Tri, UNKNOWN } from './tri';

export type ModelTest = (i: number) => Tri;

export interface CompileEnv {
  store: MeasureStore;
  ref: ReferenceTables;
  asOf: string;
  measures: Readonly<Record<string, MeasureSpec>>;
  interpretation: string | undefined;
  restrict: boolean;
  verdictOf: VerdictLookup;
  /** `verdictOf` resolved once for a rule, reading and restriction. */
  verdictFn: (rule: string, interpretation: string | undefined, restrict: boolean) => (i: number) => number;
}

const UNDECIDED = -1;

/** `decide` (compare.ts) on a float view: a Tri when the bounds prove it, else UNDECIDED. */
export function decideFloat(a: FloatView, tLo: Approx, tHi: Approx): number {
  // The comparator needs no case: a proven strict gap decides > and >= alike; ties go to the exact path.
  // lo above the high threshold: met for both comparators; below: met for neither.
  const s = provenSign(a.lo, a.err, tHi.v, tHi.err);
  if (s === 0) return UNDECIDED;
  if (s > 0) return TRUE;
  if (a.missing !== 0) return UNKNOWN;
  // Known high below the low threshold: not met for both comparators; above: undecided by the range.
  const s2 = provenSign(a.hi, a.err, tLo.v, tLo.err);
  if (s2 === 0) return UNDECIDED;
  return s2 < 0 ? FALSE : UNKNOWN;
}

export function compileCondition(c: Condition, env: CompileEnv): ModelTest {
  if (c.all) return combine(c.all.map((x) => compileCondition(x, env)), FALSE);
  if (c.any) return combine(c.any.map((x) => compileCondition(x, env)), TRUE);
  if (c.not) {
    const inner = compileCondition(c.not, env);
    return (i) => {
      const v = inner(i);
      return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
    };
  }
  if (c.compare) return compileCompare(c.compare, env);
  const models = env.store.ix.models;
  if (c.modelField) {
    const { field, equals, ifUnknown } = c.modelField;
    const unknown: Tri = ifUnknown === 'true' ? TRUE : ifUnknown === 'false' ? FALSE : UNKNOWN;
    // One pass over the models on first use: later reads index a typed array, not objects of many shapes.
    let tris: Int8Array | undefined;
    const fill = () => {
      const t = new Int8Array(models.length);
      for (let i = 0; i < t.length; i++) {
        const v = models[i][field];
        t[i] = v === undefined ? unknown : v === equals ? TRUE : FALSE;
      }
      return t;
    };
    return (i) => (tris ??= fill())[i] as Tri;
  }
  if (c.presumed) {
    const { field, criterion, excludes } = c.presumed;
    // The criterion is a fact about the model: decided on its full compute, even for the own-only counterfactual.
    const full = env.restrict ? { ...env, restrict: false } : env;
    const crit = compileCondition(criterion, full);
    const excl = excludes ? compileCondition(excludes, full) : null;
    return (i) => {
      const v = models[i][field];
      if (v !== undefined) return v ? TRUE : FALSE;
      const t = crit(i);
      if (t !== FALSE) return t;
      return excl && excl(i) === TRUE ? FALSE : UNKNOWN;
    };
  }
  if (c.generatesAny) {
    const want = new Set<string>(c.generatesAny.modalities);
    return (i) => {
      const gen = models[i].generates;
      if (gen === undefined) return UNKNOWN;
      for (let k = 0; k < gen.length; k++) if (want.has(gen[k])) return TRUE;
      return FALSE;
    };
  }
  if (c.hasBase) {
    const { relations, otherDeveloper } = c.hasBase;
    const originals = otherDeveloper ? originalsOf(env, relations) : null;
    const parent = hasParent(env, relations);
    return (i) => {
      const found = originals ? originals(i).length > 0 : parent(i);
      // Without a developer, "another developer's model" cannot be decided.
      if (otherDeveloper && found && models[i].developer === undefined) return UNKNOWN;
      return found ? TRUE : FALSE;
    };
  }
  if (c.baseFinding) {
    const bf = c.baseFinding;
    // Another model's status is a fact about that model: the own-only counterfactual does not change it.
    let verdict: ((i: number) => number) | undefined;
    let marked: Uint8Array | undefined;
    const tri = (k: number): Tri => {
      verdict ??= env.verdictFn(bf.rule, bf.interpretation ?? env.interpretation, false);
      marked ??= designated(env.store, bf.rule);
      return marked[k] === 1 ? TRUE : capturedTri(verdict(k));
    };
    if (bf.otherDeveloper) {
      const bases = originalsOf(env, bf.relations);
      return (i) => {
        let unknown = false;
        for (const k of bases(i)) {
          const t = tri(k);
          if (t === TRUE) return TRUE;
          if (t === UNKNOWN) unknown = true;
        }
        return unknown ? UNKNOWN : FALSE;
      };
    }
    // Direct parents through the relations, from the store's flat parent lists.
    let parents: { start: Int32Array; idx: Int32Array } | undefined;
    return (i) => {
      const { start, idx } = (parents ??= env.store.parentsThrough(bf.relations));
      let unknown = false;
      for (let j = start[i]; j < start[i + 1]; j++) {
        const t = tri(idx[j]);
        if (t === TRUE) return TRUE;
        if (t === UNKNOWN) unknown = true;
      }
      return unknown ? UNKNOWN : FALSE;
    };
  }
  if (c.modelFinding) {
    const mf = c.modelFinding;
    let verdict: ((i: number) => number) | undefined;
    let marked: Uint8Array | undefined;
    return (i) => {
      if ((marked ??= designated(env.store, mf.rule))[i] === 1) return TRUE;
      verdict ??= env.verdictFn(mf.rule, mf.interpretation ?? env.interpretation, env.restrict);
      return capturedTri(verdict(i));
    };
  }
  if (c.marketsAny) {
    const { markets: want, ifUnknown } = c.marketsAny;
    const unknown: Tri = ifUnknown === 'true' ? TRUE : ifUnknown === 'false' ? FALSE : UNKNOWN;
    return (i) => {
      const listed = models[i].markets;
      if (listed === undefined) return unknown;
      return matchingMarkets(listed, want).length > 0 ? TRUE : FALSE;
    };
  }
  if (c.trainedWithin) {
    const tw = c.trainedWithin;
    const from = monthsBefore(env.asOf, tw.months);
    const asOf = env.asOf;
    const unknown: Tri = tw.ifUnknown === 'true' ? TRUE : tw.ifUnknown === 'false' ? FALSE : UNKNOWN;
    // As datedWithin (window.ts): a record's date is its end, else its start.
    return (i) => {
      const recs = models[i].compute;
      let dated = false;
      if (recs) {
        for (let k = 0; k < recs.length; k++) {
          const d = recs[k].end ?? recs[k].start;
          if (d === undefined) continue;
          dated = true;
          if (d > from && d <= asOf) return TRUE;
        }
      }
      return dated ? FALSE : unknown;
    };
  }
  // Rare operators on models (dates, revenue, organization fields): the interpreter, without a trace.
  return (i) => evalCondition(c, frameFor(env, i));
}

/** 1 for the models whose `designations` name the rule (listed as captured by it in the input). */
function designated(store: MeasureStore, rule: string): Uint8Array {
  return store.memo(`designated|${rule}`, () => {
    const models = store.ix.models;
    const out = new Uint8Array(models.length);
    for (let i = 0; i < models.length; i++) if (models[i].designations?.includes(rule)) out[i] = 1;
    return out;
  });
}

function frameFor(env: CompileEnv, i: number): Frame {
  return { ...env, subject: { kind: 'model', i }, trace: null };
}

/** all (decisive FALSE) or any (decisive TRUE), stopping at the first decisive child. */
function combine(items: ModelTest[], decisive: Tri): ModelTest {
  const otherwise: Tri = decisive === FALSE ? TRUE : FALSE;
  if (items.length === 1) {
    const only = items[0];
    return only;
  }
  return (i) => {
    let unknown = false;
    for (let k = 0; k < items.length; k++) {
      const v = items[k](i);
      if (v === decisive) return decisive;
      if (v === UNKNOWN) unknown = true;
    }
    return unknown ? UNKNOWN : otherwise;
  };
}

/** The original models by other developers that model i derives from, through the given relations. */
function originalsOf(env: CompileEnv, relations: readonly string[] | undefined): (i: number) => readonly number[] {
  let table: readonly (readonly number[])[] | undefined;
  return (i) => (table ??= env.store.originalsTable(relations))[i];
}

/** Whether model i has a direct parent through the given relations (all when absent). */
function hasParent(env: CompileEnv, relations: readonly string[] | undefined): (i: number) => boolean {
  let parents: { start: Int32Array; idx: Int32Array } | undefined;
  return (i) => {
    const { start } = (parents ??= env.store.parentsThrough(relations));
    return start[i + 1] > start[i];
  };
}

function approxPair(q: { lo: Frac; hi: Frac }): { lo: Approx; hi: Approx } {
  const lo = fracApprox(q.lo);
  return { lo, hi: q.hi === q.lo ? lo : fracApprox(q.hi) };
}

function compileCompare(test: NonNullable<Condition['compare']>, env: CompileEnv): ModelTest {
  const { store, restrict } = env;
  const spec = env.measures[test.measure];
  const t = test.threshold;
  const view = floatView();
  const ofView = floatView();
  const observe = store.viewer(spec, restrict);
  const ofSpec = t.of !== undefined ? env.measures[t.of] : undefined;

  // The exact path: the interpreted comparison on exact re-sums of this model's members.
  const when = (c: Condition, i: number) => evalCondition(c, frameFor(env, i));
  const exact = (i: number): Tri =>
    compare(test, {
      observed: store.exact(spec, i, restrict),
      ownShare: () => store.ownShare(spec, i),
      spec,
      name: test.measure,
      asOf: env.asOf,
      ref: env.ref,
      of: ofSpec ? store.exact(ofSpec, i, false) : undefined,
      when: (c) => when(c, i),
      explain: false,
    }).tri;

  if (ofSpec === undefined) {
    const th = approxPair(absoluteThreshold(t, env.asOf, env.ref));
    return (i) => {
      observe(i, view);
      const r = decideFloat(view, th.lo, th.hi);
      return r === UNDECIDED ? exact(i) : (r as Tri);
    };
  }

  const k = frac(t.fraction ?? '1');
  const kf = fracApprox(k);
  const observeOf = store.viewer(ofSpec, false);
  const fallbacks = (t.fallbacks ?? []).map((fb) => {
    const kk = frac(fb.fraction ?? '1');
    const q: Frac = { num: mul(dec(fb.value), kk.num), den: kk.den };
    return { when: compileCondition(fb.when, env), th: fracApprox(q) };
  });
  return (i) => {
    observe(i, view);
    observeOf(i, ofView);
    let r: number;
    if (ofView.missing === 0) {
      const lo = mulApprox(ofView.lo, ofView.err, kf.v, kf.err);
      const hi = mulApprox(ofView.hi, ofView.err, kf.v, kf.err);
      r = decideFloat(view, lo, hi);
    } else {
      // The rule's own fallbacks while the original's amount is unknown; disagreeing fallbacks leave it open.
      r = UNKNOWN;
      let first = -2;
      for (const fb of fallbacks) {
        const w = fb.when(i);
        if (w === FALSE) continue;
        // `when` can evaluate this same rule for a base model (through another rule's modelFinding), which
        // reuses the scratch view: read this model's amount again.
        observe(i, view);
        const d = decideFloat(view, fb.th, fb.th);
        if (d === UNDECIDED) return exact(i);
        if (first === -2) first = d;
        else if (d !== first) first = UNKNOWN;
        if (w === TRUE) break;
      }
      if (first !== -2) r = first;
    }
    return r === UNDECIDED ? exact(i) : (r as Tri);
  };
}
