// The plain answer at the top of the report page: one or two sentences a counsel reads before any table, built from
// the findings alone (pure: report and lineage in, sentences out). Only law in force speaks here (status "in-force"
// and in force on the date); guidance, proposals and the illustrative rule stay in the tables below.
import type { Finding } from '../core/types';
import type { Report } from '../core/report';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Short names of instruments, by the rule id's folder; others fall back to the instrument's text before "(" or ",". */
const SHORT: Record<string, string> = {
  'eu-ai-act': 'the EU AI Act',
  'ca-sb53': 'California SB 53',
  'ca-sb1047': 'California SB 1047',
  'kr-ai-basic-act': "Korea's AI Basic Act",
  'ny-raise-2025': "New York's RAISE Act (2025 text)",
  'ny-raise-2026': "New York's RAISE Act (as amended in 2026)",
  'us-eo14110': 'Executive Order 14110',
  'us-bis-2024': 'the BIS reporting proposal',
  'us-bis-2025': 'the BIS AI diffusion rule',
  'il-sb315': 'Illinois SB 315',
  'mi-hb4668': 'Michigan HB 4668',
  'us-s2938': 'US Senate bill S. 2938',
};

export function instrumentName(rule: string, instrument = ''): string {
  const folder = rule.slice(0, rule.indexOf('/'));
  return SHORT[folder] ?? (instrument.split(/[(,]/)[0].trim() || folder);
}

/** "A", "A and B", "A, B and C". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const uniq = (xs: string[]) => [...new Set(xs)];

export interface PlainAnswerInput {
  report: Pick<Report, 'findings' | 'rules'>;
  /** The lineage document that was assessed (names of organizations, developers, bases). */
  lineage: unknown;
  /** The models the answer is about (the form's model); default: models no other model in the lineage builds on. */
  models?: readonly string[];
}

interface Lineage {
  orgName: (id: string) => string;
  developer: (model: string) => string | undefined;
  /** Developers (other than the model's own) of every ancestor, in the order met. */
  otherDevelopers: (model: string) => string[];
  leaves: string[];
}

function readLineage(doc: unknown): Lineage {
  const d = isObj(doc) ? doc : {};
  const orgs = (Array.isArray(d.organizations) ? d.organizations : []).filter(isObj);
  const models = (Array.isArray(d.models) ? d.models : []).filter(isObj);
  const byId = new Map(models.map((m) => [String(m.id), m]));
  const bases = (m: Obj | undefined) =>
    (m && Array.isArray(m.baseModels) ? m.baseModels : []).filter(isObj).map((b) => String(b.id));
  const orgName = (id: string) => {
    const o = orgs.find((x) => x.id === id);
    return typeof o?.name === 'string' && o.name.trim() !== '' ? o.name : id;
  };
  const developer = (id: string) => {
    const dev = byId.get(id)?.developer;
    return typeof dev === 'string' ? dev : undefined;
  };
  const otherDevelopers = (id: string) => {
    const own = developer(id);
    const seen = new Set<string>([id]);
    const out: string[] = [];
    const stack = [...bases(byId.get(id))];
    while (stack.length > 0) {
      const b = stack.shift()!;
      if (seen.has(b)) continue;
      seen.add(b);
      const dev = developer(b);
      if (dev !== undefined && dev !== own && !out.includes(dev)) out.push(dev);
      stack.push(...bases(byId.get(b)));
    }
    return out;
  };
  const built = new Set(models.flatMap((m) => bases(m)));
  return { orgName, developer, otherDevelopers, leaves: [...byId.keys()].filter((id) => !built.has(id)) };
}

const isLaw = (f: Finding) => f.inForce && f.status === 'in-force';

/** The sentences about one model. */
function modelAnswer(model: string, findings: Finding[], input: PlainAnswerInput, l: Lineage): string[] {
  const meta = (rule: string) => input.report.rules.find((r) => r.id === rule);
  const name = (rule: string) => instrumentName(rule, meta(rule)?.instrument);
  const dev = l.developer(model);
  const who = dev ? `${l.orgName(dev)}'s model ${model}` : `the model ${model}`;
  const byRule = new Map<string, Finding[]>();
  for (const f of findings.filter(isLaw)) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);

  const ownCaught: string[] = []; // captured on the developer's own compute (under some reading)
  const wrongful: { name: string; someReadings: boolean }[] = [];
  const open: string[] = [];
  for (const [rule, fs] of byRule) {
    if (fs.some((f) => f.verdict === 'captured' && f.ownOnly.verdict === 'captured')) ownCaught.push(name(rule));
    else if (fs.some((f) => f.wrongfulCapture))
      wrongful.push({ name: name(rule), someReadings: fs.some((f) => f.verdict !== 'captured') });
    else if (fs.some((f) => f.verdict === 'uncertain')) open.push(name(rule));
  }
  const out: string[] = [];
  if (ownCaught.length > 0)
    out.push(
      `${capitalize(listText(uniq(ownCaught)))} in force ${ownCaught.length > 1 ? 'catch' : 'catches'} ${who}, on its own compute.`,
    );
  else out.push(`No law in force catches ${who} on its own compute.`);
  if (wrongful.length > 0) {
    const others = l.otherDevelopers(model).map(l.orgName);
    const because =
      others.length > 0
        ? `only because ${listText(others)}'s compute is counted`
        : "only because other developers' compute is counted";
    const ambiguous = wrongful.filter((w) => w.someReadings).map((w) => w.name);
    const plain = wrongful.filter((w) => !w.someReadings).map((w) => w.name);
    if (ambiguous.length > 0)
      out.push(`${capitalize(listText(uniq(ambiguous)))} would, under one reading of an ambiguous text, ${because}.`);
    if (plain.length > 0) out.push(`${capitalize(listText(uniq(plain)))} would, ${because}.`);
  }
  if (open.length > 0)
    out.push(
      `Whether ${listText(uniq(open))} ${open.length > 1 ? 'catch' : 'catches'} it cannot be decided from what was entered: a figure is missing or its range straddles the threshold (see below).`,
    );
  return out;
}

/** The plain answer: for each model asked about, one to three sentences; organizations caught by law follow. */
export function plainAnswer(input: PlainAnswerInput): string[] {
  const l = readLineage(input.lineage);
  const models = input.models && input.models.length > 0 ? input.models : l.leaves;
  const out: string[] = [];
  for (const m of models.slice(0, 5)) {
    const fs = input.report.findings.filter((f) => f.subject === 'model' && f.model === m);
    if (fs.length > 0) out.push(...modelAnswer(m, fs, input, l));
  }
  const devs = new Set(models.map((m) => l.developer(m)).filter((d): d is string => d !== undefined));
  for (const org of devs) {
    const caught = input.report.findings.filter(
      (f) => f.subject === 'organization' && f.organization === org && isLaw(f) && f.verdict === 'captured',
    );
    const names = uniq(
      caught.map((f) => instrumentName(f.rule, input.report.rules.find((r) => r.id === f.rule)?.instrument)),
    );
    if (names.length > 0) out.push(`As an organization, ${l.orgName(org)} is caught by ${listText(names)}.`);
  }
  return out;
}
