import { AccessDeniedError, BusinessRuleViolationError } from '../../errors';
import type * as Commands from '../../agreements/agreement-commands';
import { nextTier, progressOf } from '../../agreements/agreement-context';
import {
  DOCUMENT_TYPES,
  SIGNING_CAPACITIES,
  type AgreementEvent,
  type PartySigned,
  type ReviewTier,
  type SigningCapacity,
} from '../../agreements/agreement-events';
import { checkLocationsText, checkParentInForce, knownParent, parentRule, rule } from '../../agreements/agreement-rules';
import { addDays, daysBetween, isCalendarDate } from '../../agreements/calendar';
import { currentDeadline, remindedOf, stepOfStateValue } from '../../agreements/deadlines';
import { checkText, TEXT_RULES } from '../../text/text-rules';
import { NO_BODY, type BodySchema } from '../body-schema';
import { action, type ActionDefinition, type ActionInput } from '../workflow-definition';

/** The bodies of version 1's actions (version 2 reuses them and adds its own). */
export const BODIES_V1 = {
  attachDocument: {
    name: 'AttachDocumentBody',
    fields: {
      type: { kind: 'choice', values: DOCUMENT_TYPES, as: 'documentType' },
      sha256: { kind: 'sha256', description: 'SHA-256 of the document (the service keeps hashes, not bytes)' },
      name: { kind: 'text', rule: 'documentName', example: 'draft-nk-desa-percontohan.pdf' },
    },
  },
  documentHash: {
    name: 'DocumentHashBody',
    fields: { documentHash: { kind: 'sha256', description: 'SHA-256 of the document under review' } },
  },
  reason: {
    name: 'ReasonBody',
    fields: { reason: { kind: 'text', rule: 'reason', description: 'Plain text; line feeds and tabs allowed' } },
  },
  sign: {
    name: 'SignBody',
    fields: {
      documentHash: { kind: 'sha256', description: 'SHA-256 of the document every party cleared' },
      signatoryName: { kind: 'text', rule: 'signatoryName', example: 'Anwar Sanusi' },
      capacity: { kind: 'choice', values: SIGNING_CAPACITIES, default: 'ORIGINAL', optional: true },
      delegationRef: {
        kind: 'text',
        rule: 'delegationRef',
        optional: true,
        example: 'SK-12/2020',
        description: 'Required when signing on behalf or under delegation',
      },
    },
  },
  activate: { name: 'ActivateBody', fields: { effectiveDate: { kind: 'date', example: '2020-03-10' } } },
  registryNumber: {
    name: 'RegistryNumberBody',
    fields: {
      number: { kind: 'text', rule: 'registryNumber', example: '01/NK/BLM/III/2020' },
      date: { kind: 'date', example: '2020-03-10' },
    },
  },
  locations: { name: 'LocationsBody', fields: { locations: { kind: 'locations' } } },
  amendment: {
    name: 'AmendmentBody',
    fields: {
      summary: {
        kind: 'text',
        rule: 'summary',
        example: 'Penambahan lokus Kecamatan Tabukan',
        description: 'Plain text; line feeds and tabs allowed',
      },
      documentHash: { kind: 'sha256', description: 'SHA-256 of the amendment document' },
    },
  },
  renew: { name: 'RenewBody', fields: { newEndDate: { kind: 'date', example: '2029-12-31' } } },
  escalation: {
    name: 'EscalationBody',
    fields: {
      step: { kind: 'choice', values: ['review', 'signing'], description: 'The step the agreement waits in' },
      since: { kind: 'date', example: '2024-06-03', description: 'The day the step began, in the agreement’s time zone' },
    },
  },
  reminder: {
    name: 'ReminderBody',
    fields: {
      deadline: { kind: 'choice', values: ['notice', 'expiry'], description: 'The deadline ahead' },
      dueDate: { kind: 'date', example: '2024-10-03', description: 'The date it is due from, as the agreement’s `deadlines` show it' },
    },
  },
  terminationNotice: {
    name: 'TerminationNoticeBody',
    fields: {
      reason: { kind: 'text', rule: 'reason', description: 'Plain text; line feeds and tabs allowed' },
      effectiveDate: { kind: 'date', example: '2023-01-01' },
    },
  },
} satisfies Record<string, BodySchema>;

/**
 * The actions of version 1 of both workflows (ARCHITECTURE.md, "Actions of workflow version 1"):
 * for each, who may take it, the event it records, whether anyone awaits it, and its decision.
 * Version 2 spreads this table and replaces only what changes.
 */
export const ATTACH_DOCUMENT_V1 = action<Commands.AttachDocument>({
  name: 'attach-document',
  command: 'AttachDocument',
  policy: { roles: ['DRAFTER', 'COORDINATOR'], party: 'any' },
  produces: 'DocumentAttached',
  summary: 'Attach a document (its SHA-256); a new DRAFT resets every review clearance',
  body: BODIES_V1.attachDocument,
  awaited: false,
  decide: ({ command }) => [
    {
      type: 'DocumentAttached',
      documentType: checkText('documentType', command.documentType, TEXT_RULES.identifier),
      sha256: checkText('sha256', command.sha256, TEXT_RULES.identifier).toLowerCase(),
      name: checkText('name', command.name, TEXT_RULES.documentName),
    },
  ],
});

export const SUBMIT_FOR_REVIEW_V1 = action<Commands.SubmitForReview>({
  name: 'submit-for-review',
  command: 'SubmitForReview',
  policy: { roles: ['DRAFTER', 'COORDINATOR'], party: 'any' },
  produces: 'SubmittedForReview',
  summary: 'Send the current draft to every party for technical review and legal clearance',
  body: NO_BODY,
  awaited: true,
  decide: ({ agreement, context }) => {
    rule(agreement.parties.length >= 2, 'two-parties', 'An agreement needs at least two parties before review');
    rule(agreement.draftHash !== undefined, 'draft-document', 'Attach a DRAFT document before submitting for review');
    checkParentInForce(agreement, context, 'submitted for review');
    return [{ type: 'SubmittedForReview', documentHash: agreement.draftHash }];
  },
});

export const APPROVE_REVIEW_V1 = action<Commands.ApproveReview>({
  name: 'approve-review',
  command: 'ApproveReview',
  policy: { roles: ['REVIEWER', 'LEGAL_REVIEWER'], party: 'own' },
  produces: 'ReviewApproved',
  summary: 'Clear the draft for your own agency: technical review first, then legal clearance',
  body: BODIES_V1.documentHash,
  awaited: true,
  // Offered to the reviewer of the tier the party must clear next.
  offeredTo: (context, agencyId, roles) => {
    const tier = nextTier(context, agencyId);
    return tier !== undefined && roles.includes(tier === 'TECHNICAL' ? 'REVIEWER' : 'LEGAL_REVIEWER');
  },
  decide: ({ command, agreement, party, actor }) => {
    rule(command.documentHash.toLowerCase() === agreement.draftHash, 'document-hash', 'The clearance must name the document under review');
    const tier = nextTier(agreement, party);
    rule(tier !== undefined, 'already-cleared', 'Your agency has already cleared this document');
    const canDo: Record<ReviewTier, boolean> = {
      TECHNICAL: actor.roles.includes('REVIEWER'),
      LEGAL: actor.roles.includes('LEGAL_REVIEWER'),
    };
    if (!canDo[tier]) {
      if (tier === 'TECHNICAL') throw new BusinessRuleViolationError('tier-order', 'Technical review comes before legal clearance');
      throw new AccessDeniedError('Legal clearance needs a LEGAL_REVIEWER of your agency');
    }
    return [{ type: 'ReviewApproved', agencyId: party, tier, documentHash: agreement.draftHash }];
  },
  follows: (context) => (context.draftHash === undefined ? undefined : { type: 'ClearedForSigning', documentHash: context.draftHash }),
});

export const REQUEST_CHANGES_V1 = action<Commands.RequestChanges>({
  name: 'request-changes',
  command: 'RequestChanges',
  policy: { roles: ['REVIEWER', 'LEGAL_REVIEWER'], party: 'own' },
  produces: 'ChangesRequested',
  summary: 'Send the draft back to drafting (every clearance is reset)',
  body: BODIES_V1.reason,
  awaited: false,
  decide: ({ command, party }) => [
    { type: 'ChangesRequested', agencyId: party, reason: checkText('reason', command.reason, TEXT_RULES.reason) },
  ],
});

export const OPEN_SIGNING_V1 = action<Commands.OpenSigning>({
  name: 'open-signing',
  command: 'OpenSigning',
  policy: { roles: ['COORDINATOR'], party: 'any' },
  produces: 'SigningOpened',
  summary: 'Open signing once every party has cleared the document',
  body: NO_BODY,
  awaited: true,
  decide: ({ agreement, context }) => {
    checkParentInForce(agreement, context, 'signed');
    return [{ type: 'SigningOpened' }];
  },
});

/** The checks every version's signature makes before its own: the text, the document, once per party, the parent in force. */
export function checkSignature({ command, agreement, party }: ActionInput<Commands.SignAgreement>): void {
  checkText('signatoryName', command.signatoryName, TEXT_RULES.signatoryName);
  if (command.capacity !== undefined) checkText('capacity', command.capacity, TEXT_RULES.identifier);
  if (command.delegationRef !== undefined) checkText('delegationRef', command.delegationRef, TEXT_RULES.delegationRef);
  rule(
    command.documentHash.toLowerCase() === agreement.clearedHash,
    'document-hash',
    'The signature must cover the document every party cleared',
  );
  rule(progressOf(agreement, party).signature === undefined, 'already-signed', 'Your agency has already signed');
}

/** The signature of `input`'s party on the cleared document, once its parent is in force; `delegation` as each version records it. */
export function partySigned(
  { command, agreement, party, context }: ActionInput<Commands.SignAgreement>,
  capacity: SigningCapacity,
  delegation: Pick<PartySigned, 'delegationRef' | 'delegation'>,
): PartySigned {
  checkParentInForce(agreement, context, 'signed');
  return {
    type: 'PartySigned',
    agencyId: party,
    documentHash: agreement.clearedHash!,
    signatoryName: command.signatoryName,
    capacity,
    ...delegation,
  };
}

export const SIGN_V1 = action<Commands.SignAgreement>({
  name: 'sign',
  command: 'SignAgreement',
  policy: { roles: ['SIGNATORY'], party: 'own' },
  produces: 'PartySigned',
  summary: 'Sign the cleared document for your own agency, possibly under delegation',
  body: BODIES_V1.sign,
  awaited: true,
  offeredTo: (context, agencyId) => progressOf(context, agencyId).signature === undefined,
  decide: (input) => {
    const { command } = input;
    checkSignature(input);
    const capacity = command.capacity ?? 'ORIGINAL';
    rule(
      capacity === 'ORIGINAL' || !!command.delegationRef,
      'delegation',
      'Signing on behalf or under delegation needs a delegation reference',
    );
    return [partySigned(input, capacity, command.delegationRef === undefined ? {} : { delegationRef: command.delegationRef })];
  },
  follows: (context) =>
    context.clearedHash === undefined
      ? undefined
      : { type: 'AgreementExecuted', documentHash: context.clearedHash, version: context.version + 1 },
});

export const ACTIVATE_V1 = action<Commands.ActivateAgreement>({
  name: 'activate',
  command: 'ActivateAgreement',
  policy: { roles: ['COORDINATOR'], party: 'any' },
  produces: 'Activated',
  summary: 'Put the executed agreement in force from its effective date',
  body: BODIES_V1.activate,
  awaited: true,
  decide: ({ command, agreement }) => {
    rule(isCalendarDate(command.effectiveDate), 'date', 'The effective date must be a real date (YYYY-MM-DD)');
    rule(
      agreement.term !== undefined && command.effectiveDate <= agreement.term.endDate,
      'effective-date',
      'The effective date must fall before the end of the term',
    );
    return [{ type: 'Activated', effectiveDate: command.effectiveDate }];
  },
});

export const ASSIGN_REGISTRY_NUMBER_V1 = action<Commands.AssignRegistryNumber>({
  name: 'assign-registry-number',
  command: 'AssignRegistryNumber',
  policy: { roles: ['RECORDS_OFFICER'], party: 'own' },
  produces: 'RegistryNumberAssigned',
  summary: "Record your agency's registry number of the signed agreement",
  body: BODIES_V1.registryNumber,
  awaited: true,
  offeredTo: (context, agencyId) => progressOf(context, agencyId).registry === undefined,
  decide: ({ command, agreement, party }) => {
    checkText('number', command.number, TEXT_RULES.registryNumber);
    rule(isCalendarDate(command.date), 'date', 'The registry date must be a real date (YYYY-MM-DD)');
    rule(progressOf(agreement, party).registry === undefined, 'registry-number', 'Your agency has already numbered this agreement');
    return [{ type: 'RegistryNumberAssigned', agencyId: party, number: command.number, date: command.date }];
  },
});

export const PROPOSE_LOCATIONS_V1 = action<Commands.ProposeLocations>({
  name: 'propose-locations',
  command: 'ProposeLocations',
  policy: { roles: ['IMPLEMENTER', 'COORDINATOR'], party: 'any' },
  produces: 'LocationsProposed',
  summary: 'Propose the programme locations (lokus) for every party to confirm',
  body: BODIES_V1.locations,
  awaited: false,
  offeredTo: (context) => context.fixedLocations === undefined,
  decide: ({ command, agreement }) => {
    rule(agreement.fixedLocations === undefined, 'locations-fixed', 'The locations are already fixed by all parties');
    rule(command.locations.length > 0, 'locations', 'Propose at least one location');
    checkLocationsText(command.locations);
    return [{ type: 'LocationsProposed', locations: command.locations }];
  },
});

export const CONFIRM_LOCATIONS_V1 = action<Commands.ConfirmLocations>({
  name: 'confirm-locations',
  command: 'ConfirmLocations',
  policy: { roles: ['COORDINATOR'], party: 'own' },
  produces: 'LocationsConfirmed',
  summary: 'Confirm the proposed locations for your agency; fixed once every party confirmed',
  body: NO_BODY,
  awaited: true,
  offeredTo: (context, agencyId) =>
    context.proposedLocations !== undefined && context.fixedLocations === undefined && !progressOf(context, agencyId).locationsConfirmed,
  decide: ({ agreement, party }) => {
    rule(
      agreement.proposedLocations !== undefined && agreement.fixedLocations === undefined,
      'locations-proposed',
      'There is no proposal of locations to confirm',
    );
    rule(!progressOf(agreement, party).locationsConfirmed, 'already-confirmed', 'Your agency has already confirmed these locations');
    return [{ type: 'LocationsConfirmed', agencyId: party }];
  },
  follows: (context) =>
    context.proposedLocations === undefined ? undefined : { type: 'LocationsFixed', locations: context.proposedLocations },
});

export const PROPOSE_AMENDMENT_V1 = action<Commands.ProposeAmendment>({
  name: 'propose-amendment',
  command: 'ProposeAmendment',
  policy: { roles: ['COORDINATOR'], party: 'any' },
  produces: 'AmendmentProposed',
  summary: 'Propose an amendment (adendum): review and signing again, then a new version',
  body: BODIES_V1.amendment,
  awaited: false,
  decide: ({ command, agreement }) => {
    checkText('summary', command.summary, TEXT_RULES.summary);
    checkText('documentHash', command.documentHash, TEXT_RULES.identifier);
    rule(
      command.documentHash.toLowerCase() !== agreement.executedHash,
      'amendment-document',
      'The amendment must change the executed document',
    );
    return [{ type: 'AmendmentProposed', summary: command.summary, documentHash: command.documentHash.toLowerCase() }];
  },
});

export const RENEW_V1 = action<Commands.RenewAgreement>({
  name: 'renew',
  command: 'RenewAgreement',
  policy: { roles: ['COORDINATOR'], party: 'any' },
  produces: 'Renewed',
  summary: 'Extend the end date, before the notice deadline',
  body: BODIES_V1.renew,
  awaited: false,
  // Awaited once the parties were reminded that the notice deadline approaches.
  awaitedWhen: (context) => remindedOf(context, 'notice'),
  decide: ({ command, agreement, context, today }) => {
    const term = agreement.term!;
    rule(isCalendarDate(command.newEndDate), 'date', 'The new end date must be a real date (YYYY-MM-DD)');
    rule(command.newEndDate > term.endDate, 'renewal-extends', 'Renewal must move the end date later');
    const deadline = addDays(term.endDate, -term.noticePeriodDays);
    rule(
      today <= deadline,
      'renewal-deadline',
      `Renewal had to be proposed by ${deadline} (notice period of ${term.noticePeriodDays} days)`,
    );
    if (agreement.parentId !== undefined) {
      const parent = knownParent(agreement.parentId, context);
      parentRule(
        agreement.parentId,
        parent,
        command.newEndDate <= parent.term.endDate,
        'parent-term',
        'A PKS may not outlive its parent MoU: renew the parent first',
      );
    }
    return [{ type: 'Renewed', previousEndDate: term.endDate, newEndDate: command.newEndDate }];
  },
});

export const GIVE_TERMINATION_NOTICE_V1 = action<Commands.GiveTerminationNotice>({
  name: 'give-termination-notice',
  command: 'GiveTerminationNotice',
  policy: { roles: ['SIGNATORY', 'COORDINATOR'], party: 'any' },
  produces: 'TerminationNoticeGiven',
  summary: 'Give notice of termination with its reason and effective date',
  body: BODIES_V1.terminationNotice,
  awaited: false,
  awaitedWhen: (context) => remindedOf(context, 'notice'),
  decide: ({ command, today }) => {
    checkText('reason', command.reason, TEXT_RULES.reason);
    rule(isCalendarDate(command.effectiveDate), 'date', 'The termination date must be a real date (YYYY-MM-DD)');
    rule(command.effectiveDate >= today, 'termination-date', 'Termination cannot take effect in the past');
    return [{ type: 'TerminationNoticeGiven', reason: command.reason, effectiveDate: command.effectiveDate }];
  },
});

export const TERMINATE_V1 = action<Commands.TerminateAgreement>({
  name: 'terminate',
  command: 'TerminateAgreement',
  policy: { roles: ['SIGNATORY', 'COORDINATOR'], party: 'any', scheduler: true },
  produces: 'Terminated',
  summary: 'End the agreement once the termination date has come',
  body: NO_BODY,
  awaited: true,
  decide: ({ agreement, today }) => {
    rule(
      agreement.termination !== undefined && today >= agreement.termination.effectiveDate,
      'termination-date',
      `The termination takes effect on ${agreement.termination?.effectiveDate ?? 'its notice date'}`,
    );
    return [{ type: 'Terminated' }];
  },
});

export const EXPIRE_V1 = action<Commands.ExpireAgreement>({
  name: 'expire',
  command: 'ExpireAgreement',
  policy: { roles: ['COORDINATOR'], party: 'any', scheduler: true },
  produces: 'Expired',
  summary: 'Record that the end date has passed without renewal',
  body: NO_BODY,
  awaited: false,
  // Awaited once the parties were reminded that the term ends (the scheduler records it on the day after, if no one has).
  awaitedWhen: (context) => remindedOf(context, 'expiry'),
  decide: ({ agreement, today }) => {
    rule(
      agreement.term !== undefined && today > agreement.term.endDate,
      'not-expired',
      `The agreement runs until ${agreement.term?.endDate}`,
    );
    return [{ type: 'Expired', endDate: agreement.term.endDate }];
  },
});

export const REMIND_V1 = action<Commands.RemindOfDeadline>({
  name: 'remind',
  command: 'RemindOfDeadline',
  policy: { roles: [], party: 'any', scheduler: true },
  produces: 'DeadlineApproaching',
  summary: 'Remind the parties that the notice deadline or the end of the term approaches (the scheduler only)',
  body: BODIES_V1.reminder,
  awaited: false,
  decide: ({ command, agreement, today }) => {
    const deadline = currentDeadline(agreement, command.deadline, command.dueDate);
    rule(deadline !== undefined, 'deadline', `The agreement has no ${command.deadline} deadline on ${command.dueDate}`);
    const daysLeft = daysBetween(today, command.dueDate);
    rule(daysLeft >= 1, 'deadline-passed', `The ${command.deadline} deadline of ${command.dueDate} has come`);
    const previous = deadline.remindedDaysLeft;
    rule(
      previous === undefined || daysLeft < previous,
      'already-reminded',
      `The parties were reminded ${previous} days before ${command.dueDate} already`,
    );
    return [{ type: 'DeadlineApproaching', deadline: command.deadline, dueDate: command.dueDate, daysLeft }];
  },
});

export const ESCALATE_V1 = action<Commands.EscalateOverdueStep>({
  name: 'escalate',
  command: 'EscalateOverdueStep',
  policy: { roles: [], party: 'any', scheduler: true },
  produces: 'StepOverdue',
  summary: 'Record that the review or signing has waited longer than it may (the scheduler only)',
  body: BODIES_V1.escalation,
  awaited: false,
  decide: ({ command, agreement, snapshot, today }) => {
    const waitingIn = stepOfStateValue(snapshot.value);
    rule(waitingIn === command.step, 'step', `The agreement does not wait in ${command.step}`);
    rule(isCalendarDate(command.since) && command.since <= today, 'date', 'The step’s start must be a real date, not after today');
    rule(agreement.escalated === undefined, 'already-escalated', `The ${command.step} was already recorded overdue`);
    const daysWaiting = daysBetween(command.since, today);
    rule(daysWaiting >= 1, 'step-not-overdue', `The ${command.step} began today`);
    return [{ type: 'StepOverdue', step: command.step, since: command.since, daysWaiting }];
  },
});

export const WITHDRAW_V1 = action<Commands.WithdrawDraft>({
  name: 'withdraw',
  command: 'WithdrawDraft',
  policy: { roles: ['DRAFTER', 'COORDINATOR'], party: 'any' },
  produces: 'DraftWithdrawn',
  summary: 'Withdraw a draft that will not go ahead',
  body: BODIES_V1.reason,
  awaited: false,
  decide: ({ command }) => [{ type: 'DraftWithdrawn', reason: checkText('reason', command.reason, TEXT_RULES.reason) }],
});

export const ARCHIVE_V1 = action<Commands.ArchiveAgreement>({
  name: 'archive',
  command: 'ArchiveAgreement',
  policy: { roles: ['RECORDS_OFFICER'], party: 'any' },
  produces: 'Archived',
  summary: 'Archive an ended agreement',
  body: NO_BODY,
  awaited: true,
  decide: (): AgreementEvent[] => [{ type: 'Archived' }],
});

/** The table in the order the workflow description and inbox items list the actions. */
export const AGREEMENT_ACTIONS_V1: readonly ActionDefinition[] = [
  ATTACH_DOCUMENT_V1,
  SUBMIT_FOR_REVIEW_V1,
  APPROVE_REVIEW_V1,
  REQUEST_CHANGES_V1,
  OPEN_SIGNING_V1,
  SIGN_V1,
  ACTIVATE_V1,
  ASSIGN_REGISTRY_NUMBER_V1,
  PROPOSE_LOCATIONS_V1,
  CONFIRM_LOCATIONS_V1,
  PROPOSE_AMENDMENT_V1,
  RENEW_V1,
  GIVE_TERMINATION_NOTICE_V1,
  TERMINATE_V1,
  EXPIRE_V1,
  REMIND_V1,
  ESCALATE_V1,
  WITHDRAW_V1,
  ARCHIVE_V1,
];
