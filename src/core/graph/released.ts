// The lineage as it stood on a date: models released after it, and models built on them, left out. A model
// without a release date is kept (it may be the one under release). Pure; the date is an input.
import type { LineageDocument, Model } from '../types';

export interface ReleasedView {
  /** The document itself when nothing is left out, else a copy without the excluded models. */
  doc: LineageDocument;
  /** Ids left out, in input order: released after the date, or derived from such a model. */
  excluded: string[];
}

export function releasedBy(doc: LineageDocument, asOf: string): ReleasedView {
  const later = new Set<string>();
  for (const m of doc.models) if (m.released !== undefined && m.released > asOf) later.add(m.id);
  if (later.size === 0) return { doc, excluded: [] };
  // Descendants too: a model built on one that did not yet exist cannot be evaluated without it. Iterate to a
  // fixed point (bases may be listed after the models built on them).
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of doc.models) {
      if (!later.has(m.id) && (m.baseModels ?? []).some((b) => later.has(b.id))) {
        later.add(m.id);
        grew = true;
      }
    }
  }
  const models: Model[] = doc.models.filter((m) => !later.has(m.id));
  return { doc: { ...doc, models }, excluded: doc.models.filter((m) => later.has(m.id)).map((m) => m.id) };
}
