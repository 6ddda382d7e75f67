// What renderers may need beyond the Report: where subjects are written in the input, and the tool's identity.
import { locationKey, Locations, SourceLocation } from '../io/locations';
import type { Finding } from '../core/types';
import { subjectId } from './finding-view';

export interface RenderContext {
  /** Where each model/organization is written in the input (SARIF regions, annotation lines). */
  locations?: Locations;
  /** The input file as a whole, for subjects without a located line (line 1). Absent for standard input. */
  input?: SourceLocation;
  /** flopcheck's version, shown as the SARIF driver version. */
  version?: string;
  /** JSON formats: every developer of each measure's breakdown (default: the largest few and the rest summed). */
  fullBreakdowns?: boolean;
}

/** The location of a finding's subject: its own line when known, else line 1 of the input, else none. */
export function locate(f: Finding, ctx: RenderContext): SourceLocation | undefined {
  return ctx.locations?.get(locationKey(f.subject, subjectId(f))) ?? ctx.input;
}
