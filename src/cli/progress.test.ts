import { describe, expect, it, vi } from 'vitest';
import { NO_PROGRESS, progressOn } from './progress';

/** A stand-in for process.stderr that records what is written. */
function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe('progress line', () => {
  it('is nothing at all when stderr is not a terminal', () => {
    expect(progressOn(fakeStream(false).stream)).toBe(NO_PROGRESS);
  });

  it('stays silent for a run under a second, then shows the phase and findings, and is erased at the end', () => {
    vi.useFakeTimers({ toFake: ['performance', 'Date'] });
    try {
      const { stream, written } = fakeStream(true);
      const p = progressOn(stream);
      p.phase('validate');
      p.tick();
      expect(written).toEqual([]);
      vi.advanceTimersByTime(1500);
      p.phase('evaluate');
      p.tick();
      vi.advanceTimersByTime(200);
      p.tick();
      const last = written.at(-1)!;
      expect(last.startsWith('\r\x1b[2K')).toBe(true);
      expect(last.slice(5)).toMatch(/^flopcheck: evaluating \(3 findings\) \d+\.\d s$/);
      p.done();
      expect(written.at(-1)).toBe('\r\x1b[2K');
      const n = written.length;
      p.tick();
      p.done();
      expect(written).toHaveLength(n);
    } finally {
      vi.useRealTimers();
    }
  });
});
