import { locale, messages } from './i18n/i18n';

/** WIB unless the agency's directory entry says otherwise (the service's documented default). */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';
const ZONE_NAMES: Record<string, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

/**
 * Formatters by locale, style and time zone: building an Intl.DateTimeFormat costs far more than
 * using one, and a list formats a date on every row.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions & { timeZone: string }): Intl.DateTimeFormat {
  const key = `${locale()}|${options.dateStyle ?? ''}|${options.timeStyle ?? ''}|${options.timeZone}`;
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = new Intl.DateTimeFormat(locale(), options)));
  return found;
}

/** A moment in an agency's time zone, with the zone's Indonesian name: "2 Des 2026 09.15 WITA". */
export function formatMoment(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  const text = formatter({ dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  return `${text} ${ZONE_NAMES[timeZone] ?? timeZone}`;
}

/** A time of day in the browser's zone ("09.15"), for a chart's axis; `seconds` since the epoch. */
export function formatClock(seconds: number): string {
  return formatter({ timeStyle: 'short', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }).format(new Date(seconds * 1000));
}

/** A calendar date (`YYYY-MM-DD`, no time of day) as the language writes it. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return messages().common.none;
  const [year, month, day] = date.split('-').map(Number);
  return formatter({ dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year!, month! - 1, day)));
}

/** How long since a moment, in the largest whole unit: "3 hari", "5 jam", "12 menit". */
export function formatWait(sinceIso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  const { time } = messages();
  if (minutes < 1) return time.justNow;
  if (minutes < 60) return time.minutes(minutes);
  if (minutes < 48 * 60) return time.hours(Math.floor(minutes / 60));
  return time.days(Math.floor(minutes / (24 * 60)));
}

/** A duration in the largest sensible unit: "4.2 s", "35 s", "12 min", "5 h", "3 d"; null: "—". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 120) return `${Math.max(0, seconds).toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

/** The first characters of a SHA-256, as people quote it. */
export function shortHash(hash: string | null | undefined): string {
  return hash ? `${hash.slice(0, 12)}…` : messages().common.none;
}
