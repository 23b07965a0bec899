import { sql, type Kysely, type RawBuilder } from 'kysely';
import { detailedState, lifecycleState } from '../../domain/agreements/agreement-decider';
import { AGREEMENT_STREAM_PREFIX } from '../../application/agreements/agreement-stream';
import type { ProjectedChange, Projection } from '../projection';
import { storableJson } from '../storable-text';
import { versionedTableName } from '../versioned-tables';
import { AGREEMENTS_TABLES, type AgreementPhaseRow, type AgreementRow, type AgreementsTables } from './agreements.tables';

/**
 * `agreements@vN`: one row per agreement (what lists and dashboards filter on, plus the folded
 * agreement as JSON for the detail view), one row per party (who may see it, `agencyId` filters)
 * and one per review or signing stretch (dashboard durations). Version N writes the tables
 * `agreements_vN`, `agreement_parties_vN`, `agreement_phases_vN`.
 */
export function agreementsProjectionV1(version: number): Projection<AgreementsTables> {
  const v = (name: string) => versionedTableName(name, version);
  return {
    name: 'agreements',
    version,
    tables: AGREEMENTS_TABLES,
    filter: { streamPrefixes: [AGREEMENT_STREAM_PREFIX] },

    async createTables(db: Kysely<AgreementsTables>): Promise<void> {
      await db.schema
        .createTable('agreements')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('detailed_state', 'text', (c) => c.notNull())
        .addColumn('workflow', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('start_date', 'text')
        .addColumn('end_date', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('position', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_change_at', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex(`${v('agreements')}_state`)
        .ifNotExists()
        .on('agreements')
        .columns(['state', 'id'])
        .execute();
      await db.schema
        .createIndex(`${v('agreements')}_parent`)
        .ifNotExists()
        .on('agreements')
        .column('parent_id')
        .execute();
      await db.schema
        .createTable('agreement_parties')
        .ifNotExists()
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${v('agreement_parties')}_pk`, ['agreement_id', 'agency_id'])
        .execute();
      await db.schema
        .createIndex(`${v('agreement_parties')}_agency`)
        .ifNotExists()
        .on('agreement_parties')
        .columns(['agency_id', 'agreement_id'])
        .execute();
      await db.schema
        .createTable('agreement_phases')
        .ifNotExists()
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('started_revision', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addPrimaryKeyConstraint(`${v('agreement_phases')}_pk`, ['agreement_id', 'phase', 'started_revision'])
        .execute();
    },

    async apply(trx, changes): Promise<void> {
      const rows = agreementRows(changes);
      for (const chunk of chunks(rows, 100)) {
        await trx
          .insertInto('agreements')
          .values(chunk)
          .onConflict((conflict) => conflict.column('id').doUpdateSet(UPDATED_AGREEMENT_COLUMNS))
          .execute();
      }
      const parties = changes
        .filter(({ event }) => event.type === 'AgreementDrafted')
        .flatMap(({ agreement }) => {
          const { agreementId, parties: listed } = agreement.snapshot.context;
          return listed.map((party, seq) => ({
            agreement_id: agreementId,
            agency_id: party.agencyId,
            seq,
            name: party.name,
            role: party.role,
          }));
        });
      for (const chunk of chunks(parties, 100)) {
        await trx
          .insertInto('agreement_parties')
          .values(chunk)
          .onConflict((conflict) =>
            conflict
              .columns(['agreement_id', 'agency_id'])
              .doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), name: eb.ref('excluded.name'), role: eb.ref('excluded.role') })),
          )
          .execute();
      }
      await writePhases(trx, changes);
    },
  };
}

/** Each agreement of a batch, once, with the change that left it as it is after the batch. */
export function latestChanges(changes: readonly ProjectedChange[]): Map<string, ProjectedChange> {
  const latest = new Map<string, ProjectedChange>();
  for (const change of changes) latest.set(change.agreement.snapshot.context.agreementId, change);
  return latest;
}

/** One `agreements` row per agreement of the batch: its state after the batch's last event about it. */
export function agreementRows(changes: readonly ProjectedChange[]): AgreementRow[] {
  const created = new Map<string, string>();
  for (const change of changes) {
    if (change.event.revision === 0n) created.set(change.agreement.snapshot.context.agreementId, change.event.recordedAt.toISOString());
  }
  return [...latestChanges(changes).values()].map(({ event, agreement }) => {
    const context = agreement.snapshot.context;
    return {
      id: context.agreementId,
      kind: context.kind ?? '',
      title: context.title,
      state: lifecycleState(agreement),
      detailed_state: detailedState(agreement),
      workflow: `${agreement.workflow.name}@${agreement.workflow.version}`,
      parent_id: context.parentId ?? null,
      start_date: context.term?.startDate ?? null,
      end_date: context.term?.endDate ?? null,
      revision: Number(event.revision),
      position: event.position.toString(),
      // Rows are born with the agreement's first event; later events never rewrite this column.
      created_at: created.get(context.agreementId) ?? event.recordedAt.toISOString(),
      last_change_at: event.recordedAt.toISOString(),
      // Storable JSON: a NUL in a stored title or name shows as U+FFFD here as in the columns.
      detail: storableJson(context),
    };
  });
}

/** What an upsert of an `agreements` row rewrites: everything but `id` and `created_at` (and a later version's own keys). */
export const UPDATED_AGREEMENT_COLUMNS = Object.fromEntries(
  (
    [
      'kind',
      'title',
      'state',
      'detailed_state',
      'workflow',
      'parent_id',
      'start_date',
      'end_date',
      'revision',
      'position',
      'last_change_at',
      'detail',
    ] as const
  ).map((column) => [column, sql.ref(`excluded.${column}`)]),
) as Record<
  | 'kind'
  | 'title'
  | 'state'
  | 'detailed_state'
  | 'workflow'
  | 'parent_id'
  | 'start_date'
  | 'end_date'
  | 'revision'
  | 'position'
  | 'last_change_at'
  | 'detail',
  RawBuilder<never>
>;

/** Events that open or close a stretch of review or signing (amendments included). */
export const PHASE_EVENTS: Partial<Record<string, { starts?: Phase; ends?: Phase }>> = {
  SubmittedForReview: { starts: 'review' },
  AmendmentProposed: { starts: 'review' },
  ClearedForSigning: { ends: 'review' },
  ChangesRequested: { ends: 'review' },
  SigningOpened: { starts: 'signing' },
  AgreementExecuted: { ends: 'signing' },
};

export type Phase = 'review' | 'signing';
type Trx = Parameters<Projection<AgreementsTables>['apply']>[0];

/** The batch's transaction as any version sees the tables v1 and it share. */
export type PhasesTransaction = Trx;

/** A stretch of review or signing that this batch closed (and no earlier one had). */
export interface EndedPhase {
  readonly agreementId: string;
  readonly phase: Phase;
  readonly seconds: number;
}

/**
 * Stretches of review and signing, keyed by the revision that opened them, so that applying the
 * same events again writes the same rows. A stretch is closed by the next closing event; one
 * opened in an earlier batch is looked up once. Returns the stretches this batch closed that were
 * still open before it, for the versions that keep running figures of them.
 */
export async function writePhases(trx: Trx, changes: readonly ProjectedChange[]): Promise<EndedPhase[]> {
  const rows = new Map<string, AgreementPhaseRow>();
  const openAt = new Map<string, OpenStretch | null>();
  const ended: Array<EndedPhase & { startedRevision: number }> = [];
  for (const { event, agreement } of changes) {
    const marks = PHASE_EVENTS[event.type];
    if (!marks) continue;
    const agreementId = agreement.snapshot.context.agreementId;
    const revision = Number(event.revision);
    const at = event.recordedAt.toISOString();
    if (marks.ends) {
      const key = `${agreementId}|${marks.ends}`;
      if (!openAt.has(key)) openAt.set(key, await openedBefore(trx, agreementId, marks.ends, revision));
      const open = openAt.get(key);
      if (open) {
        const rowKey = `${key}|${open.revision}`;
        const existing = rows.get(rowKey);
        rows.set(
          rowKey,
          existing
            ? { ...existing, ended_at: at }
            : { agreement_id: agreementId, phase: marks.ends, started_revision: open.revision, started_at: '', ended_at: at },
        );
        ended.push({
          agreementId,
          phase: marks.ends,
          startedRevision: open.revision,
          seconds: (Date.parse(at) - Date.parse(open.startedAt)) / 1000,
        });
        openAt.set(key, null);
      }
    }
    if (marks.starts) {
      const key = `${agreementId}|${marks.starts}`;
      rows.set(`${key}|${revision}`, {
        agreement_id: agreementId,
        phase: marks.starts,
        started_revision: revision,
        started_at: at,
        ended_at: null,
      });
      openAt.set(key, { revision, startedAt: at });
    }
  }
  // Stretches closed already (these events are being applied again) were counted when they closed.
  const closedBefore = new Set<string>();
  for (const chunk of chunks([...new Set(ended.map((stretch) => stretch.agreementId))], 500)) {
    const closed = await trx
      .selectFrom('agreement_phases')
      .select(['agreement_id', 'phase', 'started_revision'])
      .where('agreement_id', 'in', chunk)
      .where('ended_at', 'is not', null)
      .execute();
    for (const row of closed) closedBefore.add(`${row.agreement_id}|${row.phase}|${Number(row.started_revision)}`);
  }
  const starts = [...rows.values()].filter((row) => row.started_at !== '');
  const endsOnly = [...rows.values()].filter((row) => row.started_at === '');
  for (const chunk of chunks(starts, 100)) {
    await trx
      .insertInto('agreement_phases')
      .values(chunk)
      .onConflict((conflict) =>
        conflict
          .columns(['agreement_id', 'phase', 'started_revision'])
          .doUpdateSet({ ended_at: sql<string | null>`coalesce(excluded.ended_at, ${sql.ref('agreement_phases.ended_at')})` }),
      )
      .execute();
  }
  for (const row of endsOnly) {
    await trx
      .updateTable('agreement_phases')
      .set({ ended_at: row.ended_at })
      .where('agreement_id', '=', row.agreement_id)
      .where('phase', '=', row.phase)
      .where('started_revision', '=', row.started_revision)
      .execute();
  }
  return ended
    .filter((stretch) => !closedBefore.has(`${stretch.agreementId}|${stretch.phase}|${stretch.startedRevision}`))
    .map(({ agreementId, phase, seconds }) => ({ agreementId, phase, seconds }));
}

interface OpenStretch {
  readonly revision: number;
  readonly startedAt: string;
}

/** The stretch of this phase opened latest before `revision`, from earlier batches. */
async function openedBefore(trx: Trx, agreementId: string, phase: Phase, revision: number): Promise<OpenStretch | null> {
  const open = await trx
    .selectFrom('agreement_phases')
    .select(['started_revision', 'started_at'])
    .where('agreement_id', '=', agreementId)
    .where('phase', '=', phase)
    .where('started_revision', '<', revision)
    .orderBy('started_revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  return open ? { revision: Number(open.started_revision), startedAt: open.started_at } : null;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
