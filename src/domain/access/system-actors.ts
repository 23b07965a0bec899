import type { Actor } from './actor';
import type { Role } from './roles';

/**
 * The scheduler: who time-driven commands are attributed to (expiry at the end date, termination
 * on its effective date). It holds no role and belongs to no agency; the workflow names the
 * actions it may take (`ActionPolicy.scheduler`). Its agency id is not one an official can hold
 * (agency ids are lower case, see `AGENCY_ID`), and a token can never make an actor `system`.
 */
export const SCHEDULER_ACTOR: Actor = Object.freeze({
  id: 'sepakat-scheduler',
  name: 'Penjadwal sepakat',
  agencyId: 'SEPAKAT',
  roles: Object.freeze<Role[]>([]),
  system: 'scheduler',
});
