/** Rows of the `agreements@v1` read model. Positions and revisions fit JS numbers (< 2^53). */
export interface AgreementRow {
  id: string;
  kind: string;
  title: string;
  state: string;
  detailed_state: string;
  workflow: string;
  parent_id: string | null;
  start_date: string | null;
  end_date: string | null;
  revision: number;
  position: string;
  created_at: string;
  last_change_at: string;
  /** The folded agreement (parties' progress, documents, registry numbers, locations...) as JSON. */
  detail: string;
}

export interface AgreementPartyRow {
  agreement_id: string;
  agency_id: string;
  /** The party's place in the agreement (PIHAK_KESATU first, as drafted). */
  seq: number;
  name: string;
  role: string;
}

/** A stretch of time an agreement spent in review or in signing (ended_at null while it lasts). */
export interface AgreementPhaseRow {
  agreement_id: string;
  phase: 'review' | 'signing';
  started_revision: number;
  started_at: string;
  ended_at: string | null;
}

/** The logical names of the tables; each version stores them as `<name>_v<version>`. */
export const AGREEMENTS_TABLES = ['agreements', 'agreement_parties', 'agreement_phases'] as const;

export interface AgreementsTables {
  agreements: AgreementRow;
  agreement_parties: AgreementPartyRow;
  agreement_phases: AgreementPhaseRow;
}
