// organizationField: a boolean field of the organization (the subject, or the model's developer) equals a value.
import { none, fieldTri, orgOf, say, triWord } from './shared';
import type { Operator } from './types';

export const organizationField: Operator<'organizationField'> = {
  key: 'organizationField',
  summary:
    "A boolean field of the organization (the subject, or the model's developer) equals a value; absent, unknown unless the rule assumes a value.",
  subjects: ['model', 'organization'],
  messages: { precondition: 'the field as given or as assumed' },
  children: none,
  evaluate: (op, c, f) => {
    const org = orgOf(f);
    const v = org === undefined ? undefined : f.store.ix.orgs.get(org)?.[op.field];
    const { tri, assumed } = fieldTri(v, op.equals, op.ifUnknown);
    if (f.trace)
      say(f, 'precondition', {
        label: c.label ?? `${op.field} is ${op.equals}`,
        value: triWord(tri),
        ...(assumed ? { assumedValue: true } : {}),
      });
    return tri;
  },
  compile: 'interpreter',
  readsOthers: () => false,
  describe: (op) => [
    `organization field ${op.field} is ${op.equals}${op.ifUnknown && op.ifUnknown !== 'unknown' ? `; assumed ${op.ifUnknown} when not given` : ''}`,
  ],
  check: none,
};
