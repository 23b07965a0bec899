import type { StepKind } from '../../domain/agreements/deadlines';

/** How many days each step may wait before it is overdue (`STEP_OVERDUE_DAYS`). */
export type StepOverdueDays = Readonly<Record<StepKind, number>>;

export const STEP_OVERDUE_DAYS = Symbol('StepOverdueDays');

/** Review a month, signing two weeks, when nothing is configured. */
export const DEFAULT_STEP_OVERDUE_DAYS: StepOverdueDays = { review: 30, signing: 14 };

/** The moment a step begun at `since` becomes overdue: that many whole days (of 24 hours) later. */
export function overdueFrom(since: string, days: number): Date {
  return new Date(Date.parse(since) + days * 86_400_000);
}
