import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  InvalidAppendError,
  StreamRevisionConflictError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../../src/application/ports/event-store.port';
import { GENESIS_HASH, verifyHashChain } from '../../src/application/event-store/hash-chain';
import type { JsonObject } from '../../src/application/event-store/json';
import { collect } from '../support/async';
import { SubscriptionProbe } from '../support/subscription-probe';

export interface EventStoreUnderTest {
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
}

/** Where an adapter's store keeps a documented, weaker promise than the embedded ones. */
export interface ContractCapabilities {
  /**
   * The store refuses an event id already stored anywhere else (memory, SQLite). EventStoreDB only
   * checks ids to recognise a retry (IndexWriter.CheckCommit): an id reused elsewhere is written.
   */
  readonly refusesReusedEventIds: boolean;
}

/**
 * The behaviour every event store adapter must show, written once and run against each adapter by
 * a one-line spec. Every test works in streams of its own (a fresh prefix), so the suite also runs
 * against a shared, non-empty store such as a real EventStoreDB.
 */
export function eventStoreContract(
  adapter: string,
  open: () => Promise<EventStoreUnderTest>,
  capabilities: ContractCapabilities = { refusesReusedEventIds: true },
): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let store: EventStore;
    let dispose: () => Promise<void>;
    let prefix: string;

    beforeEach(async () => {
      ({ store, dispose } = await open());
      prefix = `contract${randomUUID().replace(/-/g, '')}`;
    });

    afterEach(async () => {
      await dispose();
    });

    const streamName = (name = 'a'): string => `${prefix}-${name}`;
    const readStream = (stream: string, options?: Parameters<EventStore['readStream']>[1]) => collect(store.readStream(stream, options));
    const ownEvents = (events: RecordedEvent[]) => events.filter((e) => e.stream.startsWith(prefix));

    describe('append', () => {
      it('numbers revisions from 0 and gives increasing positions', async () => {
        const first = await store.append(streamName(), [event()], { expectedRevision: 'no_stream' });
        const second = await store.append(streamName(), [event(), event()], { expectedRevision: 0n });

        expect(first.nextRevision).toBe(0n);
        expect(second.nextRevision).toBe(2n);
        expect(second.position).toBeGreaterThan(first.position);
        const stored = await readStream(streamName());
        expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(stored[2].position).toBe(second.position);
      });

      it('refuses a stale expected revision and writes nothing', async () => {
        await store.append(streamName(), [event(), event()], { expectedRevision: 'no_stream' });

        const attempt = store.append(streamName(), [event()], { expectedRevision: 0n });

        await expect(attempt).rejects.toBeInstanceOf(StreamRevisionConflictError);
        await expect(attempt).rejects.toMatchObject({ stream: streamName(), expectedRevision: 0n, actualRevision: 1n });
        expect(await readStream(streamName())).toHaveLength(2);
      });

      it('refuses no_stream on an existing stream', async () => {
        await store.append(streamName(), [event()], { expectedRevision: 'no_stream' });

        const attempt = store.append(streamName(), [event()], { expectedRevision: 'no_stream' });

        await expect(attempt).rejects.toMatchObject({ name: 'StreamRevisionConflictError', actualRevision: 0n });
        expect(await readStream(streamName())).toHaveLength(1);
      });

      it('refuses stream_exists and an exact revision on a missing stream, creating nothing', async () => {
        await expect(store.append(streamName(), [event()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
          name: 'StreamRevisionConflictError',
          actualRevision: 'no_stream',
        });
        await expect(store.append(streamName(), [event()], { expectedRevision: 0n })).rejects.toBeInstanceOf(StreamRevisionConflictError);
        expect(await readStream(streamName())).toEqual([]);
      });

      it('accepts stream_exists on an existing stream', async () => {
        await store.append(streamName(), [event()], { expectedRevision: 'no_stream' });

        const result = await store.append(streamName(), [event()], { expectedRevision: 'stream_exists' });

        expect(result.nextRevision).toBe(1n);
      });

      it('appends with any whatever the stream holds', async () => {
        const created = await store.append(streamName(), [event()], { expectedRevision: 'any' });
        const next = await store.append(streamName(), [event()], { expectedRevision: 'any' });

        expect([created.nextRevision, next.nextRevision]).toEqual([0n, 1n]);
      });

      it('lets exactly one of many concurrent appends at the same revision win', async () => {
        await store.append(streamName(), [event()], { expectedRevision: 'no_stream' });

        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.append(streamName(), [event()], { expectedRevision: 0n })),
        );

        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const outcome of lost) expect(outcome.reason).toBeInstanceOf(StreamRevisionConflictError);
        expect(await readStream(streamName())).toHaveLength(2);
      });

      it('lets concurrent appends to different streams all succeed', async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.append(streamName(`s${i}`), [event()], { expectedRevision: 'no_stream' })),
        );

        expect(results.every((r) => r.nextRevision === 0n)).toBe(true);
        expect(new Set(results.map((r) => r.position)).size).toBe(8);
      });

      it('treats a retry with the same event ids at the same place as a no-op returning the first result', async () => {
        const events = [event(), event()];
        const first = await store.append(streamName(), events, { expectedRevision: 'no_stream' });

        const retried = await store.append(streamName(), events, { expectedRevision: 'no_stream' });
        const retriedAny = await store.append(streamName(), events, { expectedRevision: 'any' });

        expect(retried).toEqual(first);
        expect(retriedAny).toEqual(first);
        expect(await readStream(streamName())).toHaveLength(2);
      });

      it('treats a retry after later appends as a no-op when it names the original revision', async () => {
        await store.append(streamName(), [event()], { expectedRevision: 'no_stream' });
        const retriedEvent = event();
        const first = await store.append(streamName(), [retriedEvent], { expectedRevision: 0n });
        await store.append(streamName(), [event()], { expectedRevision: 1n });

        expect(await store.append(streamName(), [retriedEvent], { expectedRevision: 0n })).toEqual(first);
        expect(await readStream(streamName())).toHaveLength(3);
      });

      // Exactly one of the next two applies to an adapter (no skipped tests in the counts).
      const reusedIdsWritten = capabilities.refusesReusedEventIds ? () => undefined : it;
      const reusedIds = capabilities.refusesReusedEventIds ? it : () => undefined;

      reusedIdsWritten('writes an event id reused in another stream there (EventStoreDB checks ids only for retries)', async () => {
        const stored = event();
        await store.append(streamName(), [stored], { expectedRevision: 'no_stream' });

        await store.append(streamName('other'), [stored], { expectedRevision: 'no_stream' });

        expect((await readStream(streamName('other'))).map((e) => e.id)).toEqual([stored.id]);
        expect(await readStream(streamName())).toHaveLength(1);
        await expect(store.append(streamName(), [stored], { expectedRevision: 5n })).rejects.toBeInstanceOf(StreamRevisionConflictError);
      });

      reusedIds('refuses an event id that is already stored anywhere else, writing nothing', async () => {
        const stored = event();
        await store.append(streamName(), [stored], { expectedRevision: 'no_stream' });

        await expect(store.append(streamName('other'), [stored], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
        await expect(store.append(streamName(), [event(), stored], { expectedRevision: 0n })).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(store.append(streamName(), [stored], { expectedRevision: 5n })).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await readStream(streamName())).toHaveLength(1);
        expect(await readStream(streamName('other'))).toEqual([]);
      });

      it('refuses malformed appends before writing anything', async () => {
        const attempts: Array<[string, NewEvent[]]> = [
          [streamName(), []],
          [streamName(), [{ ...event(), id: 'not-a-uuid' }]],
          [streamName(), [{ ...event(), type: '' }]],
          [streamName(), [event({ value: Number.NaN })]],
          [streamName(), [{ ...event(), metadata: { hash: 'forged' } }]],
          [streamName(), [{ ...event(), metadata: { prevHash: GENESIS_HASH } }]],
          [`$${prefix}`, [event()]],
          ['', [event()]],
        ];
        for (const [stream, events] of attempts) {
          await expect(store.append(stream, events, { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
        }
        const duplicateInOneAppend = event();
        await expect(
          store.append(streamName(), [duplicateInOneAppend, duplicateInOneAppend], { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await readStream(streamName())).toEqual([]);
      });

      it('one failing append does not fail others issued together', async () => {
        await store.append(streamName(), [event()], { expectedRevision: 'no_stream' });

        const [stale, fresh, other] = await Promise.allSettled([
          store.append(streamName(), [event()], { expectedRevision: 7n }),
          store.append(streamName(), [event()], { expectedRevision: 0n }),
          store.append(streamName('b'), [event()], { expectedRevision: 'no_stream' }),
        ]);

        expect(stale.status).toBe('rejected');
        expect(fresh.status).toBe('fulfilled');
        expect(other.status).toBe('fulfilled');
        expect(await readStream(streamName())).toHaveLength(2);
      });
    });

    describe('the recorded event', () => {
      it('round-trips data and metadata, unicode included', async () => {
        const data = {
          title: 'Nota Kesepahaman — Pengembangan Desa Percontohan',
          parties: [{ agencyId: 'kemendes-pdtt', name: 'Kementerian Desa, PDT dan Transmigrasi' }],
          notes: 'Kabupaten Barito Kuala ✓ «Anjir Pasar» 🏝️ e\u0301 \u0000 "quoted" \\ back',
          nested: { zero: 0, negative: -12.5, large: 1e21, flag: false, nothing: null, list: [1, 'two', [3]] },
        };
        const metadata = {
          $correlationId: randomUUID(),
          $causationId: randomUUID(),
          actor: { id: 'u-1', name: 'Siti Rahayu', agencyId: 'kemendes-pdtt', roles: ['DRAFTER'] },
        };
        const appended = event(data, metadata);
        const before = Date.now();
        await store.append(streamName(), [appended], { expectedRevision: 'no_stream' });

        const [stored] = await readStream(streamName());

        expect(stored.id).toBe(appended.id);
        expect(stored.stream).toBe(streamName());
        expect(stored.type).toBe(appended.type);
        expect(stored.data).toEqual(appended.data);
        expect(stored.data).toMatchObject(data);
        expect(stored.metadata).toMatchObject(metadata);
        expect(stored.recordedAt).toBeInstanceOf(Date);
        expect(stored.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
        expect(stored.recordedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      });

      it('is sealed into the stream hash chain by the store', async () => {
        await store.append(streamName(), [event(), event()], { expectedRevision: 'no_stream' });
        await store.append(streamName(), [event()], { expectedRevision: 1n });

        const stored = await readStream(streamName());

        expect(stored[0].metadata.prevHash).toBe(GENESIS_HASH);
        expect(stored[1].metadata.prevHash).toBe(stored[0].metadata.hash);
        expect(stored[2].metadata.prevHash).toBe(stored[1].metadata.hash);
        expect(stored.every((e) => /^[0-9a-f]{64}$/.test(e.metadata.hash))).toBe(true);
        expect(verifyHashChain(streamName(), stored)).toEqual({ valid: true, checkedEvents: 3 });
      });
    });

    describe('readStream', () => {
      beforeEach(async () => {
        await store.append(
          streamName(),
          [0, 1, 2, 3, 4].map((n) => event({ n })),
          { expectedRevision: 'no_stream' },
        );
        await store.append(streamName('b'), [event({ n: 100 })], { expectedRevision: 'no_stream' });
      });

      const numbers = (events: RecordedEvent[]) => events.map((e) => e.data.n);

      it('reads forwards, from a revision, and at most maxCount', async () => {
        expect(numbers(await readStream(streamName()))).toEqual([0, 1, 2, 3, 4]);
        expect(numbers(await readStream(streamName(), { fromRevision: 2n }))).toEqual([2, 3, 4]);
        expect(numbers(await readStream(streamName(), { fromRevision: 1n, maxCount: 2 }))).toEqual([1, 2]);
      });

      it('reads backwards, from the end or a revision', async () => {
        expect(numbers(await readStream(streamName(), { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
        expect(numbers(await readStream(streamName(), { direction: 'backwards', maxCount: 1 }))).toEqual([4]);
        expect(numbers(await readStream(streamName(), { direction: 'backwards', fromRevision: 2n }))).toEqual([2, 1, 0]);
      });

      it('keeps streams isolated and reads a missing stream as empty', async () => {
        expect(numbers(await readStream(streamName('b')))).toEqual([100]);
        expect(await readStream(streamName('missing'))).toEqual([]);
        expect(await readStream(streamName(), { fromRevision: 9n })).toEqual([]);
      });
    });

    describe('readAll', () => {
      let appendedOrder: string[];

      beforeEach(async () => {
        appendedOrder = [];
        const append = async (name: string, type: string) => {
          const e = event({ name }, {}, type);
          appendedOrder.push(e.id);
          await store.append(streamName(name), [e], { expectedRevision: 'any' });
        };
        await append('x', 'Drafted');
        await append('y', 'Drafted');
        await append('x', 'Signed');
        await append('y', 'Signed');
        await append('x', 'Activated');
      });

      const own = (options?: Parameters<EventStore['readAll']>[0]) =>
        collect(store.readAll({ ...options, filter: { streamPrefixes: [prefix], ...options?.filter } })).then(ownEvents);

      it('reads $all in commit order across streams, forwards and backwards', async () => {
        const forwards = await own();
        const backwards = await own({ direction: 'backwards' });

        expect(forwards.map((e) => e.id)).toEqual(appendedOrder);
        expect(backwards.map((e) => e.id)).toEqual([...appendedOrder].reverse());
        const positions = forwards.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      });

      it('reads from a position (inclusive) and at most maxCount', async () => {
        const all = await own();

        const fromThird = await own({ fromPosition: all[2].position });
        const limited = await own({ fromPosition: all[1].position, maxCount: 2 });
        const backFromThird = await own({ direction: 'backwards', fromPosition: all[2].position });

        expect(fromThird.map((e) => e.id)).toEqual(appendedOrder.slice(2));
        expect(limited.map((e) => e.id)).toEqual(appendedOrder.slice(1, 3));
        expect(backFromThird.map((e) => e.id)).toEqual(appendedOrder.slice(0, 3).reverse());
      });

      it('filters by stream prefix and by event type', async () => {
        const ofX = await own({ filter: { streamPrefixes: [streamName('x')] } });
        const signed = await own({ filter: { eventTypes: ['Signed'] } });
        const xSigned = await own({ filter: { streamPrefixes: [streamName('x')], eventTypes: ['Signed'] } });

        expect(ofX.map((e) => e.data.name)).toEqual(['x', 'x', 'x']);
        expect(signed.map((e) => e.stream)).toEqual([streamName('x'), streamName('y')]);
        expect(xSigned).toHaveLength(1);
      });
    });

    describe('subscribeToAll', () => {
      const mine = () => ({ streamPrefixes: [prefix] });

      it('delivers history, signals caught-up, then delivers live events, and stops on close()', async () => {
        const first = await store.append(streamName(), [event({ n: 1 }), event({ n: 2 })], { expectedRevision: 'no_stream' });
        const probe = new SubscriptionProbe(store.subscribeToAll({ filter: mine() }));

        const history = await probe.take(3);
        expect(history.slice(0, 2).map((m) => m.kind === 'event' && m.event.data.n)).toEqual([1, 2]);
        expect(history[2]).toMatchObject({ kind: 'caughtUp' });
        const caughtUp = history[2] as { position: bigint };
        expect(caughtUp.position).toBeGreaterThanOrEqual(first.position);

        await store.append(streamName(), [event({ n: 3 })], { expectedRevision: 1n });
        await store.append(streamName('other'), [event({ n: 4 })], { expectedRevision: 'no_stream' });
        const live = await probe.take(2);
        expect(live.map((m) => m.kind === 'event' && m.event.data.n)).toEqual([3, 4]);

        await probe.close();
        await store.append(streamName(), [event({ n: 5 })], { expectedRevision: 2n });
        expect(probe.pending()).toEqual([]);
      });

      it('resumes strictly after the given position', async () => {
        await store.append(streamName(), [event({ n: 1 }), event({ n: 2 }), event({ n: 3 })], {
          expectedRevision: 'no_stream',
        });
        const [, second] = await readStream(streamName());
        const probe = new SubscriptionProbe(store.subscribeToAll({ fromPosition: second.position, filter: mine() }));

        const messages = await probe.take(2);

        expect(messages[0]).toMatchObject({ kind: 'event', event: { data: { n: 3 } } });
        expect(messages[1]).toMatchObject({ kind: 'caughtUp' });
        await probe.close();
      });

      it('delivers events appended while it catches up, in order, without gaps or repeats', async () => {
        const probe = new SubscriptionProbe(store.subscribeToAll({ filter: mine() }));
        const appends = Array.from({ length: 20 }, (_, n) =>
          store.append(streamName(`s${n % 3}`), [event({ n })], { expectedRevision: 'any' }),
        );
        await Promise.all(appends);

        const messages = await probe.take(21);
        const delivered = messages.filter((m) => m.kind === 'event').map((m) => (m as { event: RecordedEvent }).event);
        expect(delivered.map((e) => e.data.n).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 20 }, (_, n) => n));
        const positions = delivered.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
        expect(messages.filter((m) => m.kind === 'caughtUp')).toHaveLength(1);
        await probe.close();
      });

      it('filters by event type', async () => {
        const probe = new SubscriptionProbe(store.subscribeToAll({ filter: { streamPrefixes: [prefix], eventTypes: ['Signed'] } }));
        await probe.take(1);

        await store.append(streamName(), [event({}, {}, 'Drafted'), event({ n: 1 }, {}, 'Signed')], {
          expectedRevision: 'no_stream',
        });
        await store.append(streamName(), [event({ n: 2 }, {}, 'Signed')], { expectedRevision: 1n });

        const messages = await probe.take(2);
        expect(messages.map((m) => m.kind === 'event' && m.event.type)).toEqual(['Signed', 'Signed']);
        await probe.close();
      });
    });
  });
}

let sequence = 0;

function event(data: JsonObject = {}, metadata: JsonObject = {}, type = 'SomethingHappened'): NewEvent {
  sequence += 1;
  return { id: randomUUID(), type, data: { sequence, ...data }, metadata };
}
