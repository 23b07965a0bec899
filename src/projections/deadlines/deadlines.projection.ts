import type { Kysely, Transaction } from 'kysely';
import { AGREEMENT_STREAM_PREFIX } from '../../application/agreements/agreement-stream';
import { detailedState, lifecycleState } from '../../domain/agreements/agreement-decider';
import { agreementDeadlines, responsibleAgencyId, STEP_STARTS, stepOf, type StepKind } from '../../domain/agreements/deadlines';
import { chunks, latestChanges } from '../agreements/agreements-v1.projection';
import type { ProjectedChange, Projection } from '../projection';
import { versionedTableName } from '../versioned-tables';

/**
 * One deadline still ahead of an agreement (see `agreementDeadlines`): what the scheduler walks by
 * date. Or the step it waits in (`review`, `signing`) since when: overdue once that has lasted
 * longer than the step's configured period (read at query time, so a change of it needs no rebuild).
 */
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
  /** A step's row: when the step began (ISO 8601, the starting event's time); null for a dated deadline. */
  since: string | null;
  /** A step's row: 1 once the step was recorded overdue (`StepOverdue`), else 0. */
  escalated: number;
}

/** The kinds of a step's row. */
const STEP_KINDS: readonly StepKind[] = ['review', 'signing'];

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
        .addColumn('since', 'text')
        .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint(`${table}_pk`, ['agreement_id', 'key'])
        .execute();
      // The scheduler's walk: what is due by a date, in a stable order to page through.
      await db.schema.createIndex(`${table}_due`).ifNotExists().on('deadlines').columns(['due_date', 'agreement_id', 'key']).execute();
      // Steps by how long they have waited: step rows only (partial), so that the planner never
      // takes it for the reminders' walk by kind (which, on the whole table, read every deadline).
      await db.schema
        .createIndex(`${table}_steps`)
        .ifNotExists()
        .on('deadlines')
        .columns(['kind', 'escalated', 'since', 'agreement_id'])
        .where('since', 'is not', null)
        .execute();
    },

    async apply(trx: Transaction<DeadlinesTables>, changes: readonly ProjectedChange[]): Promise<void> {
      // The steps begun in this batch, the last one per agreement (an event's own time: a rebuild gives the same).
      const begun = new Map<string, { step: StepKind; since: string }>();
      for (const { event, agreement } of changes) {
        const step = STEP_STARTS[event.type];
        const since = event.metadata.occurredAt;
        if (step !== undefined && typeof since === 'string') begun.set(agreement.snapshot.context.agreementId, { step, since });
      }
      const latest = [...latestChanges(changes).values()];
      const ids = latest.map((change) => change.agreement.snapshot.context.agreementId);
      for (const batch of chunks(ids, ROWS_PER_INSERT)) {
        await trx.deleteFrom('deadlines').where('agreement_id', 'in', batch).where('kind', 'not in', STEP_KINDS).execute();
      }
      const rows = latest.flatMap(({ agreement }) => deadlineRows(agreement));
      // A step's row stays while the agreement waits in that step; a step begun anew replaces it.
      // Grouped by which step rows go, so a batch deletes with a few statements whatever its size.
      const dropKinds = new Map<string, string[]>();
      const escalated = new Map<StepKind, string[]>();
      for (const { agreement } of latest) {
        const id = agreement.snapshot.context.agreementId;
        const step = stepOf(detailedState(agreement));
        const start = begun.get(id);
        const agencyId = responsibleAgencyId(agreement.snapshot.context);
        const replaced = step !== undefined && start?.step === step && agencyId !== undefined;
        const drop = replaced ? STEP_KINDS : STEP_KINDS.filter((kind) => kind !== step);
        const group = drop.join(',');
        dropKinds.set(group, [...(dropKinds.get(group) ?? []), id]);
        const isEscalated = step !== undefined && agreement.snapshot.context.escalated === step;
        if (isEscalated && !replaced) escalated.set(step, [...(escalated.get(step) ?? []), id]);
        if (replaced) {
          rows.push({
            agreement_id: id,
            key: `${step}:${start.since}`,
            kind: step,
            action: null,
            due_date: start.since.slice(0, 10),
            agency_id: agencyId,
            reminded_days_left: null,
            since: start.since,
            escalated: isEscalated ? 1 : 0,
          });
        }
      }
      for (const [group, agreementIds] of dropKinds) {
        for (const batch of chunks(agreementIds, ROWS_PER_INSERT)) {
          await trx.deleteFrom('deadlines').where('agreement_id', 'in', batch).where('kind', 'in', group.split(',')).execute();
        }
      }
      for (const batch of chunks(rows, ROWS_PER_INSERT)) await trx.insertInto('deadlines').values(batch).execute();
      for (const [step, agreementIds] of escalated) {
        for (const batch of chunks(agreementIds, ROWS_PER_INSERT)) {
          await trx.updateTable('deadlines').set({ escalated: 1 }).where('kind', '=', step).where('agreement_id', 'in', batch).execute();
        }
      }
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
    since: null,
    escalated: 0,
  }));
}

/** The current version of the deadlines projection. */
export const deadlinesProjection = deadlinesProjectionVersion(1);

/** Every version this code keeps, oldest first; the last serves (see `AGREEMENTS_PROJECTION_VERSIONS`). */
export const DEADLINES_PROJECTION_VERSIONS: readonly Projection<DeadlinesTables>[] = [deadlinesProjection];
