/** The top-level lifecycle states every read and response names. */
export const LIFECYCLE_STATES = [
  'drafting',
  'inReview',
  'readyToSign',
  'signing',
  'executed',
  'active',
  'amending',
  'terminating',
  'terminated',
  'expired',
  'withdrawn',
  'archived',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number] | 'new';

/** States an agreement has left its working life in: nothing is awaited, nothing moves it to another workflow version. */
export const ENDED_STATES: ReadonlySet<LifecycleState> = new Set(['terminated', 'expired', 'withdrawn', 'archived']);
