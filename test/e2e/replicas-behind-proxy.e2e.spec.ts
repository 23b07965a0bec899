import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mintEmbeddedToken } from '../../src/infrastructure/auth/token-minter';
import { MOU_DRAFT } from '../support/agreement-scenarios';
import { startEsdbTestServer, type EsdbTestServer } from '../support/esdb-test-server';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import {
  startServiceProcess as startReplica,
  stopServiceProcess as stopReplica,
  type ServiceProcess as Replica,
} from '../support/service-processes';
import { SseClient } from '../support/sse-client';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

/**
 * Two service processes as a deployment runs them: one EventStoreDB (the wire-level test server),
 * one PostgreSQL read model, and a small round-robin proxy in front, as the balancer of
 * docker/compose.cluster.yml. Any replica serves any request: a command through one and a read
 * through the other agree, a dashboard on one sees changes made through the other, and a live-feed
 * ticket from one opens the stream on the other, once.
 */

jest.setTimeout(120_000);

const SECRET = 'replicas-share-this-secret-of-48-characters-xxxx';
const CLAIMS = { subject: 'sub', name: 'name', agency: 'agency', roles: 'roles' };

/** A round-robin HTTP proxy: each request to the next replica, streamed both ways (server-sent events too). */
async function startProxy(targets: () => readonly string[]): Promise<{ url: string; served: string[]; server: Server }> {
  let next = 0;
  const served: string[] = [];
  const server = createServer((incoming, outgoing) => {
    const target = new URL(targets()[next++ % targets().length]);
    served.push(target.host);
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, 'x-forwarded-for': incoming.socket.remoteAddress ?? '' },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served, server };
}

const schema = freshSchemaName();
describePostgres('two service processes behind a proxy, on one EventStoreDB and one PostgreSQL read model', () => {
  let esdb: EsdbTestServer;
  let directory: TemporaryDirectory;
  let replicas: Replica[] = [];
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let token: string;
  const clients: SseClient[] = [];

  const call = async (base: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    esdb = await startEsdbTestServer();
    directory = await temporaryDirectory();
    const env = {
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: esdb.connectionString,
      READ_MODEL_URL: TEST_POSTGRES_URL,
      READ_MODEL_SCHEMA: schema,
      AUTH_JWT_SECRET: SECRET,
      AUTH_RATE_LIMIT_PER_MINUTE: '0',
    };
    // Each replica has a data folder of its own: they share only the store, the read model and the secret.
    replicas = [
      await startReplica({ ...env, DATA_DIR: join(directory.path, 'a') }),
      await startReplica({ ...env, DATA_DIR: join(directory.path, 'b') }),
    ];
    proxy = await startProxy(() => replicas.map((replica) => replica.url));
    token = await mintEmbeddedToken(new TextEncoder().encode(SECRET), CLAIMS, {
      sub: 'biro-ks',
      name: 'Biro Kerja Sama',
      agency: 'kemendes-pdtt',
      roles: ['DRAFTER', 'COORDINATOR'],
      expiresIn: '1h',
    });
  });

  afterAll(async () => {
    for (const client of clients) await client.close();
    proxy?.server.closeAllConnections();
    await new Promise<void>((resolve) => (proxy ? proxy.server.close(() => resolve()) : resolve()));
    for (const replica of replicas) await stopReplica(replica);
    await esdb?.stop();
    await directory?.remove();
    await dropSchema(schema);
  });

  it('takes a command through one replica and answers the read through the other with it', async () => {
    const drafted = await call(proxy.url, 'POST', '/agreements', MOU_DRAFT);
    expect(drafted.status).toBe(201);
    const read = await call(
      proxy.url,
      'GET',
      `/agreements/${String(drafted.json.id)}?minPosition=${drafted.headers.get('x-event-position')}`,
    );

    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ id: drafted.json.id, state: 'drafting' });
    expect(new Set(proxy.served.slice(-2)).size).toBe(2);
  });

  it('shows a dashboard on one replica the changes made through the other', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const ticket = await call(a.url, 'POST', '/events/tickets');
    const dashboard = new SseClient();
    clients.push(dashboard);
    await dashboard.open(`${a.url}/events?ticket=${String(ticket.json.ticket)}`);
    expect(dashboard.status).toBe(200);

    const drafted = await call(b.url, 'POST', '/agreements', { ...MOU_DRAFT, title: 'Dibuat lewat replika lain' });
    expect(drafted.status).toBe(201);

    const [frame] = await dashboard.take(1, 10_000);
    expect(frame).toMatchObject({ id: drafted.headers.get('x-event-position'), event: 'AgreementDrafted' });
    expect(JSON.parse(frame.data!)).toMatchObject({ id: drafted.json.id, title: 'Dibuat lewat replika lain' });
  });

  it('opens the live feed on one replica with a ticket the other issued, once in the whole deployment', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const issued = await call(a.url, 'POST', '/events/tickets');
    const ticket = String(issued.json.ticket);

    const onB = new SseClient();
    clients.push(onB);
    await onB.open(`${b.url}/events?ticket=${ticket}`);
    const again = new SseClient();
    clients.push(again);
    await again.open(`${a.url}/events?ticket=${ticket}`);

    expect(onB.status).toBe(200);
    expect(again.status).toBe(401);
  });
});
