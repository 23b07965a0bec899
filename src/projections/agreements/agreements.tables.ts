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

/**
 * `agreements@v2` and later: the v1 tables (a party row also carries what lists and dashboards
 * filter an agency's agreements by, so those reads walk one index), plus the work items of the
 * inbox, the dashboard's counters and the search index.
 */
export interface AgreementRowV2 extends AgreementRow {
  /** The position of the agreement's first event: a stable integer key (the search index's row id). */
  doc_id: number;
}

export interface AgreementPartyRowV2 extends AgreementPartyRow {
  state: string;
  kind: string;
  end_date: string | null;
  created_at: string;
}

/** One step an agreement waits for: the action a party agency must take, and the roles (a mask) that can take it. */
export interface WorkItemRow {
  agreement_id: string;
  agency_id: string;
  action: string;
  /** The action's place in the workflow's table: the order an inbox item lists its actions in. */
  seq: number;
  roles_mask: number;
}

/** The inbox's index: an agreement waiting for one role of one agency, since its last change. */
export interface WorkQueueRow {
  agency_id: string;
  role: string;
  since: string;
  agreement_id: string;
}

/**
 * How many agreements wait for an action of an agency, per set of roles that can take it; action
 * `*` counts agreements waiting for anything (their roles mask is the union of their steps').
 */
export interface WorkCountRow {
  agency_id: string;
  action: string;
  roles_mask: number;
  count: number;
}

/** Dashboard counters: per scope (`*`: every agreement; else an agency: the agreements it is a party to), per dimension and key. */
export interface DashboardCountRow {
  scope: string;
  /** `state`, `kind` or `agency` (the parties of the agreements in scope). */
  dimension: string;
  key: string;
  count: number;
}

/**
 * Finished stretches of review and signing per scope, as a histogram of logarithmic buckets
 * (each 0.5% wide): count, total and longest per bucket give the exact count and average and the
 * 90th percentile to within half a percent, whatever the number of agreements.
 */
export interface PhaseStatRow {
  scope: string;
  phase: string;
  bucket: number;
  count: number;
  total_seconds: number;
  max_seconds: number;
}

export const AGREEMENTS_TABLES_V2 = [
  ...AGREEMENTS_TABLES,
  'work_items',
  'work_queue',
  'work_counts',
  'dashboard_counts',
  'phase_stats',
  'agreement_search',
] as const;

export interface AgreementsTablesV2 {
  agreements: AgreementRowV2;
  agreement_parties: AgreementPartyRowV2;
  agreement_phases: AgreementPhaseRow;
  work_items: WorkItemRow;
  work_queue: WorkQueueRow;
  work_counts: WorkCountRow;
  dashboard_counts: DashboardCountRow;
  phase_stats: PhaseStatRow;
}
