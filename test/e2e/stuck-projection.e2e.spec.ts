import { AGREEMENTS_PROJECTION } from '../../src/infrastructure/read-models/read-model.module';
import type { ProjectionVersions } from '../../src/infrastructure/projections/projection-versions';
import { agreementsProjectionVersion } from '../../src/projections/agreements/agreements.projection';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import type { Projection } from '../../src/projections/projection';
import { eventually } from '../support/async';
import { cast, draftMou, expectStatus, MOU_DRAFT, sha256 } from '../support/agreement-scenarios';
import { startEsdbTestServer, type EsdbTestServer } from '../support/esdb-test-server';
import { storedEventCount } from '../support/http-client';
import { startTestApp, TEST_EVENT_STORE_VARIABLE, type TestApp } from '../support/test-app';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

const BUG = "Cannot read properties of undefined (reading 'pages')";

/**
 * `agreements@v1` with a bug: it throws on an attachment named `lampiran-*` (any stored event it
 * cannot apply would do). `agreements@v2` is the same projection, fixed.
 */
const V1 = agreementsProjectionVersion(1);
const buggyV1: Projection<AgreementsTables> = {
  ...V1,
  apply: async (trx, changes) => {
    if (
      changes.some(
        ({ event }) => event.type === 'DocumentAttached' && typeof event.data.name === 'string' && event.data.name.startsWith('lampiran-'),
      )
    )
      throw new TypeError(BUG);
    await V1.apply(trx, changes);
  },
};
const fixedV2 = agreementsProjectionVersion(2);

/**
 * Issue 13, item 3, the runbook of README "When a projection is stuck", over HTTP: a projection
 * that fails on a stored event stops loudly, `/health` names the event, reads of its read model
 * answer 503 at once while everything else keeps working, and a fixed version deployed beside it
 * rebuilds and takes over.
 */
describe('a projection stuck on a stored event', () => {
  let directory: TemporaryDirectory;
  /** In the Jest project `eventstoredb`: one server for both starts of the service, so the restart finds its events. */
  let esdb: EsdbTestServer | undefined;
  let service: TestApp | undefined;

  const start = async (versions: readonly Projection<AgreementsTables>[]) => {
    const store: Record<string, string> = esdb
      ? { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: esdb.connectionString }
      : { EVENT_STORE: 'sqlite' };
    service = await startTestApp(store, directory, { agreementsProjectionVersions: versions });
    return service;
  };
  const versionsOf = (running: TestApp) => running.app.get<ProjectionVersions<AgreementsTables, unknown>>(AGREEMENTS_PROJECTION);

  beforeAll(async () => {
    directory = await temporaryDirectory();
    if (process.env[TEST_EVENT_STORE_VARIABLE] === 'eventstoredb') esdb = await startEsdbTestServer();
  });

  afterAll(async () => {
    await service?.close();
    await esdb?.stop();
    await directory.remove();
  });

  it('is named by /health, refuses its reads with 503 at once, leaves the rest working, and gives way to a fixed version', async () => {
    const stuck = await start([buggyV1]);
    let people = await cast(stuck);
    const { id: before } = await draftMou(people);
    const created = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    expectStatus(created, 201);
    const { id } = created.json<{ id: string }>();
    const attached = await people.kemendesDrafter.act(id, 'attach-document', {
      type: 'KAK',
      sha256: sha256('kak'),
      name: 'lampiran-1.pdf',
    });
    expectStatus(attached, 200);
    const position = attached.headers['x-event-position'] as string;
    await eventually(() => versionsOf(stuck).status().status === 'failed', 'agreements@v1 to stop on the attachment');

    // /health says which projection, which event and why.
    const health = await stuck.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({
      status: 503,
      details: {
        projections: {
          status: 'down',
          projection: 'agreements@v1',
          runner: 'failed',
          stuckAt: { stream: `agreement-${id}`, revision: '1', position, type: 'DocumentAttached', reason: BUG },
        },
        eventStore: { status: 'up' },
      },
    });

    // Every read of its read model answers a clear 503 at once: not an answer from a read model that
    // no longer moves, not a wait for a position it will never reach.
    for (const url of [
      '/agreements',
      `/agreements/${before}`,
      `/agreements?minPosition=${position}`,
      '/inbox',
      '/dashboard/summary',
      '/events',
    ]) {
      const refused = await people.kemendesDrafter.get(url);
      expect({ url, status: refused.statusCode }).toEqual({ url, status: 503 });
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['retry-after']).toBeUndefined();
      expect(refused.json()).toMatchObject({ type: 'urn:sepakat:problem:projection-stuck', status: 503, projection: 'agreements@v1' });
      // The stuck event may be about an agreement this caller may not see: only /health names it.
      expect(refused.body).not.toContain(id);
    }

    // What does not read that projection keeps working: the log, the workflows, commands.
    expect((await people.kemendesDrafter.get(`/agreements/${id}/state`)).json()).toMatchObject({ id, revision: 1, state: 'drafting' });
    expectStatus(await people.auditor.get(`/agreements/${id}/history`), 200);
    expectStatus(await people.kemendesDrafter.get('/workflows'), 200);
    const whileStuck = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    expectStatus(whileStuck, 201);
    const eventsBefore = await storedEventCount(stuck);
    await stuck.close();
    service = undefined;

    // The way out: the fixed projection as v2, deployed beside v1. It rebuilds from the start of
    // the log into its own tables and takes over once it has passed where v1 stopped.
    const fixed = await start([buggyV1, fixedV2]);
    people = await cast(fixed);
    expect(await storedEventCount(fixed)).toBe(eventsBefore);
    await eventually(() => versionsOf(fixed).status().projection === 'agreements@v2', 'agreements@v2 to take over');

    const healthy = await fixed.app.inject({ method: 'GET', url: '/health' });
    expect(healthy.statusCode).toBe(200);
    expect(healthy.json()).toMatchObject({ info: { projections: { status: 'up', projection: 'agreements@v2' } } });
    expect(healthy.json().info.projections.stuckAt).toBeUndefined();
    const detail = await people.kemendesDrafter.get(`/agreements/${id}`);
    expectStatus(detail, 200);
    expect(detail.json()).toMatchObject({ id, revision: 1, agreement: { documents: [{ name: 'lampiran-1.pdf' }] } });
    const list = await people.kemendesDrafter.get('/agreements');
    expect(list.json<{ items: Array<{ id: string }> }>().items.map((item) => item.id)).toEqual(
      expect.arrayContaining([before, id, whileStuck.json<{ id: string }>().id]),
    );
  });
});
