// GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding that needs attention,
// most important first, then a summary notice. GitHub shows at most 10 annotations of each level per step and drops
// the rest silently, so past 10 (9 for notices, keeping room for the summary) findings are printed as plain log lines.
import { locate, RenderContext } from './context';
import {
  byPriority,
  citationText,
  gateText,
  inForceText,
  level,
  Level,
  nextStep,
  numbersText,
  ownShareText,
  ruleLabel,
  subjectId,
  summaryText,
  VERDICT_LABEL,
} from './finding-view';
import type { Report, ReportFinding } from '../core/report';
import { visible } from './safe-text';

/**
 * Message data: %, CR and LF are escaped (GitHub docs, "Workflow commands": escaping), other control characters
 * shown as escapes, and "##[" broken up (visible): the runner still accepts "##[command]" anywhere in a line.
 */
export function escapeData(s: string): string {
  return visible(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Property values additionally escape ':' and ','. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Exclude<Level, 'none'>, string> = { error: 'error', warning: 'warning', note: 'notice' };
const LIMIT: Record<string, number> = { error: 10, warning: 10, notice: 9 };

function title(f: ReportFinding): string {
  const w = f.waiver ? (f.waiver.expired ? ' (waiver expired)' : ' (waived)') : '';
  return `${ruleLabel(f)}: ${VERDICT_LABEL[f.verdict]} ${subjectId(f)}${w}`;
}

function body(f: ReportFinding): string {
  const lines = [
    `${subjectId(f)} is ${VERDICT_LABEL[f.verdict]} under ${ruleLabel(f)} (${inForceText(f)}).`,
    `Numbers: ${numbersText(f)}.`,
  ];
  if (f.wrongfulCapture)
    lines.push(
      `Wrongful capture: only because of other developers' compute or spend (${ownShareText(f)}); own-only: ${f.ownOnly.verdict}.`,
    );
  lines.push(`Next step: ${nextStep(f)}`);
  lines.push(`Source: ${citationText(f)} ${f.citation.url}`);
  return lines.join('\n');
}

function command(kind: string, props: [string, string | number][], msg: string): string {
  const p = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${kind}${p ? ` ${p}` : ''}::${escapeData(msg)}`;
}

export function renderGithub(report: Report, ctx: RenderContext = {}): string {
  const out: string[] = [];
  const overflow: string[] = [];
  const used: Record<string, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of byPriority(report.findings)) {
    const lv = level(f, report.gate);
    if (lv === 'none') continue;
    const kind = COMMAND[lv];
    if (used[kind] >= LIMIT[kind]) {
      // A plain log line, escaped as command data is: an id holding a line break must not start a command of its own.
      overflow.push(
        escapeData(`flopcheck ${kind}: ${title(f)}. ${numbersText(f)}. Source: ${citationText(f)} ${f.citation.url}`),
      );
      continue;
    }
    used[kind]++;
    const loc = locate(f, ctx);
    const props: [string, string | number][] = loc
      ? [
          ['file', loc.uri],
          ['line', loc.line],
        ]
      : [];
    props.push(['title', title(f)]);
    out.push(command(kind, props, body(f)));
  }
  const more =
    overflow.length > 0
      ? ` ${overflow.length} more not annotated (GitHub shows 10 per level per step): see the log below, the step summary or the SARIF report.`
      : '';
  out.push(
    command(
      'notice',
      [['title', `flopcheck as of ${report.asOf}`]],
      `${summaryText(report)} ${gateText(report)}${more}`,
    ),
  );
  out.push(...overflow);
  return out.join('\n') + '\n';
}
