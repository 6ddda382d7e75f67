// multipart/form-data (RFC 7578) for the assessment form, which carries file uploads beside its fields. The body is
// already read and bounded (express.raw with the form's body limit), so this only splits it: fields as strings (lists
// for repeated names, as the urlencoded parser gives them), files as { filename, text }. Malformed bodies are a 400.
import { HttpError } from './errors';

export interface Upload {
  filename: string;
  /** The file's bytes as UTF-8 text (every upload the form takes is text: JSON, YAML, Markdown, CSV). */
  text: string;
}

export interface Multipart {
  fields: Record<string, string | string[]>;
  files: Record<string, Upload>;
}

/** Parts past this are refused (the urlencoded parser's parameterLimit, for the same reason). */
const MAX_PARTS = 1000;

const bad = (message: string) => new HttpError(400, [{ path: '', message: `the form could not be read: ${message}` }]);

/** The boundary of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Reads Content-Disposition's name and filename (browsers escape quotes as %22 and line breaks as %0A). */
function disposition(headers: string): { name?: string; filename?: string } {
  const line = headers.split('\r\n').find((h) => /^content-disposition:/i.test(h)) ?? '';
  const param = (k: string) => new RegExp(`;\\s*${k}="([^"]*)"`, 'i').exec(line)?.[1];
  return { name: param('name'), filename: param('filename') };
}

export function parseMultipart(body: Buffer, contentType: string): Multipart {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw bad('the multipart body has no boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  const out: Multipart = { fields: {}, files: {} };
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw bad('the multipart body has no parts');
  pos += delimiter.length;
  for (let parts = 0; ; parts++) {
    if (body.subarray(pos, pos + 2).toString() === '--') return out; // the closing delimiter
    if (parts >= MAX_PARTS) throw new HttpError(413, [{ path: '', message: 'the form has too many fields' }]);
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw bad('a part does not start on a new line');
    const headerEnd = body.indexOf('\r\n\r\n', pos + 2);
    if (headerEnd < 0) throw bad('a part has no end of headers');
    const end = body.indexOf(next, headerEnd + 4);
    if (end < 0) throw bad('the body ends inside a part');
    const { name, filename } = disposition(body.toString('utf8', pos + 2, headerEnd));
    const content = body.toString('utf8', headerEnd + 4, end).replace(/^\uFEFF/, '');
    if (name !== undefined) {
      if (filename !== undefined) {
        // An empty file input sends a part with an empty filename: no upload.
        if (filename !== '' || content !== '') out.files[name] = { filename, text: content };
      } else {
        const had = out.fields[name];
        out.fields[name] = had === undefined ? content : [...(Array.isArray(had) ? had : [had]), content];
      }
    }
    pos = end + next.length;
  }
}
