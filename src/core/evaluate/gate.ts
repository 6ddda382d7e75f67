// The release gate: does any finding of a rule in force reach the --fail-on level? A team's policy narrows it:
// the gate may count only named readings of a rule (e.g. SB 53's developer-own, reporting lineage-cumulative), and
// a waiver, with its reason and an expiry date, lets one finding through until that date. Pure: the evaluation date
// comes in as an argument; expiry is decided against it, never against a clock.
import type { Finding, Rule } from '../types';
import type { InputErrorItem } from '../validate/errors';

export type FailOn = 'captured' | 'uncertain' | 'never';

/** A waiver from flopcheck.config.json: what it covers (a rule, optionally one reading and one subject), why, until when. */
export interface Waiver {
  rule: string;
  interpretation?: string;
  model?: string;
  organization?: string;
  reason: string;
  /** Last day the waiver holds (YYYY-MM-DD, inclusive). */
  expires: string;
}

export interface GatePolicy {
  /** Evaluation date (YYYY-MM-DD), against which waivers expire. Required when there are waivers. */
  asOf?: string;
  /**
   * Readings the gate counts. A rule that has at least one of these readings trips the gate only through them; its
   * other readings are reported but do not fail the release. Rules without any of them are gated as usual.
   */
  readings?: readonly string[];
  /** Rules whose readings are known (to tell which rules the reading limit applies to). */
  rules?: readonly Rule[];
  waivers?: readonly Waiver[];
}

/** How a waiver was applied to one finding: it held (the finding does not trip the gate) or it had expired. */
export interface WaiverApplied {
  /** Index of the waiver in the config's list. */
  index: number;
  reason: string;
  expires: string;
  expired: boolean;
}

export interface GateResult {
  failOn: FailOn;
  failed: boolean;
  /** Findings (in force) that tripped the gate. */
  failing: Finding[];
  /** The readings the gate was limited to, by rule (only rules the limit applies to). */
  readings?: Record<string, string[]>;
  /** Findings that would trip the gate and are covered by a waiver, held or expired (report order). */
  waived: { finding: Finding; waiver: WaiverApplied }[];
  /** Every waiver with how many findings it covered on this run, so stale ones can be removed. */
  waivers: (Waiver & { index: number; expired: boolean; matched: number })[];
}

/** The facts a renderer needs to decide whether one finding trips the gate (the same test as gate()). */
export interface GateView {
  failOn: string;
  includeNotInForce: boolean;
  readings?: Record<string, string[]>;
}

/** Whether the finding's verdict reaches the gate level, for a rule the gate counts (waivers aside). */
export function reachesGate(f: Finding, g: GateView): boolean {
  if (g.failOn === 'never') return false;
  if (!f.inForce && !g.includeNotInForce) return false;
  const limited = g.readings?.[f.rule];
  if (limited && (f.interpretation === undefined || !limited.includes(f.interpretation))) return false;
  return f.verdict === 'captured' || (g.failOn === 'uncertain' && f.verdict === 'uncertain');
}

/** A waiver has expired when the evaluation date is after its last day (ISO dates compare as strings). */
export function waiverExpired(w: Waiver, asOf: string): boolean {
  return asOf > w.expires;
}

export function waiverCovers(w: Waiver, f: Finding): boolean {
  if (w.rule !== f.rule) return false;
  if (w.interpretation !== undefined && w.interpretation !== f.interpretation) return false;
  if (w.model !== undefined && (f.subject !== 'model' || f.model !== w.model)) return false;
  if (w.organization !== undefined && (f.subject !== 'organization' || f.organization !== w.organization)) return false;
  return true;
}

/** The reading limit by rule: for each rule with at least one of the named readings, those it has. */
export function readingLimits(
  readings: readonly string[] | undefined,
  rules: readonly Rule[],
): Record<string, string[]> | undefined {
  if (!readings || readings.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const r of rules) {
    const has = (r.interpretations ?? []).map((i) => i.id).filter((id) => readings.includes(id));
    if (has.length > 0) out[r.id] = has;
  }
  return out;
}

/**
 * The gate decided one finding at a time, for findings that are written as they are produced and not kept:
 * `add` says whether a waiver covers the finding, `result` gives what `gate` would have given for them all
 * (`failing` holds the failing findings only when `keepFailing`; `failingCount` counts them either way).
 */
export class GateTally {
  private readonly view: GateView;
  private readonly readings: Record<string, string[]> | undefined;
  private readonly waivers: GateResult['waivers'];
  private readonly failing: Finding[] = [];
  private readonly waived: GateResult['waived'] = [];
  failingCount = 0;

  constructor(
    private readonly failOn: FailOn,
    includeNotInForce = false,
    policy: GatePolicy = {},
    private readonly keepFailing = true,
  ) {
    this.readings = readingLimits(policy.readings, policy.rules ?? []);
    this.view = { failOn, includeNotInForce, ...(this.readings ? { readings: this.readings } : {}) };
    this.waivers = (policy.waivers ?? []).map((w, index) => ({
      ...w,
      index,
      expired: policy.asOf !== undefined && waiverExpired(w, policy.asOf),
      matched: 0,
    }));
  }

  /** Counts one finding; returns the waiver applied to it, if any. */
  add(f: Finding): WaiverApplied | undefined {
    if (!reachesGate(f, this.view)) return undefined;
    // A held waiver wins over an expired one for the same finding (a renewed waiver beside the old one).
    const covering = this.waivers.filter((w) => waiverCovers(w, f));
    for (const w of covering) w.matched++;
    const w = covering.find((x) => !x.expired) ?? covering[0];
    const applied = w ? { index: w.index, reason: w.reason, expires: w.expires, expired: w.expired } : undefined;
    if (applied) this.waived.push({ finding: f, waiver: applied });
    if (!w || w.expired) {
      this.failingCount++;
      if (this.keepFailing) this.failing.push(f);
    }
    return applied;
  }

  result(): GateResult {
    const { failOn, failing, waived, waivers, readings } = this;
    return { failOn, failed: this.failingCount > 0, failing, ...(readings ? { readings } : {}), waived, waivers };
  }
}

export function gate(
  findings: readonly Finding[],
  failOn: FailOn,
  includeNotInForce = false,
  policy: GatePolicy = {},
): GateResult {
  const tally = new GateTally(failOn, includeNotInForce, policy);
  for (const f of findings) tally.add(f);
  return tally.result();
}

/**
 * Checks waivers against the rules (ids, readings, subject kind) and the readings named for the gate against the
 * selected rules. Returns errors with paths relative to the config ("waivers[0].rule"); the caller prefixes the file.
 */
export function checkGatePolicy(waivers: readonly Waiver[], rules: readonly Rule[]): InputErrorItem[] {
  const errors: InputErrorItem[] = [];
  const byId = new Map(rules.map((r) => [r.id, r]));
  waivers.forEach((w, i) => {
    const at = `waivers[${i}]`;
    if (w.model !== undefined && w.organization !== undefined)
      errors.push({ path: at, message: 'name model or organization, not both' });
    const rule = byId.get(w.rule);
    if (!rule) {
      errors.push({
        path: `${at}.rule`,
        message: `no rule "${w.rule}" (a waiver names one rule id; see flopcheck rules)`,
      });
      return;
    }
    const readings = (rule.interpretations ?? []).map((x) => x.id);
    if (w.interpretation !== undefined && !readings.includes(w.interpretation)) {
      const known = readings.length > 0 ? `its readings are ${readings.join(', ')}` : 'it has no named readings';
      errors.push({
        path: `${at}.interpretation`,
        message: `rule ${w.rule} has no reading "${w.interpretation}" (${known})`,
      });
    }
    if (w.model !== undefined && rule.subject !== 'model')
      errors.push({
        path: `${at}.model`,
        message: `rule ${w.rule} is about organizations: name organization, not model`,
      });
    if (w.organization !== undefined && rule.subject !== 'organization')
      errors.push({
        path: `${at}.organization`,
        message: `rule ${w.rule} is about models: name model, not organization`,
      });
  });
  return errors;
}

/** Readings named for the gate that no selected rule has (a typo would otherwise silently gate nothing). */
export function unknownReadings(readings: readonly string[], rules: readonly Rule[]): string[] {
  const known = new Set(rules.flatMap((r) => (r.interpretations ?? []).map((i) => i.id)));
  return readings.filter((r) => !known.has(r));
}
