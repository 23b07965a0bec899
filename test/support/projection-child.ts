/**
 * Child process of the projection crash test: runs the agreements projection from a SQLite event
 * store into a SQLite read-model file, in small batches, and prints each committed position
 * (`at <position>`). The test kills it with SIGKILL while it rebuilds.
 */
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import { agreementsProjection } from '../../src/projections/agreements/agreements.projection';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';

async function main(): Promise<void> {
  const [eventsFile, readModelFile] = process.argv.slice(2);
  const store = new SqliteEventStore({ filename: eventsFile });
  const db = await openReadModelDatabase<AgreementsTables>({ kind: 'sqlite', filename: readModelFile });
  const runner = new ProjectionRunner(store, db, agreementsProjection, { batchSize: 25 });
  await runner.start();
  let reported: bigint | undefined;
  const report = () => {
    if (runner.position !== reported) {
      reported = runner.position;
      process.stdout.write(`at ${reported}\n`);
    }
    setImmediate(report);
  };
  report();
}

void main();
