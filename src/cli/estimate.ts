// `flopcheck estimate`: quick FLOP and dollar estimates from parameters × tokens or accelerators × hours.
import { estimateCost } from '../core/estimate/cost';
import { estimateFlop } from '../core/estimate/flop';
import { exactOf, flop, usd } from '../core/format/numbers';
import { toInterval, fromInterval } from '../core/measure/amount';
import type { ComputeRecord } from '../core/types';
import { InputError } from '../core/validate/errors';
import { validateLineage } from '../core/validate/lineage';
import { UsageError } from './errors';
import { loadReference } from '../io/load';

export interface EstimateOptions {
  params?: string;
  activeParams?: string;
  tokens?: string;
  accelerator?: string;
  peak?: string;
  count?: string;
  hours?: string;
  utilization?: string;
  price?: string;
  cost?: string;
  start?: string;
  phase?: string;
  precision?: string;
  json?: boolean;
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (n === Infinity || n === -Infinity)
    throw new UsageError(`--${name}: "${v.length > 40 ? `${v.slice(0, 40)}…` : v}" is too large (beyond ±1.8e308)`);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name}: "${v}" is not a number`);
  return n;
}

export function runEstimate(o: EstimateOptions, write: (s: string) => void): number {
  const rec: Record<string, unknown> = { phase: o.phase ?? 'pretraining' };
  const hasArch = o.params !== undefined || o.tokens !== undefined || o.activeParams !== undefined;
  const hasHw = o.accelerator !== undefined || o.count !== undefined || o.hours !== undefined || o.peak !== undefined;
  if (hasArch === hasHw)
    throw new UsageError('give either --params and --tokens, or --accelerator (or --peak) with --count and --hours');
  if (hasArch) {
    rec.architecture = {
      parameters: num('params', o.params),
      tokens: num('tokens', o.tokens),
      ...(o.activeParams ? { activeParameters: num('active-params', o.activeParams) } : {}),
    };
  } else {
    rec.hardware = {
      ...(o.accelerator !== undefined ? { accelerator: o.accelerator } : {}),
      ...(o.peak !== undefined ? { peakFlopPerSecond: num('peak', o.peak) } : {}),
      count: num('count', o.count),
      hours: num('hours', o.hours),
      utilization: num('utilization', o.utilization ?? '0.4'),
      ...(o.precision ? { precision: o.precision } : {}),
    };
    if (o.price !== undefined) rec.pricePerAcceleratorHourUsd = num('price', o.price);
  }
  if (o.cost !== undefined) rec.costUsd = num('cost', o.cost);
  if (o.start !== undefined) rec.start = o.start;
  const ref = loadReference();
  // Reuse the lineage validation so flags get the same checks and messages as files.
  const doc = { lineageVersion: 1, models: [{ id: 'estimate', compute: [rec] }] };
  const v = validateLineage(doc, ref);
  if (!v.ok)
    throw new InputError(
      v.errors.map((e) => ({
        path: e.path.replace(/^models\[0\]\.compute\[0\]\.?/, '') || '(flags)',
        message: e.message,
      })),
    );
  const r = rec as unknown as ComputeRecord;
  const f = estimateFlop(r, ref);
  const c = estimateCost(r, ref);
  const cost = toInterval(fromInterval(c.cost, 'estimate', c.estimated));
  if (o.json) {
    write(
      JSON.stringify(
        {
          flop: { value: exactOf(f.flop.lo), method: f.method, detail: f.detail },
          costUsd:
            c.method === 'unknown'
              ? null
              : {
                  low: exactOf(cost.lo),
                  high: cost.hi ? exactOf(cost.hi) : null,
                  central: cost.mid ? exactOf(cost.mid) : null,
                  method: c.method,
                  estimated: c.estimated,
                  detail: c.detail,
                },
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  write(`Compute: ${flop(f.flop.lo.f)} (${exactOf(f.flop.lo).exact} FLOP)\n  method: ${f.method}: ${f.detail}\n`);
  if (c.method === 'unknown')
    write(`Cost: unknown (give --price, --cost, or --accelerator with --start for a market-price estimate)\n`);
  else {
    const range =
      cost.hi && cost.hi.f !== cost.lo.f
        ? `${usd(cost.lo.f)} to ${usd(cost.hi.f)}${cost.mid ? `, central ${usd(cost.mid.f)}` : ''}`
        : usd(cost.lo.f);
    write(`Cost: ${range}${c.estimated ? ' (estimate)' : ''}\n  method: ${c.method}: ${c.detail}\n`);
  }
  return 0;
}
