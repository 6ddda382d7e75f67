// Powers of ten as Unicode superscripts ("10^25" → "10²⁵"), for text that cannot raise characters: SVG charts and
// drawings (HTML uses <sup>, render/html.ts).
const SUP: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

/** "10^25" → "10²⁵"; everything else as it is. */
export function superscript(s: string): string {
  return s.replace(/10\^(-?[0-9]+)/g, (_, e: string) => `10${[...e].map((c) => SUP[c]).join('')}`);
}
