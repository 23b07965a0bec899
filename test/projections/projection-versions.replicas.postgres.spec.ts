import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { PostgresAdvisoryLock } from '../../src/infrastructure/projections/leadership';
import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import { agreementsProjectionVersion } from '../../src/projections/agreements/agreements.projection';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { writeAgreement } from '../support/domain/generated-agreements';
import { dropSchema, freshSchemaName, postgresAvailable, TEST_POSTGRES_URL } from '../support/postgres';
import { untilTrue, versionsFor } from './projection-versions.suite';

const available = postgresAvailable();

/** Two replicas on one PostgreSQL while a new projection version rebuilds: one switches, both serve it. */
describe('projection versions across replicas (PostgreSQL)', () => {
  const schema = freshSchemaName();
  const store = new MemoryEventStore();
  const dbs: Kysely<unknown>[] = [];

  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.destroy()));
    await store.close();
    if (await available) await dropSchema(schema);
  });

  async function replica(versions: number[]) {
    const db = await openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
    dbs.push(db as Kysely<unknown>);
    return versionsFor(
      store,
      db,
      versions.map((v) => agreementsProjectionVersion(v)),
      (key) => new PostgresAdvisoryLock({ url: TEST_POSTGRES_URL, schema }, key, { pollMs: 20 }),
    );
  }

  it('lets the replica leading v2 switch, and the other replica follow the recorded switch', async () => {
    if (!(await available)) return;
    for (let n = 0; n < 3; n += 1) await writeAgreement(store, randomUUID(), 20);
    const before = await replica([1]);
    await before.start();
    await untilTrue(() => before.status().status === 'live', 'v1 to build');
    await before.stop();

    const a = await replica([1, 2]);
    await a.start();
    await untilTrue(() => a.status().status === 'live', 'replica A to lead v1');
    const b = await replica([1, 2]);
    await b.start();
    expect(b.status()).toMatchObject({ projection: 'agreements@v1', status: 'standby' });

    await untilTrue(() => a.status().projection === 'agreements@v2', 'replica A to switch to v2');
    await untilTrue(() => b.status().projection === 'agreements@v2', 'replica B to follow the switch');

    // B answers from v2 too, following A's checkpoint for read-your-writes.
    const late = randomUUID();
    await writeAgreement(store, late, 4);
    const head = (await store.readAll({ direction: 'backwards', maxCount: 1 })[Symbol.asyncIterator]().next()).value!.position as bigint;
    expect(await b.serving.reached(head, 5000)).toBe(true);
    expect(await b.serving.get(late)).toMatchObject({ id: late, revision: 3 });
    await a.stop();
    await b.stop();
  });
});
