import { agreementsProjectionVersion } from '../../src/projections/agreements/agreements.projection';
import { MOU_DRAFT, cast, expectStatus } from '../support/agreement-scenarios';
import { startTestApp, type TestApp } from '../support/test-app';

describe('GET /health', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp();
  });

  afterAll(async () => {
    await service.close();
  });

  it('answers without a token with the state of the event store', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up', headPosition: null } } });
  });

  it('answers an unknown route with a problem document', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/no-such-route' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });
});

/**
 * Liveness and readiness apart: a replica whose read model lags behind the store is alive (do not
 * restart it) but not ready (send it no traffic), and ready again once it has caught up.
 */
describe('GET /health/live and /health/ready', () => {
  const MAX_LAG_MS = 150;
  let service: TestApp;
  /** Set while the projection is held: each batch waits for it before it is applied. */
  let held: { promise: Promise<void>; release: () => void } | undefined;

  beforeAll(async () => {
    const real = agreementsProjectionVersion(2);
    const holdable = { ...real, apply: async (...args: Parameters<typeof real.apply>) => (await held?.promise, real.apply(...args)) };
    service = await startTestApp({ HEALTH_READY_MAX_LAG_MS: String(MAX_LAG_MS) }, undefined, {
      agreementsProjectionVersions: [agreementsProjectionVersion(1), holdable],
    });
  });

  afterAll(async () => {
    held?.release();
    await service.close();
  });

  const get = (url: string) => service.app.inject({ method: 'GET', url });

  it('says live, with no token, whatever else holds', async () => {
    const live = await get('/health/live');

    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
  });

  it('says ready on an empty store, and once the read model has applied the latest event', async () => {
    expect((await get('/health/ready')).statusCode).toBe(200);
    const people = await cast(service);
    const drafted = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    expectStatus(drafted, 201);

    const ready = await get('/health/ready');

    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ok',
      info: {
        eventStore: { status: 'up', headPosition: drafted.headers['x-event-position'] },
        projections: { status: 'up' },
        readModel: { status: 'up', headPosition: drafted.headers['x-event-position'], maxLagMs: MAX_LAG_MS },
      },
    });
  });

  it('says not ready (503, and why) while the read model lags beyond the bound, still live, and ready again once it catches up', async () => {
    let release!: () => void;
    held = { promise: new Promise<void>((resolve) => (release = resolve)), release: () => release() };
    const people = await cast(service);
    const drafted = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    expectStatus(drafted, 201);

    const lagging = await get('/health/ready');
    const live = await get('/health/live');
    const legacy = await get('/health');

    expect(lagging.statusCode).toBe(503);
    expect(lagging.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(lagging.json()).toMatchObject({
      status: 503,
      details: {
        eventStore: { status: 'up' },
        projections: { status: 'up' },
        readModel: {
          status: 'down',
          headPosition: drafted.headers['x-event-position'],
          reason: `the read model did not reach the store's head within ${MAX_LAG_MS} ms`,
        },
      },
    });
    expect(live.statusCode).toBe(200);
    // `/health` keeps its meaning: the store answers and no projection has failed.
    expect(legacy.statusCode).toBe(200);

    held.release();
    held = undefined;
    const ready = await get('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ info: { readModel: { status: 'up', appliedPosition: drafted.headers['x-event-position'] } } });
  });
});
