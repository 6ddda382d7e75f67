// Which accelerator a FOCUS bill line is about: instance types, VM sizes and GPU SKUs (rules/reference/
// cloud-accelerators.json, or the user's --map) found in the columns where providers put them. Pure.
import type { CloudAcceleratorEntry, CloudAcceleratorTable } from '../generated/cloud-accelerators';

/** What a line was matched to: a user mapping or a table entry. */
export interface LineMatch {
  kind: 'instance' | 'accelerator' | 'host';
  accelerator?: string;
  /** Host lines: the accelerators of the machines whose CPU and memory they bill. */
  accelerators?: readonly string[];
  count: number;
  /** The name as written in the table or the mapping (e.g. "p5.48xlarge"). */
  name: string;
  provider: string;
  mapped: boolean;
}

/** A user mapping from `--map <sku-or-type>=<accelerator>x<count>`. */
export interface UserMapping {
  name: string;
  accelerator: string;
  count: number;
}

/**
 * Columns that name the instance type or SKU, most specific first: FOCUS 1.1+ SkuPriceDetails (InstanceType),
 * SkuMeter (1.2; AWS's former x_UsageType), AWS x_UsageType, Azure x_SkuMeterName and x_SkuDetails, ResourceType,
 * ChargeDescription (Google's SKU description, e.g. "Nvidia H100 80GB GPU running in Americas").
 */
export const MATCH_COLUMNS = [
  'SkuPriceDetails',
  'SkuMeter',
  'x_UsageType',
  'x_SkuMeterName',
  'x_SkuDetails',
  'x_ResourceType',
  'ResourceType',
  'ChargeDescription',
] as const;

/** Lower case, every run of characters other than letters, digits and inner dots made one space ("p5.48xlarge" stays). */
export function normalizeName(s: string): string {
  return ` ${s
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, ' ')
    .replace(/\.(?= |$)|(?<=^| )\./g, ' ')
    .replace(/ +/g, ' ')
    .trim()} `;
}

interface Pattern {
  norm: string;
  match: LineMatch;
  rank: number;
}

// Host lines (CPU/RAM of a GPU machine) outrank per-accelerator SKUs, which outrank instance types: a Google GPU line
// may carry its machine type in SkuPriceDetails, and must count one GPU per unit, not eight.
const RANK = { host: 3, accelerator: 2, instance: 1 } as const;

export class Matcher {
  private readonly patterns: Pattern[];

  constructor(table: CloudAcceleratorTable, maps: readonly UserMapping[] = []) {
    const fromTable = (e: CloudAcceleratorEntry): Pattern[] =>
      e.names.map((n) => ({
        norm: normalizeName(n),
        match: {
          kind: e.kind,
          accelerator: e.accelerator,
          ...(e.accelerators ? { accelerators: e.accelerators } : {}),
          count: e.count ?? 1,
          name: n,
          provider: e.provider,
          mapped: false,
        },
        rank: RANK[e.kind],
      }));
    this.patterns = [
      // A user's mapping outranks the table: it is the user's word for their own bill.
      ...maps.map((m) => ({
        norm: normalizeName(m.name),
        match: {
          kind: 'instance' as const,
          accelerator: m.accelerator,
          count: m.count,
          name: m.name,
          provider: 'user',
          mapped: true,
        },
        rank: 10,
      })),
      ...table.entries.flatMap(fromTable),
    ];
  }

  /** The best match among the texts of one line (highest rank, then the longest name), or undefined. */
  match(texts: readonly string[]): LineMatch | undefined {
    const norms = texts.filter((t) => t !== '').map(normalizeName);
    let best: Pattern | undefined;
    for (const p of this.patterns) {
      if (best && (p.rank < best.rank || (p.rank === best.rank && p.norm.length <= best.norm.length))) continue;
      if (norms.some((t) => t.includes(p.norm))) best = p;
    }
    return best?.match;
  }
}

/** Parses `--map` values: "p5.48xlarge=nvidia-h100-sxmx8", "Standard_NC40ads_H100_v5=nvidia-h100-pciex1". */
export function parseMapping(spec: string, known: ReadonlySet<string>): UserMapping | string {
  const eq = spec.lastIndexOf('=');
  if (eq <= 0) return `--map ${spec}: expected <sku-or-type>=<accelerator>x<count>, e.g. p5.48xlarge=nvidia-h100-sxmx8`;
  const name = spec.slice(0, eq).trim();
  const m = /^([a-z0-9]+(?:-[a-z0-9]+)*)x([1-9][0-9]{0,3})$/.exec(spec.slice(eq + 1).trim());
  if (!m) return `--map ${spec}: the right side must be <accelerator>x<count>, e.g. nvidia-h100-sxmx8`;
  if (!known.has(m[1])) return `--map ${spec}: unknown accelerator "${m[1]}" (see rules/reference/accelerators.json)`;
  return { name, accelerator: m[1], count: Number(m[2]) };
}

const UNIT_SECONDS: Record<string, number> = {
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  day: 86400,
  days: 86400,
};

/**
 * Seconds per unit for the time units providers write in ConsumedUnit: "Hrs" (AWS), "Hours", "1 Hour", "10 Hours"
 * (Azure meters), "seconds" (Google), "GPU-hours", "chip-hours"; undefined for anything that is not time.
 */
export function secondsPerUnit(unit: string): number | undefined {
  const m = /^\s*(\d{1,6})?\s*(?:[a-z]+-)?([a-z]+)\s*$/i.exec(unit);
  if (!m) return undefined;
  const base = UNIT_SECONDS[m[2].toLowerCase()];
  return base === undefined ? undefined : (m[1] === undefined ? 1 : Number(m[1])) * base;
}
