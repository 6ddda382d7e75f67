// GitLab Code Quality report (the Code Climate subset GitLab reads from artifacts:reports:codequality): a JSON array
// of issues, each with description, check_name, fingerprint, severity (info, minor, major, critical, blocker) and
// location.path + location.lines.begin. One issue per finding that needs attention, most important first; cleared
// findings are left out, as in SARIF, because the merge-request widget lists every issue it is given.
import { createHash } from 'node:crypto';
import { locate, RenderContext } from './context';
import {
  byPriority,
  citationText,
  findingKey,
  inForceText,
  level,
  nextStep,
  numbersText,
  ownShareText,
  ruleLabel,
  subjectId,
  VERDICT_LABEL,
} from './finding-view';
import type { Report, ReportFinding } from '../core/report';
import { jsonSafe, visible } from './safe-text';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/**
 * Severity: a finding that fails the gate is "blocker" when captured and "critical" when uncertain; one the gate
 * lets through under a rule in force (another reading, a lower --fail-on, a held waiver) is "major" when captured,
 * "minor" otherwise (and when waived); findings of rules not in force are "info".
 */
export function severity(f: ReportFinding, report: Report): GitlabSeverity {
  const lv = level(f, report.gate);
  if (lv === 'error') return f.verdict === 'captured' ? 'blocker' : 'critical';
  if (f.waiver && !f.waiver.expired) return 'minor';
  if (!f.inForce) return 'info';
  return f.verdict === 'captured' ? 'major' : 'minor';
}

function description(f: ReportFinding): string {
  const parts = [
    `${subjectId(f)}: ${VERDICT_LABEL[f.verdict]} under ${ruleLabel(f)} (${inForceText(f)}).`,
    `Numbers: ${numbersText(f)}.`,
  ];
  if (f.wrongfulCapture)
    parts.push(
      `Wrongful capture: only because of other developers' compute or spend (${ownShareText(f)}); own-only: ${f.ownOnly.verdict}.`,
    );
  parts.push(`Next step: ${nextStep(f)}`);
  parts.push(`Source: ${citationText(f)} ${f.citation.url}`);
  // One line: GitLab shows the description as plain text; ids from the input keep no control characters.
  return visible(parts.join(' '));
}

/** Stable across runs (rule, reading, subject and file, never numbers) and unique per issue: GitLab keeps one issue per fingerprint. */
function fingerprint(f: ReportFinding, path: string): string {
  return createHash('md5')
    .update(`flopcheck/v1\u0000${findingKey(f)}\u0000${path}`)
    .digest('hex');
}

export function renderGitlab(report: Report, ctx: RenderContext = {}): string {
  const issues = [];
  for (const f of byPriority(report.findings)) {
    if (level(f, report.gate) === 'none') continue;
    const loc = locate(f, ctx);
    // GitLab needs a path for every issue; standard input without --source-name has none, so the issues say so.
    const path = loc?.uri ?? 'standard input';
    issues.push({
      description: description(f),
      check_name: f.rule,
      fingerprint: fingerprint(f, path),
      severity: severity(f, report),
      location: { path, lines: { begin: loc?.line ?? 1 } },
    });
  }
  return jsonSafe(JSON.stringify(issues, null, 2)) + '\n';
}
