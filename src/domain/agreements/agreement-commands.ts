import type { CommandsV2 } from '../workflows/v2/events.v2';
import type { AgreementKind, DocumentType, Location, PartyRole, SigningCapacity } from './agreement-events';

/** What officials ask for, imperative. Each action of a workflow turns into one of these. */
export interface DraftAgreement {
  readonly type: 'DraftAgreement';
  readonly agreementId: string;
  readonly kind: AgreementKind;
  readonly title: string;
  readonly purpose?: string;
  readonly parentId?: string;
  readonly parties: readonly {
    readonly agencyId: string;
    readonly name: string;
    readonly role: PartyRole;
    readonly dprdApprovalRequired?: boolean;
  }[];
  readonly term: {
    readonly startDate: string;
    readonly endDate: string;
    readonly noticePeriodDays?: number;
    readonly reportingPeriodMonths?: number;
  };
}
export interface AttachDocument {
  readonly type: 'AttachDocument';
  readonly documentType: DocumentType;
  readonly sha256: string;
  readonly name: string;
}
export interface SubmitForReview {
  readonly type: 'SubmitForReview';
}
export interface ApproveReview {
  readonly type: 'ApproveReview';
  readonly documentHash: string;
}
export interface RequestChanges {
  readonly type: 'RequestChanges';
  readonly reason: string;
}
export interface OpenSigning {
  readonly type: 'OpenSigning';
}
export interface SignAgreement {
  readonly type: 'SignAgreement';
  readonly documentHash: string;
  readonly signatoryName: string;
  readonly capacity?: SigningCapacity;
  readonly delegationRef?: string;
  /** Version 2: the recorded delegation signed under, by id (or by its reference number in `delegationRef`). */
  readonly delegationId?: string;
}
export interface ActivateAgreement {
  readonly type: 'ActivateAgreement';
  readonly effectiveDate: string;
}
export interface AssignRegistryNumber {
  readonly type: 'AssignRegistryNumber';
  readonly number: string;
  readonly date: string;
}
export interface ProposeLocations {
  readonly type: 'ProposeLocations';
  readonly locations: readonly Location[];
}
export interface ConfirmLocations {
  readonly type: 'ConfirmLocations';
}
export interface ProposeAmendment {
  readonly type: 'ProposeAmendment';
  readonly summary: string;
  readonly documentHash: string;
}
export interface RenewAgreement {
  readonly type: 'RenewAgreement';
  readonly newEndDate: string;
}
export interface GiveTerminationNotice {
  readonly type: 'GiveTerminationNotice';
  readonly reason: string;
  readonly effectiveDate: string;
}
export interface TerminateAgreement {
  readonly type: 'TerminateAgreement';
}
export interface ExpireAgreement {
  readonly type: 'ExpireAgreement';
}
/** The scheduler's: record that the step the agreement waits in is overdue. */
export interface EscalateOverdueStep {
  readonly type: 'EscalateOverdueStep';
  readonly step: 'review' | 'signing';
  readonly since: string;
}
/** The scheduler's: remind the parties of a deadline ahead. */
export interface RemindOfDeadline {
  readonly type: 'RemindOfDeadline';
  readonly deadline: 'notice' | 'expiry';
  readonly dueDate: string;
}
export interface WithdrawDraft {
  readonly type: 'WithdrawDraft';
  readonly reason: string;
}
export interface ArchiveAgreement {
  readonly type: 'ArchiveAgreement';
}
export interface MigrateWorkflow {
  readonly type: 'MigrateWorkflow';
}

/** Commands on an existing agreement (everything but drafting). */
export type AgreementActionCommand =
  | AttachDocument
  | SubmitForReview
  | ApproveReview
  | RequestChanges
  | OpenSigning
  | SignAgreement
  | ActivateAgreement
  | AssignRegistryNumber
  | ProposeLocations
  | ConfirmLocations
  | ProposeAmendment
  | RenewAgreement
  | GiveTerminationNotice
  | TerminateAgreement
  | ExpireAgreement
  | RemindOfDeadline
  | EscalateOverdueStep
  | WithdrawDraft
  | ArchiveAgreement
  | MigrateWorkflow
  | CommandsV2;

export type AgreementCommand = DraftAgreement | AgreementActionCommand;

export type { FileImplementationReport, RecordDprdApproval } from '../workflows/v2/events.v2';
