import type { EventsV2 } from '../workflows/v2/events.v2';

/**
 * The facts of an agreement's life, past tense. They are the workflow machines' events: what is
 * stored is `{ type, data }`, and the machine sees `{ type, ...data }`. Time and actor live in the
 * event envelope, never here.
 */
export const AGREEMENT_KINDS = ['NOTA_KESEPAHAMAN', 'PERJANJIAN_KERJA_SAMA'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const PARTY_ROLES = ['PIHAK_KESATU', 'PIHAK_KEDUA', 'PIHAK_KETIGA', 'PIHAK_KEEMPAT', 'PIHAK_KELIMA'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const DOCUMENT_TYPES = ['DRAFT', 'KAK', 'SIGNED', 'DELEGATION_LETTER', 'DPRD_DECISION', 'REPORT', 'AMENDMENT'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const REVIEW_TIERS = ['TECHNICAL', 'LEGAL'] as const;
export type ReviewTier = (typeof REVIEW_TIERS)[number];

export const SIGNING_CAPACITIES = ['ORIGINAL', 'ON_BEHALF', 'DELEGATED'] as const;
export type SigningCapacity = (typeof SIGNING_CAPACITIES)[number];

export interface Party {
  readonly agencyId: string;
  readonly name: string;
  readonly role: PartyRole;
  /**
   * Version 2: the cooperation burdens this regional party's budget, so its DPRD must approve it
   * before signing opens (PP 28/2018). Absent: no DPRD decision is needed.
   */
  readonly dprdApprovalRequired?: boolean;
}

/** Dates are `YYYY-MM-DD` (the agreement's calendar dates, not instants). */
export interface Term {
  readonly startDate: string;
  readonly endDate: string;
  /** Days before the end date after which renewal can no longer be proposed. */
  readonly noticePeriodDays: number;
  /** Version 2: how often each party reports on the implementation (monitoring and evaluation): 3, 6 or 12 months. */
  readonly reportingPeriodMonths?: number;
}

/** Version 2: the recorded delegation a signature was given under, as it stood when signing. */
export interface SignatureDelegation {
  readonly delegationId: string;
  readonly referenceNumber: string;
  readonly grantor: { readonly agencyId: string; readonly position: string };
  readonly letterSha256: string;
}

export interface Location {
  readonly province: string;
  readonly regency: string;
  readonly district: string;
  readonly villages?: readonly string[];
  readonly area?: string;
}

export interface AgreementDrafted {
  readonly type: 'AgreementDrafted';
  readonly agreementId: string;
  readonly kind: AgreementKind;
  readonly title: string;
  readonly purpose?: string;
  readonly parentId?: string;
  readonly parties: readonly Party[];
  readonly term: Term;
}
export interface DocumentAttached {
  readonly type: 'DocumentAttached';
  readonly documentType: DocumentType;
  readonly sha256: string;
  readonly name: string;
}
export interface SubmittedForReview {
  readonly type: 'SubmittedForReview';
  readonly documentHash: string;
}
export interface ReviewApproved {
  readonly type: 'ReviewApproved';
  readonly agencyId: string;
  readonly tier: ReviewTier;
  readonly documentHash: string;
}
export interface ClearedForSigning {
  readonly type: 'ClearedForSigning';
  readonly documentHash: string;
}
export interface ChangesRequested {
  readonly type: 'ChangesRequested';
  readonly agencyId: string;
  readonly reason: string;
}
export interface SigningOpened {
  readonly type: 'SigningOpened';
}
export interface PartySigned {
  readonly type: 'PartySigned';
  readonly agencyId: string;
  readonly documentHash: string;
  readonly signatoryName: string;
  readonly capacity: SigningCapacity;
  readonly delegationRef?: string;
  /** Version 2: the recorded delegation (its `referenceNumber` is also the `delegationRef`). */
  readonly delegation?: SignatureDelegation;
}
export interface AgreementExecuted {
  readonly type: 'AgreementExecuted';
  readonly documentHash: string;
  readonly version: number;
}
export interface Activated {
  readonly type: 'Activated';
  readonly effectiveDate: string;
}
export interface RegistryNumberAssigned {
  readonly type: 'RegistryNumberAssigned';
  readonly agencyId: string;
  readonly number: string;
  readonly date: string;
}
export interface LocationsProposed {
  readonly type: 'LocationsProposed';
  readonly locations: readonly Location[];
}
export interface LocationsConfirmed {
  readonly type: 'LocationsConfirmed';
  readonly agencyId: string;
}
export interface LocationsFixed {
  readonly type: 'LocationsFixed';
  readonly locations: readonly Location[];
}
export interface AmendmentProposed {
  readonly type: 'AmendmentProposed';
  readonly summary: string;
  readonly documentHash: string;
}
export interface Renewed {
  readonly type: 'Renewed';
  readonly previousEndDate: string;
  readonly newEndDate: string;
}
export interface TerminationNoticeGiven {
  readonly type: 'TerminationNoticeGiven';
  readonly reason: string;
  readonly effectiveDate: string;
}
export interface Terminated {
  readonly type: 'Terminated';
}
export interface Expired {
  readonly type: 'Expired';
  readonly endDate: string;
}
export interface DraftWithdrawn {
  readonly type: 'DraftWithdrawn';
  readonly reason: string;
}
export interface Archived {
  readonly type: 'Archived';
}
/**
 * The scheduler reminded the parties that a deadline approaches (issue 17): the last day to renew
 * or give notice, or the end of the term. Reminders of one deadline come closer each time.
 */
export interface DeadlineApproaching {
  readonly type: 'DeadlineApproaching';
  readonly deadline: 'notice' | 'expiry';
  /** The date the deadline is due from (see `agreementDeadlines`). */
  readonly dueDate: string;
  /** Whole days from the day of the reminder to `dueDate`, in the agreement's time zone. */
  readonly daysLeft: number;
}
/** The scheduler recorded that a step has waited longer than it may (issue 17): once per start of the step. */
export interface StepOverdue {
  readonly type: 'StepOverdue';
  readonly step: 'review' | 'signing';
  /** The day the step began, in the agreement's time zone. */
  readonly since: string;
  /** Whole days it has waited, as of the day this was recorded. */
  readonly daysWaiting: number;
}
/** The agreement moved, in its state, from one version of its workflow to the next. */
export interface WorkflowMigrated {
  readonly type: 'WorkflowMigrated';
  readonly fromVersion: number;
  readonly toVersion: number;
}

export type AgreementEvent =
  | AgreementDrafted
  | DocumentAttached
  | SubmittedForReview
  | ReviewApproved
  | ClearedForSigning
  | ChangesRequested
  | SigningOpened
  | PartySigned
  | AgreementExecuted
  | Activated
  | RegistryNumberAssigned
  | LocationsProposed
  | LocationsConfirmed
  | LocationsFixed
  | AmendmentProposed
  | Renewed
  | TerminationNoticeGiven
  | Terminated
  | Expired
  | DeadlineApproaching
  | StepOverdue
  | DraftWithdrawn
  | Archived
  | WorkflowMigrated
  | EventsV2;

export type AgreementEventType = AgreementEvent['type'];
export type { DprdApprovalRecorded, ImplementationReportFiled } from '../workflows/v2/events.v2';
