import type { AgreementSummary } from '../../application/ports/agreement-read-model.port';
import type { AgreementRow } from '../../projections/agreements/agreements.tables';

/** An `agreements` row and its parties (in their order) as lists show them: the same for every version's reader. */
export function agreementSummary(row: AgreementRow, parties: AgreementSummary['parties']): AgreementSummary {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    state: row.state,
    detailedState: row.detailed_state,
    workflow: row.workflow,
    parentId: row.parent_id,
    term: { startDate: row.start_date, endDate: row.end_date },
    parties,
    revision: Number(row.revision),
    position: row.position,
    createdAt: row.created_at,
    lastChangeAt: row.last_change_at,
  };
}
