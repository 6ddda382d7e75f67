// The form's "GPU price scenario" field: a price scale (1× today's prices by default; 3× and 5× the supply-crunch
// cases) and whether declared costs scale too. Kept apart from the form's other fields so each can change alone.
import { parsePriceScale, type PriceScale } from '../core/estimate/price-scale';
import { InputError } from '../core/validate/errors';

/** The choices offered, as the form sends them. */
export const PRICE_CHOICES: readonly [string, string][] = [
  ['0.5', '0.5× (half of today’s GPU prices)'],
  ['1', '1× (today’s GPU prices)'],
  ['2', '2×'],
  ['3', '3× (a supply crunch)'],
  ['5', '5× (a severe supply crunch)'],
];

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The field's view: the options with the one sent selected (1× when none), and the checkbox. */
export function priceFieldView(body: Record<string, unknown> | undefined) {
  const sent = text(body?.priceScale) || '1';
  return {
    id: 'f-priceScale',
    options: PRICE_CHOICES.map(([value, label]) => ({ value, label, selected: value === sent })),
    declared: text(body?.priceScaleDeclared) === 'yes',
  };
}

/** The scenario the form asks for (undefined: today's prices), or the field's error message. */
export function readPriceField(body: Record<string, unknown> | undefined): { scale?: PriceScale; error?: string } {
  const sent = text(body?.priceScale);
  const declared = text(body?.priceScaleDeclared) === 'yes';
  if (sent === '' && !declared) return {};
  if (sent !== '' && !PRICE_CHOICES.some(([v]) => v === sent)) {
    return { error: `choose one of ${PRICE_CHOICES.map(([v]) => `${v}×`).join(', ')}` };
  }
  try {
    return { scale: parsePriceScale(sent || '1', 'priceScale', declared) };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: e.errors[0].message };
  }
}
