import { randomUUID } from 'node:crypto';
import {
  ANY,
  EventStoreDBClient,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  binaryEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { methodCalls, startEsdbTestServer, type EsdbTestServer } from '../support/esdb-test-server';

/**
 * Streams.Append and Streams.BatchAppend through the real client. The client appends with
 * BatchAppend whenever the server lists it (it does, as v21.10+ do) and falls back to Append when
 * the call carries credentials, so every expected-revision case runs on both endpoints.
 */
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

function event(type: string, id: string = randomUUID()): EventData {
  return jsonEvent({ id, type, data: { type }, metadata: { note: type } });
}

async function readStream(stream: string): Promise<ResolvedEvent[]> {
  const out: ResolvedEvent[] = [];
  for await (const resolved of client.readStream(stream)) out.push(resolved);
  return out;
}

async function wrongExpectedVersion(promise: Promise<unknown>): Promise<WrongExpectedVersionError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  return error as WrongExpectedVersionError;
}

test('an append is read back with its revisions, ids, types, data, metadata, creation time and positions', async () => {
  const before = Date.now();
  const first = event('Opened');
  const second = event('Signed');
  const result = await client.appendToStream('roundtrip-1', [first, second], { expectedRevision: NO_STREAM });

  const read = await readStream('roundtrip-1');
  expect(read.map((resolved) => resolved.event?.revision)).toEqual([0n, 1n]);
  const [a, b] = read.map((resolved) => resolved.event!);
  expect(a).toMatchObject({
    streamId: 'roundtrip-1',
    id: first.id,
    type: 'Opened',
    isJson: true,
    data: { type: 'Opened' },
    metadata: { note: 'Opened' },
  });
  expect(b).toMatchObject({ id: second.id, type: 'Signed' });
  expect(a.created.getTime()).toBeGreaterThanOrEqual(before - 1);
  expect(a.created.getTime()).toBeLessThanOrEqual(Date.now());
  // Self-committed events: commit == prepare, also on stream reads; the answer is the last event's.
  expect(a.position!.commit).toBe(a.position!.prepare);
  expect(b.position!.commit).toBeGreaterThan(a.position!.commit);
  expect(result).toEqual({ success: true, nextExpectedRevision: 1n, position: b.position });
});

test('binary events keep their bytes and content type', async () => {
  const data = Uint8Array.from([0, 1, 2, 254, 255]);
  await client.appendToStream('binary-1', binaryEvent({ type: 'Blob', data, metadata: Uint8Array.from([9]) }));
  const [read] = await readStream('binary-1');
  expect(read.event).toMatchObject({ type: 'Blob', isJson: false });
  expect(Buffer.from(read.event!.data as Uint8Array)).toEqual(Buffer.from(data));
});

test('an append of no events succeeds and shows nothing', async () => {
  const stream = `empty-${randomUUID()}`;
  const result = await client.appendToStream(stream, [], { expectedRevision: NO_STREAM });
  expect(result.success).toBe(true);
  await expect(readStream(stream)).rejects.toThrow(/not found/);
  expect((await client.appendToStream(stream, [event('First')], { expectedRevision: NO_STREAM })).nextExpectedRevision).toBe(0n);
});

describe.each([
  ['BatchAppend', {}],
  ['Append', { credentials: { username: 'admin', password: 'changeit' } }],
] as const)('expected revisions over %s', (endpoint, callOptions) => {
  let stream: string;
  let appendCallsBefore: number;
  const append = (events: EventData[], expectedRevision: AppendExpectedRevision): Promise<AppendResult> =>
    client.appendToStream(stream, events, { expectedRevision, ...callOptions });

  beforeEach(async () => {
    stream = `expected-${endpoint}-${randomUUID()}`;
    appendCallsBefore = methodCalls(server).append;
  });

  afterEach(() => {
    // The client really used the endpoint this block is about (BatchAppend is one long-lived call).
    const appendCalls = methodCalls(server).append - appendCallsBefore;
    if (endpoint === 'Append') expect(appendCalls).toBeGreaterThan(0);
    else expect(appendCalls).toBe(0);
  });

  test('NO_STREAM: writes a new stream; refuses an existing one with its current revision', async () => {
    expect(await append([event('A'), event('B')], NO_STREAM)).toMatchObject({ success: true, nextExpectedRevision: 1n });
    const error = await wrongExpectedVersion(append([event('C')], NO_STREAM));
    expect(error).toMatchObject({ streamName: stream, expectedVersion: 'no_stream', actualVersion: 1n });
  });

  test('ANY: writes whether the stream exists or not', async () => {
    expect(await append([event('A')], ANY)).toMatchObject({ nextExpectedRevision: 0n });
    expect(await append([event('B')], ANY)).toMatchObject({ nextExpectedRevision: 1n });
  });

  test('STREAM_EXISTS: refuses a missing stream (actual no_stream); writes an existing one', async () => {
    const error = await wrongExpectedVersion(append([event('A')], STREAM_EXISTS));
    expect(error).toMatchObject({ streamName: stream, expectedVersion: 'stream_exists', actualVersion: 'no_stream' });
    await append([event('A')], NO_STREAM);
    expect(await append([event('B')], STREAM_EXISTS)).toMatchObject({ nextExpectedRevision: 1n });
  });

  test('a revision: 0-based, written when it is the current one, refused when ahead or on a missing stream', async () => {
    const missing = await wrongExpectedVersion(append([event('A')], 0n));
    expect(missing).toMatchObject({ expectedVersion: 0n, actualVersion: 'no_stream' });
    await append([event('A')], NO_STREAM);
    expect(await append([event('B')], 0n)).toMatchObject({ nextExpectedRevision: 1n });
    const ahead = await wrongExpectedVersion(append([event('C')], 5n));
    expect(ahead).toMatchObject({ streamName: stream, expectedVersion: 5n, actualVersion: 1n });
  });

  describe('idempotent retries (IndexWriter.CheckCommit)', () => {
    test('a revision behind the stream with the same ids answers the original write, and writes nothing', async () => {
      const batch = [event('A'), event('B')];
      const original = await append(batch, NO_STREAM);
      await append([event('C')], 1n);
      const retry = await append(batch, NO_STREAM);
      expect(retry).toEqual(original);
      const retryFromRevision = await append([batch[1]], 0n);
      expect(retryFromRevision).toEqual(original);
      expect((await readStream(stream)).map((resolved) => resolved.event?.type)).toEqual(['A', 'B', 'C']);
    });

    test('a revision behind the stream with a different first id is a wrong expected version', async () => {
      await append([event('A'), event('B')], NO_STREAM);
      const error = await wrongExpectedVersion(append([event('X')], 0n));
      expect(error).toMatchObject({ expectedVersion: 0n, actualVersion: 1n });
    });

    test('a revision behind the stream with a different later id ("corrupted idempotency") is a wrong expected version', async () => {
      const a = event('A');
      await append([a, event('B')], NO_STREAM);
      const error = await wrongExpectedVersion(append([a, event('X')], NO_STREAM));
      expect(error).toMatchObject({ expectedVersion: 'no_stream', actualVersion: 1n });
    });

    test('ANY and STREAM_EXISTS with ids already in the stream answer the original write', async () => {
      const batch = [event('A'), event('B')];
      const original = await append(batch, ANY);
      await append([event('C')], ANY);
      expect(await append(batch, ANY)).toEqual(original);
      expect(await append(batch, STREAM_EXISTS)).toEqual(original);
      expect(await readStream(stream)).toHaveLength(3);
    });

    test('ANY with a known first id and a new later one is a wrong expected version; with a new first id it is written', async () => {
      const a = event('A');
      await append([a], ANY);
      const error = await wrongExpectedVersion(append([a, event('B')], ANY));
      expect(error).toMatchObject({ expectedVersion: 'any', actualVersion: 0n });
      expect(await append([event('C'), a], ANY)).toMatchObject({ nextExpectedRevision: 2n });
    });

    test('the current revision with repeated ids is written again (no idempotency there)', async () => {
      const a = event('A');
      await append([a], NO_STREAM);
      expect(await append([a], 0n)).toMatchObject({ success: true, nextExpectedRevision: 1n });
      expect((await readStream(stream)).map((resolved) => resolved.event?.id)).toEqual([a.id, a.id]);
    });

    test('ids of another stream do not matter', async () => {
      const a = event('A');
      await append([a], NO_STREAM);
      const other = await client.appendToStream(`${stream}-other`, [a], { expectedRevision: ANY, ...callOptions });
      expect(other).toMatchObject({ success: true, nextExpectedRevision: 0n });
    });
  });

  test('an append over 1 MiB (MaxAppendSize) is refused', async () => {
    const big = jsonEvent({ type: 'Big', data: { blob: 'x'.repeat(1_100_000) } });
    await expect(append([big], ANY)).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
    await expect(append([big], ANY)).rejects.toMatchObject({ maxAppendSize: 1_048_576 });
  });
});
