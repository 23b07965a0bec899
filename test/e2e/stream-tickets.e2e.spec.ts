import { cast, expectStatus } from '../support/agreement-scenarios';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Live-feed tickets behind a load balancer: signed, so any replica reads a ticket another issued;
 * single-use in the whole deployment, through the shared read-model database; refused when altered
 * or late.
 */

interface Replica {
  readonly service: TestApp;
  readonly url: string;
}

async function replica(env: Record<string, string>, directory: TemporaryDirectory, overrides = {}): Promise<Replica> {
  const service = await startTestApp(env, directory, overrides);
  await service.app.listen(0, '127.0.0.1');
  return { service, url: (await service.app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** Opens `GET /events?ticket=` and lets go once the answer's status is known. */
async function open(replica: Replica, ticket: string): Promise<number> {
  const controller = new AbortController();
  const response = await fetch(`${replica.url}/events?ticket=${encodeURIComponent(ticket)}`, { signal: controller.signal });
  controller.abort();
  return response.status;
}

async function stop(replicas: Replica[]): Promise<void> {
  for (const { service } of replicas) {
    service.app.getHttpServer().closeAllConnections();
    await service.close();
  }
}

async function ticketFrom(replica: Replica): Promise<string> {
  const issued = await (await cast(replica.service)).kemendesCoordinator.post('/events/tickets');
  expectStatus(issued, 201);
  return issued.json<{ ticket: string }>().ticket;
}

describe('live-feed tickets in one process', () => {
  let directory: TemporaryDirectory;
  let replicas: Replica[] = [];
  let now = Date.now();

  beforeAll(async () => {
    directory = await temporaryDirectory();
    replicas = [await replica({}, directory, { clock: { now: () => new Date(now) } })];
  });

  afterAll(async () => {
    await stop(replicas);
    await directory.remove();
  });

  it('opens the stream once; a second use, an altered ticket and a late one are refused', async () => {
    const [only] = replicas;
    const ticket = await ticketFrom(only);
    const [body, signature] = ticket.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { a: { roles: string[] } };
    // The same ticket naming more roles, with the old signature: refused.
    const forged = `${Buffer.from(JSON.stringify({ ...payload, a: { ...payload.a, roles: ['ADMIN'] } })).toString('base64url')}.${signature}`;

    expect(await open(only, forged)).toBe(401);
    expect(await open(only, ticket)).toBe(200);
    expect(await open(only, ticket)).toBe(401);

    const late = await ticketFrom(only);
    now += 61_000;
    expect(await open(only, late)).toBe(401);
  });
});

const schema = freshSchemaName();
describePostgres('live-feed tickets across two replicas on one PostgreSQL read model', () => {
  let directory: TemporaryDirectory;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    // The same data folder (the same event store and embedded secret) and the same read model: two replicas of one deployment.
    directory = await temporaryDirectory();
    const env = { READ_MODEL_URL: TEST_POSTGRES_URL, READ_MODEL_SCHEMA: schema };
    replicas = [await replica(env, directory), await replica(env, directory)];
  });

  afterAll(async () => {
    await stop(replicas);
    await directory.remove();
    await dropSchema(schema);
  });

  it('a ticket issued by one replica opens the stream on the other, once in the whole deployment', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const ticket = await ticketFrom(a);

    expect(await open(b, ticket)).toBe(200);
    expect(await open(a, ticket)).toBe(401);
    expect(await open(b, ticket)).toBe(401);
  });

  it('lets one of two replicas win a ticket presented to both at once', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const ticket = await ticketFrom(b);

    const statuses = await Promise.all([open(a, ticket), open(b, ticket)]);

    expect(statuses.sort()).toEqual([200, 401]);
  });
});
