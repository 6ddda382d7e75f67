// `flopcheck check`: read a lineage (or a model card with compute records), evaluate rules on a date, render a
// report in the asked format, and gate on the verdicts. Flags override flopcheck.config.json, which overrides
// the defaults. Renderers and heavy packages are loaded only for the format that needs them (cold start in CI).
import { readFileSync } from 'node:fs';
import { writeOut } from './out';
import { isAbsolute, join, relative, sep } from 'node:path';
import { evaluate, summarize } from '../core/evaluate/engine';
import { FailOn, gate } from '../core/evaluate/gate';
import { ruleInForce } from '../core/evaluate/in-force';
import { selectRules, RuleSelectionError } from '../core/rules/select';
import type { LineageDocument, Rule } from '../core/types';
import { InputError } from '../core/validate/errors';
import { isCalendarDate, validateLineage } from '../core/validate/lineage';
import type { RenderContext } from '../render/context';
import type { Locations } from '../render/locations';
import type { Report } from '../render/report';
import { commaList, gatePolicy, loadConfig } from './config';
import { UsageError } from './errors';
import { parseDocument, readText } from './input';
import { loadBuiltinRules, loadReference, packageRoot } from './load';

export interface CheckOptions {
  rules?: string;
  asOf?: string;
  model?: string;
  format?: string;
  failOn?: string;
  out?: string;
  includeNotInForce?: boolean;
  config?: string;
  modelCard?: string;
  compute?: string;
  failOnReading?: string;
  sourceName?: string;
}

export const FORMATS = ['text', 'json', 'summary', 'markdown', 'html', 'junit', 'sarif', 'github', 'gitlab'] as const;
const FAIL_ON = ['captured', 'uncertain', 'never'];

/* eslint-disable @typescript-eslint/no-require-imports -- renderers load on demand to keep cold start short */
type Renderer = (report: Report, ctx: RenderContext) => string;
const RENDERERS: Record<string, () => Renderer> = {
  text: () => require('../render/text').renderText,
  json: () => require('../render/report').renderJson,
  markdown: () => require('../render/markdown').renderMarkdown,
  html: () => require('../render/html').renderHtml,
  junit: () => require('../render/junit').renderJunit,
  sarif: () => require('../render/sarif').renderSarif,
  github: () => require('../render/github').renderGithub,
  gitlab: () => require('../render/gitlab').renderGitlab,
};
/* eslint-enable @typescript-eslint/no-require-imports */

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
  return readLineage(file).doc;
}

function readLineage(file: string): { doc: LineageDocument; text: string } {
  const text = readText(file);
  const raw = parseDocument(text, file === '-' ? 'standard input' : file);
  const v = validateLineage(raw, loadReference());
  if (!v.ok) throw new InputError(v.errors);
  return { doc: v.doc, text };
}

/** A file path as SARIF and annotations want it: relative to the working directory when inside it, "/" separators. */
function displayPath(file: string): string {
  const rel = isAbsolute(file) ? relative(process.cwd(), file) : file;
  const p = rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  return p.split(sep).join('/');
}

interface Input {
  doc: LineageDocument;
  /** Lazily computed: only SARIF and annotations need source lines. */
  locations: () => Locations;
  uri?: string;
  /** Models reported when --model is not given: for a model card, the model under release (not its bases). */
  defaultModels?: string[];
}

function lineageInput(file: string, sourceName?: string): Input {
  const { doc, text } = readLineage(file);
  if (file === '-' && sourceName === undefined) return { doc, locations: () => new Map() };
  // --source-name: the file standard input came from, so SARIF, annotations and GitLab issues still point at it.
  const uri = sourceName !== undefined ? sourceName.split(sep).join('/') : displayPath(file);
  return {
    doc,
    uri,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    locations: () => (require('../render/locations') as typeof import('../render/locations')).lineageLocations(text, uri),
  };
}

function cardInput(card: string, compute: string): Input {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadModelCard } = require('./model-card-input') as typeof import('./model-card-input');
  const r = loadModelCard(displayPath(card), displayPath(compute));
  return { doc: r.doc, uri: displayPath(card), locations: () => r.locations, defaultModels: [r.imported.modelId] };
}

/** Which input to read: the command line's (a lineage file or --model-card), else the config's. */
function chooseInput(file: string | undefined, opts: CheckOptions, cfg: { lineage?: string; modelCard?: string; compute?: string }): Input {
  if (file !== undefined && opts.modelCard !== undefined) throw new UsageError('give a lineage file or --model-card, not both');
  if (opts.compute !== undefined && opts.modelCard === undefined && (file !== undefined || cfg.modelCard === undefined)) {
    throw new UsageError('--compute goes with --model-card');
  }
  if (file !== undefined) return lineageInput(file, opts.sourceName);
  if (opts.modelCard !== undefined) {
    if (opts.compute === undefined) throw new UsageError('--model-card needs --compute <compute.json> with the team\'s developer id and compute records');
    return cardInput(opts.modelCard, opts.compute);
  }
  if (cfg.lineage !== undefined) return lineageInput(cfg.lineage);
  if (cfg.modelCard !== undefined && cfg.compute !== undefined) return cardInput(cfg.modelCard, opts.compute ?? cfg.compute);
  throw new UsageError('name a lineage file (or - for standard input), or --model-card with --compute, or set lineage or modelCard in flopcheck.config.json');
}

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs the check and returns the exit code (0 pass, 1 gate failed). Throws InputError/UsageError for exit 2. */
export function runCheck(file: string | undefined, opts: CheckOptions, write: (s: string) => void, writeErr: (s: string) => void = () => {}): number {
  const loaded = loadConfig(opts.config);
  const cfg = loaded?.config ?? {};
  const format = opts.format ?? cfg.format ?? 'text';
  const failOn = opts.failOn ?? cfg.failOn ?? 'captured';
  const includeNotInForce = opts.includeNotInForce ?? cfg.includeNotInForce ?? false;
  const out = opts.out ?? cfg.out;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(', ')}`);
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on: "${failOn}" is not one of ${FAIL_ON.join(', ')}`);
  const asOf = checkAsOf(opts.asOf ?? cfg.asOf);
  if (opts.sourceName !== undefined && file !== '-') throw new UsageError('--source-name names the file behind standard input: use it with - as the lineage file');
  const input = chooseInput(file, opts, cfg);
  const doc = input.doc;
  const all = loadBuiltinRules();
  const rules = chooseRules(all, opts.rules ?? commaList(cfg.rules), asOf);
  const models = (opts.model ?? commaList(cfg.model))?.split(',').map((s) => s.trim()).filter(Boolean) ?? input.defaultModels;
  for (const m of models ?? []) {
    if (!doc.models.some((x) => x.id === m)) throw new UsageError(`--model: no model "${m}" in the lineage`);
  }
  const evalOpts = { asOf, reference: loadReference(), select: rules.map((r) => r.id), models };
  const policy = gatePolicy(opts, cfg, loaded?.file, all, rules, asOf);

  if (format === 'summary') {
    const rows = summarize(doc, all, evalOpts);
    const counted = rows.filter((r) => r.inForce || includeNotInForce);
    // Counts cannot tell readings or waived findings apart: with a gate policy, the exit code comes from the findings.
    const g = policy.readings || policy.waivers ? gate(evaluate(doc, all, evalOpts).findings, failOn as FailOn, includeNotInForce, policy) : undefined;
    const failed = g ? g.failed : failOn !== 'never' && counted.some((r) => r.counts.captured > 0 || (failOn === 'uncertain' && r.counts.uncertain > 0));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const output = (require('../render/summary') as typeof import('../render/summary')).renderSummary(asOf, models?.length ?? doc.models.length, rows, g);
    if (out) {
      writeOut(out, output);
      write(`wrote ${out}\n`);
    } else write(output);
    return failed ? 1 : 0;
  }

  const ev = evaluate(doc, all, evalOpts);
  const g = gate(ev.findings, failOn as FailOn, includeNotInForce, policy);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildReport } = require('../render/report') as typeof import('../render/report');
  const report = buildReport(doc, rules, ev, g, includeNotInForce);
  const needsLines = format === 'sarif' || format === 'github' || format === 'gitlab';
  const ctx: RenderContext = {
    ...(needsLines ? { locations: input.locations() } : {}),
    ...(input.uri ? { input: { uri: input.uri, line: 1 } } : {}),
    ...(format === 'sarif' ? { version: version() } : {}),
  };
  const output = RENDERERS[format]()(report, ctx);
  if (out) {
    writeOut(out, output);
    if (format === 'text') write(`wrote ${out}\n`);
    else {
      write(RENDERERS.text()(report, ctx));
      writeErr(`wrote ${out}\n`);
    }
  } else write(output);
  return g.failed ? 1 : 0;
}
