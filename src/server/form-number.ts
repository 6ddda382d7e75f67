// Numbers as people type them into the assessment form: "5e24", "5 × 10^24", "7,000,000", "$7M", "70B", "40%".
// The result is the double whose shortest decimal is exactly what was typed (built from a decimal string, never
// by multiplying doubles: "1.1M" is 1100000, not 1100000.0000000002), so the core's exact arithmetic sees the
// user's figure.

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

const SUFFIX: Record<string, number> = { k: 3, m: 6, b: 9, bn: 9, t: 12 };
/** Words people write after a number ("3 million", "70 billion"), as the suffix letters above. */
const WORDS: [RegExp, string][] = [
  [/(thousand)$/, 'k'],
  [/(millions?|mio|mn)$/, 'm'],
  [/(billions?)$/, 'b'],
  [/(trillions?)$/, 't'],
  [/(percent|per cent|pct)$/, '%'],
];
/** More digits than this is not a figure anyone means (a FLOP count has about 27). */
const MAX_DIGITS = 60;

const NUMBER = /^(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?(?:(?:x|×|\*|·)(?:10)(?:\^|\*\*)([+-]?\d+))?(k|m|bn|b|t|%)?$/;

/** A long input quoted back in a message: its start and end. */
const shorten = (s: string) => (s.length > 24 ? `${s.slice(0, 10)}…${s.slice(-6)} (${s.length} characters)` : s);

export const NUMBER_HINT = 'a number such as 5e24, 5 × 10^24, 7,000,000 or 7M';

/**
 * Parses a non-negative number; commas only as thousands separators (so a decimal comma is an error, not ×10).
 * `hint` completes the message "is not a number: enter …" with examples that fit the field.
 */
export function parseFormNumber(raw: string, hint = NUMBER_HINT): Parsed {
  let s = raw.trim().toLowerCase();
  s = s.replace(/^(us)?\$\s*/, '').replace(/\s*(usd|dollars?|flops?|\$)$/, '');
  for (const [word, suffix] of WORDS) s = s.replace(word, suffix);
  if (/^[-−–]\s*[$\d.]/.test(s))
    return { ok: false, message: `"${raw.trim()}" must be positive (a number above zero)` };
  if ((s.match(/\d/g) ?? []).length > MAX_DIGITS)
    return { ok: false, message: `"${shorten(raw.trim())}" is too large` };
  s = s.replace(/[\s\u00a0\u202f_]+/g, '');
  if (s === '') return { ok: false, message: `is empty: enter ${hint}` };
  if (/^10(\^|\*\*)/.test(s)) s = `1x${s}`;
  const lead = /^[\d,]+/.exec(s)?.[0] ?? '';
  if (lead.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+$/.test(lead))
      return {
        ok: false,
        message: `"${shorten(raw.trim())}" is not a number: use commas only between groups of three digits, and a point for decimals`,
      };
    s = s.replace(/,/g, '');
  }
  const m = NUMBER.exec(s);
  if (!m) return { ok: false, message: `"${shorten(raw.trim())}" is not a number: enter ${hint}` };
  const [, mantissa, e, pow, suffix] = m;
  const exponent =
    (e ? parseInt(e, 10) : 0) + (pow ? parseInt(pow, 10) : 0) + (suffix === '%' ? -2 : suffix ? SUFFIX[suffix] : 0);
  const value = Number(`${mantissa}e${exponent}`);
  if (!Number.isFinite(value)) return { ok: false, message: `"${shorten(raw.trim())}" is too large` };
  return { ok: true, value };
}
