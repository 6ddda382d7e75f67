import { describe, expect, it } from 'vitest';
import { comparisonWords } from './wording';

describe('comparisonWords', () => {
  it('keeps wordings that read after "is"', () => {
    expect(comparisonWords('>', 'in excess of')).toEqual({ phrase: 'in excess of', quote: '' });
    expect(comparisonWords('>=', 'equal to or greater than')).toEqual({
      phrase: 'equal to or greater than',
      quote: '',
    });
    expect(comparisonWords('>', undefined)).toEqual({ phrase: 'greater than', quote: '' });
  });
  it('quotes verbs and postfix wordings after the threshold', () => {
    expect(comparisonWords('>', 'exceeds')).toEqual({ phrase: 'greater than', quote: ' ("exceeds")' });
    expect(comparisonWords('>=', 'or more')).toEqual({ phrase: 'at least', quote: ' ("or more")' });
  });
});
