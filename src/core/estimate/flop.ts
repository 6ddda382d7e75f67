// FLOP estimators: declared amounts and ranges, 6·N·D / 2·N·D counting, and accelerators × hours × peak × utilization.
import { Dec, fromNumber, mul, parseDec } from '../exact/decimal';
import { Interval, point, range } from '../exact/interval';
import type { ComputeRecord } from '../types';
import type { ReferenceTables } from './reference';

export interface FlopEstimate {
  flop: Interval;
  /** Machine-readable method id. */
  method: 'declared' | 'declared-range' | 'architecture-6nd' | 'architecture-2nd' | 'architecture-custom' | 'hardware';
  /** The formula with its inputs, for people. */
  detail: string;
}

const SIX = parseDec('6')!;
const TWO = parseDec('2')!;
const SECONDS_PER_HOUR = parseDec('3600')!;

/** Phases that only run forward passes (generation), counted at 2 operations per parameter per token. */
export const FORWARD_ONLY_PHASES: ReadonlySet<string> = new Set(['synthetic-data', 'evaluation']);

/** Training compute of a dense transformer: 6·N·D (Kaplan et al.; EU GPAI Guidelines Annex A.2). */
export function trainingFlop(parameters: number, tokens: number): Dec {
  return mul(SIX, mul(fromNumber(parameters), fromNumber(tokens)));
}

/** Forward-only generation (e.g. synthetic data): 2·N·D. */
export function forwardFlop(parameters: number, tokens: number): Dec {
  return mul(TWO, mul(fromNumber(parameters), fromNumber(tokens)));
}

/** count × hours × 3600 s/h × peak FLOP/s × utilization (EU GPAI Guidelines Annex A.2, C = N·L·H·U). */
export function hardwareFlop(count: number, hours: number, peakFlopPerSecond: number, utilization: number): Dec {
  return mul(
    mul(fromNumber(count), mul(fromNumber(hours), SECONDS_PER_HOUR)),
    mul(fromNumber(peakFlopPerSecond), fromNumber(utilization)),
  );
}

/** The dense peak a hardware amount uses: explicit, or the accelerator table at the requested precision. */
export function peakOf(
  hw: NonNullable<ComputeRecord['hardware']>,
  ref: ReferenceTables,
): { peak: number; label: string } | undefined {
  if (hw.peakFlopPerSecond !== undefined) return { peak: hw.peakFlopPerSecond, label: 'declared peak' };
  const acc = hw.accelerator === undefined ? undefined : ref.accelerators.get(hw.accelerator);
  if (!acc) return undefined;
  const precision = hw.precision ?? acc.defaultPrecision;
  const peak = acc.peakFlopPerSecond[precision];
  if (peak === undefined) return undefined;
  return { peak, label: `${acc.name} ${precision} dense peak` };
}

/** Estimates one record's FLOP. Assumes the record passed validation (exactly one amount; accelerator known). */
export function estimateFlop(rec: ComputeRecord, ref: ReferenceTables): FlopEstimate {
  if (rec.flop !== undefined) {
    return { flop: point(fromNumber(rec.flop)), method: 'declared', detail: `declared ${rec.flop} FLOP` };
  }
  if (rec.flopRange) {
    const r = rec.flopRange;
    return {
      // Without high the range is open above (hi null): "at least low", as a source saying only "over" gives.
      flop:
        r.high === undefined
          ? { lo: fromNumber(r.low), hi: null, mid: null }
          : range(fromNumber(r.low), fromNumber(r.high), r.central === undefined ? null : fromNumber(r.central)),
      method: 'declared-range',
      detail:
        r.high === undefined
          ? `declared at least ${r.low} FLOP, no upper bound`
          : `declared range ${r.low}–${r.high} FLOP`,
    };
  }
  if (rec.architecture) {
    const a = rec.architecture;
    const n = a.activeParameters ?? a.parameters;
    const nLabel = a.activeParameters !== undefined ? `${n} active parameters` : `${n} parameters`;
    if (a.flopPerParameterPerToken !== undefined) {
      const v = mul(fromNumber(a.flopPerParameterPerToken), mul(fromNumber(n), fromNumber(a.tokens)));
      return {
        flop: point(v),
        method: 'architecture-custom',
        detail: `${a.flopPerParameterPerToken} × ${nLabel} × ${a.tokens} tokens`,
      };
    }
    if (FORWARD_ONLY_PHASES.has(rec.phase)) {
      return {
        flop: point(forwardFlop(n, a.tokens)),
        method: 'architecture-2nd',
        detail: `2 × ${nLabel} × ${a.tokens} tokens (forward passes only)`,
      };
    }
    return {
      flop: point(trainingFlop(n, a.tokens)),
      method: 'architecture-6nd',
      detail: `6 × ${nLabel} × ${a.tokens} tokens`,
    };
  }
  const hw = rec.hardware!;
  const p = peakOf(hw, ref);
  if (!p) throw new Error(`no peak throughput for accelerator ${hw.accelerator}`);
  const head = `${hw.count} × ${hw.hours} h × 3600 s/h × ${p.peak} FLOP/s (${p.label})`;
  if (hw.utilization === undefined) {
    const u = hw.utilizationRange;
    if (!u) throw new Error('hardware amount without utilization or utilizationRange');
    // Utilization not known (e.g. hours from a cloud bill): the FLOP is a range, never a point.
    const at = (x: number) => hardwareFlop(hw.count, hw.hours, p.peak, x);
    return {
      flop: range(at(u.low), at(u.high), u.central === undefined ? null : at(u.central)),
      method: 'hardware',
      detail: `${head} × ${u.low}–${u.high} utilization${u.central === undefined ? '' : ` (central ${u.central})`}`,
    };
  }
  return {
    flop: point(hardwareFlop(hw.count, hw.hours, p.peak, hw.utilization)),
    method: 'hardware',
    detail: `${head} × ${hw.utilization} utilization`,
  };
}
