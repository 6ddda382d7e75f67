// Per-client rate limits on the routes that cost work or disk (POST /assess, saving and deleting reports, POST
// /api/v1/evaluate): express-rate-limit's in-memory fixed window, keyed by the client's address (IPv6 by /56, the
// library's default). Past the limit: 429 with Retry-After and the RateLimit headers, through the app's one error
// handler (JSON for the API, an error page for people).
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from './errors';

export interface RateLimits {
  /** Window length in milliseconds (default one minute). */
  windowMs?: number;
  /** Requests per client and window to the pages' POST routes: assess, save, delete (default 30; 0: no limit). */
  pages?: number;
  /** Requests per client and window to POST /api/v1/evaluate (default 600; 0: no limit). */
  api?: number;
}

export const DEFAULT_RATE_LIMITS = { windowMs: 60_000, pages: 30, api: 600 } as const;

const pass: RequestHandler = (_req, _res, next) => next();

/** A limiter allowing `limit` requests per client per window; a no-op for 0. */
export function limiter(limit: number, windowMs: number, what: string): RequestHandler {
  if (!(limit > 0)) return pass;
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // The server is reached directly (no proxy is trusted): a client's X-Forwarded-For is ignored, not logged.
    validate: { xForwardedForHeader: false },
    handler: (_req, res, next) => {
      const retry = res.getHeader('Retry-After');
      next(
        new HttpError(429, [
          {
            path: '',
            message: `too many requests to ${what}: at most ${limit} per ${Math.round(windowMs / 1000)} s from one client; try again in ${String(retry ?? Math.ceil(windowMs / 1000))} s`,
          },
        ]),
      );
    },
  });
}
