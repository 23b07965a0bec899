import type { Actor } from '../../domain/access/actor';
import { AccessDeniedError } from '../../domain/errors';

/**
 * What spans every agreement at once (the audit log, the whole-store verification) is for
 * auditors and administrators only; an official sees their own agreements' audit views instead.
 * Throws {@link AccessDeniedError} with `refusal` for anyone else.
 */
export function assertAuditorOrAdmin(actor: Actor, refusal: string): void {
  if (!actor.roles.includes('AUDITOR') && !actor.roles.includes('ADMIN')) throw new AccessDeniedError(refusal);
}
