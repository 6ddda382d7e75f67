// What a billing import counted and what it left out, as lines for people (stderr), and the paid-versus-list-price
// sentence. Everything the records do not carry is here: nothing on the bill is dropped without a line saying so.
import { usd } from '../core/format/numbers';
import type { BillingSummary, CostBasis, SpendBucket } from './focus';

const PAID_WORDS: Record<CostBasis, string> = {
  effective: 'effective cost, commitments amortized',
  billed: 'billed cost',
  list: 'list cost',
  contracted: 'contracted cost',
};

const n = (s: string) => Number(s);
const lines = (b: SpendBucket) => `${b.rows} line${b.rows === 1 ? '' : 's'}`;

/**
 * "you paid $6.1M (effective cost…; Commitment-Based $5.0M, On-Demand $1.1M); at list prices the same
 * accelerator-hours cost $9.4M": FOCUS ListCost is the provider's public on-demand price for the same usage.
 */
export function paidVersusList(s: BillingSummary): string | undefined {
  const a = s.accelerator;
  if (a.rows === 0) return undefined;
  const paid = n(a.cost[s.costBasis]);
  const parts = a.byPricing.map((p) => `${p.category} ${usd(n(p.cost[s.costBasis]))}`).join(', ');
  const list = n(a.cost.list);
  const listPart =
    list > 0
      ? `; at list (on-demand) prices the same accelerator-hours cost ${usd(list)}`
      : '; the bill gives no ListCost for them';
  return `you paid ${usd(paid)} for ${a.acceleratorHours} accelerator-hours (${PAID_WORDS[s.costBasis]}; ${parts})${listPart}`;
}

export function summaryLines(s: BillingSummary): string[] {
  const out: string[] = [];
  const sentence = paidVersusList(s);
  out.push(sentence ?? 'no accelerator usage found on the bill');
  if (s.filteredOut.rows > 0)
    out.push(`${usd(n(s.filteredOut.costUsd))} on ${lines(s.filteredOut)} outside --tag/--resource not counted`);
  if (s.otherServices.rows > 0)
    out.push(
      `${usd(n(s.otherServices.costUsd))} of non-accelerator spend not counted (${lines(s.otherServices)}: storage, network, support and other services)`,
    );
  if (s.hostsCounted.rows > 0)
    out.push(
      `${usd(n(s.hostsCounted.costUsd))} of CPU and memory of GPU machines, billed on their own lines, counted with their GPUs (${lines(s.hostsCounted)})`,
    );
  if (s.hosts.rows > 0)
    out.push(
      `${usd(n(s.hosts.costUsd))} of CPU and memory of GPU machines not counted: no usage of their GPUs in the file to join (${lines(s.hosts)})`,
    );
  if (s.taxes.rows > 0) out.push(`${usd(n(s.taxes.costUsd))} of tax not counted (${lines(s.taxes)})`);
  if (s.purchases.rows > 0) {
    const hint =
      s.costBasis === 'effective'
        ? 'their amortized share is in the usage lines'
        : 'use --cost effective to spread them over the usage they cover';
    out.push(
      `${usd(n(s.purchases.costUsd))} of purchases (commitments, reservations, prepayments) not counted as such: ${hint} (${lines(s.purchases)})`,
    );
  }
  if (s.unusedCommitments.rows > 0)
    out.push(
      `${usd(n(s.unusedCommitments.costUsd))} of unused commitments not counted (${lines(s.unusedCommitments)})`,
    );
  if (s.unappliedCredits.rows > 0)
    out.push(
      `${usd(n(s.unappliedCredits.costUsd))} of credits or adjustments on accelerators with no usage in the file not counted (${lines(s.unappliedCredits)})`,
    );
  for (const u of s.unknown) {
    out.push(
      `unknown compute type "${u.label}": ${usd(n(u.costUsd))} on lines ${u.lines.join(', ')}${u.gpuCount ? ` (SkuPriceDetails says ${u.gpuCount} GPUs)` : ''} not counted; map it with --map "${u.label}=<accelerator>x<count>"`,
    );
  }
  out.push(...s.warnings);
  return out;
}
