// JUnit XML (the Jenkins/Ant dialect CI servers read): one testsuite per rule, one testcase per subject and
// reading. A testcase fails exactly when its finding trips the gate, so the XML agrees with the exit code.
import {
  citationText,
  counts,
  inForceText,
  nextStep,
  numbersText,
  ownShareText,
  ruleLabel,
  subjectId,
  trips,
  VERDICT_LABEL,
} from './finding-view';
import type { Report, ReportFinding, RuleMeta } from '../core/report';
import { xml } from './xml';
import { textOf } from './messages';

/** Body text keeps its own line breaks (escaped only for markup); those inside ids and prose stay escaped. */
function body(lines: string[]): string {
  return lines.map(xml).join('\n');
}

/** The detail every testcase carries, whatever its outcome: verdict, numbers, own-only, citation, next step. */
function detail(f: ReportFinding): string[] {
  const lines = [
    `${subjectId(f)}: ${VERDICT_LABEL[f.verdict]} under ${ruleLabel(f)} (${inForceText(f)})`,
    `Numbers: ${numbersText(f)}`,
    `Own-only verdict: ${f.ownOnly.verdict}`,
  ];
  if (f.wrongfulCapture)
    lines.push(`WRONGFUL CAPTURE: only because of other developers' compute or spend (${ownShareText(f)})`);
  for (const m of f.explanation) lines.push(`- ${textOf(m)}`);
  for (const o of f.obligations) lines.push(`Obligation: ${o}`);
  lines.push(`Next step: ${nextStep(f)}`);
  lines.push(`Source: ${citationText(f)} ${f.citation.url}`);
  return lines;
}

function testcase(f: ReportFinding, rule: RuleMeta | undefined, report: Report): string {
  // classname is dot-separated so Jenkins builds a tree (pack.rule); name holds no numbers so it stays stable.
  const classname = f.rule.replace(/\//g, '.');
  const name = f.interpretation ? `${subjectId(f)} [${f.interpretation}]` : subjectId(f);
  const open = `    <testcase name="${xml(name)}" classname="${xml(classname)}" time="0">`;
  const inner: string[] = [];
  if (trips(f, report.gate)) {
    const message = `${VERDICT_LABEL[f.verdict]}: ${numbersText(f)} (${citationText(f)})`;
    inner.push(`      <failure message="${xml(message)}" type="${xml(f.verdict)}">${body(detail(f))}</failure>`);
  } else if (f.waiver && !f.waiver.expired) {
    // Waived: neither a pass nor a failure; CI servers show skipped tests with their message.
    inner.push(`      <skipped message="${xml(`waived until ${f.waiver.expires}: ${f.waiver.reason}`)}"/>`);
    inner.push(`      <system-out>${body(detail(f))}</system-out>`);
  } else if (f.verdict === 'not-applicable') {
    inner.push(`      <skipped message="${xml(`not applicable: ${rule?.title ?? f.rule}`)}"/>`);
    inner.push(`      <system-out>${body(detail(f))}</system-out>`);
  } else {
    inner.push(`      <system-out>${body(detail(f))}</system-out>`);
  }
  return [open, ...inner, '    </testcase>'].join('\n');
}

export function renderJunit(report: Report): string {
  const bySuite = new Map<string, ReportFinding[]>();
  for (const r of report.rules) bySuite.set(r.id, []);
  for (const f of report.findings) {
    if (!bySuite.has(f.rule)) bySuite.set(f.rule, []);
    bySuite.get(f.rule)!.push(f);
  }
  const metas = new Map(report.rules.map((r) => [r.id, r]));
  const c = counts(report);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="flopcheck" tests="${report.findings.length}" failures="${c.failing}" errors="0" time="0">`,
  );
  for (const [id, fs] of bySuite) {
    const meta = metas.get(id);
    const failures = fs.filter((f) => trips(f, report.gate)).length;
    const skipped = fs.filter(
      (f) => (f.verdict === 'not-applicable' || (f.waiver && !f.waiver.expired)) && !trips(f, report.gate),
    ).length;
    out.push(
      `  <testsuite name="${xml(id)}" tests="${fs.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`,
    );
    out.push('    <properties>');
    const props: [string, string][] = [
      ['title', meta?.title ?? id],
      ['status', meta?.status ?? ''],
      ['inForce', String(meta?.inForce ?? '')],
      ['asOf', report.asOf],
      ['citation', meta ? `${meta.citation.section} ${meta.citation.url}` : ''],
    ];
    for (const [k, v] of props) out.push(`      <property name="${xml(k)}" value="${xml(v)}"/>`);
    out.push('    </properties>');
    for (const f of fs) out.push(testcase(f, meta, report));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
