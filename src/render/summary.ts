// The summary format: counts only, per rule and reading, as JSON (what large corpora use).
import type { GroupSummary } from '../core/evaluate/breakdown';
import type { SummaryRow } from '../core/evaluate/engine';
import { jsonSafe } from './safe-text';

export function renderSummary(asOf: string, models: number, rows: SummaryRow[]): string {
  return jsonSafe(JSON.stringify({ asOf, models, rules: rows }, null, 2)) + '\n';
}

/** `--by`: the same counts per group of models (publication year, organization or country). */
export function renderSummaryBy(asOf: string, models: number, by: string, groups: GroupSummary[]): string {
  return jsonSafe(JSON.stringify({ asOf, models, by, groups }, null, 2)) + '\n';
}
