// Three-valued logic for conditions: true, false, unknown (missing data never reads as false).
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Tri = 0 | 1 | 2;

export function and(values: Tri[]): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === FALSE) return FALSE;
    if (v === UNKNOWN) unknown = true;
  }
  return unknown ? UNKNOWN : TRUE;
}

export function or(values: Tri[]): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === TRUE) return TRUE;
    if (v === UNKNOWN) unknown = true;
  }
  return unknown ? UNKNOWN : FALSE;
}

export function not(v: Tri): Tri {
  return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
}

/** Verdict codes stored in per-model tables. */
export const V_CAPTURED = 0;
export const V_NOT_CAPTURED = 1;
export const V_UNCERTAIN = 2;
export const V_NOT_APPLICABLE = 3;
export const VERDICT_NAMES = ['captured', 'not-captured', 'uncertain', 'not-applicable'] as const;

/** Tri-state of "the rule captured it" for a verdict code. */
export function capturedTri(code: number): Tri {
  return code === V_CAPTURED ? TRUE : code === V_UNCERTAIN ? UNKNOWN : FALSE;
}
