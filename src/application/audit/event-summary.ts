import type { AgreementEvent, Party } from '../../domain/agreements/agreement-events';
import type { JsonObject } from '../event-store/json';

/** First characters of a digest, as people quote them: `sha256:ab12cd34…`. */
export function shortHash(hash: string | undefined): string {
  return hash ? `sha256:${hash.slice(0, 8)}…` : 'sha256:?';
}

/** How a signature names its delegation: the recorded one (reference, grantor, letter), or version 1's free reference. */
function delegationOf(event: Extract<AgreementEvent, { type: 'PartySigned' }>): string {
  const { delegation } = event;
  if (delegation) return `, under delegation ${delegation.referenceNumber} from ${delegation.grantor.position} of ${delegation.grantor.agencyId}, letter ${shortHash(delegation.letterSha256)}`;
  return event.delegationRef ? `, ${event.delegationRef}` : '';
}

/**
 * One line a person can read for a stored event, e.g. "Biro Hukum Kemendes PDTT (LEGAL_REVIEWER)
 * gave legal clearance to sha256:ab12cd34… for Pemerintah Kabupaten Barito Kuala". Agencies are
 * named as the agreement's parties name them.
 */
export function summarizeEvent(event: AgreementEvent, metadata: JsonObject, parties: readonly Party[]): string {
  const actor = metadata.actor as { name?: string; roles?: string[] } | undefined;
  const who = actor ? `${actor.name ?? 'unknown'} (${(actor.roles ?? []).join(', ')})` : 'unknown';
  const party = (agencyId: string) => parties.find((p) => p.agencyId === agencyId)?.name ?? agencyId;
  switch (event.type) {
    case 'AgreementDrafted':
      return `${who} drafted "${event.title}" (${event.kind}) between ${event.parties.map((p) => p.name).join(' and ')}, ${event.term.startDate} to ${event.term.endDate}`;
    case 'DocumentAttached':
      return `${who} attached the ${event.documentType} document ${event.name} ${shortHash(event.sha256)}`;
    case 'SubmittedForReview':
      return `${who} submitted the draft ${shortHash(event.documentHash)} for review`;
    case 'ReviewApproved':
      return event.tier === 'LEGAL'
        ? `${who} gave legal clearance to ${shortHash(event.documentHash)} for ${party(event.agencyId)}`
        : `${who} cleared ${shortHash(event.documentHash)} in technical review for ${party(event.agencyId)}`;
    case 'ClearedForSigning':
      return `Every party cleared ${shortHash(event.documentHash)}: ready to sign`;
    case 'ChangesRequested':
      return `${who} requested changes for ${party(event.agencyId)}: ${event.reason}`;
    case 'SigningOpened':
      return `${who} opened signing`;
    case 'PartySigned':
      return `${event.signatoryName} signed ${shortHash(event.documentHash)} for ${party(event.agencyId)} (${event.capacity}${delegationOf(event)}), recorded by ${who}`;
    case 'AgreementExecuted':
      return `Signed by every party: version ${event.version} in force once activated, ${shortHash(event.documentHash)}`;
    case 'Activated':
      return `${who} put the agreement in force from ${event.effectiveDate}`;
    case 'RegistryNumberAssigned':
      return `${who} recorded registry number ${event.number} of ${event.date} for ${party(event.agencyId)}`;
    case 'LocationsProposed':
      return `${who} proposed the locations ${event.locations.map((l) => l.area ?? l.district).join(', ')}`;
    case 'LocationsConfirmed':
      return `${who} confirmed the locations for ${party(event.agencyId)}`;
    case 'LocationsFixed':
      return `Locations fixed by every party: ${event.locations.map((l) => l.area ?? l.district).join(', ')}`;
    case 'AmendmentProposed':
      return `${who} proposed an amendment: ${event.summary} ${shortHash(event.documentHash)}`;
    case 'Renewed':
      return `${who} renewed the term from ${event.previousEndDate} to ${event.newEndDate}`;
    case 'TerminationNoticeGiven':
      return `${who} gave notice of termination from ${event.effectiveDate}: ${event.reason}`;
    case 'Terminated':
      return `${who} terminated the agreement`;
    case 'Expired':
      return `${who} recorded that the term ended on ${event.endDate}`;
    case 'DraftWithdrawn':
      return `${who} withdrew the draft: ${event.reason}`;
    case 'Archived':
      return `${who} archived the agreement`;
    case 'DprdApprovalRecorded':
      return `${who} recorded the DPRD decision ${event.number} of ${event.date} ${shortHash(event.documentHash)} for ${party(event.agencyId)}`;
    case 'ImplementationReportFiled':
      return `${who} filed the implementation report for ${event.period} ${shortHash(event.documentHash)} for ${party(event.agencyId)}: ${event.summary}`;
    case 'WorkflowMigrated':
      return `${who} moved the agreement from version ${event.fromVersion} to version ${event.toVersion} of its workflow`;
    default: {
      const unknown: never = event;
      return `${who}: ${(unknown as { type: string }).type}`;
    }
  }
}
