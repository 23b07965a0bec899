import type { Clock } from '../../application/ports/clock.port';

/**
 * A clock that starts at `start` and runs on at the machine's pace (`CLOCK_START`): a demo or a
 * rehearsal can begin the day before an agreement's end date and watch the scheduler expire it.
 * Events are stamped with this time, so use it only on a data folder kept for the purpose.
 */
export function shiftedClock(start: Date, machine: () => number = Date.now): Clock {
  const offset = start.getTime() - machine();
  return { now: () => new Date(machine() + offset) };
}
