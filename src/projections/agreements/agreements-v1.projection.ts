import { sql, type Kysely } from 'kysely';
import { detailedState, lifecycleState } from '../../domain/agreements/agreement-decider';
import { AGREEMENT_STREAM_PREFIX } from '../../application/agreements/agreement-stream';
import type { ProjectedChange, Projection } from '../projection';
import { storableJson } from '../storable-text';
import { versionedTableName } from '../versioned-tables';
import { AGREEMENTS_TABLES, type AgreementPhaseRow, type AgreementsTables } from './agreements.tables';

/**
 * `agreements@vN`: one row per agreement (what lists and dashboards filter on, plus the folded
 * agreement as JSON for the detail view), one row per party (who may see it, `agencyId` filters)
 * and one per review or signing stretch (dashboard durations). Version N writes the tables
 * `agreements_vN`, `agreement_parties_vN`, `agreement_phases_vN`.
 */
export function agreementsProjectionVersion(version: number): Projection<AgreementsTables> {
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
      await db.schema.createIndex(`${v('agreements')}_state`).ifNotExists().on('agreements').columns(['state', 'id']).execute();
      await db.schema.createIndex(`${v('agreements')}_parent`).ifNotExists().on('agreements').column('parent_id').execute();
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
      await db.schema.createIndex(`${v('agreement_parties')}_agency`).ifNotExists().on('agreement_parties').columns(['agency_id', 'agreement_id']).execute();
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
      // One row per agreement per batch: its state after the batch's last event about it.
      const latest = new Map<string, ProjectedChange>();
      const created = new Map<string, string>();
      for (const change of changes) {
        const id = change.agreement.snapshot.context.agreementId;
        latest.set(id, change);
        if (change.event.revision === 0n) created.set(id, change.event.recordedAt.toISOString());
      }
      const rows = [...latest.values()].map(({ event, agreement }) => {
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
      for (const chunk of chunks(rows, 100)) {
        await trx
          .insertInto('agreements')
          .values(chunk)
          .onConflict((conflict) =>
            conflict.column('id').doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              title: eb.ref('excluded.title'),
              state: eb.ref('excluded.state'),
              detailed_state: eb.ref('excluded.detailed_state'),
              workflow: eb.ref('excluded.workflow'),
              parent_id: eb.ref('excluded.parent_id'),
              start_date: eb.ref('excluded.start_date'),
              end_date: eb.ref('excluded.end_date'),
              revision: eb.ref('excluded.revision'),
              position: eb.ref('excluded.position'),
              last_change_at: eb.ref('excluded.last_change_at'),
              detail: eb.ref('excluded.detail'),
            })),
          )
          .execute();
      }
      const parties = changes
        .filter(({ event }) => event.type === 'AgreementDrafted')
        .flatMap(({ agreement }) => {
          const { agreementId, parties: listed } = agreement.snapshot.context;
          return listed.map((party, seq) => ({ agreement_id: agreementId, agency_id: party.agencyId, seq, name: party.name, role: party.role }));
        });
      for (const chunk of chunks(parties, 100)) {
        await trx
          .insertInto('agreement_parties')
          .values(chunk)
          .onConflict((conflict) =>
            conflict.columns(['agreement_id', 'agency_id']).doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), name: eb.ref('excluded.name'), role: eb.ref('excluded.role') })),
          )
          .execute();
      }
      await writePhases(trx, changes);
    },
  };
}

/** The current version of the agreements projection. */
export const agreementsProjection = agreementsProjectionVersion(1);

/**
 * Every version this code keeps, oldest first; the last is the one to serve. To rebuild the read
 * model (a fix in what it renders, a new column), append the next version: it rebuilds beside the
 * serving one and takes over once caught up. Remove the old one in a later release.
 */
export const AGREEMENTS_PROJECTION_VERSIONS: readonly Projection<AgreementsTables>[] = [agreementsProjection];

/** Events that open or close a stretch of review or signing (amendments included). */
const PHASE_EVENTS: Partial<Record<string, { starts?: Phase; ends?: Phase }>> = {
  SubmittedForReview: { starts: 'review' },
  AmendmentProposed: { starts: 'review' },
  ClearedForSigning: { ends: 'review' },
  ChangesRequested: { ends: 'review' },
  SigningOpened: { starts: 'signing' },
  AgreementExecuted: { ends: 'signing' },
};

type Phase = 'review' | 'signing';
type Trx = Parameters<Projection<AgreementsTables>['apply']>[0];

/**
 * Stretches of review and signing, keyed by the revision that opened them, so that applying the
 * same events again writes the same rows. A stretch is closed by the next closing event; one
 * opened in an earlier batch is looked up once.
 */
async function writePhases(trx: Trx, changes: readonly ProjectedChange[]): Promise<void> {
  const rows = new Map<string, AgreementPhaseRow>();
  const openAt = new Map<string, number | null>();
  for (const { event, agreement } of changes) {
    const marks = PHASE_EVENTS[event.type];
    if (!marks) continue;
    const agreementId = agreement.snapshot.context.agreementId;
    const revision = Number(event.revision);
    const at = event.recordedAt.toISOString();
    if (marks.ends) {
      const key = `${agreementId}|${marks.ends}`;
      if (!openAt.has(key)) openAt.set(key, await openedBefore(trx, agreementId, marks.ends, revision));
      const started = openAt.get(key);
      if (started !== null && started !== undefined) {
        const rowKey = `${key}|${started}`;
        const existing = rows.get(rowKey);
        rows.set(rowKey, existing ? { ...existing, ended_at: at } : { agreement_id: agreementId, phase: marks.ends, started_revision: started, started_at: '', ended_at: at });
        openAt.set(key, null);
      }
    }
    if (marks.starts) {
      const key = `${agreementId}|${marks.starts}`;
      rows.set(`${key}|${revision}`, { agreement_id: agreementId, phase: marks.starts, started_revision: revision, started_at: at, ended_at: null });
      openAt.set(key, revision);
    }
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
}

/** The stretch of this phase opened latest before `revision`, from earlier batches. */
async function openedBefore(trx: Trx, agreementId: string, phase: Phase, revision: number): Promise<number | null> {
  const open = await trx
    .selectFrom('agreement_phases')
    .select('started_revision')
    .where('agreement_id', '=', agreementId)
    .where('phase', '=', phase)
    .where('started_revision', '<', revision)
    .orderBy('started_revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  return open ? Number(open.started_revision) : null;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
