// `check --format csv`: tidy findings, one row per subject × rule × reading (DESIGN §5), for spreadsheets and data
// frames. Several measures of one finding share its row, their cells joined with ";" in the same order. Text cells
// go through csvField (control characters as escapes, formulas neutralised); exact numbers stay exact strings.
import type { Finding, MeasureOut } from '../core/types';
import type { RenderContext } from './context';
import type { Report } from '../core/report';
import { csvField } from './safe-text';

export const CSV_HEAD = [
  'model',
  'rule',
  'interpretation',
  'verdict',
  'organization',
  'in_force',
  'status',
  'measure',
  'observed_low',
  'observed_high',
  'observed_central',
  'comparator',
  'threshold',
  'unit',
  'result',
  'own_only_verdict',
  'wrongful_capture',
  'counts_other_developers',
  'presumptions',
  'designated',
];

const joined = (ms: MeasureOut[], cell: (m: MeasureOut) => string) => ms.map(cell).join(';');

function row(f: Finding): (string | boolean)[] {
  const ms = f.measures;
  return [
    f.model ?? '',
    f.rule,
    f.interpretation ?? '',
    f.verdict,
    f.organization ?? '',
    f.inForce,
    f.status,
    joined(ms, (m) => m.id),
    joined(ms, (m) => m.observed.low.exact),
    joined(ms, (m) => m.observed.high?.exact ?? ''),
    joined(ms, (m) => m.observed.central?.exact ?? ''),
    joined(ms, (m) => m.comparator),
    joined(ms, (m) => m.threshold?.exact ?? ''),
    joined(ms, (m) => m.unit),
    joined(ms, (m) => m.result),
    f.ownOnly.verdict,
    f.wrongfulCapture,
    ms.some((m) => m.countsOthers),
    // The lineage fields presumed (absent in the input), e.g. foundationModel.
    [...new Set(f.presumptions.map((p) => p.field))].join(';'),
    f.designated,
  ];
}

export function renderCsv(report: Report, _ctx?: RenderContext): string {
  return [CSV_HEAD, ...report.findings.map(row)].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
