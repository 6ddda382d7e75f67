import { describe, expect, it } from 'vitest';
import { xml } from './xml';
import { jsonStringBytes } from './json-bytes';
import { jsonSafe, visible, visibleLines } from './safe-text';

describe('safe text', () => {
  it('visible: every control character as an escape, "##[" broken up; other text untouched', () => {
    expect(visible('a\x1b[31mb\nc\r\t\u009b\u202e\u2028 é 模型 ##[error]')).toBe(
      'a\\x1b[31mb\\x0ac\\x0d\\x09\\x9b\\u202e\\u2028 é 模型 ##\\x5berror]',
    );
    expect(visible('open-lab/base-110b')).toBe('open-lab/base-110b');
  });
  it('visibleLines: keeps line feeds; no line may start a workflow command', () => {
    expect(visibleLines('a\n  ::error::x\n::warning::y\nb :: c\r\n')).toBe(
      'a\n  \\x3a:error::x\n\\x3a:warning::y\nb :: c\\x0d\n',
    );
  });
  it('jsonSafe: the same JSON value, without raw C1, separators or "##["', () => {
    const v = { id: 'a\u009b\u2028\u202e##[error]\x7f' };
    const s = jsonSafe(JSON.stringify(v));
    expect(s).toBe('{"id":"a\\u009b\\u2028\\u202e##\\u005berror]\\u007f"}');
    expect(JSON.parse(s)).toEqual(v);
  });
  it('jsonStringBytes: the UTF-8 bytes of jsonSafe(JSON.stringify(s)), whatever the characters', () => {
    const values = [
      '',
      'plain ascii',
      '6 × 10^24 FLOP, § 22757.11, café ÿ',
      '×',
      'a\u009b b \u00a0 c',
      'x\u007fy ×',
      '× ##[error] ×',
      '模型 ×',
      '🚀 × é',
      'lone \ud800 surrogate ×',
      '\u2028 ×',
      '\u0080\u009f\u00a0\u00ff',
    ];
    for (const id of values) {
      const want = Buffer.from(jsonSafe(JSON.stringify(id)), 'utf8');
      expect(Buffer.from(jsonStringBytes(id), 'latin1').equals(want)).toBe(true);
    }
  });
  it('junit xml: markup and controls escaped, "##[" as a character reference', () => {
    expect(xml('<a b="c">&\x1b\uFFFE ##[x]\n')).toBe('&lt;a b=&quot;c&quot;&gt;&amp;\\x1b ##&#91;x]&#10;');
  });
});
