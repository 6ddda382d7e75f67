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

describe('decodeText', () => {
  it('decodes ASCII and UTF-8 alike and drops a byte order mark', () => {
    expect(decodeText(Buffer.from('{"a":1}'))).toBe('{"a":1}');
    expect(decodeText(Buffer.from('\ufeff{"a":"é€"}'))).toBe('{"a":"é€"}');
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf]))).toBe('');
  });
});
