import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { writeActiveAgreement } from '../support/domain/generated-agreements';
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from '../support/service-processes';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

const AGREEMENTS = 300;

/** What the scheduler recorded, read from the event store's file beside the running service. */
function recorded(filename: string): { expired: number; perAgreement: Map<string, number>; commandIds: number; commands: number } {
  const db = new Database(filename, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], { stream: string; metadata: string }>("SELECT stream, metadata FROM events WHERE type = 'Expired'").all();
    const perAgreement = new Map<string, number>();
    for (const row of rows) perAgreement.set(row.stream, (perAgreement.get(row.stream) ?? 0) + 1);
    const commandIds = new Set(rows.map((row) => (JSON.parse(row.metadata) as { commandId: string }).commandId));
    return { expired: rows.length, perAgreement, commandIds: commandIds.size, commands: rows.length };
  } finally {
    db.close();
  }
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The scheduler killed (SIGKILL) in the middle of a pass that expires 300 MoUs, then started
 * again: every MoU is expired exactly once, under one command id each, none missed and none twice.
 */
describe('the scheduler under kill -9', () => {
  let directory: TemporaryDirectory;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    directory = await temporaryDirectory();
    const store = new SqliteEventStore({ filename: directory.file('events.db') });
    for (let n = 0; n < AGREEMENTS; n++) await writeActiveAgreement(store, randomUUID(), '2024-12-31');
    await store.close();
  });

  afterAll(async () => {
    if (service) await stopServiceProcess(service);
    await directory.remove();
  });

  it('expires every MoU once across a crash mid-pass and a restart', async () => {
    const env = {
      DATA_DIR: directory.path,
      // Two days after the end date, in the MoUs' zone (WIB): all 300 are due at the first pass.
      CLOCK_START: '2025-01-02T08:00:00+07:00',
      SCHEDULER_INTERVAL_MS: '50',
      LOG_LEVEL: 'error',
    };
    const events = directory.file('events.db');
    service = await startServiceProcess(env);
    await until(() => recorded(events).expired >= 20, 'the first expiries', 60_000);
    service.process.kill('SIGKILL');
    await new Promise((resolve) => service!.process.once('exit', resolve));
    const atCrash = recorded(events).expired;
    expect(atCrash).toBeGreaterThanOrEqual(20);
    expect(atCrash).toBeLessThan(AGREEMENTS);

    service = await startServiceProcess(env);
    await until(() => recorded(events).perAgreement.size === AGREEMENTS, 'every MoU expired', 60_000);
    // A few more passes over what is left (nothing): none may fire again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stopServiceProcess(service);
    service = undefined;

    const after = recorded(events);
    expect(after.expired).toBe(AGREEMENTS);
    expect([...after.perAgreement.values()].every((count) => count === 1)).toBe(true);
    expect(after.commandIds).toBe(AGREEMENTS);
  }, 180_000);
});
