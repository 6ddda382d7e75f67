// What the routes share: the rules and tables they evaluate with, the store, the clock and the limits.
import type { ReferenceTables } from '../core/estimate/reference';
import type { Rule } from '../core/types';
import type { BaseModelCatalog } from '../generated/base-models';
import type { ReportStore } from '../store/store';
import type { RequestHandler } from 'express';
import type { AnswerCache } from './answer-cache';

export interface AppContext {
  rules: readonly Rule[];
  reference: ReferenceTables;
  catalog: BaseModelCatalog;
  store: ReportStore;
  /** The current time (report timestamps); today's UTC date is the default as-of date. */
  now: () => Date;
  today: () => string;
  /** Body limit in bytes for the API and the form. */
  bodyLimit: number;
  /** How long a saved report is kept, in ms (0: forever). */
  retentionMs: number;
  /** Per-client rate limiters: the pages' POST routes, and the API. */
  limits: { pages: RequestHandler; api: RequestHandler };
  /** Recent API answers by request (see answer-cache.ts). */
  answers: AnswerCache;
  /** Where unexpected errors are logged (never sent to the client). */
  log: (message: string) => void;
}
