// HTTP errors in one place: every error the app can meet becomes { status, errors: [{ path, message }] }. The
// project's input errors are 400, body-parser's are mapped by their type, anything unexpected is a 500 that says
// nothing about internals (the details go to the server log only).
import { InputError, InputErrorItem } from '../core/validate/errors';
import { StoreBusyError, StoreFullError } from '../store/store';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: InputErrorItem[],
  ) {
    super(errors.map((e) => `${e.path || '(request)'}: ${e.message}`).join('; '));
    this.name = 'HttpError';
  }
}

export interface Problem {
  status: number;
  errors: InputErrorItem[];
  /** False for errors the client did not cause (500): log them. */
  expected: boolean;
  /** Headers that go with the status (Retry-After for 503). */
  headers?: Record<string, string>;
}

/** What a user reads when the report store cannot take or give a report right now. */
export const storeMessage = (e: StoreBusyError | StoreFullError): string =>
  e instanceof StoreBusyError
    ? `the report store is busy (another process holds its lock): try again in ${e.retryAfterSeconds} s`
    : `the report store is full${e.quotaBytes ? ` (quota ${Math.round(e.quotaBytes / 1048576)} MB)` : ''}: delete saved reports or raise the quota (flopcheck serve --max-db-mb)`;

const one = (status: number, message: string, path = ''): Problem => ({
  status,
  errors: [{ path, message }],
  expected: true,
});

/** Errors thrown by express's body parsers carry a `type` and a `status`. */
interface ParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  limit?: number;
  charset?: string;
  encoding?: string;
}

function fromParser(e: ParserError): Problem | undefined {
  switch (e.type) {
    case 'entity.too.large':
      return one(413, `the request body is larger than the limit of ${e.limit ?? '?'} bytes`);
    case 'parameters.too.many':
      return one(413, 'the form has too many fields');
    case 'charset.unsupported':
      return one(415, `unsupported charset "${String(e.charset ?? '').slice(0, 40)}": send UTF-8`);
    case 'encoding.unsupported':
      return one(415, `unsupported content encoding "${String(e.encoding ?? '').slice(0, 40)}"`);
    case 'entity.parse.failed':
      return one(400, 'the request body could not be parsed');
    case 'request.aborted':
    case 'request.size.invalid':
      return one(400, 'the request body was incomplete');
    default:
      return undefined;
  }
}

/** The HTTP answer for an error; `expected: false` for bugs and failures of the server itself. */
export function problemOf(err: unknown): Problem {
  if (err instanceof HttpError) return { status: err.status, errors: err.errors, expected: true };
  if (err instanceof InputError) return { status: 400, errors: err.errors, expected: true };
  if (err instanceof StoreBusyError)
    return { ...one(503, storeMessage(err)), headers: { 'Retry-After': String(err.retryAfterSeconds) } };
  if (err instanceof StoreFullError) return one(507, storeMessage(err));
  if (typeof err === 'object' && err !== null) {
    const p = fromParser(err);
    if (p) return p;
    const { status, expose } = err as ParserError;
    if (typeof status === 'number' && status >= 400 && status < 500 && expose)
      return one(status, (err as Error).message || 'bad request');
  }
  return {
    status: 500,
    errors: [{ path: '', message: 'internal error: the server could not complete the request' }],
    expected: false,
  };
}
