import { describe, expect, it } from 'vitest';
import { HttpError } from './errors';
import { boundaryOf, parseMultipart } from './multipart';

const body = (parts: string[], b = 'XyZ') => Buffer.from(`--${b}\r\n${parts.join(`\r\n--${b}\r\n`)}\r\n--${b}--\r\n`);

describe('parseMultipart', () => {
  it('reads fields (repeated names as lists) and files, skipping an empty file input', () => {
    const m = parseMultipart(
      body([
        'Content-Disposition: form-data; name="orgName"\r\n\r\nTomato AI',
        'Content-Disposition: form-data; name="modelGenerates"\r\n\r\ntext',
        'Content-Disposition: form-data; name="modelGenerates"\r\n\r\ncode',
        'Content-Disposition: form-data; name="lineageFile"; filename="l.yaml"\r\nContent-Type: application/yaml\r\n\r\nlineageVersion: 1\r\nmodels: []',
        'Content-Disposition: form-data; name="modelCard"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n',
      ]),
      'multipart/form-data; boundary=XyZ',
    );
    expect(m.fields).toEqual({ orgName: 'Tomato AI', modelGenerates: ['text', 'code'] });
    expect(m.files).toEqual({ lineageFile: { filename: 'l.yaml', text: 'lineageVersion: 1\r\nmodels: []' } });
  });

  it('refuses malformed bodies with a 400', () => {
    expect(() => parseMultipart(Buffer.from('nothing'), 'multipart/form-data; boundary=XyZ')).toThrow(HttpError);
    expect(() => parseMultipart(Buffer.from('--XyZ\r\nno end'), 'multipart/form-data; boundary=XyZ')).toThrow(
      /could not be read/,
    );
    expect(() => parseMultipart(body([]), 'multipart/form-data')).toThrow(/no boundary/);
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
  });
});
