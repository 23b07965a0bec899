import { connect } from 'node:net';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { END, EventStoreDBClient, jsonEvent, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { methodCalls, startEsdbTestServer } from '../support/esdb-test-server';
import { SubscriptionRecorder } from '../support/esdb-test-server/subscription-recorder';

/** ServerFeatures, what the client calls to connect, and the server's lifecycle. */

async function readAll(client: EventStoreDBClient): Promise<AllStreamResolvedEvent[]> {
  const out: AllStreamResolvedEvent[] = [];
  for await (const resolved of client.readAll()) out.push(resolved);
  return out;
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('GetSupportedMethods answers a v24.10 version and the served methods with their features', async () => {
  const server = await startEsdbTestServer();
  const raw = new ServerFeaturesClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
  try {
    const supported = await new Promise<SupportedMethods>((resolve, reject) =>
      raw.getSupportedMethods(new Empty(), (error: ServiceError | null, response: SupportedMethods) =>
        error ? reject(error) : resolve(response),
      ),
    );
    expect(supported.getEventStoreServerVersion()).toBe('24.10.4');
    const methods = supported.getMethodsList().map((method) => [method.getServiceName(), method.getMethodName(), method.getFeaturesList()]);
    expect(methods).toEqual(
      expect.arrayContaining([
        ['event_store.client.streams.streams', 'read', ['position', 'events']],
        ['event_store.client.streams.streams', 'append', []],
        ['event_store.client.streams.streams', 'batchappend', ['deadline_duration']],
        ['event_store.client.streams.streams', 'delete', []],
        ['event_store.client.streams.streams', 'tombstone', []],
      ]),
    );
  } finally {
    raw.close();
    await server.stop();
  }
});

test('the client asks for the features once, then appends over BatchAppend', async () => {
  const server = await startEsdbTestServer();
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    await client.appendToStream('features-1', jsonEvent({ type: 'A', data: {} }));
    await client.appendToStream('features-1', jsonEvent({ type: 'B', data: {} }));
    expect(methodCalls(server)).toMatchObject({ getSupportedMethods: 1, batchAppend: 1, append: 0 });
  } finally {
    await client.dispose();
    await server.stop();
  }
});

test('stop closes the port and ends subscriptions; a server started on the same port serves again, without the data', async () => {
  const first = await startEsdbTestServer();
  const port = first.port;
  const client = EventStoreDBClient.connectionString(first.connectionString);
  await client.appendToStream('restart-1', jsonEvent({ type: 'Before', data: {} }));
  const recorder = new SubscriptionRecorder().attach(client.subscribeToAll({ fromPosition: END }));
  await recorder.until((r) => r.items.some((item) => item.kind === 'caughtUp'), 'caughtUp');

  await first.stop();
  expect(await portAccepts(port)).toBe(false);
  await recorder.until((r) => r.error !== undefined || r.ended, 'the subscription to end');

  const second = await startEsdbTestServer({ port });
  try {
    expect(second.port).toBe(port);
    expect(second.connectionString).toBe(`esdb://127.0.0.1:${port}?tls=false`);
    // The same client reconnects (its first call may still see the dropped channel).
    let events: AllStreamResolvedEvent[] | undefined;
    for (let attempt = 0; attempt < 3 && events === undefined; attempt++) {
      events = await readAll(client).catch(() => undefined);
    }
    expect(events!.some((resolved) => resolved.event?.streamId === 'restart-1')).toBe(false);
    expect(events!.length).toBeGreaterThan(0);
    await client.appendToStream('restart-1', jsonEvent({ type: 'After', data: {} }));
  } finally {
    await client.dispose();
    await second.stop();
  }
});
