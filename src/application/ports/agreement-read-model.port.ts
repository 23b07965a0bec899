import type { Role } from '../../domain/access/roles';

/** Injection token of the {@link AgreementReadModel} port. */
export const AGREEMENT_READ_MODEL = Symbol('AgreementReadModel');

/** One agreement as lists show it. */
export interface AgreementSummary {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly state: string;
  readonly detailedState: string;
  readonly workflow: string;
  readonly parentId: string | null;
  readonly term: { readonly startDate: string | null; readonly endDate: string | null };
  readonly parties: ReadonlyArray<{ readonly agencyId: string; readonly name: string; readonly role: string }>;
  readonly revision: number;
  readonly position: string;
  readonly createdAt: string;
  readonly lastChangeAt: string;
}

/** A summary with the folded agreement (parties' progress, documents, numbers, locations). */
export interface AgreementDetail extends AgreementSummary {
  readonly agreement: Record<string, unknown>;
  readonly children: ReadonlyArray<{ readonly id: string; readonly title: string; readonly state: string }>;
}

export interface AgreementListFilter {
  /** Only agreements this agency is a party to; undefined: all (auditors, administrators). */
  readonly visibleToAgency?: string;
  readonly states?: readonly string[];
  readonly kind?: string;
  readonly agencyId?: string;
  readonly parentId?: string;
  /**
   * Full-text search over title, purpose, party names, registry numbers and locations: every word
   * must match (as a prefix), case and accents aside; results come by relevance, then newest first.
   */
  readonly q?: string;
}

/** Durations of finished stretches of review or signing, in seconds. */
export interface PhaseStatistics {
  readonly count: number;
  readonly averageSeconds: number | null;
  /** The median. */
  readonly p50Seconds: number | null;
  readonly p90Seconds: number | null;
}

export interface DashboardSummary {
  readonly total: number;
  readonly byState: Readonly<Record<string, number>>;
  readonly byKind: Readonly<Record<string, number>>;
  readonly byAgency: Readonly<Record<string, number>>;
  /** Active agreements whose end date falls within the next 30 / 90 days: the soonest {@link EXPIRING_LIST_LIMIT}. */
  readonly expiringWithin30Days: ReadonlyArray<{ readonly id: string; readonly title: string; readonly endDate: string }>;
  readonly expiringWithin90Days: ReadonlyArray<{ readonly id: string; readonly title: string; readonly endDate: string }>;
  /** How many active agreements end within the next 30 / 90 days (the lists above show the soonest of them). */
  readonly expiring: { readonly within30Days: number; readonly within90Days: number };
  readonly timeInReview: PhaseStatistics;
  readonly timeInSigning: PhaseStatistics;
}

/** How many of the agreements expiring soonest the dashboard lists (their number is in `expiring`). */
export const EXPIRING_LIST_LIMIT = 50;

/** A step waiting for the caller: which agreement, what they can do now, and since when it waits. */
export interface InboxItem {
  readonly agreementId: string;
  readonly title: string;
  readonly kind: string;
  readonly state: string;
  /** What the caller can do now, in the workflow's order. */
  readonly actions: readonly string[];
  /** When the agreement last changed: how long it has been waiting. */
  readonly waitingSince: string;
  /** Set when its review or signing has waited longer than that step may (`STEP_OVERDUE_DAYS`). */
  readonly overdue?: { readonly step: 'review' | 'signing'; readonly since: string; readonly overdueSince: string };
}

/** Whose inbox: an agency and the caller's roles that take steps (never AUDITOR or ADMIN). */
export interface InboxViewer {
  readonly agencyId: string;
  readonly roles: readonly Role[];
}

export interface InboxPage {
  /** Oldest wait first (ties by agreement id). */
  readonly items: readonly InboxItem[];
  /** Opaque; pass as `after` for the next page. Absent on the last page. */
  readonly next?: string;
}

export interface InboxCounts {
  /** Agreements waiting for the caller. */
  readonly total: number;
  /** Agreements waiting per action (one agreement may wait for two actions of the caller). */
  readonly byAction: Readonly<Record<string, number>>;
}

export interface AgreementPage {
  readonly items: readonly AgreementSummary[];
  /** Opaque; pass as `after` for the next page. Absent on the last page. */
  readonly next?: string;
}

/** The stored event a projection stopped on (status `failed`), and why: what an operator needs first. */
export interface StuckEvent {
  readonly stream: string;
  readonly revision: string;
  readonly position: string;
  readonly type: string;
  readonly reason: string;
}

export interface ReadModelStatus {
  /** `agreements@v1`. */
  readonly projection: string;
  /** `starting`, `standby`, `catching-up`, `live`, `stopped`, or `failed` (stopped on an error, see `failure`). */
  readonly status: string;
  /** The last position applied. */
  readonly position: string | null;
  readonly failure?: string;
  /** When it failed on a stored event: that event (the next after `position`) and the reason. */
  readonly stuckAt?: StuckEvent;
}

/**
 * The agreements read model, kept by the `agreements` projection. Lists are ordered newest first
 * by creation, which never changes, so paging is stable while agreements move on.
 */
export interface AgreementReadModel {
  list(filter: AgreementListFilter, page: { readonly limit: number; readonly after?: string }): Promise<AgreementPage>;
  get(id: string): Promise<AgreementDetail | undefined>;
  /** Summaries of these agreements, those that exist (for the live feed: one read per batch of changes). */
  summariesOf(ids: readonly string[]): Promise<Map<string, AgreementSummary>>;
  /** The steps waiting for an agency's roles, oldest first, paged. */
  inbox(viewer: InboxViewer, page: { readonly limit: number; readonly after?: string }): Promise<InboxPage>;
  /** How many agreements wait for an agency's roles, in all and per action. */
  inboxCounts(viewer: InboxViewer): Promise<InboxCounts>;
  /** Counts, expiring agreements and time spent in review and signing; `today` is `YYYY-MM-DD`. */
  summary(filter: { readonly visibleToAgency?: string }, today: string): Promise<DashboardSummary>;
  /** Where the projection keeping it stands, for health checks (and the newer version being rebuilt, if any). */
  status(): ReadModelStatus & { readonly rebuilding?: ReadModelStatus };
  /** Resolves true once the read model has applied `position`, false if it has not within `timeoutMs`. */
  reached(position: bigint, timeoutMs: number): Promise<boolean>;
}
