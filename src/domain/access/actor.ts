import type { Role } from './roles';

/**
 * The person a command or read is attributed to. It always comes from a verified token, never
 * from a request body, and is written into every event's metadata.
 */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly agencyId: string;
  readonly roles: readonly Role[];
  /** Whom the actor acts for under delegation (e.g. the Sekjen signing for the Minister). */
  readonly onBehalfOf?: string;
  /**
   * Set only on the service's own actors (`SCHEDULER_ACTOR`), never from a token: the scheduler
   * takes the actions a workflow leaves to it (`ActionPolicy.scheduler`) on any agreement, and
   * nothing else.
   */
  readonly system?: 'scheduler';
}
