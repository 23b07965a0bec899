import type { Kysely, Selectable } from 'kysely';
import type { DeadlineCursor, DeadlineReadModel, StepCursor, StoredDeadline } from '../../application/ports/deadlines.port';
import { DEADLINES_TABLES, type DeadlineRow, type DeadlinesTables } from '../../projections/deadlines/deadlines.projection';
import { withVersionedTables } from '../../projections/versioned-tables';
import type { ProjectionRunner } from '../projections/projection-runner';
import { runnerStatus } from '../projections/projection-versions';

/** Reads one version of the deadlines projection. */
export class KyselyDeadlineReadModel implements DeadlineReadModel {
  private readonly db: Kysely<DeadlinesTables>;

  constructor(
    db: Kysely<DeadlinesTables>,
    private readonly runner: ProjectionRunner<DeadlinesTables>,
  ) {
    this.db = withVersionedTables(db, DEADLINES_TABLES, runner.version);
  }

  async actionsDueBy(date: string, limit: number, after?: DeadlineCursor): Promise<StoredDeadline[]> {
    const query = this.walk(limit, after).where('due_date', '<=', date).where('action', 'is not', null);
    return (await query.execute()).map(toDeadline);
  }

  async dueBetween(
    kinds: readonly string[],
    window: { readonly from: string; readonly until: string; readonly remindedAbove: number },
    limit: number,
    after?: DeadlineCursor,
  ): Promise<StoredDeadline[]> {
    if (kinds.length === 0) return [];
    const query = this.walk(limit, after)
      .where('due_date', '>', window.from)
      .where('due_date', '<=', window.until)
      .where('kind', 'in', kinds)
      .where((eb) => eb.or([eb('reminded_days_left', 'is', null), eb('reminded_days_left', '>', window.remindedAbove)]));
    return (await query.execute()).map(toDeadline);
  }

  /** Deadlines in the order of the `due` index, after a cursor. */
  private walk(limit: number, after?: DeadlineCursor) {
    let query = this.db.selectFrom('deadlines').selectAll().orderBy('due_date').orderBy('agreement_id').orderBy('key').limit(limit);
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('due_date', '>', after.dueDate),
          eb.and([eb('due_date', '=', after.dueDate), eb('agreement_id', '>', after.agreementId)]),
          eb.and([eb('due_date', '=', after.dueDate), eb('agreement_id', '=', after.agreementId), eb('key', '>', after.key)]),
        ]),
      );
    }
    return query;
  }

  async stepsNotEscalated(step: string, startedBy: string, limit: number, after?: StepCursor): Promise<StoredDeadline[]> {
    let query = this.db
      .selectFrom('deadlines')
      .selectAll()
      .where('kind', '=', step)
      .where('escalated', '=', 0)
      .where('since', '<=', startedBy)
      .orderBy('since')
      .orderBy('agreement_id')
      .limit(limit);
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('since', '>', after.since), eb.and([eb('since', '=', after.since), eb('agreement_id', '>', after.agreementId)])]),
      );
    }
    return (await query.execute()).map(toDeadline);
  }

  async stepsOf(agreementIds: readonly string[]): Promise<StoredDeadline[]> {
    if (agreementIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('deadlines')
      .selectAll()
      .where('agreement_id', 'in', agreementIds)
      .where('kind', 'in', ['review', 'signing'])
      .execute();
    return rows.map(toDeadline);
  }

  async ofAgreement(agreementId: string): Promise<StoredDeadline[]> {
    const rows = await this.db.selectFrom('deadlines').selectAll().where('agreement_id', '=', agreementId).orderBy('due_date').execute();
    return rows.map(toDeadline);
  }

  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.runner.reached(position, timeoutMs);
  }

  status() {
    return runnerStatus(this.runner);
  }
}

function toDeadline(row: Selectable<DeadlineRow>): StoredDeadline {
  return {
    agreementId: row.agreement_id,
    key: row.key,
    kind: row.kind,
    ...(row.action === null ? {} : { action: row.action }),
    dueDate: row.due_date,
    agencyId: row.agency_id,
    ...(row.reminded_days_left === null ? {} : { remindedDaysLeft: row.reminded_days_left }),
    ...(row.since === null ? {} : { since: row.since, escalated: row.escalated === 1 }),
  };
}
