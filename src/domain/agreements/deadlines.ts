import { AGENCY_TIME_ZONES, type AgencyTimeZone, type Directory } from '../directory/agency';
import type { AgreementContext } from './agreement-context';
import { addDays, DEFAULT_TIME_ZONE } from './calendar';
import type { LifecycleState } from './lifecycle';

/**
 * The moments time moves an agreement (issue 17), derived from its events alone:
 * - `notice`: from this date renewal and notice of termination can no longer be given (the day
 *   after the end date minus the notice period: `renew` is refused from here);
 * - `expiry`: the day after the end date, when the scheduler records `expire`;
 * - `termination`: the effective date of a termination notice, when the scheduler records `terminate`.
 *
 * Each falls due at the start (00:00) of its date in the agreement's time zone: the zone of its
 * first party (PIHAK_KESATU) in the agency directory, Western Indonesia Time (WIB) where the
 * directory does not know it. The decider takes "today" in the same zone, so a deadline and the
 * rule it triggers agree to the minute.
 */
export type DeadlineKind = 'notice' | 'expiry' | 'termination';

/**
 * The steps that can be overdue: review (first text or amendment) and signing, overdue once they
 * have waited longer than the period configured for them (`STEP_OVERDUE_DAYS`).
 */
export type StepKind = 'review' | 'signing';

/** The step an agreement waits in, from its detailed state (`inReview`, `amending.signing`, ...). */
export function stepOf(detailedState: string): StepKind | undefined {
  if (/(^|\.)inReview$/.test(detailedState)) return 'review';
  if (/(^|\.)signing$/.test(detailedState)) return 'signing';
  return undefined;
}

/** The step of a machine's state value (`'inReview'`, `{ amending: 'signing' }`). */
export function stepOfStateValue(value: unknown): StepKind | undefined {
  if (typeof value === 'string') return stepOf(value);
  if (typeof value !== 'object' || value === null) return undefined;
  return stepOf(
    Object.entries(value)
      .map(([k, v]) => `${k}.${String(v)}`)
      .join(','),
  );
}

/** The event types that start a step: submission and an amendment start review; opening signing starts signing. */
export const STEP_STARTS: Readonly<Record<string, StepKind>> = {
  SubmittedForReview: 'review',
  AmendmentProposed: 'review',
  SigningOpened: 'signing',
};

/** The deadlines the scheduler reminds the parties of before they fall due. */
export const REMINDED_DEADLINES: readonly DeadlineKind[] = ['notice', 'expiry'];

export interface Deadline {
  readonly kind: DeadlineKind;
  /** The calendar date (`YYYY-MM-DD`) in the agreement's time zone from whose start it is due. */
  readonly dueDate: string;
  /** The action the scheduler takes once it is due; none for a deadline people must meet. */
  readonly action?: 'expire' | 'terminate';
  /**
   * Names this occurrence: a renewal moves the end date and so makes a new expiry, with a new key.
   * The scheduler's commands are idempotent under it, so a retry or a second replica acts once.
   */
  readonly key: string;
  /** The fewest days left that a reminder of it gave, once one was sent (`DeadlineApproaching`). */
  readonly remindedDaysLeft?: number;
}

/** The deadlines still ahead of an agreement in this state (met or passed ones drop out as its events arrive). */
export function agreementDeadlines(context: AgreementContext, state: LifecycleState): Deadline[] {
  const { term } = context;
  const reminded = (deadline: Deadline): Deadline => {
    const daysLeft = context.reminders?.[deadline.key];
    return daysLeft === undefined ? deadline : { ...deadline, remindedDaysLeft: daysLeft };
  };
  if (state === 'active' && term !== undefined) {
    return [
      { kind: 'notice', dueDate: addDays(term.endDate, 1 - term.noticePeriodDays), key: `notice:${term.endDate}` },
      { kind: 'expiry', dueDate: addDays(term.endDate, 1), action: 'expire', key: `expire:${term.endDate}` },
    ].map((deadline) => reminded(deadline as Deadline));
  }
  if (state === 'terminating' && context.termination !== undefined) {
    const { effectiveDate } = context.termination;
    return [{ kind: 'termination', dueDate: effectiveDate, action: 'terminate', key: `terminate:${effectiveDate}` }];
  }
  return [];
}

/** The current deadline of an active agreement of this kind and date, if it has one. */
export function currentDeadline(context: AgreementContext, kind: DeadlineKind, dueDate: string): Deadline | undefined {
  return agreementDeadlines(context, 'active').find((deadline) => deadline.kind === kind && deadline.dueDate === dueDate);
}

/**
 * Whether the parties were reminded of the current deadline of this kind, and it still asks
 * something of them (the inbox then shows what): a notice deadline stops asking once a reminder
 * of the expiry was sent on or after it (from then on renewal is refused). Between the notice
 * deadline and that reminder, renewal stays in the inbox and is refused with its reason.
 */
export function remindedOf(context: AgreementContext, kind: DeadlineKind): boolean {
  const deadlines = agreementDeadlines(context, 'active');
  const reminded = deadlines.find((deadline) => deadline.kind === kind && deadline.remindedDaysLeft !== undefined);
  if (reminded === undefined) return false;
  if (kind !== 'notice') return true;
  const expiry = deadlines.find((deadline) => deadline.kind === 'expiry');
  const expiryRemindedOn = expiry?.remindedDaysLeft === undefined ? undefined : addDays(expiry.dueDate, -expiry.remindedDaysLeft);
  return expiryRemindedOn === undefined || expiryRemindedOn < reminded.dueDate;
}

/** The agency whose calendar an agreement's dates are read in: its first party (PIHAK_KESATU, as drafted). */
export function responsibleAgencyId(context: Pick<AgreementContext, 'parties'>): string | undefined {
  return context.parties[0]?.agencyId;
}

/** The time zone of an agreement's dates: its first party's in the directory, WIB when unknown. */
export function agreementTimeZone(context: Pick<AgreementContext, 'parties'>, directory: Directory | undefined): AgencyTimeZone {
  return agencyTimeZone(responsibleAgencyId(context), directory);
}

export function agencyTimeZone(agencyId: string | undefined, directory: Directory | undefined): AgencyTimeZone {
  const zone = agencyId === undefined ? undefined : directory?.get(agencyId)?.timeZone;
  return zone ?? DEFAULT_TIME_ZONE;
}

/** Hours ahead of UTC of Indonesia's zones, all without daylight saving time: WIB +7, WITA +8, WIT +9. */
const UTC_OFFSET_HOURS: Readonly<Record<AgencyTimeZone, number>> = {
  'Asia/Jakarta': 7,
  'Asia/Makassar': 8,
  'Asia/Jayapura': 9,
};

/** The zone whose day begins first: a date has started somewhere in Indonesia once it has started there. */
export const EARLIEST_TIME_ZONE: AgencyTimeZone = AGENCY_TIME_ZONES.reduce((a, b) => (UTC_OFFSET_HOURS[b] > UTC_OFFSET_HOURS[a] ? b : a));

/** The instant a calendar date begins in a zone (00:00 local time). */
export function startOfDate(date: string, timeZone: AgencyTimeZone): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day) - UTC_OFFSET_HOURS[timeZone] * 3_600_000);
}
