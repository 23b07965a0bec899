import type { AgreementKind, Location, Party, ReviewTier, SigningCapacity, Term, DocumentType } from './agreement-events';
import type { ContextV2 } from '../workflows/v2/context.v2';

export type { DprdDecision, FiledReport } from '../workflows/v2/context.v2';

/** Where one party stands: review tiers cleared, its signature, its registry number, its say on locations. */
export interface PartyProgress {
  readonly cleared: readonly ReviewTier[];
  readonly signature?: {
    readonly documentHash: string;
    readonly signatoryName: string;
    readonly capacity: SigningCapacity;
    readonly delegationRef?: string;
    /** Version 2: the recorded delegation signed under. */
    readonly delegationId?: string;
  };
  readonly registry?: { readonly number: string; readonly date: string };
  readonly locationsConfirmed: boolean;
}

export interface AttachedDocument {
  readonly documentType: DocumentType;
  readonly sha256: string;
  readonly name: string;
}

/**
 * Everything the workflow knows about one agreement, folded from its events. Parties are dynamic
 * (2..n), so per-party progress is a map rather than parallel regions.
 */
export interface AgreementContext extends ContextV2 {
  readonly agreementId: string;
  readonly kind: AgreementKind | undefined;
  readonly title: string;
  readonly purpose?: string;
  readonly parentId?: string;
  readonly parties: readonly Party[];
  readonly term: Term | undefined;
  readonly documents: readonly AttachedDocument[];
  /** The document under review: the latest DRAFT, or the amendment's document while amending. */
  readonly draftHash?: string;
  /** The document every party's legal reviewer cleared; signatures must cover it. */
  readonly clearedHash?: string;
  /** The document last executed (signed by all parties). */
  readonly executedHash?: string;
  /** 0 until executed, 1 once executed, +1 per executed amendment. */
  readonly version: number;
  readonly effectiveDate?: string;
  readonly progress: Readonly<Record<string, PartyProgress>>;
  readonly proposedLocations?: readonly Location[];
  readonly fixedLocations?: readonly Location[];
  readonly amendment?: { readonly summary: string; readonly documentHash: string };
  readonly termination?: { readonly reason: string; readonly effectiveDate: string };
  readonly withdrawalReason?: string;
  readonly lastChangeRequest?: { readonly agencyId: string; readonly reason: string };
  /** The reminders sent, by deadline key (`notice:2024-12-31`): the fewest days left any of them gave. */
  readonly reminders?: Readonly<Record<string, number>>;
  /** The step (review, signing) recorded overdue since it last began; cleared when a step begins. */
  readonly escalated?: 'review' | 'signing';
}

export const EMPTY_AGREEMENT: AgreementContext = {
  agreementId: '',
  kind: undefined,
  title: '',
  parties: [],
  term: undefined,
  documents: [],
  version: 0,
  progress: {},
};

const FRESH_PROGRESS: PartyProgress = { cleared: [], locationsConfirmed: false };

/** The review tiers each party goes through, in order. */
export const TIERS_IN_ORDER: readonly ReviewTier[] = ['TECHNICAL', 'LEGAL'];

export function progressOf(context: AgreementContext, agencyId: string): PartyProgress {
  return context.progress[agencyId] ?? FRESH_PROGRESS;
}

export function isParty(context: AgreementContext, agencyId: string): boolean {
  return context.parties.some((party) => party.agencyId === agencyId);
}

/** The tier a party must clear next, or undefined when it has cleared them all. */
export function nextTier(context: AgreementContext, agencyId: string): ReviewTier | undefined {
  const { cleared } = progressOf(context, agencyId);
  return TIERS_IN_ORDER.find((tier) => !cleared.includes(tier));
}

/** Quorum ALL: every party has cleared every tier. */
export function allPartiesCleared(context: AgreementContext): boolean {
  return context.parties.length > 0 && context.parties.every((party) => nextTier(context, party.agencyId) === undefined);
}

export function allPartiesSigned(context: AgreementContext): boolean {
  return context.parties.length > 0 && context.parties.every((party) => progressOf(context, party.agencyId).signature !== undefined);
}

export function allPartiesConfirmedLocations(context: AgreementContext): boolean {
  return context.parties.length > 0 && context.parties.every((party) => progressOf(context, party.agencyId).locationsConfirmed);
}

/** Whether two lists of locations name the same places in the same order (field by field, so key order does not matter). */
export function sameLocations(a: readonly Location[], b: readonly Location[]): boolean {
  const key = (location: Location) =>
    JSON.stringify([location.province, location.regency, location.district, location.area ?? null, location.villages ?? null]);
  return a.length === b.length && a.every((location, index) => key(location) === key(b[index]));
}

/** Same parties, every review clearance and signature forgotten (new draft, changes requested, amendment). */
export function withReviewReset(context: AgreementContext): Record<string, PartyProgress> {
  return Object.fromEntries(
    context.parties.map((party) => {
      const { registry, locationsConfirmed } = progressOf(context, party.agencyId);
      return [party.agencyId, { cleared: [], locationsConfirmed, ...(registry ? { registry } : {}) }];
    }),
  );
}

export function withPartyProgress(
  context: AgreementContext,
  agencyId: string,
  change: (progress: PartyProgress) => PartyProgress,
): Record<string, PartyProgress> {
  return { ...context.progress, [agencyId]: change(progressOf(context, agencyId)) };
}
