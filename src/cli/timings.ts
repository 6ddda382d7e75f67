// `--timings`: where a run's time goes, phase by phase, as one JSON line on standard error. The clock lives here,
// in the adapter: the core's steps are handed to `run` (src/core/assess.ts `AssessHooks.phase`). A phase run inside
// another (rendering streamed findings while evaluating) is counted in the inner phase only.
import { performance } from 'node:perf_hooks';

export const PHASES = ['read', 'parse', 'validate', 'index', 'measure', 'evaluate', 'render'] as const;
export type TimedPhase = (typeof PHASES)[number];

export class Timings {
  private readonly ms: Record<string, number> = Object.fromEntries(PHASES.map((p) => [p, 0]));
  /** Time spent in phases nested in each running phase, to subtract from it. */
  private readonly inner: number[] = [];
  private readonly t0 = performance.now();

  run = <T>(name: TimedPhase, f: () => T): T => {
    const t0 = performance.now();
    this.inner.push(0);
    try {
      return f();
    } finally {
      const dt = performance.now() - t0;
      this.ms[name] += dt - this.inner.pop()!;
      if (this.inner.length > 0) this.inner[this.inner.length - 1] += dt;
    }
  };

  /** `{"read":…,"parse":…,…,"render":…,"total":…}` in milliseconds (0.1 ms), then a newline. */
  line(): string {
    const round = (x: number) => Math.round(x * 10) / 10;
    const out: Record<string, number> = {};
    for (const p of PHASES) out[p] = round(this.ms[p]);
    out.total = round(performance.now() - this.t0);
    return JSON.stringify(out) + '\n';
  }
}

/** A stand-in that runs each phase untimed. */
export const untimed = <T>(_name: TimedPhase, f: () => T): T => f();
