// `flopcheck check`: read a lineage (or a model card with compute records), evaluate rules on a date, render a
// report in the asked format, and gate on the verdicts. Flags override flopcheck.config.json, which overrides
// the defaults. Renderers and heavy packages are loaded only for the format that needs them (cold start in CI).
import { openSink, writeOut, type Sink } from './out';
import { NO_PROGRESS, type Progress } from './progress';
import { Timings, untimed } from './timings';
import { isAbsolute, relative, sep } from 'node:path';
import { assess, chooseRules, resolveModels, type AssessOptions, type ChoiceNames } from '../core/assess';
import { visible } from '../render/safe-text';
import { evaluate, prepareEvaluation, summaryRows, warmMeasures, type EvaluateOptions } from '../core/evaluate/engine';
import { gate } from '../core/evaluate/gate';
import type { FailOn } from '../core/evaluate/gate';
import type { Report } from '../core/report';
import type { LineageDocument, Rule } from '../core/types';
import { InputError, type InputErrorItem } from '../core/validate/errors';
import { parsePriceScale } from '../core/estimate/price-scale';
import { isCalendarDate, validateLineage } from '../core/validate/lineage';
import { fastValidLineage, type FastValid } from '../core/validate/lineage-fast';
import type { RenderContext } from '../render/context';
import type { Locations } from '../io/locations';
import { commaList, gatePolicy, loadConfig } from './config';
import { UsageError } from './errors';
import { readText } from '../io/document';
import { parseLineage, type Time } from './research-io';
import { loadReference } from '../io/load';
import { loadRuleSet, loadVariantRules } from './rule-set';
import { packageVersion } from '../io/package';

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
  /** Leave out models released after --as-of (and models built on them). */
  excludeUnreleased?: boolean;
  /** --by year|organization|country, with --format summary. */
  by?: string;
  failOnReading?: string;
  sourceName?: string;
  /** --price-scale <k> and --price-scale-declared: a GPU price scenario. */
  priceScale?: string;
  priceScaleDeclared?: boolean;
  /** --rule-file / --rules-dir: rules of the user's own, reported besides the selection. */
  ruleFile?: string[];
  rulesDir?: string[];
  /** --variants <file> --variant <id>: one rule variant evaluated as the rule set. */
  variants?: string;
  variant?: string;
  /** --timings: one JSON line on stderr with the time of each phase in ms. */
  timings?: boolean;
  /** --input-format jsonl|json: how to read the lineage file (default: JSON Lines for .jsonl/.ndjson). */
  inputFormat?: string;
  /** --full-breakdowns: JSON formats list every developer of each measure's breakdown. */
  fullBreakdowns?: boolean;
}

/** The command line names the rule and model choices by their flags in error messages. */
const CLI_NAMES: ChoiceNames = { rules: '--rules', model: '--model' };

export const FORMATS = [
  'text',
  'json',
  'ndjson',
  'summary',
  'csv',
  'markdown',
  'html',
  'junit',
  'sarif',
  'github',
  'gitlab',
] as const;
const FAIL_ON = ['captured', 'uncertain', 'never'];

/* eslint-disable @typescript-eslint/no-require-imports -- renderers load on demand to keep cold start short */
type Renderer = (report: Report, ctx: RenderContext) => string;
const RENDERERS: Record<string, () => Renderer> = {
  text: () => (require('../render/text') as typeof import('../render/text')).renderText,
  json: () => (require('../render/report') as typeof import('../render/report')).renderJson,
  csv: () => (require('../render/csv') as typeof import('../render/csv')).renderCsv,
  markdown: () => (require('../render/markdown') as typeof import('../render/markdown')).renderMarkdown,
  html: () => (require('../render/html') as typeof import('../render/html')).renderHtml,
  junit: () => (require('../render/junit') as typeof import('../render/junit')).renderJunit,
  sarif: () => (require('../render/sarif') as typeof import('../render/sarif')).renderSarif,
  github: () => (require('../render/github') as typeof import('../render/github')).renderGithub,
  gitlab: () => (require('../render/gitlab') as typeof import('../render/gitlab')).renderGitlab,
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

/** A lineage file (or standard input), parsed and validated. */
export function loadLineage(file: string): LineageDocument {
  const r = readLineage(file);
  return r.valid ? r.valid.doc : validated(r.raw);
}

function validated(raw: unknown): LineageDocument {
  return validatedIds(raw).doc;
}

/** A validated lineage and its models' positions by id (for the index). */
function validatedIds(raw: unknown): { doc: LineageDocument; ids: ReadonlyMap<string, number> } {
  const v = validateLineage(raw, loadReference());
  if (!v.ok) throw new InputError(v.errors);
  return v;
}

/** A lineage file parsed (parseLineage), and its text for source locations. */
function readLineage(file: string, time: Time = untimed): { raw: unknown; text: string; valid: FastValid | null } {
  const text = time('read', () => readText(file));
  return { ...parseLineage(text, file === '-' ? 'standard input' : file, time), text };
}

/** A file path as SARIF and annotations want it: relative to the working directory when inside it, "/" separators. */
function displayPath(file: string): string {
  const rel = isAbsolute(file) ? relative(process.cwd(), file) : file;
  const p = rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  return p.split(sep).join('/');
}

interface Input {
  /** The parsed document: validated by assess() (a model card's lineage is validated when imported). */
  raw: unknown;
  /** The document and its ids when already found valid (readLineage), so it is not validated twice. */
  valid?: FastValid | null;
  /** Lazily computed: only SARIF and annotations need source lines. */
  locations: () => Locations;
  uri?: string;
  /** Models reported when --model is not given: for a model card, the model under release (not its bases). */
  defaultModels?: string[];
  /** Adds where an input error is in the file (JSON Lines: the line of the model or organization). */
  place?: (e: InputErrorItem) => InputErrorItem;
}

/** Formats that point at source lines (SARIF, annotations): only these keep the input text after parsing. */
const NEEDS_LINES = ['sarif', 'github', 'gitlab'];

function lineageInput(
  file: string,
  sourceName?: string,
  time: Time = untimed,
  inputFormat?: string,
  needsLines = true,
): Input {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsonl = require('../io/jsonl') as typeof import('../io/jsonl');
  if (jsonl.isJsonLines(file, inputFormat)) return jsonLinesInput(file, sourceName, time);
  const read = readLineage(file, time);
  const { raw, valid } = read;
  // The text (as large as the file) is kept only for the formats that look up source lines.
  const text = needsLines ? read.text : '';
  if (file === '-' && sourceName === undefined) return { raw, valid, locations: () => new Map() };
  // --source-name: the file standard input came from, so SARIF, annotations and GitLab issues still point at it.
  const uri = sourceName !== undefined ? sourceName.split(sep).join('/') : displayPath(file);
  return {
    raw,
    valid,
    uri,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    locations: () => (require('../io/locations') as typeof import('../io/locations')).lineageLocations(text, uri),
  };
}

/** A JSON Lines lineage, read and parsed line by line (one phase, `parse`: the two are interleaved). */
function jsonLinesInput(file: string, sourceName: string | undefined, time: Time): Input {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readJsonLines, placeOnLine } = require('../io/jsonl') as typeof import('../io/jsonl');
  const { doc, lines, checkDepth: checkLines } = time('parse', () => readJsonLines(file, { deferDepth: true }));
  // As for a JSON document (readLineage): the lines' depth walks run only when the fast walk does not accept it.
  const valid = time('validate', () => fastValidLineage(doc, loadReference()));
  if (!valid) time('parse', checkLines);
  const name = file === '-' ? (sourceName ?? 'standard input') : file;
  const uri = sourceName !== undefined ? sourceName.split(sep).join('/') : file === '-' ? undefined : displayPath(file);
  const locations = (): Locations => {
    const map: Locations = new Map();
    if (uri === undefined) return map;
    const add = (kind: 'model' | 'organization', list: unknown[], at: number[]) =>
      list.forEach((x, k) => {
        const id = (x as { id?: unknown } | null)?.id;
        if (typeof id === 'string') map.set(`${kind}:${id}`, { uri, line: at[k] });
      });
    add('organization', doc.organizations, lines.organizations);
    add('model', doc.models, lines.models);
    return map;
  };
  return { raw: doc, valid, locations, ...(uri !== undefined ? { uri } : {}), place: placeOnLine(lines, name) };
}

function cardInput(card: string, compute: string): Input {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadModelCard } = require('./model-card-input') as typeof import('./model-card-input');
  const r = loadModelCard(displayPath(card), displayPath(compute));
  return { raw: r.doc, uri: displayPath(card), locations: () => r.locations, defaultModels: [r.imported.modelId] };
}

/** Which input to read: the command line's (a lineage file or --model-card), else the config's. */
function chooseInput(
  file: string | undefined,
  opts: CheckOptions,
  cfg: { lineage?: string; modelCard?: string; compute?: string },
  time: Time = untimed,
  needsLines = true,
): Input {
  if (file !== undefined && opts.modelCard !== undefined)
    throw new UsageError('give a lineage file or --model-card, not both');
  if (
    opts.compute !== undefined &&
    opts.modelCard === undefined &&
    (file !== undefined || cfg.modelCard === undefined)
  ) {
    throw new UsageError('--compute goes with --model-card');
  }
  if (file !== undefined) return lineageInput(file, opts.sourceName, time, opts.inputFormat, needsLines);
  if (opts.modelCard !== undefined) {
    if (opts.compute === undefined)
      throw new UsageError(
        "--model-card needs --compute <compute.json> with the team's developer id and compute records",
      );
    return time('read', () => cardInput(opts.modelCard!, opts.compute!));
  }
  if (cfg.lineage !== undefined) return lineageInput(cfg.lineage, undefined, time, opts.inputFormat, needsLines);
  if (cfg.modelCard !== undefined && cfg.compute !== undefined)
    return time('read', () => cardInput(cfg.modelCard!, opts.compute ?? cfg.compute!));
  throw new UsageError(
    'name a lineage file (or - for standard input), or --model-card with --compute, or set lineage or modelCard in flopcheck.config.json',
  );
}

/** Runs the check and returns the exit code (0 pass, 1 gate failed). Throws InputError/UsageError for exit 2. */
export function runCheck(
  file: string | undefined,
  opts: CheckOptions,
  write: (s: string) => void,
  writeErr: (s: string) => void = () => {},
  progress: Progress = NO_PROGRESS,
  /** Standard output for bytes (streamed JSON and NDJSON); without it they are decoded for `write`. */
  writeBytes?: (b: Buffer) => void,
): number {
  const t = opts.timings ? new Timings() : undefined;
  const time: Time = (name, f) => {
    progress.phase(name);
    return t ? t.run(name, f) : f();
  };
  let code: number;
  try {
    code = check(file, opts, write, writeErr, time, progress, writeBytes);
  } finally {
    progress.done();
  }
  if (t) writeErr(t.line());
  return code;
}

function check(
  file: string | undefined,
  opts: CheckOptions,
  write: (s: string) => void,
  writeErr: (s: string) => void,
  time: Time,
  progress: Progress,
  writeBytes?: (b: Buffer) => void,
): number {
  const loaded = loadConfig(opts.config);
  const cfg = loaded?.config ?? {};
  const format = opts.format ?? cfg.format ?? 'text';
  const failOn = opts.failOn ?? cfg.failOn ?? 'captured';
  const includeNotInForce = opts.includeNotInForce ?? cfg.includeNotInForce ?? false;
  const out = opts.out ?? cfg.out;
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format: "${format}" is not one of ${FORMATS.join(', ')}`);
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on: "${failOn}" is not one of ${FAIL_ON.join(', ')}`);
  const asOf = checkAsOf(opts.asOf ?? cfg.asOf);
  if (opts.sourceName !== undefined && file !== '-')
    throw new UsageError('--source-name names the file behind standard input: use it with - as the lineage file');
  if (opts.inputFormat !== undefined && !['json', 'jsonl'].includes(opts.inputFormat))
    throw new UsageError(`--input-format: "${opts.inputFormat}" is not one of json, jsonl`);
  const priceScale =
    opts.priceScale !== undefined || opts.priceScaleDeclared === true
      ? parsePriceScale(opts.priceScale ?? '1', '--price-scale', opts.priceScaleDeclared === true)
      : undefined;
  const rules = checkRules(opts);
  const input = chooseInput(file, opts, cfg, time, NEEDS_LINES.includes(format));
  try {
    return checkInput(input, opts, write, writeErr, time, progress, {
      loaded,
      cfg,
      format,
      failOn,
      includeNotInForce,
      out,
      asOf,
      priceScale,
      rules,
      writeBytes,
    });
  } catch (e) {
    if (e instanceof InputError && input.place) throw new InputError(e.errors.map(input.place));
    throw e;
  }
}

interface Settings {
  loaded: ReturnType<typeof loadConfig>;
  cfg: NonNullable<ReturnType<typeof loadConfig>>['config'];
  format: string;
  failOn: string;
  includeNotInForce: boolean;
  out: string | undefined;
  asOf: string;
  priceScale: ReturnType<typeof parsePriceScale> | undefined;
  /** Built-in rules and the user's (--rule-file, --rules-dir, --variants/--variant). */
  rules: ReturnType<typeof checkRules>;
  /** Standard output for bytes (streamed JSON and NDJSON). */
  writeBytes?: (b: Buffer) => void;
}

function checkInput(
  input: Input,
  opts: CheckOptions,
  write: (s: string) => void,
  writeErr: (s: string) => void,
  time: Time,
  progress: Progress,
  { loaded, cfg, format, failOn, includeNotInForce, out, asOf, priceScale, rules: ruleSet, writeBytes }: Settings,
): number {
  const { all, extra, variant } = ruleSet;
  const reference = loadReference();
  // With --variant and no --rules, the variant is the rule set.
  const selectors = opts.rules ?? commaList(cfg.rules) ?? variant;
  const models =
    (opts.model ?? commaList(cfg.model))
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? input.defaultModels;
  const excludeUnreleased = opts.excludeUnreleased === true;
  if (opts.by !== undefined && format !== 'summary') throw new UsageError('--by goes with --format summary');
  if (opts.by !== undefined && !['year', 'organization', 'country'].includes(opts.by))
    throw new UsageError(`--by: "${opts.by}" is not one of year, organization, country`);

  if (format === 'summary') {
    // Counts only, without findings: assess()'s steps up to the evaluation, then verdict counts instead of findings.
    const { doc, ids: positions } = input.valid ?? time('validate', () => validatedIds(input.raw));
    const rules = chooseRules(all, { asOf, selectors, extraRules: extra }, CLI_NAMES);
    const ids = resolveModels(doc, models, CLI_NAMES);
    const evalOpts = { asOf, reference, select: rules.map((r) => r.id), models: ids, excludeUnreleased, priceScale };
    const policy = gatePolicy(opts, cfg, loaded?.file, all, rules, asOf);
    if (opts.by !== undefined)
      return time('evaluate', () =>
        summaryBy(
          doc,
          all,
          evalOpts,
          opts.by!,
          { failOn, includeNotInForce, out, models: ids?.length ?? doc.models.length },
          write,
        ),
      );
    const prepared = time('index', () => prepareEvaluation(doc, all, { ...evalOpts, ids: positions }));
    time('measure', () => warmMeasures(prepared, 'fast'));
    const rows = time('evaluate', () => summaryRows(prepared));
    const counted = rows.filter((r) => r.inForce || includeNotInForce);
    // Counts cannot tell readings or waived findings apart: with a gate policy, the exit code comes from the findings.
    const g =
      policy.readings || policy.waivers
        ? time('evaluate', () =>
            gate(evaluate(doc, all, evalOpts).findings, failOn as FailOn, includeNotInForce, policy),
          )
        : undefined;
    const failed = g
      ? g.failed
      : failOn !== 'never' &&
        counted.some((r) => r.counts.captured > 0 || (failOn === 'uncertain' && r.counts.uncertain > 0));
    time('render', () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const output = (require('../render/summary') as typeof import('../render/summary')).renderSummary(
        asOf,
        ids?.length ?? doc.models.length,
        rows,
        g,
      );
      if (out) {
        writeOut(out, output);
        write(`wrote ${out}\n`);
      } else write(output);
    });
    return failed ? 1 : 0;
  }

  const assessOptions: AssessOptions = {
    asOf,
    selectors,
    extraRules: extra,
    models,
    reference,
    failOn: failOn as FailOn,
    includeNotInForce,
    excludeUnreleased,
    priceScale,
    names: CLI_NAMES,
    policy: (rules) => gatePolicy(opts, cfg, loaded?.file, all, rules, asOf),
    ...(input.valid ? { validated: input.valid } : {}),
  };
  // JSON and NDJSON are written as findings are produced (never one string); with --out, JSON also prints the text
  // report, which needs every finding, so that case keeps them.
  if (format === 'ndjson' || (format === 'json' && !out))
    return streamed(
      input.raw,
      all,
      assessOptions,
      format,
      { out, full: opts.fullBreakdowns === true },
      write,
      writeErr,
      time,
      progress,
      writeBytes,
    );

  const { report, gate: g, evaluation } = assess(input.raw, all, assessOptions, { phase: time });
  noteExcluded(evaluation.excluded ?? [], asOf, writeErr);
  const needsLines = NEEDS_LINES.includes(format);
  const ctx: RenderContext = {
    ...(needsLines ? { locations: input.locations() } : {}),
    ...(input.uri ? { input: { uri: input.uri, line: 1 } } : {}),
    ...(format === 'sarif' ? { version: packageVersion() } : {}),
    ...(opts.fullBreakdowns ? { fullBreakdowns: true } : {}),
  };
  time('render', () => {
    const output = RENDERERS[format]()(report, ctx);
    if (out) {
      writeOut(out, output);
      if (format === 'text') write(`wrote ${out}\n`);
      else {
        write(RENDERERS.text()(report, ctx));
        writeErr(`wrote ${out}\n`);
      }
    } else write(output);
  });
  return g.failed ? 1 : 0;
}

/** Models left out by --exclude-unreleased, named on stderr. */
function noteExcluded(excluded: readonly string[], asOf: string, writeErr: (s: string) => void): void {
  if (excluded.length > 0)
    writeErr(
      `flopcheck: note: ${excluded.length} model${excluded.length === 1 ? '' : 's'} released after ${asOf} (or built on one) left out: ${excluded
        .slice(0, 5)
        .map((id) => `"${visible(id)}"`)
        .join(', ')}${excluded.length > 5 ? ', …' : ''}\n`,
    );
}

/** `--format json` (to standard output) and `--format ndjson`: each finding written when it is produced. */
function streamed(
  raw: unknown,
  all: Rule[],
  o: AssessOptions,
  format: 'json' | 'ndjson',
  { out, full }: { out: string | undefined; full: boolean },
  write: (s: string) => void,
  writeErr: (s: string) => void,
  time: Time,
  progress: Progress,
  writeBytes: ((b: Buffer) => void) | undefined,
): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FindingBytesWriter } = require('../render/report') as typeof import('../render/report');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ByteWriter } = require('../render/json-bytes') as typeof import('../render/json-bytes');
  let sink: Sink | undefined;
  const open = () => (sink ??= openSink(out, write, writeBytes));
  // Findings are written as UTF-8 bytes into one 64 KB buffer, handed to the sink each time it fills.
  const writer = new FindingBytesWriter(
    new ByteWriter(Buffer.allocUnsafeSlow(1 << 16), (b) => open().bytes(b)),
    format,
    full,
  );
  const {
    report,
    gate: g,
    evaluation,
  } = assess(raw, all, o, {
    phase: time,
    stream: {
      // Nothing is written (nor the --out file created) before the input is known to be valid.
      head: (h) =>
        time('render', () => {
          open();
          writer.head(h);
        }),
      finding: (f) => {
        time('render', () => writer.finding(f));
        progress.tick();
      },
    },
  });
  time('render', () => {
    writer.end(report.gate);
    open().close();
  });
  progress.done();
  noteExcluded(evaluation.excluded ?? [], o.asOf, writeErr);
  if (out) write(`wrote ${out}\n`);
  return g.failed ? 1 : 0;
}

/**
 * The rules `check` knows: built-in, the user's (--rule-file, --rules-dir; always reported) and, with --variants and
 * --variant, the one variant named (reported; the whole rule set when --rules is not given).
 */
function checkRules(opts: CheckOptions): { all: Rule[]; extra: string[]; variant?: string } {
  if ((opts.variants === undefined) !== (opts.variant === undefined))
    throw new UsageError(
      opts.variant === undefined
        ? '--variants goes with --variant <id>: name the variant to evaluate'
        : '--variant goes with --variants <file>: name the variants file',
    );
  const set = loadRuleSet(opts);
  if (opts.variants === undefined) return { all: set.all, extra: set.user };
  const { variants, rules } = loadVariantRules(set.all, opts.variants);
  const k = variants.findIndex((v) => v.id === opts.variant);
  if (k < 0)
    throw new UsageError(
      `--variant: "${opts.variant}" is not in ${opts.variants} (it has: ${variants.map((v) => v.id).join(', ')})`,
    );
  return { all: [...set.all, rules[k]], extra: [...set.user, rules[k].id], variant: rules[k].id };
}

/** `--format summary --by …`: counts per group of models; the gate reads every group. */
function summaryBy(
  doc: LineageDocument,
  all: Rule[],
  evalOpts: EvaluateOptions,
  by: string,
  o: { failOn: string; includeNotInForce: boolean; out: string | undefined; models: number },
  write: (s: string) => void,
): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { summarizeBy } = require('../core/evaluate/breakdown') as typeof import('../core/evaluate/breakdown');
  const groups = summarizeBy(doc, all, evalOpts, by as 'year' | 'organization' | 'country');
  const counted = groups.flatMap((g) => g.rules).filter((r) => r.inForce || o.includeNotInForce);
  const failed =
    o.failOn !== 'never' &&
    counted.some((r) => r.counts.captured > 0 || (o.failOn === 'uncertain' && r.counts.uncertain > 0));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const output = (require('../render/summary') as typeof import('../render/summary')).renderSummaryBy(
    evalOpts.asOf,
    o.models,
    by,
    groups,
  );
  if (o.out) {
    writeOut(o.out, output);
    write(`wrote ${o.out}\n`);
  } else write(output);
  return failed ? 1 : 0;
}
