// The command line: commander wiring, and the one place errors become exit codes (0 ok, 1 gate failed, 2 bad input).
import { Command, CommanderError, Option } from 'commander';
import { InputError, formatError } from '../core/validate/errors';
import { runCheck } from './check';
import { UsageError } from './errors';
import { runEstimate } from './estimate';

const stdout = (s: string) => process.stdout.write(s);

function program(setCode: (c: number) => void): Command {
  const p = new Command('flopcheck')
    .description('Is an AI model caught by a compute-threshold rule in AI law, why, and only because of someone else\'s compute?')
    .version(require('../../../package.json').version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  p.command('check')
    .description('evaluate a lineage file against rule packs')
    .argument('<lineage-file>', 'lineage document (JSON or YAML), or - for standard input')
    .option('--rules <selectors>', 'comma-separated rule ids, packs (eu-ai-act) or globs (*, ca-*/*); default: every built-in rule in force on the date')
    .option('--as-of <date>', 'evaluation date YYYY-MM-DD (default: today)')
    .option('--model <ids>', 'only report these models (comma-separated ids) and their developers')
    .addOption(new Option('--format <format>', 'output format').default('text'))
    .addOption(new Option('--fail-on <level>', 'exit 1 when a rule in force gives this verdict or worse').choices(['captured', 'uncertain', 'never']).default('captured'))
    .option('--include-not-in-force', 'let findings of rules not in force trip the gate too')
    .option('--out <file>', 'write the report to a file instead of standard output')
    .action((file: string, o) => setCode(runCheck(file, o, stdout)));

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
    .action((o) => setCode(runEstimate(o, stdout)));
  return p;
}

/** Runs the CLI and returns the exit code; never throws. */
export function run(argv: string[]): number {
  let code = 0;
  try {
    program((c) => (code = c)).parse(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof InputError) {
      for (const item of e.errors) process.stderr.write(`flopcheck: error: ${formatError(item)}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`flopcheck: error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`flopcheck: internal error: ${(e as Error).message}\nPlease report this with the input that caused it.\n`);
    return 3;
  }
}

export function main(argv: string[] = process.argv): void {
  process.exitCode = run(argv);
}
