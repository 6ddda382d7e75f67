// The JSON report (built by src/core/report.ts) as text: deterministic key order, safe for any terminal or log.
import type { Report } from '../core/report';
import { jsonSafe } from './safe-text';

export function renderJson(report: Report): string {
  return jsonSafe(JSON.stringify(report, null, 2)) + '\n';
}
