// One pass over the lineage DAG per measure: each model's own amount, its lineage total (every ancestor once),
// the total over its ancestors only, and the total restricted to its own developer's models.
//
// Single-parent chains are summed incrementally along an iterative depth-first walk; a model with several parents
// (a merge) starts a fresh walk seeded by an explicit union of its ancestors, so diamonds are counted once.
// Per-developer sums ride on per-developer stacks of path sums, so no model re-walks its ancestors.
import { Amount, ZERO_AMOUNT, fromInterval, plus, unknownAmount } from './amount';
import { ancestors, LineageIndex } from '../graph/lineage';
import type { RecordEstimates } from './records';
import { NormalSpec, recordCounts } from './spec';
import { addIv, ZERO_IV } from '../exact/interval';
import type { Interval } from '../exact/interval';

export interface MeasureTable {
  own: Amount[];
  total: Amount[];
  base: Amount[];
  developer: Amount[];
}

export function ownAmount(ix: LineageIndex, est: RecordEstimates, spec: NormalSpec, i: number): Amount {
  const list = est.of(i);
  const model = ix.models[i];
  if (list === null) return unknownAmount(model.id);
  const recs = model.compute!;
  const market = spec.market ? est.marketOf(i) : null;
  let iv: Interval = ZERO_IV;
  let estimated = false;
  let any = false;
  for (let k = 0; k < recs.length; k++) {
    if (!recordCounts(spec, recs[k])) continue;
    any = true;
    if (spec.quantity === 'flop') {
      iv = addIv(iv, list[k].flop.flop);
      if (list[k].flop.method !== 'declared' && list[k].flop.method !== 'declared-range') estimated = true;
    } else {
      const c = market ? market[k] : list[k].cost;
      iv = addIv(iv, c.cost);
      if (c.estimated) estimated = true;
    }
  }
  if (!any) return ZERO_AMOUNT;
  return fromInterval(iv, model.id, estimated);
}

export function computeTable(ix: LineageIndex, est: RecordEstimates, spec: NormalSpec): MeasureTable {
  const n = ix.models.length;
  const own = new Array<Amount>(n);
  for (let i = 0; i < n; i++) own[i] = ownAmount(ix, est, spec, i);
  const total = new Array<Amount>(n);
  const base = new Array<Amount>(n);
  const developer = new Array<Amount>(n);
  const follows = (r: string) => spec.relations.has(r);

  // Parents and children through followed edges only.
  const parentCount = new Int32Array(n);
  const kids = new Array<number[]>(n);
  for (let i = 0; i < n; i++) kids[i] = [];
  for (let i = 0; i < n; i++) {
    const ps = ix.parents[i];
    for (let k = 0; k < ps.length; k++) {
      const e = ps[k];
      if (!follows(e.relation)) continue;
      let dup = false;
      for (let j = 0; j < k; j++) if (ps[j].idx === e.idx && follows(ps[j].relation)) dup = true;
      if (dup) continue;
      parentCount[i]++;
      kids[e.idx].push(i);
    }
  }

  const devStacks = new Map<string, Amount[]>();
  const top = (d: string): Amount => {
    const s = devStacks.get(d);
    return s && s.length > 0 ? s[s.length - 1] : ZERO_AMOUNT;
  };
  const push = (d: string, a: Amount) => {
    let s = devStacks.get(d);
    if (!s) devStacks.set(d, (s = []));
    s.push(a);
  };
  const pop = (d: string) => devStacks.get(d)!.pop();

  for (let r = 0; r < n; r++) {
    if (parentCount[r] === 1) continue; // reached from its parent's walk
    // Seed the walk at r.
    const seeded: string[] = [];
    if (parentCount[r] === 0) {
      base[r] = ZERO_AMOUNT;
    } else {
      let b = ZERO_AMOUNT;
      const byDev = new Map<string, Amount>();
      for (const a of ancestors(ix, r, follows)) {
        b = plus(b, own[a]);
        byDev.set(ix.devKey[a], plus(byDev.get(ix.devKey[a]) ?? ZERO_AMOUNT, own[a]));
      }
      base[r] = b;
      for (const [d, amt] of [...byDev].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
        push(d, amt);
        seeded.push(d);
      }
    }
    total[r] = plus(base[r], own[r]);
    developer[r] = plus(top(ix.devKey[r]), own[r]);
    push(ix.devKey[r], developer[r]);

    // Iterative DFS over single-parent descendants.
    const stack: [number, number][] = [[r, 0]];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const v = frame[0];
      const ch = kids[v];
      if (frame[1] < ch.length) {
        const c = ch[frame[1]++];
        if (parentCount[c] !== 1) continue;
        base[c] = total[v];
        total[c] = plus(total[v], own[c]);
        developer[c] = plus(top(ix.devKey[c]), own[c]);
        push(ix.devKey[c], developer[c]);
        stack.push([c, 0]);
      } else {
        pop(ix.devKey[v]);
        stack.pop();
      }
    }
    for (const d of seeded) pop(d);
  }
  return { own, total, base, developer };
}
