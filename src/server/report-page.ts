// The saved report page: the assessed input, the verdicts at a glance (each rule beside its own-only
// counterfactual, wrongful captures called out), download links, and the full HTML report from src/render/html.ts
// embedded as it renders for `check --format html` (its styles and body, so both always say the same).
import { quantity, sci, usd } from '../core/format/numbers';
import type { Finding } from '../core/types';
import {
  inForceText,
  numbersText,
  ownShareText,
  ruleLabel,
  subjectId,
  VERDICT_LABEL,
  WRONGFUL_CAPTURE_DEFINITION,
} from '../render/finding-view';
import { renderPriceCharts } from '../render/price-chart';
import { renderHtmlEmbedded } from '../render/html';
import { measureLabel } from '../render/measure-label';
import { plainAnswer } from '../render/plain-answer';
import { readReport } from '../render/read-report';
import { drawLineage } from '../render/lineage-graph';
import type { ReferenceTables } from '../core/estimate/reference';
import type { LineageDocument } from '../core/types';
import type { Report } from '../core/report';
import type { StoredReport } from '../store/store';
import { render, trusted } from './views';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** Where the report template puts its styles and its content: split once, so the page can carry both. */
export function splitReportHtml(html: string): { style: string; body: string } {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html);
  const body = /<main>([\s\S]*)<\/main>/.exec(html);
  if (!style || !body) throw new Error('the HTML report has no <style> or <main>: templates/report.hbs changed shape');
  return { style: style[1], body: body[1] };
}

function amountText(rec: Obj): string {
  if (num(rec.flop) !== undefined) return quantity(rec.flop as number, 'flop');
  if (isObj(rec.flopRange)) return `${sci(num(rec.flopRange.low) ?? 0)} to ${sci(num(rec.flopRange.high) ?? 0)} FLOP`;
  if (isObj(rec.architecture)) {
    const a = rec.architecture;
    const p = num(a.activeParameters) ?? num(a.parameters) ?? 0;
    return `${sci(p)}${a.activeParameters !== undefined ? ' active' : ''} parameters × ${sci(num(a.tokens) ?? 0)} tokens`;
  }
  if (isObj(rec.hardware)) {
    const h = rec.hardware;
    const what =
      typeof h.accelerator === 'string'
        ? h.accelerator
        : `accelerators at ${sci(num(h.peakFlopPerSecond) ?? 0)} FLOP/s`;
    const u = isObj(h.utilizationRange)
      ? `${sci((num(h.utilizationRange.low) ?? 0) * 100)}–${sci((num(h.utilizationRange.high) ?? 0) * 100)}%`
      : `${sci((num(h.utilization) ?? 0) * 100)}%`;
    return `${sci(num(h.count) ?? 0)} × ${what} for ${sci(num(h.hours) ?? 0)} h at ${u} utilization`;
  }
  return 'no amount';
}

function costText(rec: Obj): string {
  if (num(rec.costUsd) !== undefined) return `cost ${usd(rec.costUsd as number)}`;
  if (isObj(rec.costUsdRange))
    return `cost ${usd(num(rec.costUsdRange.low) ?? 0)} to ${usd(num(rec.costUsdRange.high) ?? 0)}`;
  if (num(rec.pricePerAcceleratorHourUsd) !== undefined)
    return `$${String(rec.pricePerAcceleratorHourUsd)} per accelerator-hour`;
  return '';
}

/** The input as a reader checks it: organizations with revenue, models with bases and their own records. */
export function inputSummary(lineage: Obj) {
  const orgs = (Array.isArray(lineage.organizations) ? lineage.organizations : []).filter(isObj);
  const models = (Array.isArray(lineage.models) ? lineage.models : []).filter(isObj);
  return {
    organizations: orgs.map((o) => {
      const rev = (Array.isArray(o.revenueUsd) ? o.revenueUsd : []).filter(isObj);
      return {
        id: String(o.id),
        name: typeof o.name === 'string' ? o.name : '',
        revenue:
          rev.length === 0 ? 'not given' : rev.map((r) => `${usd(num(r.amount) ?? 0)} in ${String(r.year)}`).join('; '),
      };
    }),
    models: models.map((m) => {
      const traits = [
        m.openWeights === true ? 'open weights' : m.openWeights === false ? 'closed weights' : '',
        m.foundationModel === true ? 'foundation model' : m.foundationModel === false ? 'not a foundation model' : '',
        Array.isArray(m.generates) && m.generates.length > 0 ? `generates ${m.generates.join(', ')}` : '',
      ].filter(Boolean);
      const records = (Array.isArray(m.compute) ? m.compute : []).filter(isObj);
      return {
        id: String(m.id),
        developer: typeof m.developer === 'string' ? m.developer : 'not given',
        traits: traits.join(' · '),
        bases: (Array.isArray(m.baseModels) ? m.baseModels : [])
          .filter(isObj)
          .map((b) => ({ id: String(b.id), relation: String(b.relation) })),
        computeKnown: Array.isArray(m.compute),
        records: records.map((r) => ({
          phase: String(r.phase),
          amount: amountText(r),
          cost: costText(r),
          dates: [r.start, r.end].filter((d) => typeof d === 'string').join(' to '),
        })),
      };
    }),
  };
}

const ILLUSTRATIVE = 'illustrative';

function glanceRow(f: Finding, report: Report) {
  const meta = report.rules.find((r) => r.id === f.rule);
  return {
    label: ruleLabel(f),
    title: meta?.title ?? '',
    illustrative: f.status === ILLUSTRATIVE,
    inForceText: inForceText(f),
    verdict: f.verdict,
    verdictLabel: VERDICT_LABEL[f.verdict],
    ownOnly: f.ownOnly.verdict,
    ownOnlyLabel: VERDICT_LABEL[f.ownOnly.verdict],
    wrongful: f.wrongfulCapture,
    numbers: f.measures.length === 0 ? 'no amounts compared (see the full report)' : numbersText(f, measureLabel),
  };
}

/** The report page's view model for a stored report. */
export interface PageOptions {
  /** Set when the report could not be saved: why, shown beside the Save button. */
  notSaved?: string;
  /** For a report not (yet) saved: what the "Save and get a link" form posts back to POST /reports. */
  saveForm?: { lineage: string; asOf: string; models: string; priceScale?: string; priceScaleDeclared?: string };
  /** For a saved report: when it expires (ISO timestamp), "" when it is kept until deleted. */
  expires?: string;
  /** How many days saved reports are kept (0: until deleted). */
  retentionDays?: number;
  /** Scheme and host the page was asked at ("https://example.org"), for the printed permanent link. */
  origin?: string;
  /** The lineage drawing (inline SVG and its text alternative), when it could be drawn. */
  lineageGraph?: { svg: string; text: string[] };
}

const dayOf = (iso: string) => iso.slice(0, 10);

export function reportPageView(stored: StoredReport, opts: PageOptions = {}) {
  const report = readReport(stored.report);
  const lineage = JSON.parse(stored.lineage) as Obj;
  const groups = new Map<string, { kind: string; id: string; rows: ReturnType<typeof glanceRow>[] }>();
  for (const f of report.findings) {
    const key = `${f.subject}:${subjectId(f)}`;
    if (!groups.has(key))
      groups.set(key, { kind: f.subject === 'model' ? 'Model' : 'Organization', id: subjectId(f), rows: [] });
    groups.get(key)!.rows.push(glanceRow(f, report));
  }
  const models = [...groups.values()].filter((g) => g.kind === 'Model').map((g) => g.id);
  const { style, body } = splitReportHtml(renderHtmlEmbedded(report));
  const saved = stored.id !== '' && opts.saveForm === undefined;
  const days = opts.retentionDays ?? 0;
  return {
    title: `flopcheck assessment as of ${report.asOf}${models.length === 1 ? `: ${models[0]}` : ''}`,
    headline: models.length === 1 ? models[0] : `${models.length} models`,
    answer: plainAnswer({ report, lineage, models }),
    asOf: report.asOf,
    createdAt: `${stored.createdAt.slice(0, 16).replace('T', ' ')} UTC`,
    saved,
    notSaved: opts.notSaved ?? '',
    save: opts.saveForm ?? { lineage: '', asOf: '', models: '', priceScale: '', priceScaleDeclared: '' },
    keptText:
      days > 0
        ? `Saved reports are kept ${days} days after saving, then deleted; you can delete one sooner.`
        : 'Saved reports are kept until you delete them.',
    expires: opts.expires ? dayOf(opts.expires) : '',
    deleteAction: `/reports/${stored.id}/delete`,
    ruleCount: report.rules.length,
    findingCount: report.findings.length,
    pageHref: `/reports/${stored.id}`,
    permalink: `${opts.origin ?? ''}/reports/${stored.id}`,
    jsonHref: `/reports/${stored.id}.json`,
    lineageHref: `/reports/${stored.id}/lineage.json`,
    wrongful: report.findings
      .filter((f) => f.wrongfulCapture)
      .map((f) => ({
        subject: subjectId(f),
        label: ruleLabel(f),
        illustrative: f.status === ILLUSTRATIVE,
        ownShare: ownShareText(f, measureLabel),
        ownOnlyLabel: VERDICT_LABEL[f.ownOnly.verdict],
      })),
    wrongfulDefinition: WRONGFUL_CAPTURE_DEFINITION,
    glance: [...groups.values()],
    input: inputSummary(lineage),
    graph: opts.lineageGraph
      ? { svg: trusted(opts.lineageGraph.svg), text: opts.lineageGraph.text }
      : { svg: '', text: [] as string[] },
    hasGraph: opts.lineageGraph !== undefined,
    reportStyle: trusted(style),
    reportBody: trusted(body),
    priceCharts: trusted(renderPriceCharts(report)),
  };
}

export function renderReportPage(stored: StoredReport, opts: PageOptions = {}): string {
  return render('report-page', reportPageView(stored, opts));
}

/**
 * The lineage drawing, the reported models outlined (the leaves when every model is reported, as for a pasted
 * lineage). A drawing that fails is left out and logged: the report stands without it.
 */
export async function lineageDrawing(
  doc: LineageDocument,
  reference: ReferenceTables,
  models: readonly string[] | undefined,
  log: (message: string) => void,
): Promise<PageOptions['lineageGraph']> {
  const built = new Set(doc.models.flatMap((m) => (m.baseModels ?? []).map((b) => b.id)));
  const highlight =
    models && models.length < doc.models.length ? models : doc.models.map((m) => m.id).filter((id) => !built.has(id));
  try {
    return await drawLineage(doc, reference, highlight);
  } catch (e) {
    log(`flopcheck serve: lineage drawing: ${(e as Error).message}`);
    return undefined;
  }
}
