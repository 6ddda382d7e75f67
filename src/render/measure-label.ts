// People's names for the rules' measure ids (trainingFlop → "training compute"), for pages a counsel reads. Ids not
// listed are split into words ("finalRunCost" → "final run cost"), so a new rule's measure never shows as camelCase.
const LABELS: Record<string, string> = {
  trainingFlop: 'training compute',
  trainingCost: 'training cost',
  fineTuneFlop: 'fine-tuning compute',
  fineTuneCost: 'fine-tuning cost',
  presumptionFlop: 'training compute (for the presumption)',
  modificationFlop: 'modification compute',
  originalFlop: "the original model's compute",
  cumulativeFlop: 'cumulative training compute',
  lineageFlop: 'compute over the lineage',
  lineageCost: 'cost over the lineage',
  finalRunCost: 'cost of the final training run',
  runFlop: 'compute of the training run',
};

export function measureLabel(id: string): string {
  return (
    LABELS[id] ??
    id
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .replace(/\bflop\b/, 'compute')
  );
}
