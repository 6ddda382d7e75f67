// Designations: an authority's decision (e.g. EU AI Act Art. 51(1)(b)) that a model is captured by a rule, which
// decides the rule's verdict for that model whatever its compute.

/** Whether an authority designated the model under the rule (the model's `designations` name it). */
export function designatedUnder(m: { designations?: string[] }, rule: string): boolean {
  return m.designations !== undefined && m.designations.includes(rule);
}
