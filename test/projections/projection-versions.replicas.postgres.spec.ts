import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { PostgresAdvisoryLock } from '../../src/infrastructure/projections/leadership';
import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import { agreementsProjectionVersion } from '../../src/projections/agreements/agreements.projection';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { writeAgreement } from '../support/domain/generated-agreements';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import type { Projection } from '../../src/projections/projection';
import { gated, versionsFor } from './projection-versions.suite';
import { StartedInTest } from '../support/started';
import { eventually } from '../support/async';

/** Two replicas on one PostgreSQL while a new projection version rebuilds: one switches, both serve it. */
describePostgres('projection versions across replicas (PostgreSQL)', () => {
  const schema = freshSchemaName();
  const store = new MemoryEventStore();
  const dbs: Kysely<unknown>[] = [];
  const schemas: string[] = [];
  const started = new StartedInTest();

  afterEach(async () => {
    await started.stopAll();
  });

  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.destroy()));
    await store.close();
    await Promise.all([schema, ...schemas].map((name) => dropSchema(name)));
  });

  async function replica(versions: Array<number | Projection<AgreementsTables>>, inSchema = schema) {
    const db = await openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema: inSchema });
    dbs.push(db as Kysely<unknown>);
    return started.track(
      versionsFor(
        store,
        db,
        versions.map((v) => (typeof v === 'number' ? agreementsProjectionVersion(v) : v)),
        (key) => new PostgresAdvisoryLock({ url: TEST_POSTGRES_URL, schema: inSchema }, key, { pollMs: 20 }),
      ),
    );
  }

  it('lets the replica leading v2 switch, and the other replica follow the recorded switch', async () => {
    for (let n = 0; n < 3; n += 1) await writeAgreement(store, randomUUID(), 20);
    const before = await replica([1]);
    await before.start();
    await eventually(() => before.status().status === 'live', 'v1 to build');
    await before.stop();

    // Each replica's v2 rebuild is held until the test opens it: A's, so that v2 is not done before
    // B starts; B's, so that A (not B) takes v2's lock.
    const v2a = started.gate(gated(2));
    const v2b = started.gate(gated(2));
    const a = await replica([1, v2a.projection]);
    await a.start();
    await eventually(() => a.status().status === 'live', 'replica A to lead v1');
    const b = await replica([1, v2b.projection]);
    await b.start();
    expect(b.status()).toMatchObject({ projection: 'agreements@v1', status: 'standby' });

    v2a.open();
    await eventually(() => a.status().projection === 'agreements@v2', 'replica A to switch to v2');
    v2b.open();
    await eventually(() => b.status().projection === 'agreements@v2', 'replica B to follow the switch');
    expect(b.status()).toMatchObject({ status: 'standby' });

    // B answers from v2 too, following A's checkpoint for read-your-writes.
    const late = randomUUID();
    await writeAgreement(store, late, 4);
    const head = (await store.readAll({ direction: 'backwards', maxCount: 1 })[Symbol.asyncIterator]().next()).value!.position as bigint;
    expect(await b.serving.reached(head, 5000)).toBe(true);
    expect(await b.serving.get(late)).toMatchObject({ id: late, revision: 3 });
  });

  it('adopts a middle version another replica switched to, while its own newest version still rebuilds', async () => {
    const other = freshSchemaName();
    schemas.push(other);
    for (let n = 0; n < 3; n += 1) await writeAgreement(store, randomUUID(), 10);
    const first = await replica([1], other);
    await first.start();
    await eventually(() => first.status().status === 'live', 'v1 to build');
    await first.stop();

    const v3 = started.gate(gated(3));
    const newer = await replica([1, 2, v3.projection], other);
    await newer.start();
    const older = await replica([1, 2], other);
    await older.start();

    await eventually(() => older.status().projection === 'agreements@v2', 'the replica with v1 and v2 to switch to v2');
    await eventually(() => newer.status().projection === 'agreements@v2', 'the replica with v3 to adopt v2 meanwhile');
    const late = randomUUID();
    await writeAgreement(store, late, 2);
    const head = (await store.readAll({ direction: 'backwards', maxCount: 1 })[Symbol.asyncIterator]().next()).value!.position as bigint;
    expect(await newer.serving.reached(head, 5000)).toBe(true);
    expect(await newer.serving.get(late)).toMatchObject({ id: late });

    v3.open();
    await eventually(() => newer.status().projection === 'agreements@v3', 'the newest replica to switch to v3 once rebuilt');
  });
});
