import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type EventData,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { startEsdbTestServer, type EsdbTestServer } from '../support/esdb-test-server';

/** Streams.Delete (soft delete) and Streams.Tombstone (hard delete) through the real client. */
let server: EsdbTestServer;
let client: EventStoreDBClient;

beforeAll(async () => {
  server = await startEsdbTestServer();
  client = EventStoreDBClient.connectionString(server.connectionString);
});

afterAll(async () => {
  await client.dispose();
  await server.stop();
});

const event = (type: string): EventData => jsonEvent({ type, data: { type } });

async function readStream(stream: string): Promise<ResolvedEvent[]> {
  const out: ResolvedEvent[] = [];
  for await (const resolved of client.readStream(stream)) out.push(resolved);
  return out;
}

async function lastInAll(count: number): Promise<AllStreamResolvedEvent[]> {
  const out: AllStreamResolvedEvent[] = [];
  for await (const resolved of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: count })) out.push(resolved);
  return out.reverse();
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function streamWithThreeEvents(): Promise<string> {
  const stream = `deletable-${randomUUID()}`;
  await client.appendToStream(stream, [event('A'), event('B'), event('C')], { expectedRevision: NO_STREAM });
  return stream;
}

describe('soft delete', () => {
  test('reads answer stream-not-found; the delete writes {"$tb": long.MaxValue} to $$stream and answers its position', async () => {
    const stream = await streamWithThreeEvents();
    const { position } = await client.deleteStream(stream);
    expect(await failure(readStream(stream))).toBeInstanceOf(StreamNotFoundError);
    const [metadata] = await lastInAll(1);
    expect(metadata.event).toMatchObject({ streamId: `$$${stream}`, type: '$metadata', revision: 0n, position });
    expect(Buffer.from(JSON.stringify(metadata.event!.data)).toString()).toContain('"$tb"');
  });

  test('appending again with NO_STREAM recreates it: revisions go on, older events stay hidden, $tb moves', async () => {
    const stream = await streamWithThreeEvents();
    await client.deleteStream(stream);
    const result = await client.appendToStream(stream, [event('D')], { expectedRevision: NO_STREAM });
    expect(result.nextExpectedRevision).toBe(3n);
    expect((await readStream(stream)).map((resolved) => [resolved.event?.revision, resolved.event?.type])).toEqual([[3n, 'D']]);
    const [recreated, metadata] = await lastInAll(2);
    expect(recreated.event).toMatchObject({ streamId: stream, type: 'D' });
    expect(metadata.event).toMatchObject({ streamId: `$$${stream}`, type: '$metadata', revision: 1n, data: { $tb: 3 } });
  });

  test('ANY and the last revision recreate it too; STREAM_EXISTS is refused as deleted', async () => {
    const withAny = await streamWithThreeEvents();
    await client.deleteStream(withAny);
    expect((await client.appendToStream(withAny, [event('D')], { expectedRevision: ANY })).nextExpectedRevision).toBe(3n);

    const withRevision = await streamWithThreeEvents();
    await client.deleteStream(withRevision);
    expect((await client.appendToStream(withRevision, [event('D')], { expectedRevision: 2n })).nextExpectedRevision).toBe(3n);

    const withExists = await streamWithThreeEvents();
    await client.deleteStream(withExists);
    expect(await failure(client.appendToStream(withExists, [event('D')], { expectedRevision: STREAM_EXISTS }))).toBeInstanceOf(
      StreamDeletedError,
    );
  });

  test('retrying the original write after a soft delete is idempotent, without a position (the event is unreadable)', async () => {
    const stream = `retry-${randomUUID()}`;
    const batch = [event('A'), event('B')];
    const original = await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    await client.deleteStream(stream);
    const retry = await client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    expect(original.position).toBeDefined();
    expect(retry).toEqual({ success: true, nextExpectedRevision: 1n, position: undefined });
    expect(await failure(readStream(stream))).toBeInstanceOf(StreamNotFoundError);
  });

  test('new metadata recreates it too (SoftUndeleteMetastream): empty, old events still hidden', async () => {
    const stream = await streamWithThreeEvents();
    await client.deleteStream(stream);
    await client.setStreamMetadata(stream, { maxCount: 10 });
    expect(await readStream(stream)).toEqual([]);
    expect((await client.getStreamMetadata(stream)).metadata).toEqual({ maxCount: 10, truncateBefore: 3 });
    await client.appendToStream(stream, [event('D')]);
    expect((await readStream(stream)).map((resolved) => resolved.event?.revision)).toEqual([3n]);
  });

  test('the expected revision is checked: a wrong one, or a stream that never existed, is WrongExpectedVersionError', async () => {
    const stream = await streamWithThreeEvents();
    const wrong = await failure(client.deleteStream(stream, { expectedRevision: 5n }));
    expect(wrong).toBeInstanceOf(WrongExpectedVersionError);
    expect(wrong).toMatchObject({ streamName: stream, expectedVersion: 5n, actualVersion: 2n });
    const missing = await failure(client.deleteStream(`never-${randomUUID()}`));
    // Over the wire these are the server's longs: -2 is ANY, -1 no stream.
    expect(missing).toMatchObject({ expectedVersion: -2n, actualVersion: -1n });
    await client.deleteStream(stream, { expectedRevision: 2n });
  });
});

describe('tombstone', () => {
  test('reads, appends and deletes fail with StreamDeletedError; $all shows the $streamDeleted record', async () => {
    const stream = await streamWithThreeEvents();
    const { position } = await client.tombstoneStream(stream, { expectedRevision: 2n });
    const [tombstone] = await lastInAll(1);
    expect(tombstone.event).toMatchObject({ streamId: stream, type: '$streamDeleted', revision: 2n ** 63n - 1n, position });

    const read = await failure(readStream(stream));
    expect(read).toBeInstanceOf(StreamDeletedError);
    expect(read).toMatchObject({ streamName: stream });
    for (const expectedRevision of [ANY, NO_STREAM, STREAM_EXISTS, 2n] as const) {
      expect(await failure(client.appendToStream(stream, [event('D')], { expectedRevision }))).toBeInstanceOf(StreamDeletedError);
    }
    expect(await failure(client.deleteStream(stream))).toBeInstanceOf(StreamDeletedError);
    expect(await failure(client.tombstoneStream(stream))).toBeInstanceOf(StreamDeletedError);
  });

  test('a soft-deleted stream can be tombstoned; a stream that never existed can be tombstoned', async () => {
    const stream = await streamWithThreeEvents();
    await client.deleteStream(stream);
    await client.tombstoneStream(stream);
    expect(await failure(readStream(stream))).toBeInstanceOf(StreamDeletedError);
    const fresh = `never-${randomUUID()}`;
    await client.tombstoneStream(fresh, { expectedRevision: NO_STREAM });
    expect(await failure(readStream(fresh))).toBeInstanceOf(StreamDeletedError);
  });
});
