import { DEADLINE_READ_MODEL, type DeadlineReadModel } from '../../src/application/ports/deadlines.port';
import { cast, draftMou, expectStatus } from '../support/agreement-scenarios';
import { sample } from '../support/prometheus-text';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * `GET /metrics` after real work: HTTP requests by route pattern, commands by workflow, action and
 * outcome (with the rule that refused one), the store's appends and group commits, where the
 * projection stands, the live feed, and Node's runtime. No agreement id, no token.
 */
describe('GET /metrics', () => {
  let service: TestApp;
  let exposition: string;
  let id: string;

  beforeAll(async () => {
    service = await startTestApp();
    const people = await cast(service);
    ({ id } = await draftMou(people));
    expectStatus(await people.kemendesDrafter.get(`/agreements/${id}?minPosition=0`), 200);
    // Refused by a rule of the workflow: open-signing while in drafting.
    expectStatus(await people.kemendesCoordinator.act(id, 'open-signing'), 409);
    // Refused by a business rule: an approval of a document that is not the submitted one.
    const submitted = await people.kemendesDrafter.act(id, 'submit-for-review');
    expectStatus(submitted, 200);
    expectStatus(await people.kemendesReviewer.act(id, 'approve-review', { documentHash: 'f'.repeat(64) }), 422);
    // The scrape below finds the projections caught up with the submission.
    expectStatus(await people.kemendesDrafter.get(`/agreements/${id}?minPosition=${String(submitted.headers['x-event-position'])}`), 200);
    expect(
      await service.app.get<DeadlineReadModel>(DEADLINE_READ_MODEL).reached(BigInt(String(submitted.headers['x-event-position'])), 10_000),
    ).toBe(true);
    expectStatus(await service.app.inject({ method: 'GET', url: '/no-such-route' }), 404);
    // An action no workflow has: counted as `other`, never as a series of its own.
    expectStatus(await people.kemendesCoordinator.act(id, 'x-made-up-action-7f3a'), 404);
    const response = await service.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    exposition = response.body;
  });

  afterAll(async () => {
    await service.close();
  });

  it('counts and times HTTP requests by route pattern and status, never by raw path', () => {
    expect(sample(exposition, 'sepakat_http_requests_total', { method: 'POST', route: '/agreements', status: '201' })).toBe(1);
    expect(sample(exposition, 'sepakat_http_requests_total', { method: 'GET', route: '/agreements/:id', status: '200' })).toBe(2);
    expect(sample(exposition, 'sepakat_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(
      sample(exposition, 'sepakat_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/agreements/:id/actions/:action',
        status: '200',
      }),
    ).toBe(2);
    expect(exposition).not.toContain(id);
    expect(exposition).not.toMatch(/Bearer|eyJ[A-Za-z0-9_-]{10,}/);
  });

  it('counts commands by workflow, action and outcome, with the rule that refused one', async () => {
    expect(sample(exposition, 'sepakat_commands_total', { workflow: 'nota-kesepahaman@2', action: 'draft', outcome: 'accepted' })).toBe(1);
    expect(
      sample(exposition, 'sepakat_commands_total', { workflow: 'nota-kesepahaman@2', action: 'attach-document', outcome: 'accepted' }),
    ).toBe(1);
    // A refusal's workflow is looked up after the answer: read again once it has been.
    const again = (await service.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(
      sample(again, 'sepakat_commands_total', {
        workflow: 'nota-kesepahaman@2',
        action: 'open-signing',
        outcome: 'refused',
        rule: 'invalid-state',
      }),
    ).toBe(1);
    const refusedByRule = again
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('sepakat_commands_total{') && line.includes('action="approve-review"') && line.includes('outcome="refused"'),
      );
    expect(refusedByRule).toEqual([expect.stringMatching(/workflow="nota-kesepahaman@2".*rule="document-hash".* 1$/)]);
    expect(again).not.toContain('x-made-up-action');
    expect(sample(again, 'sepakat_commands_total', { workflow: 'nota-kesepahaman@2', action: 'other', outcome: 'not-found' })).toBe(1);
  });

  it('times the appends and counts the groups the embedded store committed', () => {
    expect(sample(exposition, 'sepakat_event_store_appends_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(sample(exposition, 'sepakat_event_store_append_duration_seconds_count')).toBeGreaterThanOrEqual(3);
    // Group commits are the embedded store's own (EventStoreDB groups its writes itself).
    if (service.config.eventStore.kind === 'sqlite')
      expect(sample(exposition, 'sepakat_event_store_group_commit_size_count')).toBeGreaterThanOrEqual(1);
    else expect(sample(exposition, 'sepakat_event_store_group_commit_size_count')).toBe(0);
  });

  it('reads at the scrape whether the store answers and where the projection stands against its head', () => {
    expect(sample(exposition, 'sepakat_event_store_up')).toBe(1);
    const head = sample(exposition, 'sepakat_event_store_head_position')!;
    expect(head).toBeGreaterThan(0);
    expect(sample(exposition, 'sepakat_projection_position', { projection: 'agreements@v2' })).toBe(head);
    expect(sample(exposition, 'sepakat_projection_lag_events', { projection: 'agreements@v2' })).toBe(0);
    expect(sample(exposition, 'sepakat_projection_lag_seconds', { projection: 'agreements@v2' })).toBe(0);
    expect(sample(exposition, 'sepakat_projection_status', { projection: 'agreements@v2', status: 'live' })).toBe(1);
    expect(sample(exposition, 'sepakat_projection_status', { projection: 'agreements@v2', status: 'failed' })).toBe(0);
    // The deadlines projection (what the scheduler walks) is watched the same way.
    expect(sample(exposition, 'sepakat_projection_position', { projection: 'deadlines@v1' })).toBe(head);
    expect(sample(exposition, 'sepakat_projection_lag_events', { projection: 'deadlines@v1' })).toBe(0);
    expect(sample(exposition, 'sepakat_projection_status', { projection: 'deadlines@v1', status: 'live' })).toBe(1);
  });

  it('reports the live feed and Node’s runtime', () => {
    expect(sample(exposition, 'sepakat_sse_clients')).toBe(0);
    expect(sample(exposition, 'sepakat_sse_frames_sent_total')).toBe(0);
    expect(sample(exposition, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(exposition, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});

describe('GET /metrics behind METRICS_TOKEN', () => {
  const TOKEN = 'scrape-token-0123456789abcdef';
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp({ METRICS_TOKEN: TOKEN });
  });

  afterAll(async () => {
    await service.close();
  });

  it('answers 401 without the token or with another, and the exposition with it', async () => {
    const scrape = (authorization?: string) =>
      service.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

    const without = await scrape();
    const wrong = await scrape(`Bearer ${TOKEN.slice(0, -1)}x`);
    const right = await scrape(`Bearer ${TOKEN}`);

    expect(without.statusCode).toBe(401);
    expect(without.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.statusCode).toBe(401);
    expect(right.statusCode).toBe(200);
    expect(sample(right.body, 'sepakat_event_store_up')).toBe(1);
  });
});
