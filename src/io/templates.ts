// The Handlebars templates the package ships (templates/), and the report template precompiled at build time
// (scripts/precompile.mjs). Reading them is I/O; compiling and rendering stay with the renderers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint } from './fingerprint';
import { templatesDir } from './package';

/** The text of templates/<name>.hbs. */
export function readTemplate(name: string): string {
  return readFileSync(join(templatesDir(), `${name}.hbs`), 'utf8');
}

/** The partials in templates/partials/, by name (file name without .hbs). */
export function readPartials(): Record<string, string> {
  const dir = join(templatesDir(), 'partials');
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort())
    if (f.endsWith('.hbs')) out[f.slice(0, -4)] = readFileSync(join(dir, f), 'utf8');
  return out;
}

/**
 * The build's precompiled report template (a Handlebars runtime spec) when it was built from `source`, the text of
 * templates/report.hbs read now; undefined when not built (tests from src/) or stale, and then the caller compiles.
 */
export function precompiledReportTemplate(source: string): unknown {
  let pre: { fingerprint: string; spec: unknown } | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    pre = require('../generated/report-template.js') as { fingerprint: string; spec: unknown };
  } catch {
    return undefined;
  }
  return pre && pre.fingerprint === fingerprint(source) ? pre.spec : undefined;
}
