import { describe, expect, it } from 'vitest';
import { progress } from './research-io';

function fake(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => (out.push(s), true) } as never };
}

describe('progress', () => {
  it('stays silent for the first two seconds, then rewrites one line, and clears it at the end', () => {
    let t = 0;
    const f = fake(true);
    const p = progress('sweep', f.stream, () => t);
    p(1, 3);
    t = 2500;
    p(2, 3);
    p(3, 3);
    p.end();
    expect(f.out).toEqual(['\rsweep: 2/3', '\rsweep: 3/3', '\r\x1b[K']);
  });

  it('never writes to a pipe or a file', () => {
    let t = 0;
    const f = fake(false);
    const p = progress('sweep', f.stream, () => t);
    t = 10_000;
    p(1, 2);
    p.end();
    expect(f.out).toEqual([]);
  });

  it('writes nothing at the end of a short run', () => {
    const f = fake(true);
    const p = progress('sweep', f.stream, () => 0);
    p(1, 1);
    p.end();
    expect(f.out).toEqual([]);
  });
});
