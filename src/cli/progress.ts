// A progress line on standard error for long runs, only when standard error is a terminal (never in logs or pipes):
// the phase under way and, while findings are written, how many. The pipeline is synchronous, so the line is
// redrawn from the work itself (phase starts, each finding), at most ten times a second, and only once the run has
// taken more than a second; it is erased before the run ends.
import type { TimedPhase } from './timings';

const LABEL: Record<TimedPhase, string> = {
  read: 'reading',
  parse: 'parsing',
  validate: 'validating',
  index: 'indexing the lineage',
  measure: 'measuring',
  evaluate: 'evaluating',
  render: 'writing',
};

export interface Progress {
  phase(name: TimedPhase): void;
  /** One more finding written. */
  tick(): void;
  done(): void;
}

export const NO_PROGRESS: Progress = { phase: () => {}, tick: () => {}, done: () => {} };

/** A progress line on `stream` when it is a terminal, else nothing. */
export function progressOn(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return NO_PROGRESS;
  const t0 = performance.now();
  let last = 0;
  let shown = false;
  let label = '';
  let count = 0;
  const draw = (force = false) => {
    const now = performance.now();
    if (now - t0 < 1000 || last === Infinity || (!force && now - last < 100)) return;
    last = now;
    shown = true;
    const secs = ((now - t0) / 1000).toFixed(1);
    stream.write(
      `\r\x1b[2Kflopcheck: ${label}${count > 0 ? ` (${count.toLocaleString('en-US')} findings)` : ''} ${secs} s`,
    );
  };
  return {
    phase(name) {
      if (name === 'render' && label === LABEL.evaluate) return; // streamed findings: keep "evaluating (n findings)"
      label = LABEL[name];
      draw(true);
    },
    tick() {
      count++;
      draw();
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
      last = Infinity; // nothing more after the end
    },
  };
}
