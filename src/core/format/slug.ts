// The one slug: organization ids made from names, by the web form and the Epoch importer alike.

/**
 * "Tomato AI, Inc." → "tomato-ai-inc"; "" when nothing is left. Letters are decomposed (NFKD) before the cut, so an
 * accent becomes a dash of its own ("Montréal" → "montre-al"): ids stay as the web form has always made them.
 */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}
