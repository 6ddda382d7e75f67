// How a comparison reads after "is": the rule's own wording when it fits ("greater than", "in excess of", "over"),
// else the plain comparator with the text's words quoted after the threshold ("exceeds", "or more").
export function comparisonWords(op: '>' | '>=', wording: string | undefined): { phrase: string; quote: string } {
  const plain = op === '>' ? 'greater than' : 'at least';
  if (wording === undefined || wording === plain) return { phrase: plain, quote: '' };
  if (/(than|of|over|least|to)$/.test(wording)) return { phrase: wording, quote: '' };
  return { phrase: plain, quote: ` ("${wording}")` };
}
