// Helpers several operators share: the ifUnknown assumption, trace messages, words for a three-valued answer.
import { quantity } from '../../format/numbers';
import type { Amount } from '../../measure/amount';
import type { MessageData } from '../../types';
import type { Frame } from '../conditions';
import { FALSE, TRUE, Tri, UNKNOWN } from '../tri';

export const triWord = (t: Tri): string => (t === TRUE ? 'yes' : t === FALSE ? 'no' : 'unknown');

/** The value an `ifUnknown` assumption gives a missing input: "true", "false", or unknown (the default). */
export function unknownTri(ifUnknown: string | undefined): Tri {
  return ifUnknown === 'true' ? TRUE : ifUnknown === 'false' ? FALSE : UNKNOWN;
}

/** Whether an `ifUnknown` setting assumes a value (reported as an assumption). */
export function assumes(ifUnknown: string | undefined): boolean {
  return ifUnknown === 'true' || ifUnknown === 'false';
}

/** A boolean input against the value wanted, with the assumption when it is missing. */
export function fieldTri(
  value: boolean | undefined,
  equals: boolean,
  ifUnknown: string | undefined,
): { tri: Tri; assumed: boolean } {
  if (value === undefined) return { tri: unknownTri(ifUnknown), assumed: assumes(ifUnknown) };
  return { tri: value === equals ? TRUE : FALSE, assumed: false };
}

/** Records a message by id and data (render/messages.ts words it); callers test `f.trace` first. */
export function say(f: Frame, id: string, data: MessageData): void {
  // A trace kept for its measures only (own-only, price sensitivity) has no use for messages.
  if (f.trace && f.trace.detail === undefined) f.trace.messages.push({ id, data });
}

/** A precondition's answer: its label, yes/no/unknown, whether assumed, and what was read. */
export function sayPrecondition(f: Frame, label: string, tri: Tri, detail: MessageData | null, assumed = false): void {
  say(f, assumed ? 'precondition.assumed' : 'precondition', {
    label,
    value: triWord(tri),
    ...(detail ? { detail } : {}),
  });
}

/** The organization a condition is about: the subject, or the developer of the subject model. */
export function orgOf(f: Frame): string | undefined {
  return f.subject.kind === 'organization' ? f.subject.id : f.store.ix.models[f.subject.i].developer;
}

/** An amount as message data: low and high (null when part is unknown), as numbers. */
export function amountData(a: Amount): { low: number; high: number | null } {
  return { low: a.lo.f, high: a.missing > 0 ? null : a.hiKnown.f };
}

/** A threshold written in a rule, for people and exactly: "10^26 FLOP (1e26)", "$500.0M (500000000)". */
export function thresholdText(value: string, q: 'flop' | 'costUsd' | 'revenueUsd'): string {
  return `${quantity(Number(value), q)} (${value})`;
}

/** For operators without sub-conditions or rule-load checks. */
export const none = (): [] => [];
