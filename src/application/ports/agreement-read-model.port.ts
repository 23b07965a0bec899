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
  /** Words of the title, case-insensitive. */
  readonly q?: string;
}

export interface AgreementPage {
  readonly items: readonly AgreementSummary[];
  /** Opaque; pass as `after` for the next page. Absent on the last page. */
  readonly next?: string;
}

/**
 * The agreements read model, kept by the `agreements` projection. Lists are ordered newest first
 * by creation, which never changes, so paging is stable while agreements move on.
 */
export interface AgreementReadModel {
  list(filter: AgreementListFilter, page: { readonly limit: number; readonly after?: string }): Promise<AgreementPage>;
  get(id: string): Promise<AgreementDetail | undefined>;
  /** Where the projection keeping it stands, for health checks. */
  status(): { readonly projection: string; readonly status: string; readonly position: string | null; readonly failure?: string };
  /** Resolves true once the read model has applied `position`, false if it has not within `timeoutMs`. */
  reached(position: bigint, timeoutMs: number): Promise<boolean>;
}
