import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { JsonObject } from '../../src/application/event-store/json';
import type { EventStore, NewEvent } from '../../src/application/ports/event-store.port';
import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import type { CheckpointTables } from '../../src/infrastructure/read-models/read-model-database';
import { AGREEMENTS_PROJECTION_VERSIONS } from '../../src/projections/agreements/agreements.projection';
import { AGREEMENTS_TABLES_V2, type AgreementsTablesV2 } from '../../src/projections/agreements/agreements.tables';
import type { Projection } from '../../src/projections/projection';
import { withVersionedTables } from '../../src/projections/versioned-tables';
import { within } from '../support/async';
import { StartedInTest } from '../support/started';

type AgreementsTables = AgreementsTablesV2;
type ReadModelDb = Kysely<AgreementsTables & CheckpointTables>;

export interface ReadModelUnderTest {
  readonly db: ReadModelDb;
  dispose(): Promise<void>;
}

interface GoldenStream {
  events: Array<{ stream: string; revision: number; id: string; type: string; data: JsonObject; metadata: JsonObject }>;
  expected: { state: string; revision: number };
}

const FIXTURES = join(__dirname, '../fixtures/streams');
const golden = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as GoldenStream;
const AMENDED = golden('nota-kesepahaman-v1-active-amended');
const WITHDRAWN = golden('nota-kesepahaman-v1-changes-requested-withdrawn');

/** Writes a recorded stream into a store again, event by event (the store re-seals identically). */
async function replayInto(store: EventStore, stream: GoldenStream, upTo = stream.events.length): Promise<void> {
  for (const event of stream.events.slice(0, upTo)) {
    const { prevHash: _p, hash: _h, ...metadata } = event.metadata;
    const newEvent: NewEvent = { id: event.id, type: event.type, data: event.data, metadata };
    await store.append(event.stream, [newEvent], { expectedRevision: event.revision === 0 ? 'no_stream' : BigInt(event.revision - 1) });
  }
}

/** The positions of the store's events in order (the memory store counts 1, 2, 3; EventStoreDB gives log offsets). */
async function positions(store: EventStore): Promise<bigint[]> {
  const all: bigint[] = [];
  for await (const event of store.readAll()) all.push(event.position);
  return all;
}

/**
 * Every row a version of the projection wrote, in a stable order. v2's own tables (work items,
 * counters, histograms) come too, so that "the same rows" covers them; the search index is
 * compared through what it finds (it keeps words, not rows).
 */
async function tablesOf(db: ReadModelDb, version: number) {
  const at = withVersionedTables(db, AGREEMENTS_TABLES_V2, version);
  const agreements = await at.selectFrom('agreements').selectAll().orderBy('id').execute();
  const parties = await at.selectFrom('agreement_parties').selectAll().orderBy('agreement_id').orderBy('agency_id').execute();
  const phases = await at
    .selectFrom('agreement_phases')
    .selectAll()
    .orderBy('agreement_id')
    .orderBy('phase')
    .orderBy('started_revision')
    .execute();
  const numbers = <Row extends object>(row: Row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === 'bigint' || (typeof value === 'string' && /^(doc_id|count|roles_mask|seq|bucket)$/.test(key))
          ? Number(value)
          : value,
      ]),
    ) as Row;
  const derived =
    version === 1
      ? {}
      : {
          workItems: (
            await at.selectFrom('work_items').selectAll().orderBy('agreement_id').orderBy('agency_id').orderBy('action').execute()
          ).map(numbers),
          workQueue: (
            await at.selectFrom('work_queue').selectAll().orderBy('agency_id').orderBy('role').orderBy('agreement_id').execute()
          ).map(numbers),
          workCounts: (
            await at
              .selectFrom('work_counts')
              .selectAll()
              .where('count', '<>', 0)
              .orderBy('agency_id')
              .orderBy('action')
              .orderBy('roles_mask')
              .execute()
          ).map(numbers),
          dashboardCounts: (
            await at
              .selectFrom('dashboard_counts')
              .selectAll()
              .where('count', '<>', 0)
              .orderBy('scope')
              .orderBy('dimension')
              .orderBy('key')
              .execute()
          ).map(numbers),
          phaseStats: (await at.selectFrom('phase_stats').selectAll().orderBy('scope').orderBy('phase').orderBy('bucket').execute()).map(
            numbers,
          ),
        };
  return {
    agreements: agreements.map((row) => numbers({ ...row, revision: Number(row.revision) })),
    parties: parties.map((row) => ({ ...row, seq: Number(row.seq) })),
    phases: phases.map((row) => ({ ...row, started_revision: Number(row.started_revision) })),
    ...derived,
  };
}

async function runToEnd(
  started: StartedInTest,
  store: EventStore,
  db: ReadModelDb,
  projection: Projection<AgreementsTables>,
  batchSize?: number,
) {
  const runner = started.track(new ProjectionRunner(store, db, projection, batchSize === undefined ? {} : { batchSize }));
  await runner.start();
  const head = (await store.readAll({ direction: 'backwards', maxCount: 1 })[Symbol.asyncIterator]().next()).value?.position as bigint;
  await within(runner.waitFor(head), 10_000, `the runner to reach position ${head}`);
  return runner;
}

export interface EventStoreForProjections {
  readonly store: EventStore;
  dispose(): Promise<void>;
}

const inMemory = async (): Promise<EventStoreForProjections> => {
  const store = new MemoryEventStore();
  return { store, dispose: () => store.close() };
};

/** The agreements projection and its runner, against one read-model database, fed by a fresh event store per test. */
export function agreementsProjectionSuite(
  database: string,
  open: () => Promise<ReadModelUnderTest>,
  openStore: () => Promise<EventStoreForProjections> = inMemory,
): void {
  describe.each(AGREEMENTS_PROJECTION_VERSIONS.map((projection) => [projection.version, projection] as const))(
    `agreements@v%i on ${database}`,
    (version, agreementsProjection) => {
      const tables = (db: ReadModelDb) => tablesOf(db, version);
      let target: ReadModelUnderTest;
      let events: EventStoreForProjections;
      let store: EventStore;
      const started = new StartedInTest();

      beforeEach(async () => {
        target = await open();
        events = await openStore();
        store = events.store;
      });

      afterEach(async () => {
        await started.stopAll();
        await events.dispose();
        await target.dispose();
      });

      it('renders each agreement and its parties from the events', async () => {
        await replayInto(store, AMENDED);
        await replayInto(store, WITHDRAWN);
        const runner = await runToEnd(started, store, target.db, agreementsProjection);
        await runner.stop();

        const { agreements, parties } = await tables(target.db);
        const amended = agreements.find((row) => row.id === AMENDED.events[0].data.agreementId)!;
        expect(amended).toMatchObject({
          kind: 'NOTA_KESEPAHAMAN',
          title: 'Pengembangan Desa Percontohan',
          state: 'active',
          detailed_state: 'active',
          workflow: 'nota-kesepahaman@1',
          start_date: '2020-03-10',
          end_date: '2024-12-31',
          revision: AMENDED.expected.revision,
          created_at: expect.any(String),
        });
        expect(JSON.parse(amended.detail)).toMatchObject({
          version: 2,
          fixedLocations: [{ district: 'Anjir Pasar' }, { area: 'KTM Cahaya Baru' }],
        });
        expect(agreements.find((row) => row.id !== amended.id)).toMatchObject({ state: 'withdrawn' });
        expect(parties.filter((p) => p.agreement_id === amended.id).map((p) => p.agency_id)).toEqual([
          'kemendes-pdtt',
          'pemkab-barito-kuala',
        ]);
        expect(runner.status).toBe('stopped');
        const phases = (await tables(target.db)).phases.filter((p) => p.agreement_id === amended.id);
        expect(phases.map((p) => [p.phase, p.started_revision, p.ended_at !== null])).toEqual([
          ['review', 2, true],
          ['review', 19, true],
          ['signing', 8, true],
          ['signing', 25, true],
        ]);
      });

      it('stores text the database cannot hold (NUL, an unpaired surrogate) as U+FFFD, in columns and JSON, and goes on', async () => {
        // Events stored before the text rules (or by a path that skipped them), appended straight to
        // the store: the decider never saw them. PostgreSQL refuses U+0000 in text and jsonb.
        const id = randomUUID();
        const stream = `agreement-${id}`;
        const [drafted, attached] = AMENDED.events as [GoldenStream['events'][number], GoldenStream['events'][number]];
        const draftedData = drafted.data as unknown as { parties: Array<Record<string, string>> };
        const hostile: GoldenStream = {
          expected: { state: 'drafting', revision: 1 },
          events: [
            {
              ...drafted,
              stream,
              id: randomUUID(),
              data: {
                ...drafted.data,
                agreementId: id,
                title: 'Desa\u0000Percontohan \ud800',
                parties: [draftedData.parties[0], { ...draftedData.parties[1], name: 'Pemkab\u0000Barito Kuala' }],
              },
            },
            { ...attached, stream, id: randomUUID(), data: { ...attached.data, name: 'draft\u0000.pdf' } },
          ],
        };
        await replayInto(store, hostile);
        await replayInto(store, WITHDRAWN);

        const runner = await runToEnd(started, store, target.db, agreementsProjection);
        expect(runner.status).not.toBe('failed');
        expect(runner.failure).toBeUndefined();
        await runner.stop();

        const { agreements, parties } = await tables(target.db);
        const row = agreements.find((candidate) => candidate.id === id)!;
        expect(row).toMatchObject({ title: 'Desa\uFFFDPercontohan \uFFFD', revision: 1 });
        expect(parties.find((party) => party.agreement_id === id && party.agency_id === 'pemkab-barito-kuala')).toMatchObject({
          name: 'Pemkab\uFFFDBarito Kuala',
        });
        // The folded agreement (JSON) says the same, with no \u0000 escape a jsonb column would refuse.
        // eslint-disable-next-line no-control-regex -- a raw NUL is exactly what must not be in the stored JSON.
        expect(row.detail).not.toMatch(/\\u0000|\\ud800|\u0000/i);
        expect(JSON.parse(row.detail)).toMatchObject({
          title: 'Desa\uFFFDPercontohan \uFFFD',
          parties: [{}, { name: 'Pemkab\uFFFDBarito Kuala' }],
          documents: [{ name: 'draft\uFFFD.pdf' }],
        });
        // The events after it were projected too.
        expect(agreements.find((candidate) => candidate.id === WITHDRAWN.events[0].data.agreementId)).toMatchObject({ state: 'withdrawn' });
        if (database.startsWith('PostgreSQL')) {
          // A jsonb column would take the stored JSON, and a jsonb parameter is made storable too.
          const asJsonb = await sql<{
            detail: { title: string };
          }>`select cast(${sql.ref('detail')} as jsonb) as detail from ${sql.table(`agreements_v${version}`)} where id = ${id}`.execute(
            target.db,
          );
          expect(asJsonb.rows[0].detail.title).toBe('Desa\uFFFDPercontohan \uFFFD');
          const parameter = await sql<{ value: { name: string } }>`select cast(${{ name: 'a\u0000b' }} as jsonb) as value`.execute(
            target.db,
          );
          expect(parameter.rows[0].value).toEqual({ name: 'a\uFFFDb' });
        }
      });

      it('changes nothing when the same events are applied twice', async () => {
        await replayInto(store, AMENDED);
        await (await runToEnd(started, store, target.db, agreementsProjection)).stop();
        const once = await tables(target.db);

        // As if the checkpoint had been lost: every event is applied a second time.
        await target.db.deleteFrom('projection_checkpoints').execute();
        const again = await runToEnd(started, store, target.db, agreementsProjection);
        await again.stop();

        expect(await tables(target.db)).toEqual(once);
      });

      it('rebuilds from zero to the same rows it reached incrementally', async () => {
        const live = started.track(new ProjectionRunner(store, target.db, agreementsProjection, { batchSize: 3 }));
        await live.start();
        await replayInto(store, AMENDED);
        await replayInto(store, WITHDRAWN);
        const head = (await positions(store)).at(-1)!;
        await within(live.waitFor(head), 10_000, 'the live runner');
        await live.stop();
        const incremental = await tables(target.db);

        const fresh = await open();
        try {
          await (await runToEnd(started, store, fresh.db, agreementsProjection)).stop();
          const rebuilt = await tables(fresh.db);
          expect(rebuilt.parties).toEqual(incremental.parties);
          const { agreements: _a, parties: _p, phases: _ph, ...derivedRebuilt } = rebuilt;
          const { agreements: _ia, parties: _ip, phases: _iph, ...derivedIncremental } = incremental;
          expect(derivedRebuilt).toEqual(derivedIncremental);
          expect(rebuilt.phases.map(({ started_at: _s, ended_at: _e, ...row }) => row)).toEqual(
            incremental.phases.map(({ started_at: _s, ended_at: _e, ...row }) => row),
          );
          expect(rebuilt.agreements.map(({ created_at: _c, last_change_at: _l, ...row }) => row)).toEqual(
            incremental.agreements.map(({ created_at: _c, last_change_at: _l, ...row }) => row),
          );
        } finally {
          await fresh.dispose();
        }
      });

      it('writes the same rows when it keeps a single folded state between batches (the rest folded again from the store)', async () => {
        await replayInto(store, AMENDED);
        await replayInto(store, WITHDRAWN);
        const head = (await positions(store)).at(-1)!;
        const roomy = await runToEnd(started, store, target.db, agreementsProjection, 2);
        await roomy.stop();
        const fresh = await open();
        try {
          // Batches of two events, one state kept: the two agreements' states keep pushing each other out.
          const tight = started.track(new ProjectionRunner(store, fresh.db, agreementsProjection, { batchSize: 2, foldedStates: 1 }));
          await tight.start();
          await within(tight.waitFor(head), 10_000, 'the runner with one folded state');
          await tight.stop();
          expect(await tables(fresh.db)).toEqual(await tables(target.db));
        } finally {
          await fresh.dispose();
        }
      });

      it('stops loudly on exactly the event it cannot apply, keeps every event before it, and resumes to the same result', async () => {
        await replayInto(store, AMENDED);
        // The 12th event fails (in the third batch of at most five, however the store delivers them).
        const at = await positions(store);
        const twelfth = AMENDED.events[11];
        const failing: Projection<AgreementsTables> = {
          ...agreementsProjection,
          apply: async (trx, changes) => {
            await agreementsProjection.apply(trx, changes);
            if (changes.some(({ event }) => event.position === at[11])) throw new Error('disk full (simulated)');
          },
        };
        const crashed = started.track(new ProjectionRunner(store, target.db, failing, { batchSize: 5 }));
        await crashed.start();
        // A wait for a position after the failing event, begun while the runner still runs, ends
        // (false) when it fails rather than at its bound.
        const waiting = crashed.reached(at[20], 60_000);
        await within(
          (async () => {
            while (crashed.status !== 'failed') await new Promise((resolve) => setImmediate(resolve));
          })(),
          10_000,
          'the runner to fail',
        );
        expect(crashed.failure).toContain('disk full (simulated)');
        // The failing batch was rolled back and applied again event by event: the runner names the
        // one event it could not apply, and kept every event before it, with its checkpoint.
        expect(crashed.stuckAt).toEqual({
          stream: twelfth.stream,
          revision: '11',
          position: String(at[11]),
          type: twelfth.type,
          reason: 'disk full (simulated)',
        });
        const checkpoint = await target.db.selectFrom('projection_checkpoints').select('position').executeTakeFirstOrThrow();
        expect(checkpoint.position).toBe(String(at[10]));
        expect(crashed.position).toBe(at[10]);
        expect((await tables(target.db)).agreements[0]).toMatchObject({ revision: 10 });
        // It will not get further: a wait for a later position ends at once rather than at its bound.
        expect(await within(waiting, 5_000, 'a pending reached() to give up on a failed runner')).toBe(false);
        expect(await within(crashed.reached(at[11], 60_000), 5_000, 'reached() to give up on a failed runner')).toBe(false);
        expect(await crashed.reached(at[10], 60_000)).toBe(true);
        await crashed.stop();

        await (await runToEnd(started, store, target.db, agreementsProjection)).stop();
        const resumed = await tables(target.db);
        const clean = await open();
        try {
          await (await runToEnd(started, store, clean.db, agreementsProjection)).stop();
          const reference = await tables(clean.db);
          expect(resumed.agreements.map(({ created_at: _c, ...row }) => row)).toEqual(
            reference.agreements.map(({ created_at: _c, ...row }) => row),
          );
          const { agreements: _a, parties: _p, phases: _ph, ...derivedResumed } = resumed;
          const { agreements: _ra, parties: _rp, phases: _rph, ...derivedReference } = reference;
          expect(derivedResumed).toEqual(derivedReference);
        } finally {
          await clean.dispose();
        }
      });
    },
  );
}
