// Date windows relative to the evaluation date ("in the preceding 12 months"), on ISO calendar dates.

/** The date `months` calendar months before `date` (YYYY-MM-DD), the day clamped to the month's length. */
export function monthsBefore(date: string, months: number): string {
  const y = parseInt(date.slice(0, 4), 10);
  const m = parseInt(date.slice(5, 7), 10);
  const d = parseInt(date.slice(8, 10), 10);
  const total = y * 12 + (m - 1) - months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(ny, 4)}-${pad(nm, 2)}-${pad(Math.min(d, last), 2)}`;
}

/** Dates of compute records (end, else start) inside (from, asOf]; undefined when no record is dated. */
export function datedWithin(
  records: readonly { start?: string; end?: string }[],
  from: string,
  asOf: string,
): { dated: boolean; inside: string[] } {
  const dates = records.map((r) => r.end ?? r.start).filter((d): d is string => d !== undefined);
  return { dated: dates.length > 0, inside: dates.filter((d) => d > from && d <= asOf).sort() };
}
