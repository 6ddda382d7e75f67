// dateField: a date of the model (released, or the earliest compute record's start) against a date.
import type { Condition } from '../../types';
import type { Frame } from '../conditions';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { none, sayPrecondition, unknownTri } from './shared';
import type { Operand, Operator } from './types';

function evaluate(d: Operand<'dateField'>, c: Condition, f: Frame): Tri {
  if (f.subject.kind !== 'model') return UNKNOWN;
  const m = f.store.ix.models[f.subject.i];
  let v: string | undefined;
  if (d.field === 'released') v = m.released;
  else
    v = (m.compute ?? [])
      .map((r) => r.start)
      .filter((s): s is string => !!s)
      .sort()[0];
  let tri: Tri;
  if (v === undefined) tri = unknownTri(d.ifUnknown);
  else {
    const r = v < d.value ? -1 : v > d.value ? 1 : 0;
    const ok = d.op === '<' ? r < 0 : d.op === '<=' ? r <= 0 : d.op === '>' ? r > 0 : r >= 0;
    tri = ok ? TRUE : FALSE;
  }
  if (f.trace)
    sayPrecondition(f, c.label ?? `${d.field} ${d.op} ${d.value}`, tri, {
      kind: 'date',
      field: d.field,
      date: v ?? null,
    });
  return tri;
}

export const dateField: Operator<'dateField'> = {
  key: 'dateField',
  summary:
    "A date of the model (released, or the earliest compute record's start) compared with a date; unknown when not given unless the rule assumes.",
  subjects: ['model'],
  messages: { precondition: 'the date as given' },
  children: none,
  evaluate,
  compile: 'interpreter',
  readsOthers: () => false,
  describe: (d) => [`${d.field} ${d.op} ${d.value}`],
  check: none,
};
