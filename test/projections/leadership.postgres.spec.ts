import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Kysely } from 'kysely';
import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { PostgresAdvisoryLock } from '../../src/infrastructure/projections/leadership';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import { agreementsProjection, agreementsProjectionVersion } from '../../src/projections/agreements/agreements.projection';
import { AGREEMENTS_TABLES, type AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { withVersionedTables } from '../../src/projections/versioned-tables';
import { eventually, within } from '../support/async';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import { buildEventEnvelope } from '../../src/application/event-store/event-envelope';
import { StartedInTest } from '../support/started';

/** Two replicas share one PostgreSQL: one runs the projection, the other takes over when it stops. */
describePostgres('projection leadership with PostgreSQL (advisory lock)', () => {
  const store = new MemoryEventStore();
  const schema = freshSchemaName();
  const dbs: Kysely<unknown>[] = [];

  const started = new StartedInTest();
  const warnings: string[] = [];
  const lostLeads = () => warnings.filter((warning) => warning.startsWith('lost the projection lock')).length;

  afterEach(async () => {
    await started.stopAll();
  });

  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.destroy()));
    await store.close();
    await dropSchema(schema);
  });

  async function replica(): Promise<ProjectionRunner<AgreementsTables>> {
    const db = await openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
    dbs.push(db as Kysely<unknown>);
    return started.track(
      new ProjectionRunner(store, db, agreementsProjection, {
        leadership: new PostgresAdvisoryLock({ url: TEST_POSTGRES_URL, schema }, 'agreements@v1', {
          pollMs: 50,
          heartbeatMs: 200,
          logger: { warn: (m) => warnings.push(m) },
        }),
      }),
    );
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
    return (
      await store.append(`agreement-${id}`, [{ id: randomUUID(), type: 'AgreementDrafted', data, metadata }], {
        expectedRevision: 'no_stream',
      })
    ).position;
  }

  /** Kills the PostgreSQL session that holds the lock of `key` in this schema, as a restart or a network cut would. */
  async function killLockSession(key: string): Promise<number> {
    const id = createHash('sha256').update(`sepakat:${schema}:${key}`).digest().readBigUInt64BE(0);
    const client = new Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ killed: boolean }>(
        `select pg_terminate_backend(pid) as killed from pg_locks
          where locktype = 'advisory' and granted and classid = $1::bigint::oid and objid = $2::bigint::oid and objsubid = 1`,
        [(id >> 32n).toString(), (id & 0xffffffffn).toString()],
      );
      return rows.filter((row) => row.killed).length;
    } finally {
      await client.end();
    }
  }

  it('hands the lead over when the leader loses its lock connection, without the process crashing', async () => {
    const first = await replica();
    const second = await replica();
    await first.start();
    await eventually(() => first.status === 'live', 'the first replica to lead');
    await second.start();
    expect(second.status).toBe('standby');

    const lostBefore = lostLeads();
    expect(await killLockSession('agreements@v1')).toBe(1);

    // The first notices at once and gives up the lead; whoever takes the lock next leads alone.
    await eventually(() => lostLeads() > lostBefore, 'the first replica to notice it lost the lock');
    await eventually(() => [first.status, second.status].filter((s) => s === 'live').length === 1, 'one replica to lead again');
    const drafted = await draft();
    await within(
      Promise.all([first.waitFor(drafted), second.waitFor(drafted)]),
      5000,
      'the leader to apply a draft and the standby to follow',
    );
    expect([first.status, second.status].sort()).toEqual(['live', 'standby']);
  });

  it('keeps a second writer from applying anything twice: the checkpoint is a compare-and-set', async () => {
    // Two runners that both believe they lead (as a former leader may for a moment).
    const dbA = await openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
    const dbB = await openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
    dbs.push(dbA as Kysely<unknown>, dbB as Kysely<unknown>);
    const key = agreementsProjectionVersion(7);
    const a = started.track(new ProjectionRunner(store, dbA, key, { batchSize: 2 }));
    const b = started.track(new ProjectionRunner(store, dbB, key, { batchSize: 2 }));
    await Promise.all([a.start(), b.start()]);
    let last = 0n;
    for (let n = 0; n < 20; n += 1) last = await draft();
    await within(Promise.all([a.waitFor(last), b.waitFor(last)]), 10_000, 'both runners to reach the last draft');

    expect([a.status, b.status]).not.toContain('failed');
    const rows = await withVersionedTables(dbA, AGREEMENTS_TABLES, 7).selectFrom('agreements').select(['id', 'position']).execute();
    // One row per agreement, at its last event: what one writer applying each event once leaves.
    const lastPositions = new Map<string, string>();
    for await (const event of store.readAll({ filter: { streamPrefixes: ['agreement-'] } }))
      lastPositions.set(event.stream.slice('agreement-'.length), event.position.toString());
    expect(new Map(rows.map((row) => [row.id, row.position]))).toEqual(lastPositions);
    const checkpoint = await dbA
      .selectFrom('projection_checkpoints')
      .select('position')
      .where('projection', '=', 'agreements@v7')
      .executeTakeFirstOrThrow();
    expect(checkpoint.position).toBe(last.toString());
  });

  it('stops standing by as soon as it is released, with its poll timer and connection closed', async () => {
    // A poll far longer than the test: only release() can end the standby's wait.
    const lock = () => new PostgresAdvisoryLock({ url: TEST_POSTGRES_URL, schema }, 'release-test', { pollMs: 60_000 });
    const holder = lock();
    const standby = lock();
    started.track({ stop: () => Promise.all([holder.release(), standby.release()]).then(() => undefined) });
    expect(await holder.acquire()).toBe('leading');
    let asked = 0;
    const waiting = standby.acquire(() => (asked += 1));

    await within(standby.release(), 5000, 'the standby to be released');

    // Settled by the time release() resolved: the standing-by loop has ended, and closed its connection.
    expect(await Promise.race([waiting, Promise.resolve('still standing by')])).toBe('stopped');
    expect(asked).toBe(0);
  });

  it('runs on one replica only, and on the other once the first stops', async () => {
    const first = await replica();
    const second = await replica();
    await first.start();
    await eventually(() => first.status === 'live', 'the first replica to lead');
    await second.start();

    expect(second.status).toBe('standby');
    const one = await draft();
    await within(first.waitFor(one), 5000, 'the leader to apply the first draft');
    // The standby follows the shared checkpoint, so read-your-writes and live changes work on it too.
    await within(second.waitFor(one), 5000, 'the standby to follow the leader to the first draft');
    expect(second.status).toBe('standby');
    expect(second.position).toBe(one);

    await first.stop();
    await eventually(() => second.status === 'live', 'the second replica to take over');
    const two = await draft();
    await within(second.waitFor(two), 5000, 'the new leader to apply the second draft');
    expect(second.position).toBe(two);
  });
});
