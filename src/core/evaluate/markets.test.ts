import { describe, expect, it } from 'vitest';
import { marketMatches, matchingMarkets } from './markets';

describe('marketMatches', () => {
  it('matches the same place, a country and its subdivisions, case-insensitively', () => {
    expect(marketMatches('US-NY', 'US-NY')).toBe(true);
    expect(marketMatches('US', 'US-NY')).toBe(true);
    expect(marketMatches('US-NY', 'US')).toBe(true);
    expect(marketMatches('us-ny', 'US-NY')).toBe(true);
  });
  it('does not match other places or mere prefixes', () => {
    expect(marketMatches('US-CA', 'US-NY')).toBe(false);
    expect(marketMatches('EU', 'US-NY')).toBe(false);
    expect(marketMatches('USX', 'US')).toBe(false);
  });
  it('lists the matching places', () => {
    expect(matchingMarkets(['EU', 'US', 'US-CA'], ['US-NY'])).toEqual(['US']);
  });
});
