import type { Kysely } from 'kysely';
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
