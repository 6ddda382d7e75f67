// The summary format: counts only, per rule and reading, as JSON (what large corpora use).
import type { SummaryRow } from '../core/evaluate/engine';
import { jsonSafe } from './safe-text';

export function renderSummary(asOf: string, models: number, rows: SummaryRow[]): string {
  return jsonSafe(JSON.stringify({ asOf, models, rules: rows }, null, 2)) + '\n';
}
