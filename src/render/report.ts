// The JSON report (built by src/core/report.ts) as text: deterministic key order, safe for any terminal or log.
// Explanation steps are written as { id, text }, worded by the catalogue (render/messages.ts).
import type { Report } from '../core/report';
import { textOf } from './messages';
import { jsonSafe } from './safe-text';

export function renderJson(report: Report): string {
  const findings = report.findings.map((f) => ({
    ...f,
    explanation: f.explanation.map((m) => ({ id: m.id, text: textOf(m) })),
  }));
  return jsonSafe(JSON.stringify({ ...report, findings }, null, 2)) + '\n';
}
