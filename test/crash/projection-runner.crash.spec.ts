import { spawn } from 'node:child_process';
import type { Kysely } from 'kysely';
import { createInterface } from 'node:readline';
import { derivedUuid } from '../../src/application/agreements/agreement-stream';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import { agreementsProjection } from '../../src/projections/agreements/agreements.projection';
import { AGREEMENTS_TABLES_V2, type AgreementsTablesV2 } from '../../src/projections/agreements/agreements.tables';
import { withVersionedTables } from '../../src/projections/versioned-tables';
import { within } from '../support/async';
import { writeAgreement } from '../support/domain/generated-agreements';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

/** The tables as the current version of the agreements projection stores them. */
const current = <Db>(db: Kysely<Db>) => withVersionedTables(db, AGREEMENTS_TABLES_V2, agreementsProjection.version);

const AGREEMENTS = 200;
const EVENTS_EACH = 60;

async function project(store: SqliteEventStore, filename: string) {
  const db = await openReadModelDatabase<AgreementsTablesV2>({ kind: 'sqlite', filename });
  const runner = new ProjectionRunner(store, db, agreementsProjection, { batchSize: 25 });
  await runner.start();
  await within(runner.waitFor(BigInt(AGREEMENTS * EVENTS_EACH)), 20_000, 'the projection to reach the end');
  await runner.stop();
  const rows = {
    agreements: await current(db)
      .selectFrom('agreements')
      .select(['id', 'state', 'revision', 'position', 'detail', 'doc_id'])
      .orderBy('id')
      .execute(),
    parties: await current(db)
      .selectFrom('agreement_parties')
      .select(['agreement_id', 'agency_id', 'seq', 'name', 'role', 'state', 'kind', 'end_date'])
      .orderBy('agreement_id')
      .orderBy('agency_id')
      .execute(),
    phases: await current(db)
      .selectFrom('agreement_phases')
      .select(['agreement_id', 'phase', 'started_revision'])
      .orderBy('agreement_id')
      .orderBy('phase')
      .orderBy('started_revision')
      .execute(),
    // The inbox's rows and every counter: a crash between batches neither loses nor doubles a step or a count.
    workItems: await current(db)
      .selectFrom('work_items')
      .selectAll()
      .orderBy('agreement_id')
      .orderBy('agency_id')
      .orderBy('action')
      .execute(),
    workQueue: await current(db)
      .selectFrom('work_queue')
      .select(['agency_id', 'role', 'agreement_id'])
      .orderBy('agency_id')
      .orderBy('role')
      .orderBy('agreement_id')
      .execute(),
    workCounts: await current(db)
      .selectFrom('work_counts')
      .selectAll()
      .where('count', '<>', 0)
      .orderBy('agency_id')
      .orderBy('action')
      .orderBy('roles_mask')
      .execute(),
    dashboardCounts: await current(db)
      .selectFrom('dashboard_counts')
      .selectAll()
      .where('count', '<>', 0)
      .orderBy('scope')
      .orderBy('dimension')
      .orderBy('key')
      .execute(),
    phaseStats: await current(db)
      .selectFrom('phase_stats')
      .select(['scope', 'phase', 'bucket', 'count'])
      .orderBy('scope')
      .orderBy('phase')
      .orderBy('bucket')
      .execute(),
    checkpoint: await db.selectFrom('projection_checkpoints').select('position').executeTakeFirst(),
  };
  await db.destroy();
  return rows;
}

describe('a projection runner killed mid-rebuild (SIGKILL)', () => {
  let directory: TemporaryDirectory;

  beforeAll(async () => {
    directory = await temporaryDirectory();
    const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
    for (let i = 0; i < AGREEMENTS; i += 1) await writeAgreement(store, derivedUuid('crash', String(i)), EVENTS_EACH);
    await store.close();
  });

  afterAll(async () => {
    await directory.remove();
  });

  it('resumes from its checkpoint to exactly what a clean rebuild gives', async () => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        require.resolve('../support/projection-child.ts'),
        directory.file('events.db'),
        directory.file('killed.db'),
      ],
      { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' } },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let killedAt = 0n;
    for await (const line of createInterface({ input: child.stdout })) {
      // The runner's own log lines share stdout: only `at <position>` lines report progress.
      const position = /^at (\d+)$/.exec(line)?.[1];
      if (position !== undefined && BigInt(position) >= 300n) {
        killedAt = BigInt(position);
        child.kill('SIGKILL');
        break;
      }
    }
    expect(await within(exited, 10_000, 'the child to die')).toBe('SIGKILL');
    expect(killedAt).toBeLessThan(BigInt(AGREEMENTS * EVENTS_EACH));

    const store = new SqliteEventStore({ filename: directory.file('events.db') });
    try {
      const resumed = await project(store, directory.file('killed.db'));
      const clean = await project(store, directory.file('clean.db'));
      expect(resumed).toEqual(clean);
      expect(resumed.checkpoint?.position).toBe(String(AGREEMENTS * EVENTS_EACH));
    } finally {
      await store.close();
    }
  });
});
