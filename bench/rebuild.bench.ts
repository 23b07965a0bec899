/**
 * Projection rebuild: the agreements projection applied from zero over 100,000+ events (200
 * agreements of 500 events) into SQLite and into PostgreSQL, against a plain read of the same
 * events from the store in the same run.
 */
import type { Kysely } from 'kysely';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../src/infrastructure/projections/projection-runner';
import { openReadModelDatabase, type ReadModelLocation } from '../src/infrastructure/read-models/read-model-database';
import { agreementsProjection } from '../src/projections/agreements/agreements.projection';
import type { AgreementsTables } from '../src/projections/agreements/agreements.tables';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../test/support/postgres';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { markdownTable, nowMs } from './support';
import { writeAgreement } from '../test/support/domain/generated-agreements';
import { derivedUuid } from '../src/application/agreements/agreement-stream';

async function rebuild(store: SqliteEventStore, location: ReadModelLocation, head: bigint): Promise<number> {
  const db = await openReadModelDatabase<AgreementsTables>(location);
  try {
    const started = nowMs();
    const runner = new ProjectionRunner(store, db, agreementsProjection, { batchSize: 1000 });
    await runner.start();
    await runner.waitFor(head);
    const seconds = (nowMs() - started) / 1000;
    await runner.stop();
    return seconds;
  } finally {
    await (db as Kysely<unknown>).destroy();
  }
}

export async function benchRebuild(): Promise<string> {
  const directory = await temporaryDirectory('sepakat-bench-');
  const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
  const schema = freshSchemaName();
  try {
    for (let i = 0; i < 200; i += 1) await writeAgreement(store, derivedUuid('rebuild', String(i)), 500);
    let head = 0n;
    let events = 0;
    let started = nowMs();
    for await (const event of store.readAll()) {
      head = event.position;
      events += 1;
    }
    const readSeconds = (nowMs() - started) / 1000;
    const sqliteSeconds = await rebuild(store, { kind: 'sqlite', filename: directory.file('read-models.db') }, head);
    let postgres: string[];
    try {
      const pgSeconds = await rebuild(store, { kind: 'postgres', url: TEST_POSTGRES_URL, schema }, head);
      postgres = [
        'PostgreSQL',
        `**${pgSeconds.toFixed(2)} s** (${Math.round(events / pgSeconds)} events/s)`,
        `${(pgSeconds / readSeconds).toFixed(1)}×`,
      ];
    } catch (error) {
      postgres = ['PostgreSQL', `not measured: ${(error as Error).message}`, ''];
    } finally {
      await dropSchema(schema).catch(() => undefined);
    }
    started = nowMs();
    return markdownTable(
      [`rebuild of agreements@v${agreementsProjection.version} from zero`, `time for ${events} events`, 'vs plain read of the store'],
      [
        ['plain read of the store (baseline)', `${readSeconds.toFixed(2)} s (${Math.round(events / readSeconds)} events/s)`, '1.0×'],
        [
          'SQLite read models',
          `**${sqliteSeconds.toFixed(2)} s** (${Math.round(events / sqliteSeconds)} events/s)`,
          `${(sqliteSeconds / readSeconds).toFixed(1)}×`,
        ],
        postgres,
      ],
    );
  } finally {
    await store.close();
    await directory.remove();
  }
}
