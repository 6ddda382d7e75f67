// `flopcheck rules list|show`: what the built-in rule packs encode, for people (text) and programs (json).
import type { Command } from 'commander';
import { ruleInForce } from '../core/evaluate/in-force';
import { findRule } from '../core/rules/select';
import { InputError } from '../core/validate/errors';
import { describeCondition } from '../core/evaluate/operators/registry';
import { ILLUSTRATIVE, inForceLabel, STATUS_MEANING } from '../core/format/status';
import type { MeasureSpec, Rule } from '../core/types';
import { checkAsOf } from './check';
import { UsageError } from './errors';
import { loadRuleSet, ruleSetOptions, type RuleSetOptions } from './rule-set';

const FORMATS = ['text', 'json'];

function checkFormat(format: string): void {
  if (!FORMATS.includes(format)) throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(', ')}`);
}

/** The rule `rules show` names (core findRule), or a usage error pointing at `rules list`. */
function showRule(rules: readonly Rule[], id: string): Rule {
  try {
    return findRule(rules, id);
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(`${e.errors[0].message}; see flopcheck rules list`);
    throw e;
  }
}

export interface RuleListEntry {
  id: string;
  title: string;
  jurisdiction: string;
  instrument: string;
  status: string;
  subject: string;
  inForce: boolean;
  /** "in force", "not in force (vetoed)", or "illustrative (not law)". */
  inForceLabel: string;
  inForceReason: string;
  interpretations: string[];
}

export function listEntries(rules: readonly Rule[], asOf: string): RuleListEntry[] {
  return rules.map((r) => {
    const f = ruleInForce(r, asOf);
    return {
      id: r.id,
      title: r.title,
      jurisdiction: r.jurisdiction,
      instrument: r.instrument,
      status: r.status,
      subject: r.subject,
      inForce: f.inForce,
      inForceLabel: inForceLabel(f.inForce, r.status),
      inForceReason: f.reason,
      interpretations: (r.interpretations ?? []).map((i) => i.id),
    };
  });
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s}  ` : s + ' '.repeat(n - s.length);
}

export function renderList(entries: readonly RuleListEntry[], asOf: string): string {
  const inForce = entries.filter((e) => e.inForce).length;
  const w = {
    id: Math.max(2, ...entries.map((e) => e.id.length)) + 2,
    status: Math.max(6, ...entries.map((e) => e.status.length)) + 2,
    jur: Math.max(12, ...entries.map((e) => e.jurisdiction.length)) + 2,
  };
  const lines = [`flopcheck rules as of ${asOf}: ${entries.length} rules, ${inForce} in force`, ''];
  lines.push(`${pad('ID', w.id)}${pad('STATUS', w.status)}${pad('IN FORCE', 10)}${pad('JURISDICTION', w.jur)}TITLE`);
  for (const e of entries) {
    // An illustrative rule is never law: its in-force cell says so rather than "no".
    const inForce = e.status === ILLUSTRATIVE ? 'not law' : e.inForce ? 'yes' : 'no';
    lines.push(
      `${pad(e.id, w.id)}${pad(e.status, w.status)}${pad(inForce, 10)}${pad(e.jurisdiction, w.jur)}${e.title}`,
    );
  }
  const used = [...new Set(entries.map((e) => e.status))];
  lines.push('', 'Statuses:');
  for (const s of Object.keys(STATUS_MEANING).filter((x) => used.includes(x)))
    lines.push(`  ${pad(s, w.status)}${STATUS_MEANING[s]}`);
  return `${lines.join('\n')}\n`;
}

const SCOPES: Record<string, string> = {
  own: "the model's own compute records",
  lineage: 'the model and every ancestor through the listed relations, each once, whoever trained it',
  'base-lineage': 'the ancestors only',
  'developer-lineage': "the model's own developer's work along the lineage (other developers' models excluded)",
  'other-lineage': "other developers' models along the lineage (the original models a downstream actor modified)",
};

function measureLines(name: string, m: MeasureSpec, indent: string): string[] {
  const out = [`${indent}${name}: ${m.description}`];
  out.push(
    `${indent}  quantity ${m.quantity === 'flop' ? 'operations (FLOP)' : 'US dollars'}; scope ${m.scope}: ${SCOPES[m.scope]}`,
  );
  out.push(`${indent}  phases: ${m.phases ? m.phases.join(', ') : 'all'}`);
  if (m.scope !== 'own') out.push(`${indent}  relations followed: ${m.relations ? m.relations.join(', ') : 'all'}`);
  if (m.includePublicSyntheticData === false) out.push(`${indent}  publicly accessible synthetic data: not counted`);
  if (m.quantity === 'costUsd' && m.costBasis === 'market') {
    out.push(
      `${indent}  dollars: at market prices (costBasis market): each record's list cost from its cloud bill; otherwise accelerator-hours × the GPU price table at its start month, marked as an estimate; otherwise its declared cost, reported as not a market figure`,
    );
  } else if (m.quantity === 'costUsd') {
    out.push(
      `${indent}  dollars: the declared cost (as assessed by the developer); otherwise estimated from the GPU price table at each record's start month, marked as an estimate`,
    );
  }
  return out;
}

export function renderShow(rule: Rule, asOf: string): string {
  const f = ruleInForce(rule, asOf);
  const L: string[] = [];
  const section = (title: string) => L.push('', title);
  const bullet = (s: string) => L.push(`  - ${s}`);
  L.push(rule.id, rule.title, '');
  L.push(`Jurisdiction: ${rule.jurisdiction}`);
  L.push(`Instrument:   ${rule.instrument}`);
  L.push(
    `Status:       ${rule.status} (${STATUS_MEANING[rule.status] ?? rule.status}); ${f.inForce ? `in force on ${asOf}` : f.reason}`,
  );
  const win = [
    rule.effective.from ? `from ${rule.effective.from}` : '',
    rule.effective.until ? `until ${rule.effective.until}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  L.push(`Effective:    ${win || 'no dates'}${rule.effective.note ? ` — ${rule.effective.note}` : ''}`);
  L.push(`Subject:      ${rule.subject}`);
  if (rule.thresholdReview) {
    const r = rule.thresholdReview;
    L.push(`Threshold review: ${r.by ? `by ${r.by}` : 'no date set'} (${r.section})`);
    L.push(`  ${r.text}`);
  }
  if (rule.summary) {
    section('Summary');
    L.push(`  ${rule.summary}`);
  }
  section('Citation');
  const cites = [rule.citation, ...(rule.otherCitations ?? [])];
  for (const c of cites) {
    L.push(`  ${c.instrument ?? rule.instrument}, ${c.section}${c.confidence ? ` [${c.confidence}]` : ''}`);
    L.push(`    ${c.text}`);
    L.push(`    ${c.url}`);
  }
  const measures = rule.measures ?? {};
  if (rule.applicability) {
    section('Applies when (otherwise not applicable)');
    L.push(...describeCondition(rule.applicability, measures, '  '));
  }
  section('Captured when');
  L.push(...describeCondition(rule.condition, measures, '  '));
  if (Object.keys(measures).length > 0) {
    const replaced = (rule.interpretations ?? []).some((i) => i.measures && Object.keys(i.measures).length > 0);
    section(replaced ? 'What counts (interpretations below may replace a measure)' : 'What counts');
    for (const [name, m] of Object.entries(measures)) L.push(...measureLines(name, m, '  '));
  }
  if (rule.interpretations && rule.interpretations.length > 0) {
    section('Interpretations (each reported as its own finding)');
    for (const i of rule.interpretations) {
      L.push(`  ${i.id}: ${i.title}`);
      L.push(`    ${i.description}`);
      if (i.source) L.push(`    Source: ${i.source}`);
      for (const [name, m] of Object.entries(i.measures ?? {})) L.push(...measureLines(name, m, '    '));
      if (i.condition) {
        L.push('    Captured when (this reading):');
        L.push(...describeCondition(i.condition, { ...measures, ...(i.measures ?? {}) }, '    '));
      }
    }
  }
  section('Obligations when captured');
  if (rule.obligations.length === 0) bullet('none listed');
  for (const o of rule.obligations) bullet(o.section ? `${o.text} (${o.section})` : o.text);
  if (rule.unverified && rule.unverified.length > 0) {
    section('Unverified (shown in every report that uses this rule)');
    for (const u of rule.unverified) bullet(u);
  }
  if (rule.notes && rule.notes.length > 0) {
    section('Notes');
    for (const n of rule.notes) bullet(n);
  }
  return `${L.join('\n')}\n`;
}

/** Registers `rules list` and `rules show` on the program. */
export function registerRulesCommand(program: Command, write: (s: string) => void, setCode: (c: number) => void): void {
  const rules = program.command('rules').description('list and show the built-in rules');
  ruleSetOptions(
    rules
      .command('list')
      .description('every built-in rule (and your own): id, status, whether in force on the date, jurisdiction, title')
      .option('--as-of <date>', 'date for "in force" (YYYY-MM-DD, default: today)')
      .option('--format <format>', 'text or json', 'text'),
  ).action((o: { asOf?: string; format: string } & RuleSetOptions) => {
    checkFormat(o.format);
    const asOf = checkAsOf(o.asOf);
    const entries = listEntries(loadRuleSet(o).all, asOf);
    write(o.format === 'json' ? `${JSON.stringify({ asOf, rules: entries }, null, 2)}\n` : renderList(entries, asOf));
    setCode(0);
  });
  const show = rules
    .command('show')
    .description(
      'one rule in full: citation, tests with comparators and thresholds, what counts, interpretations, obligations, unverified facts',
    )
    .argument('<id>', 'rule id, e.g. ca-sb53/frontier-model')
    .option('--as-of <date>', 'date for "in force" (YYYY-MM-DD, default: today)')
    .option('--format <format>', 'text, or json (the rule as encoded)', 'text');
  ruleSetOptions(show).action((id: string, o: { asOf?: string; format: string } & RuleSetOptions) => {
    checkFormat(o.format);
    const asOf = checkAsOf(o.asOf);
    const rule = showRule(loadRuleSet(o).all, id);
    const f = ruleInForce(rule, asOf);
    const { $schema: _schema, ...body } = rule;
    write(
      o.format === 'json'
        ? `${JSON.stringify({ asOf, inForce: f.inForce, inForceReason: f.reason, rule: body }, null, 2)}\n`
        : renderShow(rule, asOf),
    );
    setCode(0);
  });
}
