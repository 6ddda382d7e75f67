// The file side of model-card input: read the card, the team's compute records and the bundled base-model catalog,
// import them (src/import/model-card.ts, pure), and map validation errors back to the file the user wrote.
import type { LineageDocument } from '../core/types';
import { InputError, InputErrorItem } from '../core/validate/errors';
import { validateLineage } from '../core/validate/lineage';
import { checkComputeRecords, importModelCard, ModelCardImport } from '../import/model-card';
import { parseDocument, readText } from '../io/document';
import { loadCatalog, loadReference } from '../io/load';
import { jsonLocations, lineOf, lineStarts, Locations, locationKey } from '../io/locations';

export interface CardInput {
  doc: LineageDocument;
  imported: ModelCardImport;
  locations: Locations;
}

/** Rewrites "models[k].compute[0].flop" of the released model to "compute.json: compute[0].flop", and so on. */
function mapError(
  e: InputErrorItem,
  imp: ModelCardImport,
  cardName: string,
  computeName: string | undefined,
): InputErrorItem {
  const models = (imp.doc.models as unknown[]).length;
  const m = /^models\[(\d+)\](.*)$/.exec(e.path);
  if (m && computeName && +m[1] === models - 1) {
    const rest = m[2].replace(/^\./, '');
    if (rest.startsWith('compute') || rest === '')
      return { path: `${computeName}: ${rest || 'model'}`, message: e.message };
    return { path: `${computeName}: model.${rest}`, message: e.message };
  }
  const baseId = m ? (imp.doc.models as { id: string }[])[+m[1]]?.id : undefined;
  if (m && computeName && baseId !== undefined && baseId in imp.recordBases)
    return { path: `${computeName}: bases[${imp.recordBases[baseId]}]${m[2]}`, message: e.message };
  if (m)
    return {
      path: `${cardName} (base model ${(imp.doc.models as { id: string }[])[+m[1]].id}${m[2]})`,
      message: e.message,
    };
  const o = /^organizations\[(\d+)\](.*)$/.exec(e.path);
  if (o && computeName && +o[1] < imp.recordOrganizations)
    return { path: `${computeName}: organizations[${o[1]}]${o[2]}`, message: e.message };
  return e;
}

/** Builds and validates the lineage for `check --model-card README.md --compute compute.json`. */
export function loadModelCard(cardFile: string, computeFile: string | undefined, id?: string): CardInput {
  const cardText = readText(cardFile);
  let records;
  let computeText = '';
  if (computeFile !== undefined) {
    computeText = readText(computeFile);
    records = checkComputeRecords(parseDocument(computeText, computeFile), computeFile);
  }
  const imported = importModelCard(cardText, {
    name: cardFile,
    catalog: loadCatalog(),
    records,
    id,
    recordsName: computeFile,
  });
  const v = validateLineage(imported.doc, loadReference());
  if (!v.ok) throw new InputError(v.errors.map((e) => mapError(e, imported, cardFile, computeFile)));
  const locations: Locations = new Map();
  locations.set(locationKey('model', imported.modelId), { uri: cardFile, line: imported.lines.model });
  for (const [base, line] of Object.entries(imported.lines.bases)) {
    locations.set(locationKey('model', base), { uri: cardFile, line });
    const dev = (imported.doc.models as { id: string; developer?: string }[]).find((x) => x.id === base)?.developer;
    if (dev && !locations.has(locationKey('organization', dev)))
      locations.set(locationKey('organization', dev), { uri: cardFile, line });
  }
  if (computeFile !== undefined) {
    for (const [k, loc] of jsonLocations(computeText, computeFile))
      if (k.startsWith('organization:')) locations.set(k, loc);
    const at = computeText.indexOf('"developer"');
    if (records && at >= 0 && !locations.has(locationKey('organization', records.developer))) {
      locations.set(locationKey('organization', records.developer), {
        uri: computeFile,
        line: lineOf(lineStarts(computeText), at),
      });
    }
  }
  return { doc: v.doc, imported, locations };
}
