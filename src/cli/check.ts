// `flopcheck check`: validate a lineage, evaluate rules on a date, print a report, and gate on the verdicts.
import { writeFileSync } from 'node:fs';
import { evaluate, summarize } from '../core/evaluate/engine';
import { FailOn, gate } from '../core/evaluate/gate';
import { ruleInForce } from '../core/evaluate/in-force';
import { selectRules, RuleSelectionError } from '../core/rules/select';
import type { LineageDocument, Rule } from '../core/types';
import { InputError } from '../core/validate/errors';
import { validateLineage } from '../core/validate/lineage';
import { buildReport, renderJson } from '../render/report';
import { renderSummary } from '../render/summary';
import { renderText } from '../render/text';
import { UsageError } from './errors';
import { parseDocument, readText } from './input';
import { loadBuiltinRules, loadReference } from './load';
import { isCalendarDate } from '../core/validate/lineage';

export interface CheckOptions {
  rules?: string;
  asOf?: string;
  model?: string;
  format: string;
  failOn: string;
  out?: string;
  includeNotInForce?: boolean;
}

export const FORMATS = ['text', 'json', 'summary'] as const;

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function checkAsOf(asOf: string | undefined): string {
  const d = asOf ?? today();
  if (!isCalendarDate(d)) throw new UsageError(`--as-of: "${d}" is not a date YYYY-MM-DD`);
  return d;
}

export function chooseRules(all: Rule[], selectors: string | undefined, asOf: string): Rule[] {
  if (selectors === undefined) return all.filter((r) => ruleInForce(r, asOf).inForce);
  try {
    return selectRules(all, selectors);
  } catch (e) {
    if (e instanceof RuleSelectionError) throw new UsageError(e.message);
    throw e;
  }
}

export function loadLineage(file: string): LineageDocument {
  const raw = parseDocument(readText(file), file === '-' ? 'standard input' : file);
  const v = validateLineage(raw, loadReference());
  if (!v.ok) throw new InputError(v.errors);
  return v.doc;
}

/** Runs the check and returns the exit code (0 pass, 1 gate failed). Throws InputError/UsageError for exit 2. */
export function runCheck(file: string, opts: CheckOptions, write: (s: string) => void): number {
  if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`--format: "${opts.format}" is not one of ${FORMATS.join(', ')}`);
  if (!['captured', 'uncertain', 'never'].includes(opts.failOn)) throw new UsageError(`--fail-on: "${opts.failOn}" is not one of captured, uncertain, never`);
  const asOf = checkAsOf(opts.asOf);
  const doc = loadLineage(file);
  const all = loadBuiltinRules();
  const rules = chooseRules(all, opts.rules, asOf);
  const models = opts.model?.split(',').map((s) => s.trim()).filter(Boolean);
  for (const m of models ?? []) {
    if (!doc.models.some((x) => x.id === m)) throw new UsageError(`--model: no model "${m}" in the lineage`);
  }
  const evalOpts = { asOf, reference: loadReference(), select: rules.map((r) => r.id), models };
  let output: string;
  let failed: boolean;
  if (opts.format === 'summary') {
    const rows = summarize(doc, all, evalOpts);
    output = renderSummary(asOf, models?.length ?? doc.models.length, rows);
    failed = opts.failOn !== 'never' && rows.some((r) => r.inForce && (r.counts.captured > 0 || (opts.failOn === 'uncertain' && r.counts.uncertain > 0)));
  } else {
    const ev = evaluate(doc, all, evalOpts);
    const g = gate(ev.findings, opts.failOn as FailOn, opts.includeNotInForce);
    const report = buildReport(doc, rules, ev, g);
    output = opts.format === 'json' ? renderJson(report) : renderText(report);
    failed = g.failed;
  }
  if (opts.out) {
    writeFileSync(opts.out, output);
    write(`wrote ${opts.out}\n`);
  } else write(output);
  return failed ? 1 : 0;
}
