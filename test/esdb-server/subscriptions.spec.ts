import { randomUUID } from 'node:crypto';
import {
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  jsonEvent,
  START,
  StreamDeletedError,
  streamNameFilter,
  UnavailableError,
  type AllStreamResolvedEvent,
  type EventData,
} from '@eventstore/db-client';
import { startEsdbTestServer, type EsdbTestServer } from '../support/esdb-test-server';
import { eventually, SubscriptionRecorder } from '../support/esdb-test-server/subscription-recorder';

/** Catch-up subscriptions (Streams.Read with `subscription`) through the real client, one fresh server per test. */
let server: EsdbTestServer;
let client: EventStoreDBClient;

beforeEach(async () => {
  server = await startEsdbTestServer();
  client = EventStoreDBClient.connectionString(server.connectionString);
});

afterEach(async () => {
  await client.dispose();
  await server.stop();
});

const event = (type: string): EventData => jsonEvent({ type, data: { type } });
const caughtUp = (recorder: SubscriptionRecorder) => recorder.items.filter((item) => item.kind === 'caughtUp').length;

async function readAllIds(): Promise<string[]> {
  const out: string[] = [];
  for await (const resolved of client.readAll() as AsyncIterable<AllStreamResolvedEvent>) out.push(resolved.event!.id);
  return out;
}

describe('$all', () => {
  test('from START: the whole history (system events included), caughtUp, then live events in order', async () => {
    await client.appendToStream('history', [event('H1'), event('H2')]);
    const history = await readAllIds();
    const recorder = new SubscriptionRecorder().attach(client.subscribeToAll({ fromPosition: START }));
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    expect(recorder.events().map((e) => e.id)).toEqual(history);
    expect(recorder.events()[0].streamId).toBe('$$$stats-127.0.0.1:2113');

    await client.appendToStream('live', [event('L1'), event('L2')]);
    await client.appendToStream('live', [event('L3')]);
    await recorder.until((r) => r.events().length === history.length + 3, 'the live events');
    expect(recorder.timeline().slice(-4)).toEqual(['|caughtUp|', 'L1', 'L2', 'L3']);
    expect(server.liveSubscriptions()).toBe(1);
  });

  test('from END: caughtUp at once, then only what is appended after', async () => {
    await client.appendToStream('before', [event('Before')]);
    const recorder = new SubscriptionRecorder().attach(client.subscribeToAll({ fromPosition: END }));
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    await client.appendToStream('after', [event('After')]);
    await recorder.until((r) => r.events().length === 1, 'the live event');
    expect(recorder.timeline()).toEqual(['|caughtUp|', 'After']);
  });

  test('from a position: the events after it (exclusive)', async () => {
    const { position } = await client.appendToStream('from-position', [event('A'), event('B')]);
    await client.appendToStream('from-position', [event('C')]);
    const recorder = new SubscriptionRecorder().attach(client.subscribeToAll({ fromPosition: position! }));
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    expect(recorder.timeline()).toEqual(['C', '|caughtUp|']);
  });

  test('appends while it catches up: every event exactly once, in $all order', async () => {
    for (let batch = 0; batch < 100; batch++) {
      await client.appendToStream(
        `pre-${batch % 3}`,
        Array.from({ length: 10 }, (_, n) => event(`P${batch}.${n}`)),
      );
    }
    // Not read yet: flow control stops the catch-up part-way, so the appends below land during it
    // (and overflow the live buffer, whose copies of them must then be skipped).
    const subscription = client.subscribeToAll();
    await eventually(() => server.liveSubscriptions() === 1, 'the subscription to start');
    for (let batch = 0; batch < 40; batch++)
      await client.appendToStream(`during-${batch % 4}`, [event(`D${batch}.a`), event(`D${batch}.b`)]);
    const recorder = new SubscriptionRecorder().attach(subscription);
    const all = await readAllIds();
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    expect(recorder.events().map((e) => e.id)).toEqual(all);
    expect(recorder.timeline().at(-1)).toBe('|caughtUp|');
    await client.appendToStream('after', [event('After')]);
    await recorder.until((r) => r.events().length === all.length + 1, 'the live event');
    expect(recorder.error).toBeUndefined();
  });

  test('more than 32 live events at once (the live buffer bound): no gap, and caughtUp again after catching up', async () => {
    const recorder = new SubscriptionRecorder().attach(client.subscribeToAll({ fromPosition: END }));
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    const burst = Array.from({ length: 50 }, (_, n) => event(`B${n}`));
    await client.appendToStream('burst', burst);
    await recorder.until((r) => r.events().length === 50 && caughtUp(r) === 2, 'the burst and a second caughtUp');
    expect(recorder.events().map((e) => e.id)).toEqual(burst.map((e) => e.id));
    expect(recorder.timeline()).toEqual(['|caughtUp|', ...burst.map((e) => e.type), '|caughtUp|']);
  });

  test('excludeSystemEvents: only user events, with a checkpoint before caughtUp', async () => {
    await client.appendToStream('user', [event('U1'), event('U2')]);
    const recorder = new SubscriptionRecorder();
    recorder.attach(client.subscribeToAll({ filter: excludeSystemEvents({ checkpointReached: recorder.checkpointReached }) }));
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    expect(recorder.timeline()).toEqual(['U1', 'U2', '|checkpoint|', '|caughtUp|']);
    // The checkpoint on going live is the last event sent.
    expect(recorder.checkpoints()[0]).toEqual(recorder.events()[1].position);
  });

  test('a filter that matches nothing on a small log: v24 checkpoints at ulong.MaxValue, then sends no more checkpoints', async () => {
    const recorder = new SubscriptionRecorder();
    recorder.attach(
      client.subscribeToAll({ filter: streamNameFilter({ prefixes: ['match-'], checkpointReached: recorder.checkpointReached }) }),
    );
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    const max = 2n ** 64n - 1n;
    expect(recorder.checkpoints()).toEqual([{ commit: max, prepare: max }]);

    await client.appendToStream(
      'no-match',
      Array.from({ length: 20 }, (_, n) => event(`N${n}`)),
    );
    await client.appendToStream(
      'no-match',
      Array.from({ length: 20 }, (_, n) => event(`M${n}`)),
    );
    await client.appendToStream('match-1', [event('Match')]);
    await recorder.until((r) => r.events().length === 1, 'the matching event');
    expect(recorder.checkpoints()).toHaveLength(1);
  });

  test('checkpoints every checkpointInterval × maxSearchWindow considered events, while catching up and live', async () => {
    for (let batch = 0; batch < 5; batch++)
      await client.appendToStream(
        'noise',
        Array.from({ length: 10 }, (_, n) => event(`N${batch}.${n}`)),
      );
    await client.appendToStream('match-1', [event('Match1')]);
    const recorder = new SubscriptionRecorder();
    const filter = streamNameFilter({
      prefixes: ['match-'],
      maxSearchWindow: 10,
      checkpointInterval: 1,
      checkpointReached: recorder.checkpointReached,
    });
    recorder.attach(client.subscribeToAll({ filter }));
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');

    // Catching up: a checkpoint per page of 10 considered events, at the page's start (prepare 0,
    // as the server sends `completed.CurrentPos`), then one at the last event sent.
    const beforeLive = recorder.checkpoints();
    expect(beforeLive.length).toBeGreaterThanOrEqual(5);
    for (const [index, checkpoint] of beforeLive.entries()) {
      if (index > 0) expect(checkpoint.commit).toBeGreaterThan(beforeLive[index - 1].commit);
    }
    expect(beforeLive.slice(1, -1).every((checkpoint) => checkpoint.prepare === 0n)).toBe(true);
    const match = recorder.events()[0];
    expect(beforeLive.at(-1)).toEqual(match.position);
    // Resuming from any catch-up checkpoint before the match finds the match again.
    const resumeFrom = beforeLive.at(-2)!;
    const resumed = new SubscriptionRecorder().attach(
      client.subscribeToAll({ fromPosition: resumeFrom, filter: streamNameFilter({ prefixes: ['match-'] }) }),
    );
    await resumed.until((r) => caughtUp(r) === 1, 'the resumed subscription to catch up');
    expect(resumed.events().map((e) => e.id)).toEqual([match.id]);

    // Live: the server counts every committed event and checkpoints at the 10th.
    const noise = await client.appendToStream(
      'noise',
      Array.from({ length: 10 }, (_, n) => event(`L${n}`)),
    );
    await recorder.until((r) => r.checkpoints().length === beforeLive.length + 1, 'a live checkpoint');
    expect(recorder.checkpoints().at(-1)).toEqual(noise.position);
  });
});

describe('a stream', () => {
  test('history, caughtUp, live; from a revision is exclusive', async () => {
    await client.appendToStream('orders-1', [event('A'), event('B'), event('C')]);
    const all = new SubscriptionRecorder().attach(client.subscribeToStream('orders-1'));
    const fromRevision = new SubscriptionRecorder().attach(client.subscribeToStream('orders-1', { fromRevision: 1n }));
    await all.until((r) => caughtUp(r) === 1, 'caughtUp');
    await fromRevision.until((r) => caughtUp(r) === 1, 'caughtUp');
    await client.appendToStream('orders-1', [event('D')]);
    await client.appendToStream('other', [event('X')]);
    await all.until((r) => r.events().length === 4, 'the live event');
    await fromRevision.until((r) => r.events().length === 2, 'the live event');
    expect(all.timeline()).toEqual(['A', 'B', 'C', '|caughtUp|', 'D']);
    expect(fromRevision.timeline()).toEqual(['C', '|caughtUp|', 'D']);
    expect(all.events().map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
  });

  test('a stream that does not exist yet: caughtUp, then its first events', async () => {
    const recorder = new SubscriptionRecorder().attach(client.subscribeToStream('later'));
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    await client.appendToStream('later', [event('First')]);
    await recorder.until((r) => r.events().length === 1, 'the first event');
    expect(recorder.timeline()).toEqual(['|caughtUp|', 'First']);
  });

  test('a tombstone ends the subscription after its $streamDeleted event; a tombstoned stream cannot be subscribed to', async () => {
    await client.appendToStream('doomed', [event('A')]);
    const recorder = new SubscriptionRecorder().attach(client.subscribeToStream('doomed'));
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    await client.tombstoneStream('doomed');
    await recorder.until((r) => r.error !== undefined, 'the subscription to fail');
    expect(recorder.timeline()).toEqual(['A', '|caughtUp|', '$streamDeleted']);
    expect(recorder.error).toBeInstanceOf(StreamDeletedError);
    expect(recorder.events()[1].revision).toBe(2n ** 63n - 1n);

    const again = new SubscriptionRecorder().attach(client.subscribeToStream('doomed'));
    await again.until((r) => r.error !== undefined, 'the subscription to fail');
    expect(again.error).toBeInstanceOf(StreamDeletedError);
    expect(again.items).toEqual([]);
  });
});

describe('dropSubscriptions and liveSubscriptions', () => {
  test('drop ends every live subscription with UNAVAILABLE; the client can subscribe again', async () => {
    const all = new SubscriptionRecorder().attach(client.subscribeToAll({ fromPosition: END }));
    const stream = new SubscriptionRecorder().attach(client.subscribeToStream(`s-${randomUUID()}`));
    await all.until((r) => caughtUp(r) === 1, 'caughtUp');
    await stream.until((r) => caughtUp(r) === 1, 'caughtUp');
    expect(server.liveSubscriptions()).toBe(2);

    expect(server.dropSubscriptions()).toBe(2);
    await all.until((r) => r.error !== undefined, 'the $all subscription to fail');
    await stream.until((r) => r.error !== undefined, 'the stream subscription to fail');
    expect(all.error).toBeInstanceOf(UnavailableError);
    expect(stream.error).toBeInstanceOf(UnavailableError);
    expect(server.liveSubscriptions()).toBe(0);

    const again = new SubscriptionRecorder().attach(client.subscribeToAll({ fromPosition: END }));
    await again.until((r) => caughtUp(r) === 1, 'caughtUp after resubscribing');
    expect(server.liveSubscriptions()).toBe(1);
  });

  test('unsubscribing closes the call on the server', async () => {
    const subscription = client.subscribeToAll({ fromPosition: END });
    const recorder = new SubscriptionRecorder().attach(subscription);
    await recorder.until((r) => caughtUp(r) === 1, 'caughtUp');
    expect(server.liveSubscriptions()).toBe(1);
    await subscription.unsubscribe();
    await eventually(() => server.liveSubscriptions() === 0, 'the server to see the cancellation');
  });
});
