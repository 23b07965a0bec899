/**
 * Agreement dates are calendar dates (`YYYY-MM-DD`), compared as such. "Today" is taken in the
 * agreements' time zone (Western Indonesia by default), from the time a command carries.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  const utc = (date: string) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, day);
  };
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone. */
export function calendarDate(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  // Building a formatter costs far more than using one: keep one per zone.
  let formatter = formatters.get(timeZone);
  // Stryker disable next-line ConditionalExpression: a cache; a new formatter on every call gives the same date, only slower
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}
