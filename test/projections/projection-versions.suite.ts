import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EventStore, RecordedEvent } from '../../src/application/ports/event-store.port';
import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { AlwaysLeader, type Leadership } from '../../src/infrastructure/projections/leadership';
import { ProjectionVersions, type ServingTables } from '../../src/infrastructure/projections/projection-versions';
import { agreementReadModelFor } from '../../src/infrastructure/read-models/agreement-read-models';
import type { CheckpointTables } from '../../src/infrastructure/read-models/read-model-database';
import { agreementsProjectionVersion } from '../../src/projections/agreements/agreements.projection';
import { AGREEMENTS_TABLES, type AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import type { Projection } from '../../src/projections/projection';
import { withVersionedTables } from '../../src/projections/versioned-tables';
import { eventually, within } from '../support/async';
import { writeAgreement } from '../support/domain/generated-agreements';
import { StartedInTest } from '../support/started';

type Db = Kysely<AgreementsTables & CheckpointTables>;

export interface VersionsDatabase {
  readonly db: Db;
  /** Another connection pool on the same database (a second replica). */
  another(): Promise<Db>;
  dispose(): Promise<void>;
}

const V1 = agreementsProjectionVersion(1);
const V2 = agreementsProjectionVersion(2);

/**
 * `agreements@v2` whose rebuild does not start until `open()`: a rebuild that takes as long as the
 * test wants. (Held before its first transaction: SQLite has one connection, which a transaction
 * held open would take from the serving version too.)
 */
export function gated(version: number): { projection: Projection<AgreementsTables>; open: () => void } {
  const projection = agreementsProjectionVersion(version);
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    projection: { ...projection, createTables: async (db) => (await gate, projection.createTables(db)) },
    open,
  };
}

async function head(store: EventStore): Promise<bigint> {
  for await (const event of store.readAll({ direction: 'backwards', maxCount: 1 })) return event.position;
  throw new Error('empty store');
}

/**
 * Rows of one version's tables, in a stable order, for comparing versions: the columns every
 * version has (v2 adds some to these tables, and tables of its own, compared against v1's reads in
 * read-model-equivalence.suite.ts). One row per agreement, party and stretch, none lost or doubled.
 */
async function rows(db: Db, version: number) {
  const tables = withVersionedTables(db, AGREEMENTS_TABLES, version);
  return {
    agreements: await tables
      .selectFrom('agreements')
      .select([
        'id',
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
        'created_at',
        'last_change_at',
        'detail',
      ])
      .orderBy('id')
      .execute(),
    parties: await tables
      .selectFrom('agreement_parties')
      .select(['agreement_id', 'agency_id', 'seq', 'name', 'role'])
      .orderBy('agreement_id')
      .orderBy('agency_id')
      .execute(),
    phases: await tables
      .selectFrom('agreement_phases')
      .selectAll()
      .orderBy('agreement_id')
      .orderBy('phase')
      .orderBy('started_revision')
      .execute(),
  };
}

export function versionsFor(
  store: EventStore,
  db: Db,
  versions: readonly Projection<AgreementsTables>[],
  leadership: (key: string) => Leadership = () => new AlwaysLeader(),
) {
  return new ProjectionVersions(store, db, versions, (versionDb, runner) => agreementReadModelFor(versionDb, runner), {
    leadership,
    switchPollMs: 10,
    followPollMs: 20,
  });
}

/** Bumping a projection's version: a rebuild beside the serving version, then the switch. */
export function projectionVersionsSuite(database: string, open: () => Promise<VersionsDatabase>): void {
  describe(`projection versions on ${database}`, () => {
    let target: VersionsDatabase;
    let store: MemoryEventStore;
    const started = new StartedInTest();
    /** Versions of the agreements projection on the test's database, stopped after the test. */
    const versions = (list: readonly Projection<AgreementsTables>[]) => started.track(versionsFor(store, target.db, list));

    beforeEach(async () => {
      target = await open();
      store = new MemoryEventStore();
      for (let n = 0; n < 5; n += 1) await writeAgreement(store, randomUUID(), 30);
    });

    afterEach(async () => {
      await started.stopAll();
      await store.close();
      await target.dispose();
    });

    it('rebuilds v2 while v1 serves and keeps up, switches once v2 caught up, and stays on v2 after a restart', async () => {
      const first = versions([V1]);
      await first.start();
      await within(first.serving.reached(await head(store), 5000), 6000, 'v1 to build');
      await first.stop();

      const v2 = started.gate(gated(2));
      const bumped = versions([V1, v2.projection]);
      await bumped.start();
      const v1Runner = bumped.servingRunner;
      expect(bumped.status()).toMatchObject({ projection: 'agreements@v1', rebuilding: { projection: 'agreements@v2' } });

      // The old version goes on serving new events while the new one is held back.
      const late = randomUUID();
      await writeAgreement(store, late, 6);
      expect(await bumped.serving.reached(await head(store), 5000)).toBe(true);
      expect(await bumped.serving.get(late)).toMatchObject({ id: late, revision: 5 });
      expect(bumped.status().projection).toBe('agreements@v1');

      v2.open();
      await eventually(() => bumped.status().projection === 'agreements@v2', 'the switch to v2');

      expect(bumped.status().rebuilding).toBeUndefined();
      expect(v1Runner.status).toBe('stopped');
      expect(await bumped.serving.get(late)).toMatchObject({ id: late, revision: 5 });
      expect(await rows(target.db, 2)).toEqual(await rows(target.db, 1));
      const recorded = await (target.db as unknown as Kysely<ServingTables>).selectFrom('projection_serving').selectAll().execute();
      expect(recorded).toEqual([expect.objectContaining({ projection: 'agreements', version: 2 })]);
      await bumped.stop();

      const restarted = versions([V1, V2]);
      await restarted.start();
      expect(restarted.status()).toMatchObject({ projection: 'agreements@v2' });
      expect(restarted.status().rebuilding).toBeUndefined();
    });

    it('names the stored event a stuck version stopped on, and a fixed version rebuilt beside it takes over', async () => {
      // agreements@v1 has a bug: one stored event (the 40th) makes it throw.
      const all: RecordedEvent[] = [];
      for await (const event of store.readAll()) all.push(event);
      const poison = all[39];
      const buggy: Projection<AgreementsTables> = {
        ...V1,
        apply: async (trx, changes) => {
          if (changes.some(({ event }) => event.position === poison.position))
            throw new TypeError("Cannot read properties of undefined (reading 'tier')");
          await V1.apply(trx, changes);
        },
      };
      const stuck = versions([buggy]);
      await stuck.start();
      await eventually(() => stuck.status().status === 'failed', 'v1 to stop on the event');

      // It stops loudly on that event, having applied everything before it, and skips nothing.
      expect(stuck.status()).toEqual({
        projection: 'agreements@v1',
        status: 'failed',
        position: String(all[38].position),
        failure: expect.stringContaining("Cannot read properties of undefined (reading 'tier')"),
        stuckAt: {
          stream: poison.stream,
          revision: String(poison.revision),
          position: String(poison.position),
          type: poison.type,
          reason: "Cannot read properties of undefined (reading 'tier')",
        },
      });
      // A wait for a later position ends at once: the version will not get there.
      expect(await within(stuck.reached(await head(store), 60_000), 5_000, 'reached() to give up on a stuck version')).toBe(false);
      // A restart replays the same event and stops on it again.
      await stuck.stop();
      const restarted = versions([buggy]);
      await restarted.start();
      await eventually(() => restarted.status().status === 'failed', 'v1 to stop again after a restart');
      expect(restarted.status().stuckAt).toMatchObject({ position: String(poison.position) });
      await restarted.stop();

      // The way out: the fixed projection as v2, deployed beside v1. v1 stays stuck (and named)
      // while v2 rebuilds from the start; once v2 has passed where v1 stopped, it serves.
      const v2 = started.gate(gated(2));
      const fixed = versions([buggy, v2.projection]);
      await fixed.start();
      await eventually(() => fixed.status().status === 'failed', 'v1 to stop on the event once more');
      expect(fixed.status()).toMatchObject({
        projection: 'agreements@v1',
        stuckAt: { position: String(poison.position) },
        rebuilding: { projection: 'agreements@v2' },
      });
      v2.open();
      await eventually(() => fixed.status().projection === 'agreements@v2', 'v2 to take over');

      expect(fixed.status().stuckAt).toBeUndefined();
      expect(fixed.status().rebuilding).toBeUndefined();
      expect(await fixed.serving.reached(await head(store), 5000)).toBe(true);
      const poisoned = poison.stream.slice('agreement-'.length);
      expect(await fixed.serving.get(poisoned)).toMatchObject({ id: poisoned, revision: 29 });
      const recorded = await (target.db as unknown as Kysely<ServingTables>).selectFrom('projection_serving').selectAll().execute();
      expect(recorded).toEqual([expect.objectContaining({ projection: 'agreements', version: 2 })]);
    });

    it('serves the version that has a checkpoint when the database predates recorded versions', async () => {
      const first = versions([V1]);
      await first.start();
      await within(first.serving.reached(await head(store), 5000), 6000, 'v1 to build');
      await first.stop();
      await (target.db as unknown as Kysely<ServingTables>).deleteFrom('projection_serving').execute();

      const v2 = started.gate(gated(2));
      const bumped = versions([V1, v2.projection]);
      await bumped.start();

      expect(bumped.status()).toMatchObject({ projection: 'agreements@v1', rebuilding: { projection: 'agreements@v2' } });
      v2.open();
      await eventually(() => bumped.status().projection === 'agreements@v2', 'the switch to v2');
    });

    it('builds and serves the newest version straight away on an empty database', async () => {
      const fresh = versions([V1, V2]);
      await fresh.start();

      expect(fresh.status().projection).toBe('agreements@v2');
      expect(fresh.status().rebuilding).toBeUndefined();
      expect(await fresh.serving.reached(await head(store), 5000)).toBe(true);
    });
  });
}
