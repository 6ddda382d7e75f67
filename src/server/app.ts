// The web adapter: createApp(options) builds the express app (no listening here: `flopcheck serve` and tests do
// that). Routes: the JSON API (api.ts) and the pages for people (pages.ts); one error handler turns every error
// into a status and { errors: [{ path, message }] } (JSON routes) or an error page (pages), never a stack trace.
import express, { NextFunction, Request, Response } from 'express';
import { loadBuiltinRules, loadCatalog, loadReference } from '../io/load';
import type { ReferenceTables } from '../core/estimate/reference';
import type { Rule } from '../core/types';
import type { BaseModelCatalog } from '../generated/base-models';
import { memoryStore, ReportStore } from '../store/store';
import { answerCache } from './answer-cache';
import { apiRouter } from './api';
import type { AppContext } from './context';
import { HttpError, problemOf } from './errors';
import { openapiRouter } from './openapi';
import { pagesRouter } from './pages';
import { DEFAULT_RATE_LIMITS, limiter, RateLimits } from './rate-limit';
import { errorPage } from './views';

export interface AppOptions {
  /** Rules to evaluate (default: the built-in rule packs). */
  rules?: readonly Rule[];
  /** Reference tables (default: rules/reference/). */
  reference?: ReferenceTables;
  /** Base models offered on the form (default: rules/reference/base-models.json). */
  catalog?: BaseModelCatalog;
  /** Where reports are saved (default: in memory, lost on exit). */
  store?: ReportStore;
  /** Largest request body in bytes (default 1 MB). */
  bodyLimit?: number;
  /** The clock: the default as-of date is its UTC date (default: the system clock). */
  clock?: () => Date;
  /** Days a saved report is kept (default 90; 0: forever). Older ones answer 410 and are purged. */
  retentionDays?: number;
  /** Per-client request limits on POST routes (default DEFAULT_RATE_LIMITS; false: none). */
  rateLimits?: RateLimits | false;
  /** Bytes of API answers kept for repeated requests (default 32 MB; 0: none). */
  answerCacheBytes?: number;
  /** Where unexpected errors are logged (default: standard error). */
  log?: (message: string) => void;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_RETENTION_DAYS = 90;

function limitsFor(o: RateLimits | false | undefined): AppContext['limits'] {
  const l = { ...DEFAULT_RATE_LIMITS, ...(o === false ? { pages: 0, api: 0 } : (o ?? {})) };
  return {
    pages: limiter(l.pages, l.windowMs, 'the form and saved reports'),
    api: limiter(l.api, l.windowMs, 'the API'),
  };
}

export const DEFAULT_ANSWER_CACHE_BYTES = 32 * 1024 * 1024;

/** Routes answered in JSON; everything else is a page for people. */
const isJsonRoute = (req: Request) =>
  req.path.startsWith('/api/') || req.path === '/healthz' || req.path.endsWith('.json');

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    // Report addresses are their only key: never send them to the cited sites as a referrer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  });
  next();
}

export function createApp(options: AppOptions = {}): express.Express {
  const clock = options.clock ?? (() => new Date());
  const ctx: AppContext = {
    rules: options.rules ?? loadBuiltinRules(),
    reference: options.reference ?? loadReference(),
    catalog: options.catalog ?? loadCatalog(),
    store: options.store ?? memoryStore(),
    now: clock,
    today: () => clock().toISOString().slice(0, 10),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    retentionMs: (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * 86_400_000,
    limits: limitsFor(options.rateLimits),
    answers: answerCache(options.answerCacheBytes ?? DEFAULT_ANSWER_CACHE_BYTES),
    log: options.log ?? ((m) => process.stderr.write(`${m}\n`)),
  };
  const app = express();
  app.disable('x-powered-by');
  // No ETags: answers to POSTs are never revalidated and pages are no-store, and hashing each 380 KB JSON answer
  // cost a tenth of the API's time.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(securityHeaders);
  app.use(apiRouter(ctx));
  app.use(openapiRouter());
  app.use(pagesRouter(ctx));
  app.use((req: Request) => {
    throw new HttpError(404, [{ path: '', message: `no route ${req.method} ${req.path.slice(0, 200)}` }]);
  });
  // The one error handler: express calls it for thrown errors, rejected promises and body-parser failures.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const p = problemOf(err);
    if (p.headers) res.set(p.headers);
    if (!p.expected)
      ctx.log(
        `flopcheck serve: ${req.method} ${req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    if (isJsonRoute(req)) {
      res.status(p.status).json({ errors: p.errors });
      return;
    }
    let page: string;
    try {
      page = errorPage(
        p.status,
        p.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)),
      );
    } catch (e) {
      ctx.log(`flopcheck serve: error page: ${(e as Error).message}`);
      page = `Error ${p.status}`;
    }
    res.status(p.status).type('html').send(page);
  });
  return app;
}
