import type { ReadModelStatus } from './agreement-read-model.port';

/** A deadline still ahead of an agreement, as the deadlines read model holds it (see `agreementDeadlines`). */
export interface StoredDeadline {
  readonly agreementId: string;
  /** Names the occurrence (`expire:2025-03-09`); the scheduler's idempotency key. */
  readonly key: string;
  readonly kind: string;
  /** What the scheduler does once it is due; absent for a deadline people must meet. */
  readonly action?: string;
  /** Due from the start of this date in the responsible agency's time zone. */
  readonly dueDate: string;
  /** The responsible agency (the first party): its zone is the deadline's. */
  readonly agencyId: string;
  /** The fewest days left a reminder of it gave, once one was sent. */
  readonly remindedDaysLeft?: number;
  /** A step's row (`review`, `signing`): when the step began (ISO 8601). */
  readonly since?: string;
  /** A step's row: recorded overdue already (`StepOverdue`). */
  readonly escalated?: boolean;
}

/** Where a walk through steps stands: the last one returned. */
export type StepCursor = { readonly since: string; readonly agreementId: string };

/** Where a walk through due deadlines stands: the last one returned. */
export type DeadlineCursor = Pick<StoredDeadline, 'dueDate' | 'agreementId' | 'key'>;

export interface DeadlineReadModel {
  /**
   * Deadlines with an action, due on or before `date`, ordered by date, agreement and key, after
   * `after`: one index walk, whatever the number of deadlines further ahead.
   */
  actionsDueBy(date: string, limit: number, after?: DeadlineCursor): Promise<StoredDeadline[]>;
  /**
   * Deadlines of these kinds due after `from` and on or before `until` (a window reminders are
   * sent in) and not yet reminded with `remindedAbove` days left or fewer, in the same order, after
   * `after`: one index walk over that window only, what was reminded already left in the database.
   */
  dueBetween(
    kinds: readonly string[],
    window: { readonly from: string; readonly until: string; readonly remindedAbove: number },
    limit: number,
    after?: DeadlineCursor,
  ): Promise<StoredDeadline[]>;
  /**
   * Agreements waiting in `step` since `startedBy` or earlier, not yet recorded overdue, oldest
   * first, after `after`: one walk of the steps index.
   */
  stepsNotEscalated(step: string, startedBy: string, limit: number, after?: StepCursor): Promise<StoredDeadline[]>;
  /** The step each of these agreements waits in (review or signing) and since when; agreements in neither are absent. */
  stepsOf(agreementIds: readonly string[]): Promise<StoredDeadline[]>;
  /** One agreement's deadlines, soonest first. */
  ofAgreement(agreementId: string): Promise<StoredDeadline[]>;
  /** Whether the read model has applied the log up to `position`, waiting at most `timeoutMs`. */
  reached(position: bigint, timeoutMs: number): Promise<boolean>;
  /** Where the projection keeping it stands, for health checks and metrics (and a version being rebuilt). */
  status(): ReadModelStatus & { readonly rebuilding?: ReadModelStatus };
}

export const DEADLINE_READ_MODEL = Symbol('DeadlineReadModel');
