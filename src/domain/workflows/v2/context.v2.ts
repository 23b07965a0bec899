/**
 * What version 2 adds to an agreement's context: each party's DPRD decision and the implementation
 * reports filed. `AgreementContext` takes these fields in from here (absent on version 1).
 */
export interface DprdDecision {
  readonly number: string;
  readonly date: string;
  readonly documentHash: string;
}

export interface FiledReport {
  readonly agencyId: string;
  readonly period: string;
  readonly documentHash: string;
  readonly summary: string;
}

export interface ContextV2 {
  /** Each party's DPRD decision, by agency id. */
  readonly dprdApprovals?: Readonly<Record<string, DprdDecision>>;
  /** Implementation reports filed, in order. */
  readonly reports?: readonly FiledReport[];
}

/** The parties whose DPRD decision is required and not yet recorded. */
export function missingDprdApprovals(
  context: ContextV2 & { readonly parties: readonly { readonly agencyId: string; readonly dprdApprovalRequired?: boolean }[] },
): string[] {
  return context.parties
    .filter((party) => party.dprdApprovalRequired === true && context.dprdApprovals?.[party.agencyId] === undefined)
    .map((party) => party.agencyId);
}
