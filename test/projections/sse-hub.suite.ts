import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { SseHub, type SseEnd } from '../../src/api/events/sse-hub';
import type { Actor } from '../../src/application/ports/token-verifier.port';
import { AgreementChanges } from '../../src/application/read-models/agreement-changes';
import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { agreementReadModelFor } from '../../src/infrastructure/read-models/agreement-read-models';
import type { CheckpointTables } from '../../src/infrastructure/read-models/read-model-database';
import { agreementsProjection } from '../../src/projections/agreements/agreements.projection';
import type { AgreementsTablesV2 } from '../../src/projections/agreements/agreements.tables';
import { eventually, within } from '../support/async';
import { randomAgreementLife, seededRandom, toNewEvents } from '../support/domain/random-agreements';
import { StartedInTest } from '../support/started';

type Db = Kysely<AgreementsTablesV2 & CheckpointTables>;

export interface HubDatabase {
  readonly db: Db;
  dispose(): Promise<void>;
}

const viewer = (agencyId: string, ...roles: Actor['roles']): Actor => ({
  id: `${agencyId}-${roles.join('')}`,
  name: 'Dasbor',
  agencyId,
  roles,
});
const AUDITOR = viewer('itjen-kemendes-pdtt', 'AUDITOR');
const KEMENDES = viewer('kemendes-pdtt', 'COORDINATOR');
const TAPIN = viewer('pemkab-tapin', 'COORDINATOR');

/** A dashboard's socket: records the frames it reads (ids and events), drains as a healthy client does. */
function dashboard() {
  const ids: bigint[] = [];
  let text = '';
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      text += chunk;
      let start = 0;
      let end: number;
      while ((end = text.indexOf('\n\n', start)) >= 0) {
        const block = text.slice(start, end);
        start = end + 2;
        if (block.startsWith('id: ')) ids.push(BigInt(block.slice(4, block.indexOf('\n'))));
        else if (block.startsWith(': heartbeat')) beats.count += 1;
      }
      text = text.slice(start);
      setImmediate(callback);
    },
  });
  const beats = { count: 0 };
  return { sink, ids, beats };
}

/** A dashboard that never reads: its socket takes `capacity` bytes and never drains. */
function stuckDashboard(capacity: number) {
  return new Writable({
    highWaterMark: capacity,
    decodeStrings: false,
    write(_chunk: string, _encoding, _callback) {
      // never calls back: the buffer never drains
    },
  });
}

/**
 * The one live feed per process (`SseHub`) on a real store, projection and read model: many
 * dashboards each get exactly the changes they may see, once and in order; one that stops
 * reading is dropped without holding up the others; a resumed one catches up with no gap.
 */
export function sseHubSuite(database: string, open: () => Promise<HubDatabase>): void {
  describe(`one live feed for every dashboard, on ${database}`, () => {
    const started = new StartedInTest();
    let target: HubDatabase;
    let store: MemoryEventStore;
    let hub: SseHub;
    let runner: ProjectionRunner<AgreementsTablesV2>;
    const random = seededRandom(7);
    /** Each agreement written, with its parties, by event position. */
    const written: Array<{ position: bigint; parties: string[] }> = [];

    const write = async (count: number) => {
      for (let n = 0; n < count; n++) {
        const id = randomUUID();
        const life = randomAgreementLife(id, random, new Date('2024-05-01T00:00:00Z'), 8);
        const parties = life[0].event.type === 'AgreementDrafted' ? life[0].event.parties.map((party) => party.agencyId) : [];
        const result = await store.append(`agreement-${id}`, toNewEvents(id, life), { expectedRevision: 'no_stream' });
        const first = result.position - BigInt(life.length - 1);
        for (let i = 0; i < life.length; i++) written.push({ position: first + BigInt(i), parties });
      }
      return written[written.length - 1].position;
    };
    const expectedFor = (actor: Actor, after = 0n) =>
      written
        .filter((change) => change.position > after && (actor.roles.includes('AUDITOR') || change.parties.includes(actor.agencyId)))
        .map((change) => change.position);

    beforeEach(async () => {
      target = await open();
      store = new MemoryEventStore();
      written.length = 0;
      runner = started.track(new ProjectionRunner(store, target.db, agreementsProjection, { batchSize: 100 }));
      await runner.start();
      hub = new SseHub(new AgreementChanges(store, agreementReadModelFor(target.db, runner)), {
        heartbeatMs: 100,
        slowClientMs: 2_000,
        maxQueuedBytes: 128 * 1024,
      });
      started.track({ stop: () => hub.onApplicationShutdown() });
    });

    afterEach(async () => {
      await started.stopAll();
      await store.close();
      await target.dispose();
    });

    it('gives 200 dashboards exactly the changes each may see, once, in order', async () => {
      await write(5);
      await within(runner.waitFor(written[written.length - 1].position), 10_000, 'the projection');
      const viewers = [...Array(80).fill(AUDITOR), ...Array(60).fill(KEMENDES), ...Array(60).fill(TAPIN)] as Actor[];
      const clients = viewers.map((actor) => ({ actor, ...dashboard() }));
      const from = written[written.length - 1].position;
      const ends = clients.map((client) => hub.serve(client.actor, undefined, client.sink));
      expect(hub.clients).toBe(200);

      const head = await write(60);
      await eventually(
        () => clients.every((client) => client.ids.length >= expectedFor(client.actor, from).length),
        'every dashboard to receive its changes',
        20_000,
      );
      for (const client of clients) expect(client.ids).toEqual(expectedFor(client.actor, from));
      // Some of each audience saw something: the filter is tested on both sides.
      expect(clients.find((client) => client.actor === TAPIN)!.ids.length).toBeGreaterThan(0);
      expect(clients.find((client) => client.actor === TAPIN)!.ids.length).toBeLessThan(expectedFor(AUDITOR, from).length);
      expect(head).toBeGreaterThan(from);

      for (const client of clients) client.sink.destroy();
      expect(await within(Promise.all(ends), 5_000, 'the streams to end')).toEqual(clients.map((): SseEnd => 'client-closed'));
      expect(hub.clients).toBe(0);
    });

    it('drops a dashboard that stops reading, with bounded memory, while the others get everything', async () => {
      const stuck = stuckDashboard(4 * 1024);
      const stuckEnd = hub.serve(AUDITOR, undefined, stuck);
      const healthy = Array.from({ length: 20 }, () => ({ actor: AUDITOR, ...dashboard() }));
      for (const client of healthy) void hub.serve(client.actor, undefined, client.sink);

      await write(200);
      expect(await within(stuckEnd, 10_000, 'the stuck dashboard to be dropped')).toBe('slow-client-dropped');
      expect(stuck.destroyed).toBe(true);
      // It held no more than its socket's buffer, one batch (at most 100 frames) and the queue's bound,
      // not the ~1,500 frames written meanwhile.
      const bound = 4 * 1024 + 100 * 1_000 + 128 * 1024;
      expect(stuck.writableLength).toBeLessThan(bound);
      expect(expectedFor(AUDITOR).length * 600).toBeGreaterThan(2 * bound);
      await eventually(
        () => healthy.every((client) => client.ids.length === expectedFor(AUDITOR).length),
        'the healthy dashboards to get every change',
        20_000,
      );
      for (const client of healthy) expect(client.ids).toEqual(expectedFor(AUDITOR));
    });

    it('catches a resumed dashboard up from the log, then goes on live, with no gap and no repeat', async () => {
      const live = dashboard();
      void hub.serve(AUDITOR, undefined, live.sink);
      await write(10);
      await eventually(() => live.ids.length === expectedFor(AUDITOR).length, 'the live dashboard');
      const resumeAfter = written[Math.floor(written.length / 3)].position;

      const resumed = dashboard();
      void hub.serve(KEMENDES, resumeAfter, resumed.sink);
      await write(10);
      await eventually(() => resumed.ids.length === expectedFor(KEMENDES, resumeAfter).length, 'the resumed dashboard', 20_000);
      expect(resumed.ids).toEqual(expectedFor(KEMENDES, resumeAfter));
    });

    it('keeps idle streams open with one heartbeat timer for all', async () => {
      const clients = [dashboard(), dashboard(), dashboard()];
      for (const client of clients) void hub.serve(TAPIN, undefined, client.sink);
      await eventually(() => clients.every((client) => client.beats.count >= 2), 'heartbeats on every stream', 5_000);
    });
  });
}
