// A JSON report read back into a Report (the saved report page, its downloads): the compact shape the JSON formats
// write (render/json-finding.ts) and the long shape of reports saved before it (every amount { low, high, central },
// own-only measures in full, citation text, unverified facts and obligations in every finding). Both give the same
// Report, so a report saved under either renders the same page.
import type { Report } from '../core/report';
import type { ExactNumber, IntervalOut } from '../core/types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An amount of either shape as { low, high, central }. */
export function intervalIn(a: unknown): IntervalOut | null {
  if (!isObj(a)) return null;
  if (!('exact' in a)) return a as unknown as IntervalOut;
  const c = a.exact === null ? null : { exact: a.exact as string, value: a.value as number };
  if (!('low' in a)) return { low: c!, high: c, central: c };
  return { low: a.low as ExactNumber, high: (a.high as ExactNumber | null) ?? null, central: c };
}

function measureIn(m: Obj): Obj {
  const out: Obj = { ...m, observed: intervalIn(m.observed) };
  if ('ownShare' in m) out.ownShare = intervalIn(m.ownShare);
  // Left out of the compact shape when only the developer's own models count: it is the observed amount.
  else if (m.countsOthers === false) out.ownShare = out.observed;
  if (Array.isArray(m.byDeveloper))
    out.byDeveloper = m.byDeveloper.filter(isObj).map((d) => ({ ...d, amount: intervalIn(d.amount) }));
  if (isObj(m.byDeveloperRest))
    out.byDeveloperRest = { ...m.byDeveloperRest, amount: intervalIn(m.byDeveloperRest.amount) };
  return out;
}

/** An own-only measure: in the compact shape the fields that differ from the finding's measure of the same id. */
function ownMeasureIn(own: Obj, full: Obj | undefined): Obj {
  if ('description' in own || full === undefined) return measureIn(own);
  const merged: Obj = { ...full, ...own };
  if (!('byDeveloper' in own)) delete merged.byDeveloper;
  if (!('byDeveloperRest' in own)) delete merged.byDeveloperRest;
  if (!('ownShare' in own) && merged.countsOthers === false) delete merged.ownShare;
  return measureIn(merged);
}

function scaledIn(a: unknown): unknown {
  if (!isObj(a)) return a;
  const end = (x: unknown) => {
    const iv = intervalIn(x);
    return iv === null ? x : { low: iv.low, high: iv.high };
  };
  return { ...a, fixed: end(a.fixed), perScale: end(a.perScale) };
}

function priceIn(p: unknown): unknown {
  if (!isObj(p) || !Array.isArray(p.dollarTests)) return p;
  return {
    ...p,
    dollarTests: p.dollarTests
      .filter(isObj)
      .map((t) => ({ ...t, amount: scaledIn(t.amount), ownOnly: t.ownOnly === null ? null : scaledIn(t.ownOnly) })),
  };
}

const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

function findingIn(f: Obj, rule: Obj | undefined): Obj {
  const measures = list(f.measures).map(measureIn);
  const raw = new Map<unknown, Obj>();
  for (const m of list(f.measures)) if (!raw.has(m.id)) raw.set(m.id, m);
  const own = isObj(f.ownOnly) ? f.ownOnly : { verdict: f.verdict, measures: [] };
  const cite = isObj(f.citation) ? f.citation : {};
  const ruleCite = rule && isObj(rule.citation) ? rule.citation : {};
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const out: Obj = {
    ...f,
    measures,
    ownOnly: { ...own, measures: list(own.measures).map((m) => ownMeasureIn(m, raw.get(m.id))) },
    citation: {
      ...cite,
      text: typeof cite.text === 'string' ? cite.text : typeof ruleCite.text === 'string' ? ruleCite.text : '',
    },
    obligations:
      'obligations' in f ? strings(f.obligations) : f.verdict === 'captured' ? strings(rule?.obligations) : [],
    presumptions: list(f.presumptions).map((p) => ({ ...p, basis: list(p.basis).map(measureIn) })),
    unverified: 'unverified' in f ? strings(f.unverified) : strings(rule?.unverified),
  };
  if ('priceSensitivity' in f) out.priceSensitivity = priceIn(f.priceSensitivity);
  return out;
}

/** A JSON report (either shape) as the Report the renderers read. */
export function readReport(text: string): Report {
  const r = JSON.parse(text) as Obj;
  const rules = new Map(list(r.rules).map((x) => [x.id, x]));
  const findings = list(r.findings).map((f) => findingIn(f, rules.get(f.rule)));
  return { ...r, findings } as unknown as Report;
}
