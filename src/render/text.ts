// Plain-text report for a person at a terminal: per model, each rule's verdict, the numbers, and why.
import type { Finding } from '../core/types';
import type { Report } from './report';

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

function findingBlock(f: Finding): string {
  const head = `${f.rule}${f.interpretation ? ` [${f.interpretation}]` : ''}`;
  const flags = [
    f.inForce ? 'in force' : `not in force (${f.status})`,
    ...(f.wrongfulCapture ? ['WRONGFUL CAPTURE: only because of other developers\' compute'] : []),
  ];
  const out = [`  ${head}: ${VERDICT_LABEL[f.verdict]}  (${flags.join('; ')})`];
  for (const m of f.explanation) {
    if (m.id === 'verdict.' + f.verdict) continue;
    out.push(wrap(`- ${m.text}`, '      '));
  }
  out.push(wrap(`Source: ${f.citation.section} — ${f.citation.url}`, '      '));
  if (f.obligations.length > 0 && f.inForce) out.push(wrap(`Obligations: ${f.obligations.join('; ')}`, '      '));
  return out.join('\n');
}

export function renderText(report: Report): string {
  const lines: string[] = [];
  const nModels = report.input.models;
  lines.push(`flopcheck: ${nModels} model${nModels === 1 ? '' : 's'}, ${report.rules.length} rule${report.rules.length === 1 ? '' : 's'}, as of ${report.asOf}`);
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = f.subject === 'model' ? `Model ${f.model}` : `Organization ${f.organization}`;
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
    `Summary: ${report.findings.length} findings; ${counts.captured} captured, ${counts.uncertain} uncertain, ${counts.wrongful} wrongful capture${counts.wrongful === 1 ? '' : 's'}. ` +
      `Gate (--fail-on ${report.gate.failOn}, rules in force only): ${report.gate.failed ? `FAILED by ${report.gate.failing} finding${report.gate.failing === 1 ? '' : 's'}` : 'passed'}.`,
  );
  return lines.join('\n') + '\n';
}
