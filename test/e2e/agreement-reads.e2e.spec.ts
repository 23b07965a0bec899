import { activeMou, cast, draftMou, expectStatus, MOU_DRAFT } from '../support/agreement-scenarios';
import { callerFor } from '../support/http-client';
import { dropSchema, freshSchemaName, postgresAvailable, TEST_POSTGRES_URL } from '../support/postgres';
import { startTestApp, type TestApp } from '../support/test-app';

interface Summary {
  id: string;
  state: string;
  title: string;
  parties: Array<{ agencyId: string }>;
  revision: number;
}

const schema = freshSchemaName();

/** The read side over HTTP, on each read-model database: lists and details come from the projection. */
describe.each([
  ['SQLite', async () => ({})],
  ['PostgreSQL', async () => ((await postgresAvailable()) ? { READ_MODEL_URL: TEST_POSTGRES_URL, READ_MODEL_SCHEMA: schema } : undefined)],
] as const)('reading agreements from the read model on %s', (_database, environment) => {
  let service: TestApp | undefined;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    const env = await environment();
    if (!env) return;
    service = await startTestApp(env);
    people = await cast(service);
  });

  afterAll(async () => {
    await service?.close();
    if (_database === 'PostgreSQL' && service) await dropSchema(schema);
  });

  beforeEach(() => {
    if (!service) throw new Error('PostgreSQL is not reachable here (and CI is unset)');
  });

  it('shows a command’s effect at once when asked with its position', async () => {
    const created = await people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, title: 'Kerja Sama Pelatihan Masyarakat' });
    const position = created.headers['x-event-position'] as string;
    const { id } = created.json<{ id: string }>();

    const detail = await people.kemendesDrafter.get(`/agreements/${id}?minPosition=${position}`);

    expectStatus(detail, 200);
    expect(detail.json()).toMatchObject({
      id,
      state: 'drafting',
      title: 'Kerja Sama Pelatihan Masyarakat',
      revision: 0,
      parties: [{ agencyId: 'kemendes-pdtt', role: 'PIHAK_KESATU' }, { agencyId: 'pemkab-barito-kuala', role: 'PIHAK_KEDUA' }],
      children: [],
      availableActions: ['attach-document', 'submit-for-review', 'withdraw'],
    });
  });

  it('answers 503 with Retry-After when the read model cannot reach the position in time', async () => {
    const response = await people.kemendesDrafter.get('/agreements?minPosition=999999999');

    expectStatus(response, 503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lists what the caller may see, filtered and paged stably', async () => {
    const { id: active } = await activeMou(people);
    const drafts = [];
    for (let i = 0; i < 3; i += 1) drafts.push((await draftMou(people, { ...MOU_DRAFT, title: `Percontohan batch ${i}` })).id);
    const last = await people.kemendesDrafter.act(drafts[2]!, 'withdraw', { reason: 'contoh' });
    const at = last.headers['x-event-position'] as string;

    const byState = (await people.auditor.get(`/agreements?state=active&minPosition=${at}`)).json<{ items: Summary[] }>();
    expect(byState.items.map((item) => item.id)).toContain(active);
    expect(byState.items.every((item) => item.state === 'active')).toBe(true);

    const searched = (await people.kemendesDrafter.get('/agreements?q=percontohan%20BATCH')).json<{ items: Summary[] }>();
    expect(searched.items.map((item) => item.title).sort()).toEqual(['Percontohan batch 0', 'Percontohan batch 1', 'Percontohan batch 2']);

    const first = (await people.kemendesDrafter.get('/agreements?q=batch&limit=2')).json<{ items: Summary[]; next: string }>();
    const second = (await people.kemendesDrafter.get(`/agreements?q=batch&limit=2&after=${first.next}`)).json<{ items: Summary[]; next?: string }>();
    expect([...first.items, ...second.items].map((item) => item.title)).toEqual(['Percontohan batch 2', 'Percontohan batch 1', 'Percontohan batch 0']);
    expect(second.next).toBeUndefined();

    const banjar = (await people.banjarCoordinator.get('/agreements')).json<{ items: Summary[] }>();
    expect(banjar.items).toEqual([]);
    expectStatus(await people.banjarCoordinator.get(`/agreements/${active}`), 404);
    const byAgency = (await people.auditor.get('/agreements?agencyId=pemkab-barito-kuala&kind=NOTA_KESEPAHAMAN')).json<{ items: Summary[] }>();
    expect(byAgency.items.length).toBeGreaterThanOrEqual(4);
  });

  it('shows children under their parent and the actions open to each caller', async () => {
    const { id: mou } = await activeMou(people);
    const balilatfo = await callerFor(service!, { sub: 'balilatfo-1', name: 'Balilatfo', agency: 'balilatfo-kemendes-pdtt', roles: ['DRAFTER', 'COORDINATOR'] });
    const pks = await balilatfo.post('/agreements', {
      kind: 'PERJANJIAN_KERJA_SAMA',
      title: 'Pendampingan Desa Percontohan',
      parentId: mou,
      parties: [
        { agencyId: 'balilatfo-kemendes-pdtt', name: 'Balilatfo', role: 'PIHAK_KESATU' },
        { agencyId: 'dinas-pmd-barito-kuala', name: 'Dinas PMD', role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2020-03-10', endDate: '2022-12-31' },
    });
    const at = pks.headers['x-event-position'] as string;

    const parent = (await people.kemendesCoordinator.get(`/agreements/${mou}?minPosition=${at}`)).json<{ children: Array<{ id: string }>; availableActions: string[] }>();
    expect(parent.children.map((child) => child.id)).toEqual([pks.json<{ id: string }>().id]);
    expect(parent.availableActions).toEqual(['propose-locations', 'propose-amendment', 'renew', 'give-termination-notice', 'expire']);
    const children = (await people.auditor.get(`/agreements?parentId=${mou}`)).json<{ items: Summary[] }>();
    expect(children.items).toHaveLength(1);
    expect((await people.auditor.get(`/agreements/${mou}`)).json<{ availableActions: string[] }>().availableActions).toEqual([]);
  });

  it('refuses bad filters with 400', async () => {
    expectStatus(await people.auditor.get('/agreements?state=dreaming'), 400);
    expectStatus(await people.auditor.get('/agreements?limit=1000'), 400);
    expectStatus(await people.auditor.get('/agreements?minPosition=abc'), 400);
    expectStatus(await people.auditor.get('/agreements?after=%%%'), 400);
  });

  it('reports the projection in /health', async () => {
    const health = await service!.app.inject({ method: 'GET', url: '/health' });

    expect(health.json()).toMatchObject({ info: { projections: { status: 'up', runner: 'live', projection: 'agreements@v1' } } });
  });
});
