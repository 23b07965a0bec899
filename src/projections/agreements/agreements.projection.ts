import type { Kysely } from 'kysely';
import type { RecordedEvent } from '../../application/ports/event-store.port';
import { detailedState, lifecycleState } from '../../domain/agreements/agreement-decider';
import { AGREEMENT_STREAM_PREFIX } from '../../application/agreements/agreement-stream';
import type { Projection } from '../projection';
import type { AgreementsTables } from './agreements.tables';

/**
 * `agreements@v1`: one row per agreement (what lists and dashboards filter on, plus the folded
 * agreement as JSON for the detail view) and one row per party (who may see it, `agencyId` filters).
 */
export const agreementsProjection: Projection<AgreementsTables> = {
  name: 'agreements',
  version: 1,
  filter: { streamPrefixes: [AGREEMENT_STREAM_PREFIX] },

  async createTables(db: Kysely<AgreementsTables>): Promise<void> {
    await db.schema
      .createTable('agreements_v1')
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
    await db.schema.createIndex('agreements_v1_state').ifNotExists().on('agreements_v1').columns(['state', 'id']).execute();
    await db.schema.createIndex('agreements_v1_parent').ifNotExists().on('agreements_v1').column('parent_id').execute();
    await db.schema
      .createTable('agreement_parties_v1')
      .ifNotExists()
      .addColumn('agreement_id', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('agreement_parties_v1_pk', ['agreement_id', 'agency_id'])
      .execute();
    await db.schema.createIndex('agreement_parties_v1_agency').ifNotExists().on('agreement_parties_v1').columns(['agency_id', 'agreement_id']).execute();
    await db.schema
      .createTable('agreement_phases_v1')
      .ifNotExists()
      .addColumn('agreement_id', 'text', (c) => c.notNull())
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('started_revision', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addPrimaryKeyConstraint('agreement_phases_v1_pk', ['agreement_id', 'phase', 'started_revision'])
      .execute();
  },

  async apply(trx, event, agreement): Promise<void> {
    const context = agreement.snapshot.context;
    const row = {
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
      created_at: event.recordedAt.toISOString(),
      last_change_at: event.recordedAt.toISOString(),
      detail: JSON.stringify(context),
    };
    const { created_at: _created, id: _id, ...changes } = row;
    await trx
      .insertInto('agreements_v1')
      .values(row)
      .onConflict((conflict) => conflict.column('id').doUpdateSet(changes))
      .execute();
    const phase = PHASE_EVENTS[event.type];
    if (phase?.starts) await startPhase(trx, context.agreementId, phase.starts, event);
    if (phase?.ends) await endPhase(trx, context.agreementId, phase.ends, event);
    if (event.type === 'AgreementDrafted') {
      for (const [seq, party] of context.parties.entries()) {
        await trx
          .insertInto('agreement_parties_v1')
          .values({ agreement_id: context.agreementId, agency_id: party.agencyId, seq, name: party.name, role: party.role })
          .onConflict((conflict) => conflict.columns(['agreement_id', 'agency_id']).doUpdateSet({ seq, name: party.name, role: party.role }))
          .execute();
      }
    }
  },
};

/** Events that open or close a stretch of review or signing (amendments included). */
const PHASE_EVENTS: Partial<Record<string, { starts?: 'review' | 'signing'; ends?: 'review' | 'signing' }>> = {
  SubmittedForReview: { starts: 'review' },
  AmendmentProposed: { starts: 'review' },
  ClearedForSigning: { ends: 'review' },
  ChangesRequested: { ends: 'review' },
  SigningOpened: { starts: 'signing' },
  AgreementExecuted: { ends: 'signing' },
};

type Trx = Parameters<Projection<AgreementsTables>['apply']>[0];

/** Keyed by the revision that opened it: applying the event again writes the same row. */
async function startPhase(trx: Trx, agreementId: string, phase: 'review' | 'signing', event: RecordedEvent): Promise<void> {
  await trx
    .insertInto('agreement_phases_v1')
    .values({ agreement_id: agreementId, phase, started_revision: Number(event.revision), started_at: event.recordedAt.toISOString(), ended_at: null })
    .onConflict((conflict) => conflict.columns(['agreement_id', 'phase', 'started_revision']).doNothing())
    .execute();
}

/** Closes the latest stretch opened before this event (the same one, however often it is applied). */
async function endPhase(trx: Trx, agreementId: string, phase: 'review' | 'signing', event: RecordedEvent): Promise<void> {
  const open = await trx
    .selectFrom('agreement_phases_v1')
    .select('started_revision')
    .where('agreement_id', '=', agreementId)
    .where('phase', '=', phase)
    .where('started_revision', '<', Number(event.revision))
    .orderBy('started_revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!open) return;
  await trx
    .updateTable('agreement_phases_v1')
    .set({ ended_at: event.recordedAt.toISOString() })
    .where('agreement_id', '=', agreementId)
    .where('phase', '=', phase)
    .where('started_revision', '=', Number(open.started_revision))
    .execute();
}
