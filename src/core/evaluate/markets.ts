// Place matching for nexus tests ("developed, deployed, or operating in whole or in part in New York"): a country
// code and its subdivisions match each other (US covers US-NY; a model in US-NY is in the US).
export function marketMatches(listed: string, wanted: string): boolean {
  const a = listed.toUpperCase();
  const b = wanted.toUpperCase();
  return a === b || b.startsWith(`${a}-`) || a.startsWith(`${b}-`);
}

/** The listed places that match one of the wanted ones. */
export function matchingMarkets(listed: readonly string[], wanted: readonly string[]): string[] {
  return listed.filter((m) => wanted.some((w) => marketMatches(m, w)));
}
