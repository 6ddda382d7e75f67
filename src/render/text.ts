// Plain-text report for a person at a terminal: per model, each rule's verdict, the numbers, and why.
import { ILLUSTRATIVE, inForceLabel } from '../core/format/status';
import { gateText, WRONGFUL_CAPTURE_DEFINITION, waiverText } from './finding-view';
import type { Report, ReportFinding } from '../core/report';
import { textOf } from './messages';
import { visible, visibleLines } from './safe-text';

const VERDICT_LABEL: Record<string, string> = {
  captured: 'CAPTURED',
  'not-captured': 'not captured',
  uncertain: 'UNCERTAIN',
  'not-applicable': 'not applicable',
};

function wrap(text: string, indent: string, width = 100): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur.length > 0 && indent.length + cur.length + 1 + w.length > width) {
      lines.push(indent + cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(indent + cur);
  return lines.join('\n');
}

function findingBlock(f: ReportFinding): string {
  const head = `${f.rule}${f.interpretation ? ` [${f.interpretation}]` : ''}`;
  const flags = [
    inForceLabel(f.inForce, f.status),
    ...(f.wrongfulCapture
      ? ["WRONGFUL CAPTURE: captured only because other developers' compute or spend was counted; on its own it is not"]
      : []),
  ];
  const out = [`  ${head}: ${VERDICT_LABEL[f.verdict]}  (${flags.join('; ')})`];
  if (f.waiver) out.push(wrap(`${waiverText(f)}.`, '      '));
  for (const m of f.explanation) {
    if (m.id === 'verdict.' + f.verdict) continue;
    out.push(wrap(`- ${textOf(m)}`, '      '));
  }
  out.push(wrap(`Source: ${f.citation.section} — ${f.citation.url}`, '      '));
  if (f.obligations.length > 0 && f.inForce) out.push(wrap(`Obligations: ${f.obligations.join('; ')}`, '      '));
  return out.join('\n');
}

const SHORT: Record<string, string> = {
  captured: 'CAPTURED',
  'not-captured': 'no',
  uncertain: 'uncertain',
  'not-applicable': 'n/a',
};

/** Subjects side by side: one row per rule and reading, one column per model (or organization). */
function overview(findings: readonly ReportFinding[], kind: 'model' | 'organization', maxColumns = 6): string[] {
  const fs = findings.filter((f) => f.subject === kind);
  const subjects = [...new Set(fs.map((f) => visible(kind === 'model' ? f.model! : f.organization!)))];
  if (subjects.length === 0 || subjects.length > maxColumns) return [];
  const rows = new Map<string, Map<string, ReportFinding>>();
  for (const f of fs) {
    const key = `${f.rule}${f.interpretation ? ` [${f.interpretation}]` : ''}${f.status === ILLUSTRATIVE ? ' †' : f.inForce ? '' : ' *'}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = new Map<string, ReportFinding>()));
    r.set(visible(kind === 'model' ? f.model! : f.organization!), f);
  }
  const cell = (f: ReportFinding | undefined) =>
    f
      ? `${SHORT[f.verdict]}${f.wrongfulCapture ? ' (wrongful)' : ''}${f.waiver ? (f.waiver.expired ? ' (waiver expired)' : ' (waived)') : ''}`
      : '';
  const first = Math.max(kind.length + 1, ...[...rows.keys()].map((k) => k.length));
  const widths = subjects.map((s) => Math.max(s.length, ...[...rows.values()].map((r) => cell(r.get(s)).length)));
  const line = (a: string, cols: string[]) =>
    `  ${a.padEnd(first)}  ${cols.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
  const out = [line(kind === 'model' ? 'rule \\ model' : 'rule \\ organization', subjects)];
  out.push(
    line(
      '-'.repeat(first),
      widths.map((w) => '-'.repeat(w)),
    ),
  );
  for (const [key, r] of rows)
    out.push(
      line(
        key,
        subjects.map((s) => cell(r.get(s))),
      ),
    );
  return out;
}

export function renderText(report: Report): string {
  const lines: string[] = [];
  const nModels = report.input.models;
  lines.push(
    `flopcheck: ${nModels} model${nModels === 1 ? '' : 's'}, ${report.rules.length} rule${report.rules.length === 1 ? '' : 's'}, as of ${report.asOf}`,
  );
  const table = [
    ...overview(report.findings, 'model'),
    ...overview(report.findings, 'organization').map((l, i) => (i === 0 ? `\n${l}` : l)),
  ];
  if (table.length > 0) {
    lines.push('');
    lines.push(
      `Overview (* = rule not in force on this date; † = illustrative (not law); wrongful = ${WRONGFUL_CAPTURE_DEFINITION.replace(/^Wrongful capture: /, '').replace(/\.$/, '')}):`,
    );
    lines.push(...table);
  }
  const groups = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    const key = f.subject === 'model' ? `Model ${visible(f.model!)}` : `Organization ${visible(f.organization!)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(f);
  }
  for (const [key, fs] of groups) {
    lines.push('');
    lines.push(key);
    for (const f of fs) lines.push(findingBlock(f));
  }
  const counts = { captured: 0, uncertain: 0, wrongful: 0 };
  for (const f of report.findings) {
    if (f.verdict === 'captured') counts.captured++;
    if (f.verdict === 'uncertain') counts.uncertain++;
    if (f.wrongfulCapture) counts.wrongful++;
  }
  lines.push('');
  lines.push(
    `Summary: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}; ${counts.captured} captured, ${counts.uncertain} uncertain, ${counts.wrongful} wrongful capture${counts.wrongful === 1 ? '' : 's'}. ` +
      gateText(report),
  );
  // Ids and sources come from the input: no terminal escape sequence or other control character reaches the screen.
  return visibleLines(lines.join('\n')) + '\n';
}
