import { nextTier, progressOf } from '../agreements/agreement-context';
import type { ActionDefinition } from './workflow-definition';

/** The actions of version 1 of both workflows (ARCHITECTURE.md, "Actions of workflow version 1"). */
export const AGREEMENT_ACTIONS_V1: readonly ActionDefinition[] = [
  {
    name: 'attach-document',
    command: 'AttachDocument',
    policy: { roles: ['DRAFTER', 'COORDINATOR'], party: 'any' },
    produces: 'DocumentAttached',
    summary: 'Attach a document (its SHA-256); a new DRAFT resets every review clearance',
  },
  {
    name: 'submit-for-review',
    command: 'SubmitForReview',
    policy: { roles: ['DRAFTER', 'COORDINATOR'], party: 'any' },
    produces: 'SubmittedForReview',
    summary: 'Send the current draft to every party for technical review and legal clearance',
  },
  {
    name: 'approve-review',
    command: 'ApproveReview',
    policy: { roles: ['REVIEWER', 'LEGAL_REVIEWER'], party: 'own' },
    produces: 'ReviewApproved',
    summary: 'Clear the draft for your own agency: technical review first, then legal clearance',
    // Offered to the reviewer of the tier the party must clear next.
    offeredTo: (context, agencyId, roles) => {
      const tier = nextTier(context, agencyId);
      return tier !== undefined && roles.includes(tier === 'TECHNICAL' ? 'REVIEWER' : 'LEGAL_REVIEWER');
    },
  },
  {
    name: 'request-changes',
    command: 'RequestChanges',
    policy: { roles: ['REVIEWER', 'LEGAL_REVIEWER'], party: 'own' },
    produces: 'ChangesRequested',
    summary: 'Send the draft back to drafting (every clearance is reset)',
  },
  {
    name: 'open-signing',
    command: 'OpenSigning',
    policy: { roles: ['COORDINATOR'], party: 'any' },
    produces: 'SigningOpened',
    summary: 'Open signing once every party has cleared the document',
  },
  {
    name: 'sign',
    command: 'SignAgreement',
    policy: { roles: ['SIGNATORY'], party: 'own' },
    produces: 'PartySigned',
    summary: 'Sign the cleared document for your own agency, possibly under delegation',
    offeredTo: (context, agencyId) => progressOf(context, agencyId).signature === undefined,
  },
  {
    name: 'activate',
    command: 'ActivateAgreement',
    policy: { roles: ['COORDINATOR'], party: 'any' },
    produces: 'Activated',
    summary: 'Put the executed agreement in force from its effective date',
  },
  {
    name: 'assign-registry-number',
    command: 'AssignRegistryNumber',
    policy: { roles: ['RECORDS_OFFICER'], party: 'own' },
    produces: 'RegistryNumberAssigned',
    summary: "Record your agency's registry number of the signed agreement",
    offeredTo: (context, agencyId) => progressOf(context, agencyId).registry === undefined,
  },
  {
    name: 'propose-locations',
    command: 'ProposeLocations',
    policy: { roles: ['IMPLEMENTER', 'COORDINATOR'], party: 'any' },
    produces: 'LocationsProposed',
    summary: 'Propose the programme locations (lokus) for every party to confirm',
    offeredTo: (context) => context.fixedLocations === undefined,
  },
  {
    name: 'confirm-locations',
    command: 'ConfirmLocations',
    policy: { roles: ['COORDINATOR'], party: 'own' },
    produces: 'LocationsConfirmed',
    summary: 'Confirm the proposed locations for your agency; fixed once every party confirmed',
    offeredTo: (context, agencyId) =>
      context.proposedLocations !== undefined && context.fixedLocations === undefined && !progressOf(context, agencyId).locationsConfirmed,
  },
  {
    name: 'propose-amendment',
    command: 'ProposeAmendment',
    policy: { roles: ['COORDINATOR'], party: 'any' },
    produces: 'AmendmentProposed',
    summary: 'Propose an amendment (adendum): review and signing again, then a new version',
  },
  {
    name: 'renew',
    command: 'RenewAgreement',
    policy: { roles: ['COORDINATOR'], party: 'any' },
    produces: 'Renewed',
    summary: 'Extend the end date, before the notice deadline',
  },
  {
    name: 'give-termination-notice',
    command: 'GiveTerminationNotice',
    policy: { roles: ['SIGNATORY', 'COORDINATOR'], party: 'any' },
    produces: 'TerminationNoticeGiven',
    summary: 'Give notice of termination with its reason and effective date',
  },
  {
    name: 'terminate',
    command: 'TerminateAgreement',
    policy: { roles: ['SIGNATORY', 'COORDINATOR'], party: 'any' },
    produces: 'Terminated',
    summary: 'End the agreement once the termination date has come',
  },
  {
    name: 'expire',
    command: 'ExpireAgreement',
    policy: { roles: ['COORDINATOR'], party: 'any' },
    produces: 'Expired',
    summary: 'Record that the end date has passed without renewal',
  },
  {
    name: 'withdraw',
    command: 'WithdrawDraft',
    policy: { roles: ['DRAFTER', 'COORDINATOR'], party: 'any' },
    produces: 'DraftWithdrawn',
    summary: 'Withdraw a draft that will not go ahead',
  },
  {
    name: 'archive',
    command: 'ArchiveAgreement',
    policy: { roles: ['RECORDS_OFFICER'], party: 'any' },
    produces: 'Archived',
    summary: 'Archive an ended agreement',
  },
];
