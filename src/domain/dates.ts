// Calendar dates as the data uses them: partial ISO dates widened to whole days, and
// in-force checks over [from, to] periods whose missing bounds stay open.

/** An ISO calendar day, `YYYY-MM-DD`. Such strings compare correctly as strings. */
export type IsoDay = string;

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. A partial date opening a period means its first
 * day; one closing a period means its last day. Returns undefined for anything else.
 *
 * @example parsePartialDate('2011-02', 'end') // '2011-02-28'
 */
export function parsePartialDate(value: string, edge: 'start' | 'end'): IsoDay | undefined {
  const match = PARTIAL_DATE.exec(value.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  const firstMonth = month ?? (edge === 'start' ? 1 : 12);
  const lastDay = daysInMonth(year, firstMonth);
  if (day !== undefined && (day < 1 || day > lastDay)) return undefined;
  const resolvedDay = day ?? (edge === 'start' ? 1 : lastDay);
  return `${pad(year, 4)}-${pad(firstMonth, 2)}-${pad(resolvedDay, 2)}`;
}

/** Reads a full day `YYYY-MM-DD` (as-of dates given by users); undefined when malformed. */
export function parseDay(value: string): IsoDay | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? parsePartialDate(value, 'start') : undefined;
}

/** Whether D lies in [from, to], a missing bound being open. */
export function inForce(period: { from?: IsoDay; to?: IsoDay }, date: IsoDay): boolean {
  return (period.from === undefined || period.from <= date) && (period.to === undefined || date <= period.to);
}

/** Today in UTC, the default as-of date. */
export function today(): IsoDay {
  return new Date().toISOString().slice(0, 10);
}

/** Days since 1970-01-01 for an ISO day: compact integer times for the route search. */
export function dayNumber(day: IsoDay): number {
  let number = dayNumbers.get(day);
  if (number === undefined) {
    number = Math.round(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000);
    // Route searches ask for the same few thousand dates millions of times; parsing dominated.
    if (dayNumbers.size < 100_000) dayNumbers.set(day, number);
  }
  return number;
}

const dayNumbers = new Map<IsoDay, number>();

/** The ISO day of a day number. */
export function dayFromNumber(dayNumberValue: number): IsoDay {
  return new Date(dayNumberValue * 86_400_000).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
