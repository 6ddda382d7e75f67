// The web pages' templates (templates/form.hbs, report-page.hbs, error.hbs and partials/), compiled once per
// process with an isolated Handlebars environment: strict (a view-model key missing is an error, not a blank),
// known helpers only, only our own template files. Values are escaped by {{ }}; the one raw insertion is the
// HTML report rendered by our own report template (see report-page.ts).
import { readPartials, readTemplate } from '../io/templates';

type Env = typeof import('handlebars');
type Template = (ctx: unknown) => string;

const OPTIONS = { strict: true, knownHelpers: { pretty: true }, knownHelpersOnly: true } as const;

let env: Env | undefined;
const cache = new Map<string, Template>();

function environment(): Env {
  if (env) return env;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hb = (require('handlebars') as Env).create();
  // Escape first, then mark up only powers of ten ("10^25" → 10<sup>25</sup>), as the HTML report does.
  hb.registerHelper(
    'pretty',
    (text: unknown) =>
      new hb.SafeString(
        hb.Utils.escapeExpression(typeof text === 'string' || typeof text === 'number' ? String(text) : '').replace(
          /10\^(-?[0-9]+)/g,
          '10<sup>$1</sup>',
        ),
      ),
  );
  for (const [name, text] of Object.entries(readPartials())) hb.registerPartial(name, hb.compile(text, OPTIONS));
  return (env = hb);
}

/** Renders templates/<name>.hbs with a plain-object view model. */
export function render(name: 'form' | 'report-page' | 'error' | 'confirm-delete', view: object): string {
  let t = cache.get(name);
  if (!t) {
    t = environment().compile(readTemplate(name), OPTIONS);
    cache.set(name, t);
  }
  return t(view);
}

/** Raw HTML for a triple-stash: only for markup our own templates produced. */
export function trusted(html: string): unknown {
  return new (environment().SafeString)(html);
}

export function errorPage(status: number, messages: string[]): string {
  const heading =
    status === 404
      ? 'Page not found'
      : status >= 500
        ? 'Something went wrong on our side'
        : 'The request could not be handled';
  return render('error', { title: `${heading} (${status}) · flopcheck`, heading, messages });
}
