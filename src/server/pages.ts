// The web pages for people: GET / (the assessment form), POST /assess (form or pasted lineage → the report page,
// saved at /reports/:id, named in Content-Location; the form again with errors and every typed value on bad input),
// GET /reports/:id and its JSON downloads. Works without JavaScript.
import { randomBytes } from 'node:crypto';
import express, { NextFunction, Request, Response, Router } from 'express';
import type { AppContext } from './context';
import { HttpError, storeMessage } from './errors';
import { evaluateLineage } from './evaluate';
import { FieldError, formToLineage } from './form-lineage';
import { emptyForm, emptyRow, FormValues, MAX_ROWS, readForm } from './form-values';
import { formView } from './form-view';
import { priceFieldView, readPriceField } from './form-price';
import { bodyText, requireUtf8 } from './api';
import { renderReportPage } from './report-page';
import { StoreBusyError, StoreFullError, StoredReport } from '../store/store';
import { errorPage, render } from './views';

/** The rule that sums the whole lineage (no law states it): shown beside the rules in force to expose wrongful capture. */
export const NAIVE_RULE = 'illustrative/lineage-cost-100m';

/** 128 random bits, base64url: unguessable, and the only key to a report. */
export const newReportId = () => randomBytes(16).toString('base64url');
const REPORT_ID = /^[A-Za-z0-9_-]{22}$/;

export function pagesRouter(ctx: AppContext): Router {
  const r = Router();
  const accelerators = [...ctx.reference.accelerators.values()]
    .map((a) => ({ id: a.id, name: a.name }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const showForm = (
    res: Response,
    status: number,
    values: FormValues,
    errors: FieldError[],
    body?: Record<string, unknown>,
  ) => {
    res
      .status(status)
      .type('html')
      .send(
        render('form', {
          ...formView(values, errors, { catalog: ctx.catalog, accelerators }),
          price: { ...priceFieldView(body), error: errors.find((e) => e.field === 'priceScale')?.message ?? '' },
        }),
      );
  };
  const urlencoded = express.urlencoded({ extended: false, limit: ctx.bodyLimit, parameterLimit: 1000 });
  const raw = express.raw({ type: () => true, limit: ctx.bodyLimit });

  r.get('/', (_req, res) => showForm(res, 200, emptyForm(ctx.today()), []));
  r.get('/assess', (_req, res) => res.redirect(303, '/'));

  /** The form's fields, or (a JSON body) the lineage as if pasted into the form's lineage box. */
  const readBody = (req: Request, res: Response, next: NextFunction) => {
    requireUtf8(req);
    if (req.is('application/x-www-form-urlencoded')) return urlencoded(req, res, next);
    if (req.is(['application/json', '+json'])) {
      return raw(req, res, (err?: unknown) => {
        if (err) return next(err);
        req.body = { lineageJson: bodyText(req) };
        next();
      });
    }
    next(
      new HttpError(415, [
        {
          path: '',
          message: 'send the form (application/x-www-form-urlencoded) or a lineage document (application/json)',
        },
      ]),
    );
  };

  // Expired reports are purged on a save, at most once a minute (one indexed DELETE).
  let lastPurge = 0;
  const purgeExpired = () => {
    const now = ctx.now().getTime();
    if (ctx.retentionMs <= 0 || !ctx.store.purge || now - lastPurge < 60_000) return;
    lastPurge = now;
    try {
      ctx.store.purge(new Date(now - ctx.retentionMs).toISOString());
    } catch (e) {
      if (!(e instanceof StoreBusyError)) throw e; // the next save tries again
      lastPurge = 0;
    }
  };

  /**
   * POST /assess and POST /reports: the form (or a JSON lineage) evaluated, the report saved. /assess renders the
   * page (the saved address in Content-Location); /reports answers 303 to the saved address (DESIGN §6: "saving
   * answers 303 to /reports/:id", for the form's Save button). When the store cannot take the report, both render
   * the evaluation with 503 + Retry-After (locked) or 507 (full), saying it was not saved and why.
   */
  const assess = (redirect: boolean) => (req: Request, res: Response) => {
    const today = ctx.today();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = readForm(body, today);
    if ((req.body as { action?: unknown } | undefined)?.action === 'add-row') {
      if (values.rows.length < MAX_ROWS) values.rows.push(emptyRow());
      return showForm(res, 200, values, [], body);
    }
    const outcome = formToLineage(values, { today, catalog: ctx.catalog, reference: ctx.reference });
    const price = readPriceField(body);
    const priceErrors = price.error ? [{ field: 'priceScale', message: price.error }] : [];
    if (!outcome.ok || price.error)
      return showForm(res, 400, values, [...(outcome.ok ? [] : outcome.errors), ...priceErrors], body);
    const { doc, json } = evaluateLineage(
      outcome.doc,
      {
        asOf: outcome.asOf,
        extraRules: [NAIVE_RULE],
        models: outcome.models,
        ...(price.scale ? { priceScale: price.scale } : {}),
      },
      ctx,
    );
    const id = newReportId();
    const saved = {
      id,
      createdAt: ctx.now().toISOString(),
      asOf: outcome.asOf,
      lineage: `${JSON.stringify(doc, null, 2)}\n`,
      report: json,
    };
    res.set({ 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' });
    try {
      ctx.store.save(saved);
    } catch (e) {
      if (!(e instanceof StoreBusyError) && !(e instanceof StoreFullError)) throw e;
      if (e instanceof StoreBusyError) res.set('Retry-After', String(e.retryAfterSeconds));
      res
        .status(e instanceof StoreBusyError ? 503 : 507)
        .type('html')
        .send(
          renderReportPage(saved, {
            notSaved: `This report was not saved: ${storeMessage(e)}. The evaluation is shown below.`,
          }),
        );
      return;
    }
    purgeExpired();
    if (redirect) return res.redirect(303, `/reports/${id}`);
    // POST /assess renders the report page. The saved copy's permanent address goes in Content-Location (and in the
    // page's share link), so the answer is the same page GET /reports/:id serves.
    res.set('Content-Location', `/reports/${id}`);
    res.status(200).type('html').send(renderReportPage(saved));
  };
  r.post('/assess', ctx.limits.pages, readBody, assess(false));
  r.post('/reports', ctx.limits.pages, readBody, assess(true));

  /** The saved report, undefined for none, or "expired" past the retention (then it is deleted: 410 once). */
  const find = (id: string): StoredReport | 'expired' | undefined => {
    const s = REPORT_ID.test(id) ? ctx.store.get(id) : undefined;
    if (!s || ctx.retentionMs <= 0 || Date.parse(s.createdAt) + ctx.retentionMs > ctx.now().getTime()) return s;
    ctx.store.delete?.(id);
    return 'expired';
  };
  const gone = () =>
    new HttpError(410, [
      {
        path: '',
        message: `this report has expired: saved reports are kept ${Math.round(ctx.retentionMs / 86_400_000)} days`,
      },
    ]);
  const notFound = (what: string) =>
    new HttpError(404, [{ path: '', message: `no ${what} at this address: the link may be mistyped or incomplete` }]);
  const download = (res: Response, name: string, body: string) => {
    res.type('application/json').set('Content-Disposition', `attachment; filename="${name}"`).send(body);
  };
  const privateHeaders = (res: Response) =>
    res.set({ 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' });

  r.get('/reports/:id.json', (req, res) => {
    const s = find(req.params.id);
    if (s === 'expired') throw gone();
    if (!s) throw notFound('report');
    privateHeaders(res);
    download(res, `flopcheck-report-${s.asOf}-${s.id.slice(0, 8)}.json`, s.report);
  });
  r.get('/reports/:id/lineage.json', (req, res) => {
    const s = find(req.params.id);
    if (s === 'expired') throw gone();
    if (!s) throw notFound('lineage');
    privateHeaders(res);
    download(res, `flopcheck-lineage-${s.id.slice(0, 8)}.json`, s.lineage);
  });
  r.get('/reports/:id', (req, res) => {
    const s = find(req.params.id);
    if (s === 'expired') throw gone();
    if (!s) {
      res
        .status(404)
        .type('html')
        .send(errorPage(404, ['There is no saved report at this address: the link may be mistyped or incomplete.']));
      return;
    }
    privateHeaders(res);
    res.type('html').send(renderReportPage(s));
  });
  // DESIGN §6: deleting a saved report. DELETE answers 204 (404 when there is none); the page's button posts to
  // /reports/:id/delete (forms cannot send DELETE) and is sent on to the form. Afterwards the address answers 404.
  const remove = (id: string): boolean => {
    if (!REPORT_ID.test(id)) return false;
    if (!ctx.store.delete)
      throw new HttpError(405, [{ path: '', message: 'the report store of this server cannot delete reports' }]);
    return ctx.store.delete(id);
  };
  r.delete('/reports/:id', ctx.limits.pages, (req, res) => {
    if (!remove(String(req.params.id))) throw notFound('report');
    res.status(204).end();
  });
  r.post('/reports/:id/delete', ctx.limits.pages, (req, res) => {
    if (!remove(String(req.params.id))) throw notFound('report');
    res.redirect(303, '/');
  });
  return r;
}
