import type { AgreementContext } from './agreement-context';
import { addDays } from './calendar';

/**
 * Monitoring and evaluation (version 2): while an agreement is in force, each party reports on its
 * implementation once per reporting period. Periods follow the calendar, as government reporting
 * does: quarters (`2020-Q1`), semesters (`2020-S1`) or years (`2020`).
 */
export const REPORTING_PERIOD_MONTHS = [3, 6, 12] as const;

export interface ReportingPeriod {
  readonly period: string;
  /** First and last day of the period (inclusive). */
  readonly start: string;
  readonly end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function periodAt(year: number, index: number, months: number): ReportingPeriod {
  const firstMonth = index * months + 1;
  const lastMonth = firstMonth + months - 1;
  const label = months === 12 ? String(year) : `${year}-${months === 6 ? 'S' : 'Q'}${index + 1}`;
  return { period: label, start: `${year}-${pad(firstMonth)}-01`, end: `${year}-${pad(lastMonth)}-${pad(lastDay(year, lastMonth))}` };
}

/** Every reporting period that overlaps `[from, to]`, in order. */
export function reportingPeriods(from: string, to: string, months: number): ReportingPeriod[] {
  const periods: ReportingPeriod[] = [];
  const perYear = 12 / months;
  let year = Number(from.slice(0, 4));
  let index = Math.floor((Number(from.slice(5, 7)) - 1) / months);
  for (let period = periodAt(year, index, months); period.start <= to; period = periodAt(year, index, months)) {
    periods.push(period);
    index += 1;
    if (index === perYear) {
      index = 0;
      year += 1;
    }
  }
  return periods;
}

/** The periods the agreement is reported on: from its effective date (or start) to its end date. */
export function agreementReportingPeriods(context: AgreementContext): ReportingPeriod[] {
  const { term } = context;
  if (!term?.reportingPeriodMonths) return [];
  return reportingPeriods(context.effectiveDate ?? term.startDate, term.endDate, term.reportingPeriodMonths);
}

export interface DueReport {
  readonly agencyId: string;
  readonly period: string;
  /** The last day of the period: the report is due once it has passed. */
  readonly periodEnd: string;
}

/**
 * The reports each party owes as of `today`: every period that has ended since the agreement took
 * effect (up to its end date) without that party's report. An agreement not yet in force owes none.
 */
export function reportsDue(context: AgreementContext, today: string): DueReport[] {
  if (context.effectiveDate === undefined) return [];
  const filed = new Set((context.reports ?? []).map((report) => `${report.agencyId}\u0000${report.period}`));
  const ended = agreementReportingPeriods(context).filter((period) => period.end < today);
  return context.parties.flatMap((party) =>
    ended
      .filter((period) => !filed.has(`${party.agencyId}\u0000${period.period}`))
      .map((period) => ({ agencyId: party.agencyId, period: period.period, periodEnd: period.end })),
  );
}

/** The next report the parties owe: the first period not yet ended that some party has not reported on. */
export interface ReportDeadline {
  readonly period: string;
  /** The day after the period's last day: from then on the report is due (and listed in `reportsDue`). */
  readonly dueDate: string;
  /** The parties that have not filed it yet. */
  readonly agencyIds: readonly string[];
}

/**
 * The report deadline ahead of an agreement in force as of `today`, if any: none before it takes
 * effect, none past its last period, none once every party has filed the current period's report.
 */
export function nextReportDeadline(context: AgreementContext, today: string): ReportDeadline | undefined {
  if (context.effectiveDate === undefined) return undefined;
  const filed = new Set((context.reports ?? []).map((report) => `${report.agencyId}\u0000${report.period}`));
  for (const period of agreementReportingPeriods(context)) {
    if (period.end < today) continue;
    const owing = context.parties.map((party) => party.agencyId).filter((agencyId) => !filed.has(`${agencyId}\u0000${period.period}`));
    if (owing.length === 0) continue;
    return { period: period.period, dueDate: addDays(period.end, 1), agencyIds: owing };
  }
  return undefined;
}
