// Self-contained static HTML report rendered with Handlebars from templates/report.hbs: inline CSS, no scripts,
// no external resources. Only our own template is ever compiled; every value is HTML-escaped by {{ }}.
import { quantity } from '../core/format/numbers';
import { precompiledReportTemplate, readTemplate } from '../io/templates';
import { htmlView, HtmlViewOptions, IntervalView } from './html-view';
import type { Report } from '../core/report';

/** A template value as text: strings, numbers and booleans as written, anything else empty. */
const plain = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
import { visibleLines } from './safe-text';

/** Formats an amount for people: "1.1 × 10^26 FLOP", "$95.0M"; null reads "unknown". */
export function amount(value: unknown, q: unknown): string {
  if (typeof value !== 'number') return 'unknown';
  return quantity(value, q === 'costUsd' || q === 'revenueUsd' ? 'costUsd' : 'flop');
}

/** An interval from the view model: one value, "a to b", or "at least a (part unknown)". */
export function interval(iv: IntervalView | null): string {
  if (!iv) return 'unknown';
  if (iv.high === null) return iv.low === 0 ? 'unknown' : `at least ${amount(iv.low, iv.quantity)} (part unknown)`;
  if (iv.exactLow === iv.exactHigh) return amount(iv.low, iv.quantity);
  return `${amount(iv.low, iv.quantity)} to ${amount(iv.high, iv.quantity)}`;
}

type Template = (ctx: unknown) => string;
type Env = typeof import('handlebars');
let compiled: Template | undefined;

/** Compile options, shared with the build-time precompilation (scripts/precompile.mjs). */
export const TEMPLATE_OPTIONS = {
  strict: true,
  knownHelpers: { amount: true, interval: true, pretty: true },
  knownHelpersOnly: true,
} as const;

function registerHelpers(hb: Env): void {
  // Escape first, then mark up only powers of ten ("10^25" → 10<sup>25</sup>): nothing from the input is ever raw.
  const pretty = (text: string) =>
    new hb.SafeString(hb.Utils.escapeExpression(text).replace(/10\^(-?[0-9]+)/g, '10<sup>$1</sup>'));
  hb.registerHelper('amount', (v: unknown, q: unknown) => pretty(amount(v, q)));
  hb.registerHelper('interval', (iv: IntervalView | null) => pretty(interval(iv)));
  hb.registerHelper('pretty', (text: unknown) => pretty(plain(text)));
}

/**
 * The report template: precompiled at build time and run on the small Handlebars runtime when the build matches
 * templates/report.hbs, else compiled here with the full Handlebars. Either way, an isolated environment.
 */
function template(): Template {
  if (compiled) return compiled;
  const src = readTemplate('report');
  const spec = precompiledReportTemplate(src);
  if (spec !== undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = require('handlebars/runtime') as Env & { default?: Env };
    const hb = (runtime.default ?? runtime).create();
    registerHelpers(hb);
    compiled = hb.template(spec as never);
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const hb = (require('handlebars') as Env).create();
    registerHelpers(hb);
    compiled = hb.compile(src, TEMPLATE_OPTIONS);
  }
  return compiled;
}

function renderWith(report: Report, o: HtmlViewOptions): string {
  // Escaped for HTML by the template; control characters from the input are also shown as escapes (a terminal).
  return visibleLines(template()(htmlView(report, o)));
}

export function renderHtml(report: Report): string {
  return renderWith(report, {});
}

/** The report as the web report page embeds it: no h1 and no CI gate (the page has its own), measures named for people. */
export function renderHtmlEmbedded(report: Report): string {
  return renderWith(report, { embedded: true });
}
