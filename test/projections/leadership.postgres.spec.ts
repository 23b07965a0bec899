import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { PostgresAdvisoryLock } from '../../src/infrastructure/projections/leadership';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import { agreementsProjection } from '../../src/projections/agreements/agreements.projection';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { within } from '../support/async';
import { dropSchema, freshSchemaName, postgresAvailable, TEST_POSTGRES_URL } from '../support/postgres';
import { buildEventEnvelope } from '../../src/application/event-store/event-envelope';

const available = postgresAvailable();

/** Two replicas share one PostgreSQL: one runs the projection, the other takes over when it stops. */
describe('projection leadership with PostgreSQL (advisory lock)', () => {
  const store = new MemoryEventStore();
  const schema = freshSchemaName();
  const dbs: Kysely<unknown>[] = [];

  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.destroy()));
    await store.close();
    if (await available) await dropSchema(schema);
  });

  async function replica(): Promise<ProjectionRunner<AgreementsTables>> {
    const db = await openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
    dbs.push(db as Kysely<unknown>);
    return new ProjectionRunner(store, db, agreementsProjection, { leadership: new PostgresAdvisoryLock(db as Kysely<unknown>, 'agreements@v1', 50) });
  }

  async function draft(): Promise<bigint> {
    const id = randomUUID();
    const metadata = buildEventEnvelope({
      commandId: randomUUID(),
      actor: { id: 'u', name: 'Drafter', agencyId: 'kemendes-pdtt', roles: ['DRAFTER'] },
      workflow: { name: 'nota-kesepahaman', version: 1 },
      occurredAt: new Date(),
    });
    const data = {
      agreementId: id,
      kind: 'NOTA_KESEPAHAMAN',
      title: 'Kerja sama',
      parties: [
        { agencyId: 'kemendes-pdtt', name: 'Kemendes', role: 'PIHAK_KESATU' },
        { agencyId: 'pemkab-barito-kuala', name: 'Batola', role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 90 },
    };
    return (await store.append(`agreement-${id}`, [{ id: randomUUID(), type: 'AgreementDrafted', data, metadata }], { expectedRevision: 'no_stream' })).position;
  }

  const until = (condition: () => boolean, what: string) =>
    within(
      (async () => {
        while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      10_000,
      what,
    );

  it('runs on one replica only, and on the other once the first stops', async () => {
    if (!(await available)) return;
    const first = await replica();
    const second = await replica();
    await first.start();
    await until(() => first.status === 'live', 'the first replica to lead');
    await second.start();

    expect(second.status).toBe('standby');
    const one = await draft();
    await within(first.waitFor(one), 5000, 'the leader to apply the first draft');
    // The standby follows the shared checkpoint, so read-your-writes and live changes work on it too.
    await within(second.waitFor(one), 5000, 'the standby to follow the leader to the first draft');
    expect(second.status).toBe('standby');
    expect(second.position).toBe(one);

    await first.stop();
    await until(() => second.status === 'live', 'the second replica to take over');
    const two = await draft();
    await within(second.waitFor(two), 5000, 'the new leader to apply the second draft');
    expect(second.position).toBe(two);
    await second.stop();
  });
});
