// Status words for people, in one place: what each rule status means and how "in force" is labelled. An
// illustrative rule is never law, so it reads "illustrative (not law)", never "not in force" (which would imply
// that it was or will be law).

/** Every status a rule may carry (schemas/rule.schema.json) with its plain meaning. */
export const STATUS_MEANING: Readonly<Record<string, string>> = {
  'in-force': 'law that applies within its effective window',
  'enacted-not-yet-effective': 'enacted; applies from its effective date',
  vetoed: 'passed by the legislature but vetoed: never law',
  revoked: 'an executive act withdrawn (revoked) by a later one',
  rescinded: 'a regulation rescinded or no longer enforced',
  superseded: 'repealed and replaced by a later text (see its successor rules)',
  proposed: 'a bill or proposed rule, not law',
  draft: 'a draft not yet adopted',
  guidance: 'non-binding guidance',
  illustrative: 'not law: no enacted or proposed text states it (shown to expose wrongful capture)',
};

export const ILLUSTRATIVE = 'illustrative';
export const ILLUSTRATIVE_LABEL = 'illustrative (not law)';

/** "in force", "not in force (vetoed)", or for an illustrative rule "illustrative (not law)". */
export function inForceLabel(inForce: boolean, status: string): string {
  if (status === ILLUSTRATIVE) return ILLUSTRATIVE_LABEL;
  return inForce ? 'in force' : `not in force (${status})`;
}
