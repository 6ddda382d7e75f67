// The command line: commander wiring, and the one place errors become exit codes (0 ok, 1 gate failed, 2 bad input).
/* eslint-disable @typescript-eslint/no-require-imports -- subcommands load on demand to keep the cold start short */
import { Command, CommanderError, Option } from 'commander';
import { InputError, formatError } from '../core/validate/errors';
import { runCheck, type CheckOptions } from './check';
import { ruleSetOptions } from './rule-set';
import { progressOn } from './progress';
import { UsageError } from './errors';
import { stdoutBytes } from './out';
import { runEstimate, type EstimateOptions } from './estimate';
import { runImportEpoch, runImportModelCard, type ImportEpochOptions, type ImportModelCardOptions } from './import';
import { packageVersion } from '../io/package';
import { visible, visibleLines } from '../render/safe-text';

const stdout = (s: string) => process.stdout.write(s);
// Messages on stderr echo what the user wrote (ids, paths, option values): no terminal escape sequence gets through.
const stderr = (s: string) => process.stderr.write(visibleLines(s));

function program(setCode: (c: number | Promise<number>) => void): Command {
  const p = new Command('flopcheck')
    .description(
      "Is an AI model caught by a compute-threshold rule in AI law, why, and only because of someone else's compute?",
    )
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeErr: stderr });

  ruleSetOptions(p.command('check').description('evaluate a lineage file against rule packs'))
    .argument(
      '[lineage-file]',
      'lineage document (JSON or YAML), or - for standard input (or lineage in flopcheck.config.json)',
    )
    .option(
      '--rules <selectors>',
      'comma-separated rule ids, packs (eu-ai-act) or globs (*, ca-*/*); default: every built-in rule in force on the date',
    )
    .option('--as-of <date>', 'evaluation date YYYY-MM-DD (default: today)')
    .option('--model <ids>', 'only report these models (comma-separated ids) and their developers')
    // No commander defaults for --format and --fail-on: a flag given must override flopcheck.config.json, a default must not.
    .addOption(
      new Option(
        '--format <format>',
        'output format: text, json, ndjson (one finding per line), summary, csv, markdown, html, junit, sarif, github, gitlab (default: text)',
      ),
    )
    .addOption(
      new Option(
        '--fail-on <level>',
        'exit 1 when a rule in force gives this verdict or worse (default: captured)',
      ).choices(['captured', 'uncertain', 'never']),
    )
    .option(
      '--fail-on-reading <ids>',
      'gate only on these readings (comma-separated interpretation ids) of rules that have them; report the others',
    )
    .option('--include-not-in-force', 'let findings of rules not in force trip the gate too')
    // Declared beside the positive flag, commander leaves the value undefined unless one is given, so the config decides.
    .option('--no-include-not-in-force', 'count only rules in force, whatever flopcheck.config.json says')
    .option(
      '--source-name <path>',
      'with - (standard input): the file the lineage came from, for SARIF, annotations and GitLab locations',
    )
    .option('--out <file>', 'write the report to a file; with a format other than text, print the text report too')
    .option('--config <file>', 'config file (default: ./flopcheck.config.json when it exists); flags override it')
    .option(
      '--model-card <README.md>',
      'Hugging Face model card (front matter: base_model, base_model_relation) instead of a lineage file',
    )
    .option(
      '--compute <compute.json>',
      'with --model-card: { "developer": ..., "compute": [ ... ] }, the team\'s own training records',
    )
    .option(
      '--exclude-unreleased',
      'leave out models released after the evaluation date, and models built on them (a corpus as it stood on the date)',
    )
    .option('--by <field>', 'with --format summary: counts per year (publication), organization (developer) or country')
    .option('--price-scale <k>', "GPU price scenario: multiply costs from accelerator-hours × price by k (1 = today's)")
    .option('--price-scale-declared', 'with --price-scale: scale declared costs (costUsd, costUsdRange) too')
    .option('--variants <file>', 'rule variants file (schemas/variants.schema.json); with --variant')
    .option('--variant <id>', 'evaluate this variant of --variants (the rule set, unless --rules adds others)')
    .option(
      '--full-breakdowns',
      'json, ndjson: list every developer in per-developer breakdowns (default: the 10 largest and the rest summed)',
    )
    .addOption(
      new Option(
        '--input-format <format>',
        'jsonl: the lineage file is JSON Lines ({"lineageVersion":1}, then one {"model":…} or {"organization":…} per line); default: JSON Lines for .jsonl/.ndjson names',
      ).choices(['json', 'jsonl']),
    )
    .option(
      '--timings',
      'print one JSON line on stderr: milliseconds spent reading, parsing, validating, indexing, measuring, evaluating, rendering',
    )
    .action((file: string | undefined, o: CheckOptions) =>
      setCode(runCheck(file, o, stdout, stderr, progressOn(process.stderr), stdoutBytes)),
    );
  (require('./rules') as typeof import('./rules')).registerRulesCommand(p, stdout, setCode);
  (require('./sweep') as typeof import('./sweep')).registerSweepCommand(p, stdout, setCode);
  (require('./variants') as typeof import('./variants')).registerVariantsCommand(p, stdout, setCode);
  (require('./serve') as typeof import('./serve')).registerServeCommand(p, stdout, setCode);

  const importCmd = p.command('import').description('turn other formats into a lineage document');
  importCmd
    .command('epoch')
    .description('turn an Epoch AI models CSV into a lineage document (own compute per model, bases linked by name)')
    .argument('<csv>', 'Epoch AI "Data on AI Models" CSV (notable, large-scale, frontier or all models)')
    .option('--out <file>', 'write the lineage to a file instead of standard output')
    .addOption(
      new Option(
        '--format <format>',
        'json (a lineage document) or jsonl (JSON Lines, for corpora; default for an --out name ending .jsonl/.ndjson)',
      ).choices(['json', 'jsonl']),
    )
    .addOption(
      new Option('--cost-basis <basis>', "attach one of Epoch's cost estimates as the record cost")
        .choices(['none', 'cloud', 'amortized', 'upfront'])
        .default('none'),
    )
    .option('--snapshot <name>', "snapshot name recorded in each record's source (default: the file name)")
    .option('--no-confidence-bands', "keep Epoch's estimates as points instead of ranges from their confidence level")
    .action((file: string, o: ImportEpochOptions) => setCode(runImportEpoch(file, o, stdout, stderr)));
  (require('./import-billing') as typeof import('./import-billing')).registerImportBillingCommand(
    importCmd,
    stdout,
    stderr,
    (c) => setCode(c),
  );
  importCmd
    .command('model-card')
    .description(
      'print the lineage a Hugging Face model card describes (base_model, base_model_relation in its front matter)',
    )
    .argument('<README.md>', 'model card with YAML front matter')
    .option('--compute <compute.json>', "the team's compute records to combine with the card")
    .option('--id <model-id>', 'id of the model the card describes (default: model.id from --compute, else this-model)')
    .option('--out <file>', 'write the lineage to a file instead of standard output')
    .action((file: string, o: ImportModelCardOptions) => setCode(runImportModelCard(file, o, stdout)));

  p.command('estimate')
    .description('estimate training FLOP and cost from parameters × tokens or accelerators × hours')
    .option('--params <n>', 'parameters (dense)')
    .option('--active-params <n>', 'active parameters per token (mixture-of-experts)')
    .option('--tokens <n>', 'training tokens')
    .option('--accelerator <id>', 'accelerator id from rules/reference/accelerators.json')
    .option('--peak <flops>', 'dense peak FLOP/s per accelerator, instead of --accelerator')
    .option('--precision <p>', 'which peak figure: fp8, bf16, fp16, tf32, fp32, int8')
    .option('--count <n>', 'number of accelerators')
    .option('--hours <n>', 'hours each accelerator ran')
    .option('--utilization <u>', 'model FLOP utilization 0..1 (default 0.4)')
    .option('--price <usd>', 'price per accelerator-hour')
    .option('--cost <usd>', 'declared cost')
    .option('--start <date>', 'training start (for a market-price estimate)')
    .option('--phase <phase>', 'phase (synthetic-data and evaluation count 2·N·D)')
    .option('--json', 'print JSON')
    .action((o: EstimateOptions) => setCode(runEstimate(o, stdout)));
  return p;
}

/** The exit code for an error: 2 for bad input or usage (the error on stderr naming its place), 3 for a bug. */
function exitCodeOf(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2;
  }
  if (e instanceof InputError) {
    for (const item of e.errors) stderr(`flopcheck: error: ${visible(formatError(item))}\n`);
    return 2;
  }
  if (e instanceof UsageError) {
    stderr(`flopcheck: error: ${visible(e.message)}\n`);
    return 2;
  }
  stderr(
    `flopcheck: internal error: ${visible((e as Error).message)}\nPlease report this with the input that caused it.\n`,
  );
  return 3;
}

/**
 * Runs the CLI and returns the exit code, or a promise of it for the commands that draw charts (vega renders
 * asynchronously); never throws, never rejects.
 */
export function run(argv: string[]): number | Promise<number> {
  const state: { code: number | Promise<number> } = { code: 0 };
  try {
    program((c) => {
      state.code = c;
    }).parse(argv);
    const c = state.code;
    return typeof c === 'number' ? c : c.catch(exitCodeOf);
  } catch (e) {
    return exitCodeOf(e);
  }
}

export function main(argv: string[] = process.argv): void {
  const r = run(argv);
  if (typeof r === 'number') process.exitCode = r;
  else void r.then((c) => (process.exitCode = c));
}
