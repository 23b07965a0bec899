import type { Kysely, Transaction } from 'kysely';
import { AGREEMENT_STREAM_PREFIX } from '../../application/agreements/agreement-stream';
import { lifecycleState } from '../../domain/agreements/agreement-decider';
import { agreementDeadlines, responsibleAgencyId } from '../../domain/agreements/deadlines';
import { chunks, latestChanges } from '../agreements/agreements-v1.projection';
import type { ProjectedChange, Projection } from '../projection';
import { versionedTableName } from '../versioned-tables';

/** One deadline still ahead of an agreement (see `agreementDeadlines`): what the scheduler walks by date. */
export interface DeadlineRow {
  agreement_id: string;
  /** The occurrence (`expire:2025-03-09`): the scheduler's idempotency key. */
  key: string;
  kind: string;
  /** The action the scheduler takes when due; null for a deadline people must meet. */
  action: string | null;
  /** From the start of this date (`YYYY-MM-DD`) in the responsible agency's zone. */
  due_date: string;
  /** The first party, whose time zone the date is read in (looked up when due, so a directory change applies at once). */
  agency_id: string;
  /** The fewest days left a reminder of it gave; null before the first. */
  reminded_days_left: number | null;
}

export const DEADLINES_TABLES = ['deadlines'] as const;

export interface DeadlinesTables {
  deadlines: DeadlineRow;
}

/** Rows of an insert per statement: PostgreSQL allows 65,535 parameters, SQLite 32,766. */
const ROWS_PER_INSERT = 500;

/**
 * `deadlines@v<version>`: the deadlines still ahead of every agreement, indexed by date. Each
 * agreement's rows are replaced by those of its state after the batch, so a renewal moves its
 * expiry, an expiry (by anyone) removes it, and applying a batch twice writes the same rows.
 */
export function deadlinesProjectionVersion(version: number): Projection<DeadlinesTables> {
  const table = versionedTableName('deadlines', version);
  return {
    name: 'deadlines',
    version,
    tables: DEADLINES_TABLES,
    filter: { streamPrefixes: [AGREEMENT_STREAM_PREFIX] },

    async createTables(db: Kysely<DeadlinesTables>): Promise<void> {
      await db.schema
        .createTable('deadlines')
        .ifNotExists()
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('action', 'text')
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('reminded_days_left', 'integer')
        .addPrimaryKeyConstraint(`${table}_pk`, ['agreement_id', 'key'])
        .execute();
      // The scheduler's walk: what is due by a date, in a stable order to page through.
      await db.schema.createIndex(`${table}_due`).ifNotExists().on('deadlines').columns(['due_date', 'agreement_id', 'key']).execute();
    },

    async apply(trx: Transaction<DeadlinesTables>, changes: readonly ProjectedChange[]): Promise<void> {
      const latest = [...latestChanges(changes).values()];
      for (const batch of chunks(latest, ROWS_PER_INSERT)) {
        await trx
          .deleteFrom('deadlines')
          .where(
            'agreement_id',
            'in',
            batch.map((change) => change.agreement.snapshot.context.agreementId),
          )
          .execute();
      }
      const rows = latest.flatMap(({ agreement }) => deadlineRows(agreement));
      for (const batch of chunks(rows, ROWS_PER_INSERT)) await trx.insertInto('deadlines').values(batch).execute();
    },
  };
}

function deadlineRows(agreement: ProjectedChange['agreement']): DeadlineRow[] {
  const { context } = agreement.snapshot;
  const agencyId = responsibleAgencyId(context);
  if (agencyId === undefined) return [];
  return agreementDeadlines(context, lifecycleState(agreement)).map((deadline) => ({
    agreement_id: context.agreementId,
    key: deadline.key,
    kind: deadline.kind,
    action: deadline.action ?? null,
    due_date: deadline.dueDate,
    agency_id: agencyId,
    reminded_days_left: deadline.remindedDaysLeft ?? null,
  }));
}

/** The current version of the deadlines projection. */
export const deadlinesProjection = deadlinesProjectionVersion(1);

/** Every version this code keeps, oldest first; the last serves (see `AGREEMENTS_PROJECTION_VERSIONS`). */
export const DEADLINES_PROJECTION_VERSIONS: readonly Projection<DeadlinesTables>[] = [deadlinesProjection];
