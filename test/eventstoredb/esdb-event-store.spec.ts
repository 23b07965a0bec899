import { randomUUID } from 'node:crypto';
import {
  EventStoreUnavailableError,
  type NewEvent,
  type RecordedEvent,
  type SubscriptionMessage,
} from '../../src/application/ports/event-store.port';
import { EsdbEventStore } from '../../src/infrastructure/event-store/eventstoredb/esdb-event-store';
import { verifyHashChain } from '../../src/application/event-store/hash-chain';
import { collect, eventually } from '../support/async';
import { startEsdbTestServer, type EsdbTestServer } from '../support/esdb-test-server';
import { SubscriptionProbe } from '../support/subscription-probe';

/** What only the EventStoreDB adapter does, beyond the contract suite: on the wire-level test server. */
describe('EsdbEventStore', () => {
  let server: EsdbTestServer;
  let store: EsdbEventStore;
  let log: string[];
  let prefix: string;

  beforeEach(async () => {
    server = await startEsdbTestServer();
    log = [];
    store = new EsdbEventStore({
      connectionString: server.connectionString,
      resubscribeDelayMs: 10,
      logger: { log: (m) => log.push(m), warn: (m) => log.push(m) },
    });
    prefix = `agreement-${randomUUID()}`;
  });

  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  const events = (messages: SubscriptionMessage[]) =>
    messages.filter((m): m is { kind: 'event'; event: RecordedEvent } => m.kind === 'event').map((m) => m.event.data.n);

  it('resubscribes after the server drops the subscription and goes on without a gap or a repeat', async () => {
    await store.append(prefix, [event(1), event(2)], { expectedRevision: 'no_stream' });
    const probe = new SubscriptionProbe(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
    expect(events(await probe.take(3))).toEqual([1, 2]);

    expect(server.dropSubscriptions()).toBe(1);
    await store.append(prefix, [event(3)], { expectedRevision: 1n });
    await eventually(() => server.liveSubscriptions() === 1, 'the resubscription');
    await store.append(prefix, [event(4)], { expectedRevision: 2n });

    const after = await probe.take(3);
    expect(events(after)).toEqual([3, 4]);
    expect(after.filter((m) => m.kind === 'caughtUp')).toHaveLength(1);
    expect(log.some((line) => /subscription dropped .*resubscribing after position \d+/.test(line))).toBe(true);
    await probe.close();
    expect(probe.pending()).toEqual([]);
  });

  it('delivers every event exactly once in order across repeated drops during a stream of appends', async () => {
    const probe = new SubscriptionProbe(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
    await probe.take(1);
    let revision: bigint | 'no_stream' = 'no_stream';
    for (let n = 0; n < 60; n += 1) {
      revision = (await store.append(prefix, [event(n)], { expectedRevision: revision })).nextRevision;
      if (n % 12 === 5) server.dropSubscriptions();
    }

    const delivered: unknown[] = [];
    while (delivered.length < 60) delivered.push(...events(await probe.take(1)));

    expect(delivered).toEqual(Array.from({ length: 60 }, (_, n) => n));
    await probe.close();
  });

  it('rides out a node restart: 503-worthy errors while it is down, then the subscription resubscribes without a gap', async () => {
    await store.append(prefix, [event(1)], { expectedRevision: 'no_stream' });
    const probe = new SubscriptionProbe(store.subscribeToAll({ filter: { streamPrefixes: [prefix] } }));
    expect(events(await probe.take(2))).toEqual([1]);

    await server.stop();
    await expect(store.append(prefix, [event(2)], { expectedRevision: 0n })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await eventually(
      () => log.filter((line) => line.includes('resubscribing')).length >= 2,
      'failed resubscription attempts while the node is down',
    );
    server = await startEsdbTestServer({ port: server.port, dataOf: server });
    await eventually(() => server.liveSubscriptions() === 1, 'the subscription to come back');
    await store.append(prefix, [event(2)], { expectedRevision: 0n });

    const after = await probe.take(2);
    expect(events(after)).toEqual([2]);
    expect(after.filter((m) => m.kind === 'caughtUp')).toHaveLength(1);
    expect(probe.pending()).toEqual([]);
    await probe.close();
  });

  it('lets many concurrent `any` appends to one busy stream all land, on one unbroken chain', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, n) => store.append(prefix, [event(n)], { expectedRevision: 'any' })),
    );

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const stored = await collect(store.readStream(prefix));
    expect(stored).toHaveLength(40);
    expect(verifyHashChain(prefix, stored)).toEqual({ valid: true, checkedEvents: 40 });
  });

  it('fails the consumer, instead of retrying for ever, when the server refuses the subscription', async () => {
    await store.append(prefix, [event(1), event(2)], { expectedRevision: 'no_stream' });
    const [first] = await collect(store.readStream(prefix));
    // Inside the first event's record, not a record boundary: EventStoreDB refuses to read from it (INVALID_ARGUMENT).
    const messages = store.subscribeToAll({ fromPosition: first.position + 1n })[Symbol.asyncIterator]();

    await expect(messages.next()).rejects.toThrow(/subscription after position \d+ was refused/);
    expect(log.filter((line) => line.includes('resubscribing'))).toEqual([]);
  });

  it('answers EventStoreUnavailableError when no member of a cluster answers the discovery', async () => {
    const cluster = new EsdbEventStore({
      connectionString: 'esdb://127.0.0.1:1,127.0.0.1:2?tls=false&maxDiscoverAttempts=2&discoveryInterval=10&gossipTimeout=1',
    });
    try {
      await expect(cluster.append(prefix, [event(1)], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
    } finally {
      await cluster.close();
    }
  });

  it('stops resubscribing once closed', async () => {
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const probe = new SubscriptionProbe(subscription);
    await probe.take(1);
    await probe.close();

    await eventually(() => server.liveSubscriptions() === 0, 'the server to see the subscription cancelled');
    await store.append(prefix, [event(1)], { expectedRevision: 'no_stream' });
    await collect(store.readStream(prefix));
    expect(server.liveSubscriptions()).toBe(0);
    expect(log.filter((line) => line.includes('resubscribing'))).toEqual([]);
  });

  it('leaves EventStoreDB system events out of $all reads and subscriptions', async () => {
    await store.append(prefix, [event(1)], { expectedRevision: 'no_stream' });

    const all = await collect(store.readAll());
    const backwards = await collect(store.readAll({ direction: 'backwards' }));
    const probe = new SubscriptionProbe(store.subscribeToAll());
    const subscribed = await probe.take(2);

    expect(all.map((e) => e.stream)).toEqual([prefix]);
    expect(backwards.map((e) => e.stream)).toEqual([prefix]);
    expect(subscribed.map((m) => m.kind)).toEqual(['event', 'caughtUp']);
    await probe.close();
  });

  it('gives each event its own $all commit position, the one its append answered', async () => {
    const appended = await store.append(prefix, [event(1), event(2), event(3)], { expectedRevision: 'no_stream' });

    const stored = await collect(store.readStream(prefix));
    const fromAll = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));

    expect(new Set(stored.map((e) => e.position)).size).toBe(3);
    expect(stored.map((e) => e.position)).toEqual(fromAll.map((e) => e.position));
    expect(stored[2].position).toBe(appended.position);
  });

  it('reports an unreachable server as EventStoreUnavailableError (the API answers 503), having written nothing', async () => {
    await store.append(prefix, [event(1)], { expectedRevision: 'no_stream' });
    await server.stop();

    await expect(store.append(prefix, [event(2)], { expectedRevision: 0n })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.append(`${prefix}-new`, [event(1)], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    await expect(collect(store.readStream(prefix))).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(collect(store.readAll())).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});

function event(n: number): NewEvent {
  return { id: randomUUID(), type: 'SomethingHappened', data: { n }, metadata: {} };
}
