import type { AgreementEvent, AgreementEventType } from '../../agreements/agreement-events';
import { shortHash, type Summaries } from '../event-summaries';

type V1Event = Exclude<AgreementEventType, 'WorkflowMigrated' | 'DprdApprovalRecorded' | 'ImplementationReportFiled'>;

function delegationOf(event: Extract<AgreementEvent, { type: 'PartySigned' }>): string {
  const { delegation } = event;
  if (delegation) return `, under delegation ${delegation.referenceNumber} from ${delegation.grantor.position} of ${delegation.grantor.agencyId}, letter ${shortHash(delegation.letterSha256)}`;
  return event.delegationRef ? `, ${event.delegationRef}` : '';
}

/**
 * One line a person can read for each event of version 1, e.g. "Biro Hukum Kemendes PDTT
 * (LEGAL_REVIEWER) gave legal clearance to sha256:ab12cd34… for Pemerintah Kabupaten Barito Kuala".
 */
export const EVENT_SUMMARIES_V1: Summaries<V1Event> = {
  AgreementDrafted: (event, { who }) =>
    `${who} drafted "${event.title}" (${event.kind}) between ${event.parties.map((p) => p.name).join(' and ')}, ${event.term.startDate} to ${event.term.endDate}`,
  DocumentAttached: (event, { who }) => `${who} attached the ${event.documentType} document ${event.name} ${shortHash(event.sha256)}`,
  SubmittedForReview: (event, { who }) => `${who} submitted the draft ${shortHash(event.documentHash)} for review`,
  ReviewApproved: (event, { who, party }) =>
    event.tier === 'LEGAL'
      ? `${who} gave legal clearance to ${shortHash(event.documentHash)} for ${party(event.agencyId)}`
      : `${who} cleared ${shortHash(event.documentHash)} in technical review for ${party(event.agencyId)}`,
  ClearedForSigning: (event) => `Every party cleared ${shortHash(event.documentHash)}: ready to sign`,
  ChangesRequested: (event, { who, party }) => `${who} requested changes for ${party(event.agencyId)}: ${event.reason}`,
  SigningOpened: (_event, { who }) => `${who} opened signing`,
  PartySigned: (event, { who, party }) =>
    `${event.signatoryName} signed ${shortHash(event.documentHash)} for ${party(event.agencyId)} (${event.capacity}${delegationOf(event)}), recorded by ${who}`,
  AgreementExecuted: (event) => `Signed by every party: version ${event.version} in force once activated, ${shortHash(event.documentHash)}`,
  Activated: (event, { who }) => `${who} put the agreement in force from ${event.effectiveDate}`,
  RegistryNumberAssigned: (event, { who, party }) => `${who} recorded registry number ${event.number} of ${event.date} for ${party(event.agencyId)}`,
  LocationsProposed: (event, { who }) => `${who} proposed the locations ${event.locations.map((l) => l.area ?? l.district).join(', ')}`,
  LocationsConfirmed: (event, { who, party }) => `${who} confirmed the locations for ${party(event.agencyId)}`,
  LocationsFixed: (event) => `Locations fixed by every party: ${event.locations.map((l) => l.area ?? l.district).join(', ')}`,
  AmendmentProposed: (event, { who }) => `${who} proposed an amendment: ${event.summary} ${shortHash(event.documentHash)}`,
  Renewed: (event, { who }) => `${who} renewed the term from ${event.previousEndDate} to ${event.newEndDate}`,
  TerminationNoticeGiven: (event, { who }) => `${who} gave notice of termination from ${event.effectiveDate}: ${event.reason}`,
  Terminated: (_event, { who }) => `${who} terminated the agreement`,
  Expired: (event, { who }) => `${who} recorded that the term ended on ${event.endDate}`,
  DraftWithdrawn: (event, { who }) => `${who} withdrew the draft: ${event.reason}`,
  Archived: (_event, { who }) => `${who} archived the agreement`,
};
