import type { Actor } from './actor';
import type { Role } from './roles';

/**
 * Who may take an action, as a workflow declares it:
 * - `roles`: the actor must hold one of them;
 * - `party: 'own'`: the actor acts for their own agency's party (a reviewer clears, a signatory
 *   signs, a records officer numbers for their own agency only);
 * - `party: 'any'`: the actor's agency must be one of the agreement's parties.
 */
export interface ActionPolicy {
  readonly roles: readonly Role[];
  readonly party: 'own' | 'any';
  /** The scheduler may take it too, on any agreement, once time has made it due (expiry, termination). */
  readonly scheduler?: true;
}

export type AccessDecision =
  | { readonly allowed: true; readonly party: string }
  | { readonly allowed: false; readonly reason: 'not-a-party' | 'role' | 'read-only' | 'other-party' };

/**
 * Decides whether `actor` may take an action under `policy` on an agreement with these parties.
 * `forParty` is the party the request says it acts for (an agency id), when it names one; an
 * official may never act for another agency. The answer names the party the action is for.
 * `not-a-party` must read as "no such agreement" to the caller, so existence does not leak.
 *
 * Segregation of duties: an auditor never changes anything, whatever other role they hold; the
 * ADMIN role manages the directory and never counts toward a workflow policy.
 */
export function authorizeAction(policy: ActionPolicy, actor: Actor, partyAgencyIds: readonly string[], forParty?: string): AccessDecision {
  if (actor.system === 'scheduler') {
    // It acts for the agreement as a whole: the first party's (PIHAK_KESATU's) name is on it.
    return policy.scheduler === true && partyAgencyIds.length > 0
      ? { allowed: true, party: partyAgencyIds[0] }
      : { allowed: false, reason: 'role' };
  }
  const readOnly = actor.roles.includes('AUDITOR') || !actor.roles.some((role) => role !== 'ADMIN');
  if (!partyAgencyIds.includes(actor.agencyId)) {
    return readOnly && canReadAgreement(actor, partyAgencyIds)
      ? { allowed: false, reason: 'read-only' }
      : { allowed: false, reason: 'not-a-party' };
  }
  if (readOnly) return { allowed: false, reason: 'read-only' };
  if (!actor.roles.some((role) => role !== 'ADMIN' && policy.roles.includes(role))) return { allowed: false, reason: 'role' };
  if (forParty !== undefined && forParty !== actor.agencyId) return { allowed: false, reason: 'other-party' };
  return { allowed: true, party: actor.agencyId };
}

/** Auditors, admins and the scheduler read every agreement; officials only those their agency is a party to. */
export function canReadAgreement(actor: Actor, partyAgencyIds: readonly string[]): boolean {
  return (
    actor.system === 'scheduler' ||
    actor.roles.includes('AUDITOR') ||
    actor.roles.includes('ADMIN') ||
    partyAgencyIds.includes(actor.agencyId)
  );
}
