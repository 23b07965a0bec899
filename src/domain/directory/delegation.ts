import type { Actor } from '../access/actor';
import { AccessDeniedError, InvalidTextError, rule } from '../errors';
import { AGREEMENT_KINDS, type AgreementKind } from '../agreements/agreement-events';
import { calendarDate, DEFAULT_TIME_ZONE, isCalendarDate } from '../agreements/calendar';
import { checkText, TEXT_RULES } from '../text/text-rules';
import { actingAgencyIds, agencyChain, type Directory } from './agency';

/**
 * Delegations of signing authority (surat kuasa, pelimpahan wewenang): the Minister lets the
 * Sekjen sign for the ministry, the Bupati lets a Kepala Dinas sign for the regency. Each is a
 * recorded fact with a letter (its SHA-256), a reference number and a validity window, and may
 * be revoked; a signature under delegation must name one that holds at the moment of signing.
 */
export interface DelegationGrant {
  readonly id: string;
  /** Who grants the authority: an agency and the position that holds it there ("Menteri"). */
  readonly grantor: { readonly agencyId: string; readonly position: string };
  /** Who receives it: a position of an agency ("Sekretaris Jenderal"), or one official by their id. */
  readonly grantee: { readonly agencyId: string; readonly position: string; readonly officialId?: string };
  /** What it covers: kinds of agreement, or one agreement. */
  readonly scope: { readonly kinds?: readonly AgreementKind[]; readonly agreementId?: string };
  readonly referenceNumber: string;
  readonly letterSha256: string;
  /** First and last day it holds (inclusive), in the grantor's time zone. */
  readonly validFrom: string;
  readonly validUntil: string;
}

export interface DelegationGranted {
  readonly type: 'DelegationGranted';
  readonly delegation: DelegationGrant;
}
export interface DelegationRevoked {
  readonly type: 'DelegationRevoked';
  readonly delegationId: string;
  readonly reason: string;
}
export type DelegationEvent = DelegationGranted | DelegationRevoked;

/** A delegation as recorded: its grant, when it was recorded, and its revocation if any (instants, ISO-8601). */
export interface Delegation extends DelegationGrant {
  readonly grantedAt: string;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
}

export type Delegations = ReadonlyMap<string, Delegation>;

/** Folds one delegation event, recorded at `at` (its envelope's `occurredAt`). */
export function evolveDelegations(delegations: Delegations, event: DelegationEvent, at: string): Delegations {
  const next = new Map(delegations);
  if (event.type === 'DelegationGranted') next.set(event.delegation.id, { ...event.delegation, grantedAt: at });
  else {
    const known = next.get(event.delegationId);
    if (known) next.set(event.delegationId, { ...known, revokedAt: at, revocationReason: event.reason });
  }
  return next;
}

/** Who may record or revoke a delegation of `grantorAgencyId`: an ADMIN, or a COORDINATOR of the granting agency. Never an auditor. */
export function assertMayManageDelegation(actor: Actor, grantorAgencyId: string): void {
  if (actor.roles.includes('AUDITOR')) throw new AccessDeniedError('Auditors cannot change the directory');
  if (actor.roles.includes('ADMIN')) return;
  if (actor.roles.includes('COORDINATOR') && actor.agencyId === grantorAgencyId) return;
  throw new AccessDeniedError('A delegation is recorded by an ADMIN or by a COORDINATOR of the granting agency');
}

/** Records a delegation: its agencies are in the directory, its window real and ordered, its scope named. */
export function decideGrant(directory: Directory, delegations: Delegations, grant: DelegationGrant, actor: Actor): DelegationEvent[] {
  assertMayManageDelegation(actor, grant.grantor?.agencyId);
  checkText('id', grant.id, TEXT_RULES.identifier);
  checkText('grantor.agencyId', grant.grantor.agencyId, TEXT_RULES.agencyId);
  checkText('grantor.position', grant.grantor.position, TEXT_RULES.position);
  checkText('grantee.agencyId', grant.grantee.agencyId, TEXT_RULES.agencyId);
  checkText('grantee.position', grant.grantee.position, TEXT_RULES.position);
  if (grant.grantee.officialId !== undefined) checkText('grantee.officialId', grant.grantee.officialId, TEXT_RULES.actorId);
  checkText('referenceNumber', grant.referenceNumber, TEXT_RULES.delegationRef);
  checkText('letterSha256', grant.letterSha256, TEXT_RULES.identifier);
  const kinds = grant.scope.kinds ?? [];
  for (const kind of kinds)
    if (!(AGREEMENT_KINDS as readonly string[]).includes(kind))
      throw new InvalidTextError('scope.kinds', `scope.kinds holds ${AGREEMENT_KINDS.join(', ')} only`);
  if (grant.scope.agreementId !== undefined) checkText('scope.agreementId', grant.scope.agreementId, TEXT_RULES.identifier);
  rule(!delegations.has(grant.id), 'delegation-exists', `The delegation ${grant.id} is already recorded`);
  rule(directory.has(grant.grantor.agencyId), 'agency-unknown', `The granting agency ${grant.grantor.agencyId} is not in the directory`);
  rule(directory.has(grant.grantee.agencyId), 'agency-unknown', `The receiving agency ${grant.grantee.agencyId} is not in the directory`);
  // Authority passes down an agency's own hierarchy: to the agency itself or to one of its units.
  rule(
    agencyChain(directory, grant.grantee.agencyId).some((agency) => agency.id === grant.grantor.agencyId),
    'delegation-hierarchy',
    `${grant.grantee.agencyId} is neither ${grant.grantor.agencyId} nor one of its units`,
  );
  rule(
    kinds.length > 0 || grant.scope.agreementId !== undefined,
    'delegation-scope',
    'A delegation covers kinds of agreement or one agreement',
  );
  rule(isCalendarDate(grant.validFrom) && isCalendarDate(grant.validUntil), 'date', 'The validity window must be real dates (YYYY-MM-DD)');
  rule(grant.validFrom <= grant.validUntil, 'delegation-window', 'A delegation must end on or after the day it starts');
  const delegation: DelegationGrant = {
    id: grant.id,
    grantor: { agencyId: grant.grantor.agencyId, position: grant.grantor.position },
    grantee: {
      agencyId: grant.grantee.agencyId,
      position: grant.grantee.position,
      ...(grant.grantee.officialId === undefined ? {} : { officialId: grant.grantee.officialId }),
    },
    scope: {
      ...(kinds.length > 0 ? { kinds: [...kinds] } : {}),
      ...(grant.scope.agreementId === undefined ? {} : { agreementId: grant.scope.agreementId }),
    },
    referenceNumber: grant.referenceNumber,
    letterSha256: grant.letterSha256.toLowerCase(),
    validFrom: grant.validFrom,
    validUntil: grant.validUntil,
  };
  return [{ type: 'DelegationGranted', delegation }];
}

export function decideRevoke(delegations: Delegations, delegationId: string, reason: string, actor: Actor): DelegationEvent[] {
  const delegation = delegations.get(delegationId);
  rule(!!delegation, 'delegation-unknown', `No delegation ${delegationId} is recorded`);
  assertMayManageDelegation(actor, delegation.grantor.agencyId);
  checkText('reason', reason, TEXT_RULES.reason);
  rule(
    delegation.revokedAt === undefined,
    'delegation-revoked',
    `The delegation ${delegation.referenceNumber} was revoked on ${delegation.revokedAt}`,
  );
  return [{ type: 'DelegationRevoked', delegationId, reason }];
}

/** What a signature under delegation is checked against. */
export interface DelegatedSignature {
  readonly agreementId: string;
  readonly kind: AgreementKind;
  /** The party the signature is for. */
  readonly partyAgencyId: string;
  readonly actor: Pick<Actor, 'id' | 'agencyId'>;
  /** The moment of signing. */
  readonly at: Date;
}

/**
 * Whether `delegation` lets this signature be given at this moment, or the rule that refuses it:
 * unknown, not yet recorded, revoked, outside its window (in the grantor's time zone), out of
 * scope, granted to someone else, or granted by an agency that does not stand for the party.
 * The decider applies it when signing, and the verifier again at the recorded moment of signing.
 */
export function checkDelegation(
  delegation: Delegation | null | undefined,
  signature: DelegatedSignature,
  directory: Directory,
  reference: string,
): Delegation {
  rule(
    !!delegation && Date.parse(delegation.grantedAt) <= signature.at.getTime(),
    'delegation-unknown',
    `No delegation ${reference} was recorded before signing`,
  );
  rule(
    delegation.revokedAt === undefined || Date.parse(delegation.revokedAt) > signature.at.getTime(),
    'delegation-revoked',
    `The delegation ${delegation.referenceNumber} was revoked on ${delegation.revokedAt}`,
  );
  const timeZone = directory.get(delegation.grantor.agencyId)?.timeZone ?? DEFAULT_TIME_ZONE;
  const day = calendarDate(signature.at, timeZone);
  rule(
    day >= delegation.validFrom,
    'delegation-not-yet-valid',
    `The delegation ${delegation.referenceNumber} holds from ${delegation.validFrom}`,
  );
  rule(
    day <= delegation.validUntil,
    'delegation-expired',
    `The delegation ${delegation.referenceNumber} expired on ${delegation.validUntil}`,
  );
  const { scope } = delegation;
  rule(
    scope.agreementId === signature.agreementId || (scope.kinds ?? []).includes(signature.kind),
    'delegation-scope',
    `The delegation ${delegation.referenceNumber} does not cover this agreement`,
  );
  rule(
    delegation.grantee.agencyId === signature.actor.agencyId &&
      (delegation.grantee.officialId === undefined || delegation.grantee.officialId === signature.actor.id),
    'delegation-grantee',
    `The delegation ${delegation.referenceNumber} was granted to ${delegation.grantee.position} of ${delegation.grantee.agencyId}, not to you`,
  );
  rule(
    actingAgencyIds(directory, signature.partyAgencyId).includes(delegation.grantor.agencyId),
    'delegation-grantor',
    `The delegation ${delegation.referenceNumber} was granted by ${delegation.grantor.agencyId}, which does not stand for ${signature.partyAgencyId}`,
  );
  return delegation;
}
