// The summary format: counts only, per rule and reading, as JSON (what large corpora use). With a gate policy
// (waivers, readings) it also says how the gate came out and which waivers held, expired or covered nothing.
import type { GroupSummary } from '../core/evaluate/breakdown';
import type { SummaryRow } from '../core/evaluate/engine';
import type { GateResult } from '../core/evaluate/gate';
import { jsonSafe } from './safe-text';

export function renderSummary(asOf: string, models: number, rows: SummaryRow[], gate?: GateResult): string {
  const policy = gate
    ? {
        gate: {
          failed: gate.failed,
          failing: gate.failing.length,
          ...(gate.readings ? { readings: gate.readings } : {}),
          waived: gate.waived.filter((w) => !w.waiver.expired).length,
          expiredWaivers: gate.waived.filter((w) => w.waiver.expired).length,
          ...(gate.waivers.length > 0 ? { waivers: gate.waivers } : {}),
        },
      }
    : {};
  return jsonSafe(JSON.stringify({ asOf, models, rules: rows, ...policy }, null, 2)) + '\n';
}

/** `--by`: the same counts per group of models (publication year, organization or country). */
export function renderSummaryBy(asOf: string, models: number, by: string, groups: GroupSummary[]): string {
  return jsonSafe(JSON.stringify({ asOf, models, by, groups }, null, 2)) + '\n';
}
