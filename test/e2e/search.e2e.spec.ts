import { randomBytes } from 'node:crypto';
import { activeMou, cast, draftMou, expectStatus, MOU_DRAFT } from '../support/agreement-scenarios';
import { startTestApp, type TestApp } from '../support/test-app';

interface Page {
  items: Array<{ id: string; title: string }>;
  next?: string;
}

/** A word no other test writes: the searches below find only what this file drafted. */
const word = () => `zq${randomBytes(4).toString('hex')}`;

describe('searching agreements (q)', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    service = await startTestApp();
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
  });

  const search = async (caller: (typeof people)[keyof typeof people], query: string, at: string) => {
    const response = await caller.get(`/agreements?${query}&minPosition=${at}`);
    expectStatus(response, 200);
    return response.json<Page>();
  };
  const positionOf = (response: { headers: Record<string, unknown> }) => response.headers['x-event-position'] as string;

  it('finds words of the title and purpose whatever their case and accents, and by their beginning', async () => {
    const token = word();
    const created = await people.kemendesDrafter.post('/agreements', {
      ...MOU_DRAFT,
      title: `Pemberdayaan Désa ${token.toUpperCase()}`,
      purpose: `Kawasan Transmigrasi Ünggul ${token}`,
    });
    expectStatus(created, 201);
    const at = positionOf(created);
    const { id } = created.json<{ id: string }>();

    for (const q of [`desa ${token}`, `DÉSA ${token}`, `${token.slice(0, 6)}`, `unggul ${token}`, `transmigrasi ${token}`]) {
      expect({ q, ids: (await search(people.kemendesDrafter, `q=${encodeURIComponent(q)}`, at)).items.map((item) => item.id) }).toEqual({
        q,
        ids: [id],
      });
    }
    // Every word must match.
    expect((await search(people.kemendesDrafter, `q=${encodeURIComponent(`${token} percontohan`)}`, at)).items).toEqual([]);
  });

  it('finds party names, registry numbers and locations', async () => {
    const token = word();
    const { id } = await activeMou(people);
    expectStatus(await people.kemendesRecords.act(id, 'assign-registry-number', { number: `${token}/NK/2020`, date: '2020-03-10' }), 200);
    const proposed = await people.kemendesCoordinator.act(id, 'propose-locations', {
      locations: [{ province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: `Kecamatan ${token}x` }],
    });
    expectStatus(proposed, 200);
    const at = positionOf(proposed);

    expect((await search(people.kemendesDrafter, `q=${token}%2FNK`, at)).items.map((item) => item.id)).toEqual([id]);
    expect((await search(people.kemendesDrafter, `q=kecamatan+${token}x`, at)).items.map((item) => item.id)).toEqual([id]);
    expect((await search(people.kemendesDrafter, `q=barito+kuala+${token}`, at)).items.map((item) => item.id)).toEqual([id]);
  });

  it('ranks by relevance, pages with `after`, and shows an official only their agency’s agreements', async () => {
    const token = word();
    const weak = await draftMou(people, {
      ...MOU_DRAFT,
      title: 'Kerja sama pelatihan',
      purpose: `Pelatihan aparatur desa, termasuk ${token}, di seluruh kecamatan kabupaten dengan banyak kegiatan lain`,
    });
    const strong = await draftMou(people, { ...MOU_DRAFT, title: `${token} ${token}`, purpose: `${token}` });
    const at = positionOf(
      await people.kemendesDrafter.act(strong.id, 'attach-document', { type: 'KAK', sha256: 'e'.repeat(64), name: 'kak.pdf' }),
    );

    const ranked = await search(people.auditor, `q=${token}`, at);
    expect(ranked.items.map((item) => item.id)).toEqual([strong.id, weak.id]);

    const first = await search(people.auditor, `q=${token}&limit=1`, at);
    expect(first.items.map((item) => item.id)).toEqual([strong.id]);
    const second = await search(people.auditor, `q=${token}&limit=1&after=${first.next!}`, at);
    expect(second.items.map((item) => item.id)).toEqual([weak.id]);
    expect(second.next).toBeUndefined();

    expect((await search(people.banjarCoordinator, `q=${token}`, at)).items).toEqual([]);
    expect((await search(people.baritoCoordinator, `q=${token}`, at)).items).toHaveLength(2);
  });

  it('answers 400, not page one again, for an `after` of another query or not handed out', async () => {
    const listPage = await search(people.auditor, 'limit=1', '0');
    expect(listPage.next).toBeDefined();
    const withSearch = await people.auditor.get(`/agreements?q=desa&after=${listPage.next!}`);
    expect(withSearch.statusCode).toBe(400);
    expect(withSearch.json()).toMatchObject({ status: 400, detail: expect.stringContaining('after') });
    expect((await people.auditor.get('/agreements?after=AAAA')).statusCode).toBe(400);
  });

  it('treats punctuation and symbols in q as spaces, and a q of nothing searchable as no search', async () => {
    const token = word();
    const created = await people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, title: `Desa ${token}` });
    const at = positionOf(created);
    expect((await search(people.kemendesDrafter, `q=${encodeURIComponent(`"${token}"* (`)}`, at)).items.map((item) => item.id)).toEqual([
      created.json<{ id: string }>().id,
    ]);
    const everything = await search(people.auditor, 'limit=5', at);
    expect((await search(people.auditor, `q=${encodeURIComponent('*** ---')}&limit=5`, at)).items).toEqual(everything.items);
  });
});
