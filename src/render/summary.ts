// The summary format: counts only, per rule and reading, as JSON (what large corpora use).
import type { SummaryRow } from '../core/evaluate/engine';

export function renderSummary(asOf: string, models: number, rows: SummaryRow[]): string {
  return JSON.stringify({ asOf, models, rules: rows }, null, 2) + '\n';
}
