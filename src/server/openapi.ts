// The HTTP contract as OpenAPI 3.1 (DESIGN §6), served at GET /api/openapi.json. test/openapi.test.ts checks that
// every express route is here and that real answers validate against the response schemas.
import type { Router } from 'express';
import { Router as router } from 'express';

const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errors = (description: string) => json(ref('Errors'), description);
const reportId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The report id: 128 random bits, base64url (22 characters); the only key to a saved report.',
  schema: { type: 'string' },
};
const formBody = {
  description:
    'The assessment form as a browser sends it (multipart/form-data with optional uploads: lineageFile, modelCard, focusCsv; or urlencoded), or a lineage document (JSON) as if pasted into the form.',
  required: true,
  content: {
    'multipart/form-data': { schema: ref('Form') },
    'application/x-www-form-urlencoded': { schema: ref('Form') },
    'application/json': { schema: ref('LineageDocument') },
  },
};
const tooMany = errors('Too many requests from this client (Retry-After says when to try again)');

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'flopcheck',
    version: '1',
    summary:
      'Whether AI models are caught by compute-threshold rules in AI law, why, and whether only because of others',
    description:
      "The assessment form and its reports for people, and the JSON API. Errors are { errors: [{ path, message }] } on JSON routes and an error page on the others. Assessing stores nothing; saving is the user's choice (POST /reports), reversible (DELETE), and saved reports expire after the server's retention.",
  },
  paths: {
    '/': { get: { summary: 'The assessment form', responses: { '200': html('The form') } } },
    '/assess': {
      get: { summary: 'Sends a stray GET to the form', responses: { '303': { description: 'See / ' } } },
      post: {
        summary: 'Assesses the form (or a lineage) and renders the report page; stores nothing',
        requestBody: formBody,
        responses: {
          '200': html('The report page, with a "Save and get a link" button (or the form again, for its row buttons)'),
          '400': html('The form again with every typed value and each error next to its field'),
          '413': html('The body is over the limit'),
          '415': html('Not a form or JSON, or not UTF-8'),
          '429': html('Too many requests from this client'),
        },
      },
    },
    '/reports': {
      post: {
        summary: 'Assesses as POST /assess does and saves the report',
        requestBody: formBody,
        responses: {
          '303': { description: 'Saved: Location is /reports/{id}' },
          '400': html('The form again with the errors'),
          '413': html('The body is over the limit'),
          '415': html('Not a form or JSON, or not UTF-8'),
          '429': html('Too many requests from this client'),
          '503': html('The store is locked: the evaluation is shown, not saved (Retry-After)'),
          '507': html('The store is full: the evaluation is shown, not saved'),
        },
      },
    },
    '/reports/{id}': {
      parameters: [reportId],
      get: {
        summary: 'A saved report page (with its expiry date, permanent link, downloads and a Delete button)',
        responses: {
          '200': html('The report page'),
          '404': html('No report at this address'),
          '410': html('The report has expired (then it is deleted: 404 afterwards)'),
        },
      },
      delete: {
        summary: 'Deletes a saved report',
        responses: { '204': { description: 'Deleted; the address answers 404 from now on' }, '404': html('None') },
      },
    },
    '/reports/{id}/delete': {
      parameters: [reportId],
      post: {
        summary: "The page's Delete button (forms cannot send DELETE): with confirm=yes deletes, else asks",
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: { type: 'object', properties: { confirm: { const: 'yes' } } },
            },
          },
        },
        responses: {
          '200': html('A page asking to confirm'),
          '303': { description: 'Deleted: Location is /?deleted=1' },
          '404': html('None'),
          '429': html('Too many requests from this client'),
        },
      },
    },
    '/reports/{id}.json': {
      parameters: [reportId],
      get: {
        summary: 'A saved report as JSON (what `check --format json` prints), as a download',
        responses: {
          '200': json(ref('Report'), 'The report'),
          '404': errors('None'),
          '410': errors('Expired'),
        },
      },
    },
    '/reports/{id}/lineage.json': {
      parameters: [reportId],
      get: {
        summary: "A saved report's lineage document, as a download",
        responses: {
          '200': json(ref('LineageDocument'), 'The lineage'),
          '404': errors('None'),
          '410': errors('Expired'),
        },
      },
    },
    '/healthz': {
      get: {
        summary: 'Liveness',
        responses: {
          '200': json(
            { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
            'The server answers',
          ),
        },
      },
    },
    '/api/openapi.json': {
      get: { summary: 'This document', responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1') } },
    },
    '/api/v1/rules': {
      get: {
        summary: 'The rule catalogue, each rule with whether it is in force on asOf',
        parameters: [{ name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' } }],
        responses: { '200': json(ref('Rules'), 'The rules'), '400': errors('A bad or unknown parameter') },
      },
    },
    '/api/v1/evaluate': {
      post: {
        summary: 'Evaluates a lineage document: the same JSON as `check --format json`',
        parameters: [
          { name: 'asOf', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'rules', in: 'query', schema: { type: 'string' }, description: 'Rule ids, packs or globs' },
          { name: 'model', in: 'query', schema: { type: 'string' }, description: 'Model ids to report' },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: ref('LineageDocument') } } },
        responses: {
          '200': json(ref('Report'), 'The report'),
          '400': errors('Invalid input, each error with its path'),
          '413': errors('The body is over the limit'),
          '415': errors('Not JSON, or not UTF-8'),
          '429': tooMany,
        },
      },
    },
  },
  components: {
    schemas: {
      Errors: {
        type: 'object',
        required: ['errors'],
        properties: {
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'message'],
              properties: { path: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
      LineageDocument: {
        description: 'A lineage document, lineageVersion 1: schemas/lineage.schema.json (DESIGN §2)',
        type: 'object',
        required: ['lineageVersion', 'models'],
        properties: { lineageVersion: { const: 1 }, organizations: { type: 'array' }, models: { type: 'array' } },
      },
      Form: {
        type: 'object',
        description: 'The form fields (see GET /): orgName, modelId, baseChoice, compute[i].flop, …, action',
        additionalProperties: true,
      },
      ExactNumber: {
        type: 'object',
        description: 'A number as an exact decimal string and the nearest JSON number',
        required: ['exact', 'value'],
        properties: { exact: { type: 'string' }, value: { type: 'number' } },
      },
      Amount: {
        type: 'object',
        description:
          'An amount: exact/value are its central figure; low and high (high null when unbounded) only when it is a range, and then exact/value are null when the range has no central figure. `a.low ?? a` is the low end.',
        required: ['exact', 'value'],
        properties: {
          exact: { type: ['string', 'null'] },
          value: { type: ['number', 'null'] },
          low: ref('ExactNumber'),
          high: { oneOf: [ref('ExactNumber'), { type: 'null' }] },
        },
        additionalProperties: false,
      },
      Measure: {
        type: 'object',
        description:
          "A comparison that decides the verdict. ownShare (the amount counted from the developer's own models) only when countsOthers is true.",
        required: ['id', 'observed', 'comparator', 'threshold', 'result', 'countsOthers'],
        properties: {
          id: { type: 'string' },
          description: { type: 'string' },
          quantity: { enum: ['flop', 'costUsd', 'revenueUsd'] },
          observed: ref('Amount'),
          comparator: { enum: ['>', '>='] },
          threshold: { oneOf: [ref('ExactNumber'), { type: 'null' }] },
          result: { enum: ['met', 'not-met', 'unknown'] },
          countsOthers: { type: 'boolean' },
          ownShare: { oneOf: [ref('Amount'), { type: 'null' }] },
          byDeveloper: {
            oneOf: [
              {
                type: 'array',
                items: { type: 'object', required: ['developer', 'amount'], properties: { amount: ref('Amount') } },
              },
              { type: 'null' },
            ],
          },
          byDeveloperRest: { oneOf: [{ type: 'object', properties: { amount: ref('Amount') } }, { type: 'null' }] },
        },
      },
      OwnOnlyMeasure: {
        type: 'object',
        description:
          "A measure of the own-only counterfactual: id, observed and result, plus only the fields whose value differs from the finding's measure of the same id (all fields when there is none)",
        required: ['id', 'observed', 'result'],
        properties: {
          id: { type: 'string' },
          observed: ref('Amount'),
          result: { enum: ['met', 'not-met', 'unknown'] },
        },
      },
      Finding: {
        type: 'object',
        description:
          "One finding (DESIGN §4). The rule's citation text, unverified facts and obligations are in the report's rules[] entry (a captured finding is bound by that rule's obligations).",
        required: [
          'subject',
          'rule',
          'verdict',
          'inForce',
          'measures',
          'ownOnly',
          'wrongfulCapture',
          'explanation',
          'citation',
        ],
        properties: {
          subject: { enum: ['model', 'organization'] },
          model: { type: 'string' },
          organization: { type: 'string' },
          rule: { type: 'string' },
          interpretation: { type: 'string' },
          verdict: { enum: ['captured', 'not-captured', 'uncertain', 'not-applicable'] },
          inForce: { type: 'boolean' },
          measures: { type: 'array', items: ref('Measure') },
          ownOnly: {
            type: 'object',
            required: ['verdict', 'measures'],
            properties: {
              verdict: { enum: ['captured', 'not-captured', 'uncertain', 'not-applicable'] },
              measures: { type: 'array', items: ref('OwnOnlyMeasure') },
            },
          },
          wrongfulCapture: { type: 'boolean' },
          explanation: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'text'],
              properties: { id: { type: 'string' }, text: { type: 'string' } },
            },
          },
          citation: {
            type: 'object',
            required: ['instrument', 'section', 'url'],
            properties: {
              instrument: { type: 'string' },
              section: { type: 'string' },
              url: { type: 'string' },
              confidence: { type: 'string' },
            },
          },
          obligationDates: { type: 'array' },
          presumptions: {
            type: 'array',
            items: { type: 'object', properties: { basis: { type: 'array', items: ref('Measure') } } },
          },
          priceSensitivity: { type: 'object' },
        },
      },
      Report: {
        type: 'object',
        description:
          'The JSON of `check --format json` (the API answers it without indentation, gzipped when the client accepts gzip)',
        required: ['asOf', 'input', 'rules', 'findings', 'gate'],
        properties: {
          asOf: { type: 'string', format: 'date' },
          input: { type: 'object' },
          rules: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'title', 'status', 'inForce', 'citation', 'unverified', 'obligations'],
              properties: {
                citation: {
                  type: 'object',
                  required: ['section', 'url', 'text'],
                  properties: { section: { type: 'string' }, url: { type: 'string' }, text: { type: 'string' } },
                },
                unverified: { type: 'array', items: { type: 'string' } },
                obligations: { type: 'array', items: { type: 'string' } },
              },
            },
          },
          findings: { type: 'array', items: ref('Finding') },
          gate: { type: 'object' },
        },
      },
      Rules: {
        type: 'object',
        required: ['asOf', 'rules'],
        properties: {
          asOf: { type: 'string', format: 'date' },
          rules: {
            type: 'array',
            items: { type: 'object', required: ['id', 'title', 'status', 'inForce', 'citation'] },
          },
        },
      },
    },
  },
} as const;

/** GET /api/openapi.json. */
export function openapiRouter(): Router {
  const r = router();
  const body = JSON.stringify(OPENAPI);
  r.get('/api/openapi.json', (_req, res) => {
    res.type('application/json').send(body);
  });
  return r;
}
