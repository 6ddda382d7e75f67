import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonLines } from './jsonl';
import { decodeText } from './document';

const dir = mkdtempSync(join(tmpdir(), 'flopcheck-jsonl-unit-'));
const write = (name: string, data: string | Buffer) => {
  const file = join(dir, name);
  writeFileSync(file, data);
  return file;
};

describe('readJsonLines', () => {
  it('reads lines longer than a block, with characters of several bytes across block boundaries', () => {
    // Blocks are 4 MiB: pad so that a 4-byte, 3-byte and 2-byte character each straddle the boundary.
    for (const shift of [0, 1, 2, 3]) {
      const head = '\ufeff{"lineageVersion":1}\r\n{"model":{"id":"';
      const pad = 'x'.repeat((1 << 22) - Buffer.byteLength(head) - shift);
      const id = `${pad}𝄞€é`;
      const long = `é${'ü'.repeat(3_000_000)}`;
      const file = write(
        `long-${shift}.jsonl`,
        `${head}${id}"}}\r\n\n{"model":{"id":"${long}"}}\n{"organization":{"id":"o"}}`,
      );
      const { doc, lines } = readJsonLines(file);
      expect(doc.models.map((m) => (m as { id: string }).id)).toEqual([id, long]);
      expect(doc.organizations).toEqual([{ id: 'o' }]);
      expect(lines).toEqual({ models: [2, 4], organizations: [5] });
    }
  });

  it('decodes invalid UTF-8 as the replacement character, as a whole-file decoder does', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"lineageVersion":1}\n{"model":{"id":"a'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('"}}\n'),
    ]);
    const { doc } = readJsonLines(write('bad-utf8.jsonl', bytes));
    expect(doc.models).toEqual([{ id: 'a\ufffd\ufffd' }]);
  });

  it('still names the line of a line that is not one object of the form', () => {
    const file = write('two.jsonl', '{"lineageVersion":1}\n{"model":{"id":"a"}},{"model":{"id":"b"}}\n');
    expect(() => readJsonLines(file)).toThrow(/line 2/);
  });
});

describe('readJsonLines with the depth checks deferred', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  /** The error readJsonLines throws, or the one checkDepth throws after it; '' when neither throws. */
  const error = (file: string, deferDepth: boolean): string => {
    try {
      readJsonLines(file, { deferDepth }).checkDepth();
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  };
  it('reports the same first error as checking each line when it is read', () => {
    const cases = [
      `{"lineageVersion":1}\n{"model":{"id":"a","x":${deep(70)}}}\n{"model":{"id":"b"}}\n`,
      `{"lineageVersion":1}\n{"model":{"id":"a","x":${deep(70)}}}\nnot json\n`,
      `{"lineageVersion":1}\n{"organization":{"id":"o"}}\n{"model":{"id":"a"}}\n{"organization":{"id":"p","x":${deep(70)}}}\n{"model":1,"organization":2}\n`,
      `{"lineageVersion":1}\n{"x":${deep(70)}}\n`,
      `{"lineageVersion":1,"x":${deep(70)}}\n{"model":{"id":"a"}}\n`,
      `{"x":${deep(70)}}\n`,
      `{"lineageVersion":1}\n{"model":{"id":"a","x":${deep(62)}}}\n{"model":{"id":"b","x":${deep(63)}}}\n`,
      `{"lineageVersion":1}\n{"model":${deep(64)}}\n`,
      `{"lineageVersion":1}\n{"model":{"id":"a"}}\n[1]\n`,
    ];
    cases.forEach((text, k) => {
      const file = write(`deferred-${k}.jsonl`, text);
      const now = error(file, false);
      expect(now, `case ${k}`).not.toBe('');
      expect(error(file, true), `case ${k}`).toBe(now);
    });
    const fine = write('deferred-ok.jsonl', `{"lineageVersion":1}\n{"model":{"id":"a","x":${deep(61)}}}\n`);
    expect(error(fine, true)).toBe('');
    expect(readJsonLines(fine, { deferDepth: true }).doc).toEqual(readJsonLines(fine).doc);
  });
});

describe('decodeText', () => {
  it('decodes ASCII and UTF-8 alike and drops a byte order mark', () => {
    expect(decodeText(Buffer.from('{"a":1}'))).toBe('{"a":1}');
    expect(decodeText(Buffer.from('\ufeff{"a":"é€"}'))).toBe('{"a":"é€"}');
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf]))).toBe('');
  });
});
