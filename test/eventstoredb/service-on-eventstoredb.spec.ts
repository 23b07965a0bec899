import { cast, expectStatus, MOU_DRAFT } from '../support/agreement-scenarios';
import { startEsdbTestServer, type EsdbTestServer } from '../support/esdb-test-server';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The service with EVENT_STORE=eventstoredb when EventStoreDB goes away (the whole e2e suite also
 * runs on it, in the Jest project `eventstoredb`): commands answer 503 with Retry-After, health
 * says down, and nothing else breaks.
 */
describe('the service on EventStoreDB', () => {
  let server: EsdbTestServer;
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    server = await startEsdbTestServer();
    service = await startTestApp({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: server.connectionString });
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
    await server.stop();
  });

  it('reports the store up with its head position', async () => {
    const drafted = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    expectStatus(drafted, 201);

    const health = await service.app.inject({ method: 'GET', url: '/health' });

    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ info: { eventStore: { status: 'up', headPosition: drafted.headers['x-event-position'] } } });
  });

  it('answers 503 with Retry-After while EventStoreDB is unreachable, and health says down', async () => {
    const drafted = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    expectStatus(drafted, 201);
    const { id } = drafted.json<{ id: string }>();
    await server.stop();

    const refused = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    const state = await people.kemendesDrafter.get(`/agreements/${id}/state`);
    const health = await service.app.inject({ method: 'GET', url: '/health' });

    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ status: 503, detail: expect.stringContaining('EventStoreDB is unavailable') });
    expect(state.statusCode).toBe(503);
    expect(health.statusCode).toBe(503);
    // Not ready (no traffic to this replica) but alive (restarting it would not bring the store back).
    const ready = await service.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      details: { eventStore: { status: 'down' }, readModel: { status: 'down', reason: 'the event store did not answer' } },
    });
    expect((await service.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});
