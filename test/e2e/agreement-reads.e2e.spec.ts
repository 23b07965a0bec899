import { activeMou, cast, draftMou, expectStatus, MOU_DRAFT } from '../support/agreement-scenarios';
import { callerFor } from '../support/http-client';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import { startTestApp, type TestApp } from '../support/test-app';

interface Summary {
  id: string;
  kind: string;
  state: string;
  title: string;
  parties: Array<{ agencyId: string }>;
  revision: number;
}

/** The read side over HTTP, on one read-model database: lists and details come from the projection. */
function readingAgreements(env: Record<string, string>, dropDatabase: () => Promise<void> = async () => {}): void {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    service = await startTestApp(env);
    people = await cast(service);
  });

  afterAll(async () => {
    await service?.close();
    await dropDatabase();
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
      parties: [
        { agencyId: 'kemendes-pdtt', role: 'PIHAK_KESATU' },
        { agencyId: 'pemkab-barito-kuala', role: 'PIHAK_KEDUA' },
      ],
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
    expectStatus(await people.kemendesDrafter.act(drafts[2], 'withdraw', { reason: 'contoh' }), 200);
    // Rows the filters must leave out: a MoU without Barito Kuala, and a PKS of the same parties.
    const banjarMou = await people.banjarCoordinator.post('/agreements', {
      ...MOU_DRAFT,
      title: 'Kerja sama Banjar',
      parties: [MOU_DRAFT.parties[0], { agencyId: 'pemkab-banjar', name: 'Pemkab Banjar', role: 'PIHAK_KEDUA' }],
    });
    expectStatus(banjarMou, 201);
    const banjarId = banjarMou.json<{ id: string }>().id;
    const pks = await people.kemendesDrafter.post('/agreements', {
      ...MOU_DRAFT,
      kind: 'PERJANJIAN_KERJA_SAMA',
      title: 'Perjanjian kerja sama Barito Kuala',
    });
    expectStatus(pks, 201);
    const pksId = pks.json<{ id: string }>().id;
    const at = pks.headers['x-event-position'] as string;
    const list = async (caller: (typeof people)[keyof typeof people], query: string) => {
      const response = await caller.get(`/agreements?${query}`);
      expectStatus(response, 200);
      return response.json<{ items: Summary[]; next?: string }>();
    };
    const ids = (items: Summary[]) => items.map((item) => item.id);
    const among = (items: Summary[], candidates: string[]) => ids(items).filter((id) => candidates.includes(id));

    const byState = (await list(people.auditor, `state=active&minPosition=${at}`)).items;
    expect(among(byState, [active, ...drafts, banjarId, pksId])).toEqual([active]);
    expect(byState.every((item) => item.state === 'active')).toBe(true);

    const searched = (await list(people.kemendesDrafter, 'q=percontohan%20BATCH')).items;
    expect(searched.map((item) => item.title).sort()).toEqual(['Percontohan batch 0', 'Percontohan batch 1', 'Percontohan batch 2']);

    const first = await list(people.kemendesDrafter, 'q=batch&limit=2');
    const second = await list(people.kemendesDrafter, `q=batch&limit=2&after=${first.next}`);
    expect([...first.items, ...second.items].map((item) => item.title)).toEqual([
      'Percontohan batch 2',
      'Percontohan batch 1',
      'Percontohan batch 0',
    ]);
    expect(second.next).toBeUndefined();

    expect(ids((await list(people.banjarCoordinator, '')).items)).toEqual([banjarId]);
    expectStatus(await people.banjarCoordinator.get(`/agreements/${active}`), 404);
    const byAgency = (await list(people.auditor, 'agencyId=pemkab-barito-kuala&kind=NOTA_KESEPAHAMAN')).items;
    expect(among(byAgency, [active, ...drafts, banjarId, pksId]).sort()).toEqual([active, ...drafts].sort());
    expect(
      byAgency.every((item) => item.kind === 'NOTA_KESEPAHAMAN' && item.parties.some((party) => party.agencyId === 'pemkab-barito-kuala')),
    ).toBe(true);
  });

  it('shows children under their parent and the actions open to each caller', async () => {
    const { id: mou } = await activeMou(people);
    const balilatfo = await callerFor(service, {
      sub: 'balilatfo-1',
      name: 'Balilatfo',
      agency: 'balilatfo-kemendes-pdtt',
      roles: ['DRAFTER', 'COORDINATOR'],
    });
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

    const parent = (await people.kemendesCoordinator.get(`/agreements/${mou}?minPosition=${at}`)).json<{
      children: Array<{ id: string }>;
      availableActions: string[];
    }>();
    expect(parent.children.map((child) => child.id)).toEqual([pks.json<{ id: string }>().id]);
    expect(parent.availableActions).toEqual(['propose-locations', 'propose-amendment', 'renew', 'give-termination-notice', 'expire']);
    const children = (await people.auditor.get(`/agreements?parentId=${mou}`)).json<{ items: Summary[] }>();
    expect(children.items.map((child) => child.id)).toEqual([pks.json<{ id: string }>().id]);
    expect((await people.auditor.get(`/agreements/${mou}`)).json<{ availableActions: string[] }>().availableActions).toEqual([]);
  });

  it('refuses bad filters with 400', async () => {
    expectStatus(await people.auditor.get('/agreements?state=dreaming'), 400);
    expectStatus(await people.auditor.get('/agreements?limit=1000'), 400);
    expectStatus(await people.auditor.get('/agreements?minPosition=abc'), 400);
    expectStatus(await people.auditor.get('/agreements?after=%%%'), 400);
  });

  it('reports the projection in /health', async () => {
    const health = await service.app.inject({ method: 'GET', url: '/health' });

    expect(health.json()).toMatchObject({ info: { projections: { status: 'up', runner: 'live', projection: 'agreements@v2' } } });
  });
}

describe('reading agreements from the read model on SQLite', () => readingAgreements({}));

const schema = freshSchemaName();
describePostgres('reading agreements from the read model on PostgreSQL', () =>
  readingAgreements({ READ_MODEL_URL: TEST_POSTGRES_URL, READ_MODEL_SCHEMA: schema }, () => dropSchema(schema)),
);
