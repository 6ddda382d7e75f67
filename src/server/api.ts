// The JSON API (DESIGN §6): GET /healthz, GET /api/v1/rules, POST /api/v1/evaluate. Errors are thrown and turned
// into { errors: [{ path, message }] } by the app's one error handler.
import express, { NextFunction, Request, Response, Router } from 'express';
import { parseDocument } from '../io/document';
import { ruleInForce } from '../core/evaluate/in-force';
import { InputError, InputErrorItem } from '../core/validate/errors';
import { isCalendarDate, validateLineage } from '../core/validate/lineage';
import { ruleMeta } from '../core/report';
import { Answer, answerKey, dropAnswer, holdAnswer, settleAnswer } from './answer-cache';
import type { AppContext } from './context';
import { HttpError } from './errors';
import { evaluateAnswer, EvaluationRequest, readEvaluateQuery } from './evaluate';

/** 415 unless the body is declared JSON (application/json or +json) in UTF-8. */
export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is(['application/json', '+json'])) {
    throw new HttpError(415, [
      {
        path: '',
        message: `send the lineage document as JSON with Content-Type: application/json (got ${JSON.stringify((req.get('content-type') ?? 'none').slice(0, 100))})`,
      },
    ]);
  }
  requireUtf8(req);
  next();
}

/** 415 when the body declares a charset other than UTF-8 (the API and /assess alike: bodies are read as UTF-8). */
export function requireUtf8(req: Request): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset))
    throw new HttpError(415, [{ path: '', message: `unsupported charset "${charset.slice(0, 40)}": send UTF-8` }]);
}

/** The raw body as text (express.raw ran before): JSON is parsed by the CLI's parser, for the same messages. */
export function bodyText(req: Request): string {
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw new HttpError(400, [{ path: '', message: 'the request body is empty: send a lineage document (JSON)' }]);
  return body.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * A JSON answer written as text, with the headers res.send gives it. res.send turns every string over 1,000
 * characters into a Buffer first; for a 380 KB report that allocation (and the garbage collection it brings on) cost
 * more than the evaluation, while the socket encodes a string outside the JavaScript heap.
 */
function sendJsonBytes(res: Response, bytes: Buffer): void {
  res.set({ 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(bytes.length) });
  res.end(bytes);
}

/**
 * An evaluation's answer: gzipped (at a fast level, kept with the answer) when the client accepts gzip — a report
 * is repetitive JSON, about ten times smaller so — and the text otherwise (a client that sends no Accept-Encoding
 * gets the text).
 */
function sendAnswer(req: Request, res: Response, answer: Answer, ctx: AppContext): void {
  res.vary('Accept-Encoding');
  if (!req.get('accept-encoding') || req.acceptsEncodings('gzip') !== 'gzip') {
    // The body is in use until the response is finished (handed to the operating system) or closed.
    holdAnswer(answer);
    let done = false;
    const drop = () => {
      if (done) return;
      done = true;
      dropAnswer(answer);
    };
    res.once('finish', drop);
    res.once('close', drop);
    return sendJsonBytes(res, answer.body);
  }
  const gz = ctx.answers.gzipped(answer);
  res.set({
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Encoding': 'gzip',
    'Content-Length': String(gz.length),
  });
  res.end(gz);
}

export function apiRouter(ctx: AppContext): Router {
  const r = Router();
  const raw = express.raw({ type: () => true, limit: ctx.bodyLimit });

  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  r.get('/api/v1/rules', (req, res) => {
    const errors: InputErrorItem[] = [];
    for (const k of Object.keys(req.query))
      if (k !== 'asOf')
        errors.push({ path: `query.${k.slice(0, 100)}`, message: 'is not a known parameter (known: asOf)' });
    const asOf = req.query.asOf ?? ctx.today();
    if (typeof asOf !== 'string' || !isCalendarDate(asOf))
      errors.push({ path: 'query.asOf', message: 'must be a date YYYY-MM-DD' });
    if (errors.length > 0) throw new HttpError(400, errors);
    const rules = ctx.rules.map((rule) => {
      const f = ruleInForce(rule, asOf as string);
      return {
        ...ruleMeta(rule, asOf as string),
        inForceReason: f.reason,
        effective: rule.effective,
        citation: rule.citation,
      };
    });
    res.json({ asOf, rules });
  });

  r.post('/api/v1/evaluate', ctx.limits.api, requireJson, raw, (req, res) => {
    // Query and body problems are reported together, so one round trip shows everything to fix.
    let request: EvaluationRequest | undefined;
    const errors: InputErrorItem[] = [];
    try {
      request = readEvaluateQuery(req.query, ctx.today(), ctx.rules);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      errors.push(...e.errors);
    }
    // A repeated request is answered from the cache: same bytes and the same request (every field of it, so a
    // parameter added later is part of the key) → the same answer (and the same gzipped bytes).
    const key =
      request && Buffer.isBuffer(req.body) ? answerKey(req.body, [JSON.stringify(request, bigintAsText)]) : undefined;
    const cached = key === undefined ? undefined : ctx.answers.get(key);
    if (cached !== undefined) return sendAnswer(req, res, cached, ctx);
    let doc: unknown;
    try {
      doc = parseDocument(bodyText(req), 'the request body');
    } catch (e) {
      if (!(e instanceof InputError) && !(e instanceof HttpError)) throw e;
      throw new HttpError(400, [...errors, ...e.errors]);
    }
    if (!request) {
      const v = validateLineage(doc, ctx.reference);
      throw new HttpError(400, v.ok ? errors : [...errors, ...v.errors]);
    }
    const body = evaluateAnswer(doc, request, ctx);
    const answer = key === undefined ? { body, pooled: true } : ctx.answers.set(key, body, undefined, true);
    sendAnswer(req, res, answer, ctx);
    // Neither kept nor being sent (sent gzipped, not kept): its slab may have it back now.
    settleAnswer(answer);
  });
  return r;
}

/** JSON.stringify replacer for request fields holding exact decimals (bigint mantissas, e.g. the price scale). */
const bigintAsText = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);
