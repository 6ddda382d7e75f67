// revenue: the organization's (or the model's developer's) annual gross revenue for the calendar year before the
// evaluation date, optionally together with its affiliates, against a threshold. The comparison is recorded among
// the finding's measures so that organization verdicts carry their numbers.
import { ONE, parseDec } from '../../exact/decimal';
import { groupRevenue } from '../../graph/affiliates';
import type { Amount } from '../../measure/amount';
import type { Condition } from '../../types';
import { decide, intervalOut } from '../compare';
import type { Frame } from '../conditions';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';
import { none, orgOf, say, thresholdText, triWord } from './shared';
import type { Operand, Operator } from './types';

function evaluate(op: Operand<'revenue'>, c: Condition, f: Frame): Tri {
  const org = orgOf(f);
  const year = parseInt(f.asOf.slice(0, 4), 10) - 1;
  const label = c.label ?? 'revenue test';
  if (op.includeAffiliates && org !== undefined) return evalGroupRevenue(op, c, f, org, year, label);
  const entry = org === undefined ? undefined : f.store.ix.orgs.get(org)?.revenueUsd?.find((r) => r.year === year);
  if (!entry) {
    if (f.trace) {
      say(f, 'revenue.unknown', { label, organization: org ?? null, year, asOf: f.asOf, group: false });
      pushRevenue(
        f,
        op,
        c.label,
        null,
        `${org ?? 'the developer'}'s gross revenue in ${year}`,
        'organization',
        UNKNOWN,
        org,
      );
    }
    return UNKNOWN;
  }
  const v = parseDec(String(entry.amount))!;
  const t = { num: parseDec(op.value)!, den: ONE };
  const a: Amount = { lo: v, hiKnown: v, mid: v, missing: 0, sample: [], estimated: false };
  const tri = decide(a, op.op, t, t);
  if (f.trace) {
    say(f, `revenue.${tri === TRUE ? 'met' : 'not-met'}`, {
      label,
      organization: org ?? null,
      year,
      amount: entry.amount,
      lowerBound: false,
      group: false,
      ...comparison(op, tri),
    });
    pushRevenue(f, op, c.label, a, `${org}'s gross revenue in ${year}`, 'organization', tri, org);
  }
  return tri;
}

/** The comparison part of a revenue message: comparator, the text's wording, threshold and answer. */
function comparison(op: Operand<'revenue'>, tri: Tri) {
  return {
    comparator: op.op,
    ...(op.wording ? { wording: op.wording } : {}),
    threshold: Number(op.value),
    value: triWord(tri),
  };
}

/** Records a revenue comparison among the finding's measures (the numbers behind an organization verdict). */
function pushRevenue(
  f: Frame,
  r: Operand<'revenue'>,
  label: string | undefined,
  a: Amount | null,
  description: string,
  scope: string,
  tri: Tri,
  org: string | undefined,
) {
  f.trace!.measures.push({
    id: 'revenue',
    description: label ? `${description} (${label})` : description,
    quantity: 'revenueUsd',
    unit: 'USD',
    scope,
    observed: a ? intervalOut(a) : { low: { exact: '0', value: 0 }, high: null, central: null },
    comparator: r.op,
    ...(r.wording ? { wording: r.wording } : {}),
    threshold: { exact: r.value, value: Number(r.value) },
    thresholdBasis: 'absolute threshold',
    result: tri === TRUE ? 'met' : tri === FALSE ? 'not-met' : 'unknown',
    estimated: false,
    methods: a ? ['declared'] : [],
    missing: a ? [...a.sample] : org !== undefined ? [org] : [],
    ownShare: null,
    countsOthers: false,
  });
}

function evalGroupRevenue(
  op: Operand<'revenue'>,
  c: Condition,
  f: Frame,
  org: string,
  year: number,
  label: string,
): Tri {
  // Verdict-only runs ask once per organization and reading: the group's figure depends on the lineage alone.
  const g = f.trace
    ? groupRevenue(f.store.ix, org, year)
    : f.store.memo(`groupRevenue|${year}|${org}`, () => groupRevenue(f.store.ix, org, year));
  if (g.amount === null) {
    if (f.trace) {
      say(f, 'revenue.unknown', { label, organization: org, year, asOf: f.asOf, group: true, basis: g.basis });
      pushRevenue(
        f,
        op,
        c.label,
        null,
        `${org}'s gross revenue with affiliates in ${year}`,
        'organization-group',
        UNKNOWN,
        org,
      );
    }
    return UNKNOWN;
  }
  const amount = g.amount;
  const judged = (): Tri => {
    const t = { num: parseDec(op.value)!, den: ONE };
    return decide(amount, op.op, t, t);
  };
  const tri = f.trace ? judged() : f.store.memo(`groupRevenue|${year}|${org}|${op.op}|${op.value}`, judged);
  const id = tri === TRUE ? 'revenue.met' : tri === FALSE ? 'revenue.not-met' : 'revenue.unknown';
  if (f.trace) {
    say(f, id, {
      label,
      organization: org,
      year,
      amount: g.amount.lo.f,
      lowerBound: g.amount.missing > 0,
      group: true,
      basis: g.basis,
      ...comparison(op, tri),
    });
    pushRevenue(
      f,
      op,
      c.label,
      g.amount,
      `${org}'s gross revenue with affiliates in ${year} (${g.basis})`,
      'organization-group',
      tri,
      org,
    );
  }
  return tri;
}

export const revenue: Operator<'revenue'> = {
  key: 'revenue',
  summary:
    "The organization's annual gross revenue for the calendar year before the evaluation date (with affiliates when asked) against a threshold; unknown when not given.",
  subjects: ['model', 'organization'],
  messages: {
    'revenue.met': 'the revenue passes the threshold',
    'revenue.not-met': 'the revenue does not pass the threshold',
    'revenue.unknown': 'the revenue for that year is not given, or only a lower bound is',
  },
  children: none,
  evaluate,
  compile: 'interpreter',
  readsOthers: () => false,
  describe: (op) => [
    `annual gross revenue of the preceding calendar year${op.includeAffiliates ? ' together with affiliates' : ''} ${op.op} ${thresholdText(op.value, 'revenueUsd')}${op.wording ? ` ("${op.wording}")` : ''}`,
  ],
  check: none,
};
