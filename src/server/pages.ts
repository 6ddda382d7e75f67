// The web pages for people: GET / (the assessment form), POST /assess (form or pasted lineage → the report page,
// stored nowhere; the form again with errors and every typed value on bad input), POST /reports (the same, saved:
// 303 to /reports/:id), GET /reports/:id and its JSON downloads, deletion. Works without JavaScript.
import { randomBytes } from 'node:crypto';
import express, { NextFunction, Request, Response, Router } from 'express';
import type { AppContext } from './context';
import { HttpError, storeMessage } from './errors';
import { evaluateLineage, prettyReport } from './evaluate';
import { FieldError, formToLineage } from './form-lineage';
import { emptyBase, emptyForm, emptyRow, FormValues, MAX_BASES, MAX_ROWS, readForm } from './form-values';
import { applyUploads } from './form-uploads';
import { parseMultipart, Upload } from './multipart';
import { loadCloudTable } from './cloud-table';
import { formView } from './form-view';
import { priceFieldView, readPriceField } from './form-price';
import { bodyText, requireUtf8 } from './api';
import { lineageDrawing, renderReportPage } from './report-page';
import type { LineageDocument } from '../core/types';
import type { Report } from '../core/report';
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
    deleted = false,
  ) => {
    res
      .status(status)
      .type('html')
      .send(
        render('form', {
          ...formView(values, errors, { catalog: ctx.catalog, accelerators }),
          price: { ...priceFieldView(body), error: errors.find((e) => e.field === 'priceScale')?.message ?? '' },
          deleted,
        }),
      );
  };
  let table: ReturnType<typeof loadCloudTable> | undefined;
  const cloudTable = () => (table ??= loadCloudTable());
  const urlencoded = express.urlencoded({ extended: false, limit: ctx.bodyLimit, parameterLimit: 1000 });
  const raw = express.raw({ type: () => true, limit: ctx.bodyLimit });

  r.get('/', (req, res) => showForm(res, 200, emptyForm(ctx.today()), [], undefined, req.query.deleted === '1'));
  r.get('/assess', (_req, res) => res.redirect(303, '/'));

  /** The form's fields, or (a JSON body) the lineage as if pasted into the form's lineage box. */
  const readBody = (req: Request, res: Response, next: NextFunction) => {
    requireUtf8(req);
    if (req.is('application/x-www-form-urlencoded')) return urlencoded(req, res, next);
    if (req.is('multipart/form-data')) {
      return raw(req, res, (err?: unknown) => {
        if (err) return next(err);
        try {
          const m = parseMultipart(
            Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
            req.get('content-type') ?? '',
          );
          req.body = m.fields;
          res.locals.uploads = m.files;
          next();
        } catch (e) {
          next(e);
        }
      });
    }
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
          message:
            'send the form (multipart/form-data or application/x-www-form-urlencoded) or a lineage document (application/json)',
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

  const drawing = (doc: LineageDocument, models: readonly string[] | undefined) =>
    lineageDrawing(doc, ctx.reference, models, ctx.log);

  /** When a report saved now expires: "" when reports are kept until deleted. */
  const expiresOf = (createdAt: string) =>
    ctx.retentionMs <= 0 ? '' : new Date(Date.parse(createdAt) + ctx.retentionMs).toISOString();
  const retentionDays = () => Math.round(ctx.retentionMs / 86_400_000);

  /** The models the report covers, from the save form's hidden field (a JSON list of ids), else undefined. */
  const modelsField = (body: unknown): string[] | undefined => {
    const raw = (body as { models?: unknown } | undefined)?.models;
    if (typeof raw !== 'string' || raw === '') return undefined;
    try {
      const list: unknown = JSON.parse(raw);
      if (Array.isArray(list) && list.length > 0 && list.every((x) => typeof x === 'string')) return list;
    } catch {
      // fall through: a malformed list is the same as none (every model is reported)
    }
    return undefined;
  };

  /**
   * POST /assess and POST /reports: the form (or a JSON lineage) evaluated. Assessing stores nothing (DESIGN §6):
   * /assess renders the report page with a "Save and get a link" button, a form carrying the validated lineage back
   * to POST /reports. /reports evaluates the same way, saves, and answers 303 to the saved address. When the store
   * cannot take the report, /reports renders the evaluation with 503 + Retry-After (locked) or 507 (full), saying it
   * was not saved and why, with the Save button to try again.
   */
  const assess = (save: boolean) => async (req: Request, res: Response) => {
    const today = ctx.today();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = readForm(body, today);
    const uploadErrors = applyUploads(values, (res.locals.uploads ?? {}) as Record<string, Upload>, {
      catalog: ctx.catalog,
      cloudTable,
    });
    if (uploadErrors.length > 0) return showForm(res, 400, values, uploadErrors, body);
    // The form's other buttons: add or remove a row, drop the bill's records. The form comes back, nothing lost.
    const action = typeof body.action === 'string' ? body.action : 'assess';
    if (action !== 'assess') {
      const at = Number(/:(\d{1,2})$/.exec(action)?.[1] ?? -1);
      if (action === 'add-row' && values.rows.length < MAX_ROWS) values.rows.push(emptyRow());
      if (action === 'add-base' && values.moreBases.length + 1 < MAX_BASES) values.moreBases.push(emptyBase());
      if (action.startsWith('remove-row:') && at >= 0 && values.rows.length > 1) values.rows.splice(at, 1);
      if (action.startsWith('remove-base:') && at >= 1) values.moreBases.splice(at - 1, 1);
      if (action === 'clear-imported') values.importedCompute = values.importedNote = '';
      return showForm(res, 200, values, [], body);
    }
    const outcome = formToLineage(values, { today, catalog: ctx.catalog, reference: ctx.reference });
    const price = readPriceField(body);
    const priceErrors = price.error ? [{ field: 'priceScale', message: price.error }] : [];
    if (!outcome.ok || price.error)
      return showForm(res, 400, values, [...(outcome.ok ? [] : outcome.errors), ...priceErrors], body);
    const models = outcome.models ?? modelsField(body);
    const { doc, json } = evaluateLineage(
      outcome.doc,
      {
        asOf: outcome.asOf,
        extraRules: [NAIVE_RULE],
        ...(models ? { models } : {}),
        ...(price.scale ? { priceScale: price.scale } : {}),
      },
      ctx,
    );
    const report = {
      id: save ? newReportId() : '',
      createdAt: ctx.now().toISOString(),
      asOf: outcome.asOf,
      // Compact JSON (the store compresses it too); the download pretty-prints it.
      lineage: JSON.stringify(doc),
      report: json,
    };
    const saveForm = {
      lineage: report.lineage,
      asOf: outcome.asOf,
      models: models ? JSON.stringify(models) : '',
      // The price scenario travels with the lineage, so that the saved report is the one shown.
      priceScale: typeof body.priceScale === 'string' ? body.priceScale.trim() : '',
      priceScaleDeclared: price.scale?.declared === true ? 'yes' : '',
    };
    res.set({ 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' });
    if (!save) {
      const lineageGraph = await drawing(doc, models);
      res
        .status(200)
        .type('html')
        .send(renderReportPage(report, { saveForm, retentionDays: retentionDays(), lineageGraph }));
      return;
    }
    try {
      ctx.store.save(report);
    } catch (e) {
      if (!(e instanceof StoreBusyError) && !(e instanceof StoreFullError)) throw e;
      if (e instanceof StoreBusyError) res.set('Retry-After', String(e.retryAfterSeconds));
      res
        .status(e instanceof StoreBusyError ? 503 : 507)
        .type('html')
        .send(
          renderReportPage(report, {
            saveForm,
            retentionDays: retentionDays(),
            lineageGraph: await drawing(doc, models),
            notSaved: `This report was not saved: ${storeMessage(e)}. The evaluation is shown below.`,
          }),
        );
      return;
    }
    purgeExpired();
    res.redirect(303, `/reports/${report.id}`);
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
        message: `this report has expired: saved reports are kept ${retentionDays()} days`,
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
    // Saved without indentation (as the API answers); downloaded pretty-printed, as `check --format json` prints it.
    download(res, `flopcheck-report-${s.asOf}-${s.id.slice(0, 8)}.json`, prettyReport(s.report));
  });
  r.get('/reports/:id/lineage.json', (req, res) => {
    const s = find(req.params.id);
    if (s === 'expired') throw gone();
    if (!s) throw notFound('lineage');
    privateHeaders(res);
    download(res, `flopcheck-lineage-${s.id.slice(0, 8)}.json`, `${JSON.stringify(JSON.parse(s.lineage), null, 2)}\n`);
  });
  r.get('/reports/:id', async (req, res) => {
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
    const doc = JSON.parse(s.lineage) as LineageDocument;
    const reported = (JSON.parse(s.report) as Report).findings.flatMap((f) => (f.model ? [f.model] : []));
    const lineageGraph = await drawing(doc, [...new Set(reported)]);
    res.type('html').send(
      renderReportPage(s, {
        lineageGraph,
        expires: expiresOf(s.createdAt),
        retentionDays: retentionDays(),
        origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
      }),
    );
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
  // The page's button is a form (forms cannot send DELETE) inside a <details> that asks first; posted without
  // confirm=yes (an old page, a bare POST) it answers with a page that asks, so nothing goes on one stray click.
  r.post('/reports/:id/delete', ctx.limits.pages, urlencoded, (req, res) => {
    const id = String(req.params.id);
    if ((req.body as { confirm?: unknown } | undefined)?.confirm !== 'yes') {
      if (!REPORT_ID.test(id) || !ctx.store.get(id)) throw notFound('report');
      res
        .status(200)
        .type('html')
        .send(
          render('confirm-delete', {
            title: 'Delete this saved report? · flopcheck',
            action: `/reports/${id}/delete`,
            back: `/reports/${id}`,
          }),
        );
      return;
    }
    if (!remove(id)) throw notFound('report');
    res.redirect(303, '/?deleted=1');
  });
  return r;
}
