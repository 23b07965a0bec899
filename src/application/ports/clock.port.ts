/** Injection token of the {@link Clock} port. */
export const CLOCK = Symbol('Clock');

/** The service's time. Commands take "now" from here once and carry it into their events. */
export interface Clock {
  now(): Date;
}
