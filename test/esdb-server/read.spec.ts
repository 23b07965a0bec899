import { randomUUID } from 'node:crypto';
import { credentials } from '@grpc/grpc-js';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  UnknownError,
  type AllStreamResolvedEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { Empty, StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { startEsdbTestServer, type EsdbTestServer } from '../support/esdb-test-server';

/** Streams.Read of streams and `$all` through the real client (and the generated client for options the Node client does not send). */
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

async function readStream(stream: string, options?: ReadStreamOptions): Promise<ResolvedEvent[]> {
  const out: ResolvedEvent[] = [];
  for await (const resolved of client.readStream(stream, options)) out.push(resolved);
  return out;
}

async function readAll(options?: ReadAllOptions): Promise<AllStreamResolvedEvent[]> {
  const out: AllStreamResolvedEvent[] = [];
  for await (const resolved of client.readAll(options)) out.push(resolved);
  return out;
}

const revisions = (events: ResolvedEvent[]) => events.map((resolved) => resolved.event?.revision);
const types = (events: AllStreamResolvedEvent[]) => events.map((resolved) => resolved.event?.type);

async function appendNumbered(stream: string, count: number): Promise<void> {
  const events = Array.from({ length: count }, (_, n) => jsonEvent({ type: `E${n}`, data: { n } }));
  await client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
}

describe('stream reads', () => {
  const stream = `numbers-${randomUUID()}`;
  beforeAll(() => appendNumbered(stream, 5));

  test('forwards from START, from a revision (inclusive) and with a count', async () => {
    expect(revisions(await readStream(stream))).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(revisions(await readStream(stream, { fromRevision: 2n }))).toEqual([2n, 3n, 4n]);
    expect(revisions(await readStream(stream, { fromRevision: 1n, maxCount: 2 }))).toEqual([1n, 2n]);
    expect(revisions(await readStream(stream, { fromRevision: 9n }))).toEqual([]);
  });

  test('backwards from END, from a revision (inclusive), from START and with a count', async () => {
    expect(revisions(await readStream(stream, { direction: BACKWARDS, fromRevision: END }))).toEqual([4n, 3n, 2n, 1n, 0n]);
    expect(revisions(await readStream(stream, { direction: BACKWARDS, fromRevision: 2n }))).toEqual([2n, 1n, 0n]);
    expect(revisions(await readStream(stream, { direction: BACKWARDS, fromRevision: START }))).toEqual([0n]);
    expect(revisions(await readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 2 }))).toEqual([4n, 3n]);
    expect(revisions(await readStream(stream, { direction: BACKWARDS, fromRevision: 40n, maxCount: 1 }))).toEqual([4n]);
  });

  test('a missing stream is StreamNotFoundError (the stream_not_found message)', async () => {
    const error = await readStream('never-written').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StreamNotFoundError);
    expect(error).toMatchObject({ streamName: 'never-written' });
  });

  test('forwards from END is a server error, as EventStoreDB answers it (ReadStreamResult.Error)', async () => {
    await expect(readStream(stream, { fromRevision: END })).rejects.toBeInstanceOf(UnknownError);
  });
});

describe('$all reads', () => {
  test('start with the system events of a fresh node; $epoch-information is never shown', async () => {
    const all = await readAll({ maxCount: 4 });
    expect(all.map((resolved) => [resolved.event?.streamId, resolved.event?.type])).toEqual([
      ['$$$stats-127.0.0.1:2113', '$metadata'],
      ['$user-admin', '$UserCreated'],
      ['$users', '$User'],
      ['$stats-127.0.0.1:2113', '$statsCollected'],
    ]);
    expect((await readAll()).some((resolved) => resolved.event?.streamId === '$epoch-information')).toBe(false);
  });

  test('a multi-event append: each event its own commit = prepare position, increasing by record size; the append answers the last', async () => {
    const stream = `positions-${randomUUID()}`;
    const result = await client.appendToStream(
      stream,
      [jsonEvent({ type: 'A', data: { x: 1 } }), jsonEvent({ type: 'B', data: { y: 'two' } }), jsonEvent({ type: 'C', data: {} })],
      { expectedRevision: NO_STREAM },
    );
    const mine = (await readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 3 })).reverse();
    expect(mine.map((resolved) => resolved.event?.streamId)).toEqual([stream, stream, stream]);
    const positions = mine.map((resolved) => resolved.event!.position);
    for (const position of positions) expect(position.commit).toBe(position.prepare);
    expect(positions.map((position) => position.commit)).toEqual(
      [...positions.map((position) => position.commit)].sort((a, b) => (a < b ? -1 : 1)),
    );
    const gaps = positions.slice(1).map((position, index) => position.commit - positions[index].commit);
    for (const gap of gaps) expect(gap).toBeGreaterThan(64n);
    expect(result.position).toEqual(positions[2]);
    // The stream read shows the same positions.
    expect((await readStream(stream)).map((resolved) => resolved.event!.position)).toEqual(positions);
  });

  test('forwards from a position includes the event at it; backwards from it excludes it', async () => {
    const stream = `bounds-${randomUUID()}`;
    await appendNumbered(stream, 3);
    const [first, second, third] = (await readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 3 })).reverse();
    const at: Position = second.event!.position;
    expect(types(await readAll({ fromPosition: at, maxCount: 2 }))).toEqual(['E1', 'E2']);
    expect(types(await readAll({ fromPosition: at, direction: BACKWARDS, maxCount: 1 }))).toEqual(['E0']);
    expect(types(await readAll({ fromPosition: third.event!.position, direction: BACKWARDS, maxCount: 2 }))).toEqual(['E1', 'E0']);
    expect(first.event!.type).toBe('E0');
  });

  test('END: forwards reads nothing, backwards starts with the last event', async () => {
    const stream = `end-${randomUUID()}`;
    await appendNumbered(stream, 2);
    expect(await readAll({ fromPosition: END, direction: FORWARDS })).toEqual([]);
    expect(types(await readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }))).toEqual(['E1']);
  });

  test('a position inside a record is refused', async () => {
    const [last] = await readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 });
    const inside = last.event!.position.commit - 3n;
    await expect(readAll({ fromPosition: { commit: inside, prepare: inside } })).rejects.toBeInstanceOf(UnknownError);
  });
});

describe('options the Node client does not send (generated client)', () => {
  let raw: StreamsClient;
  beforeAll(() => {
    raw = new StreamsClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
  });
  afterAll(() => raw.close());

  function readReq(configure: (options: ReadReq.Options) => void): ReadReq {
    const options = new ReadReq.Options();
    options.setReadDirection(ReadReq.Options.ReadDirection.FORWARDS);
    options.setResolveLinks(false);
    options.setCount('1000000');
    options.setNoFilter(new Empty());
    configure(options);
    const request = new ReadReq();
    request.setOptions(options);
    return request;
  }

  async function call(request: ReadReq): Promise<ReadResp[]> {
    const out: ReadResp[] = [];
    for await (const response of raw.read(request)) out.push(response as ReadResp);
    return out;
  }

  test('structured UUIDs when asked for them', async () => {
    const id = randomUUID();
    const stream = `structured-${randomUUID()}`;
    await client.appendToStream(stream, jsonEvent({ id, type: 'A', data: {} }));
    const [response] = await call(
      readReq((options) => {
        const streamOptions = new ReadReq.Options.StreamOptions();
        const identifier = new StreamIdentifier();
        identifier.setStreamName(Buffer.from(stream));
        streamOptions.setStreamIdentifier(identifier);
        streamOptions.setStart(new Empty());
        options.setStream(streamOptions);
        const uuid = new ReadReq.Options.UUIDOption();
        uuid.setStructured(new Empty());
        options.setUuidOption(uuid);
      }),
    );
    const structured = response.getEvent()!.getEvent()!.getId()!.getStructured()!;
    const hex = [structured.getMostSignificantBits(), structured.getLeastSignificantBits()]
      .map((half) => BigInt.asUintN(64, BigInt(half)).toString(16).padStart(16, '0'))
      .join('');
    expect(hex).toBe(id.replace(/-/g, ''));
  });

  test('a filtered $all read returns only matching events', async () => {
    const prefix = `filtered-${randomUUID()}`;
    await client.appendToStream(`${prefix}-a`, jsonEvent({ type: 'Wanted', data: {} }));
    await client.appendToStream(`other-${randomUUID()}`, jsonEvent({ type: 'Unwanted', data: {} }));
    await client.appendToStream(`${prefix}-b`, jsonEvent({ type: 'Wanted', data: {} }));
    const responses = await call(
      readReq((options) => {
        const all = new ReadReq.Options.AllOptions();
        all.setStart(new Empty());
        options.setAll(all);
        const expression = new ReadReq.Options.FilterOptions.Expression();
        expression.setPrefixList([prefix]);
        const filter = new ReadReq.Options.FilterOptions();
        filter.setStreamIdentifier(expression);
        filter.setCount(new Empty());
        filter.setCheckpointintervalmultiplier(1);
        options.setFilter(filter);
        const uuid = new ReadReq.Options.UUIDOption();
        uuid.setString(new Empty());
        options.setUuidOption(uuid);
      }),
    );
    expect(
      responses.map((response) => Buffer.from(response.getEvent()!.getEvent()!.getStreamIdentifier()!.getStreamName_asU8()).toString()),
    ).toEqual([`${prefix}-a`, `${prefix}-b`]);
  });
});
