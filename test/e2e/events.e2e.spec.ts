import { cast, expectStatus, MOU_DRAFT, sha256 } from '../support/agreement-scenarios';
import { SseClient } from '../support/sse-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('GET /events (Server-Sent Events)', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;
  let baseUrl: string;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    service = await startTestApp();
    people = await cast(service);
    await service.app.listen(0, '127.0.0.1');
    baseUrl = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await service.close();
  });

  async function streamFor(caller: (typeof people)[keyof typeof people], headers: Record<string, string> = {}, query = '') {
    const client = new SseClient();
    clients.push(client);
    await client.open(`${baseUrl}/events${query}`, { authorization: caller.authorization, ...headers });
    return client;
  }

  it('delivers each change after it committed, with the position as id and the summary as data', async () => {
    const stream = await streamFor(people.kemendesCoordinator);
    expect(stream.status).toBe(200);

    const created = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    const { id } = created.json<{ id: string }>();
    const [frame] = await stream.take(1);

    expect(frame).toMatchObject({ id: created.headers['x-event-position'], event: 'AgreementDrafted' });
    expect(JSON.parse(frame.data!)).toMatchObject({ id, state: 'drafting', revision: 0, title: MOU_DRAFT.title });
    const detail = await people.kemendesCoordinator.get(`/agreements/${id}`);
    expectStatus(detail, 200);
  });

  it('sends only what the caller may see', async () => {
    const banjar = await streamFor(people.banjarCoordinator);
    const auditor = await streamFor(people.auditor);
    const document = (name: string) => ({ type: 'KAK', sha256: sha256(name), name });

    const hidden = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    const own = await people.banjarCoordinator.post('/agreements', {
      ...MOU_DRAFT,
      title: 'Kerja sama Banjar',
      parties: [MOU_DRAFT.parties[0], { agencyId: 'pemkab-banjar', name: 'Pemkab Banjar', role: 'PIHAK_KEDUA' }],
    });
    // Another change Banjar may not see, then one it may: changes arrive in order, so a change it
    // should not see would come before the last one.
    const hiddenAgain = await people.kemendesDrafter.act(hidden.json<{ id: string }>().id, 'attach-document', document('kak-kemendes.pdf'));
    const ownAgain = await people.banjarCoordinator.act(own.json<{ id: string }>().id, 'attach-document', document('kak-banjar.pdf'));
    const position = (response: typeof own) => response.headers['x-event-position'] as string;

    const seen = await banjar.take(2);

    expect(seen.map((frame) => [frame.id, frame.event])).toEqual([
      [position(own), 'AgreementDrafted'],
      [position(ownAgain), 'DocumentAttached'],
    ]);
    expect(JSON.parse(seen[0].data!)).toMatchObject({ id: own.json<{ id: string }>().id, title: 'Kerja sama Banjar' });
    expect(banjar.pending()).toEqual([]);
    expect((await auditor.take(4)).map((frame) => frame.id)).toEqual([hidden, own, hiddenAgain, ownAgain].map(position));
  });

  it('resumes after Last-Event-ID without gaps or repeats', async () => {
    const first = await streamFor(people.auditor);
    const { id } = (await people.kemendesDrafter.post('/agreements', MOU_DRAFT)).json<{ id: string }>();
    for (const name of ['a', 'b', 'c']) {
      await people.kemendesDrafter.act(id, 'attach-document', {
        type: 'KAK',
        sha256: 'f'.repeat(63) + name.charCodeAt(0).toString(16).slice(-1),
        name: `${name}.pdf`,
      });
    }
    const seen = await first.take(4);
    await first.close();

    const resumed = await streamFor(people.auditor, { 'last-event-id': seen[1].id! });
    const again = await resumed.take(2);

    expect(again.map((frame) => frame.id)).toEqual([seen[2].id, seen[3].id]);
    expect(again.map((frame) => frame.event)).toEqual(['DocumentAttached', 'DocumentAttached']);
  });

  it('refuses a Last-Event-ID that is not a position of this stream, with 400', async () => {
    const created = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
    const position = BigInt(created.headers['x-event-position'] as string);

    const notANumber = await streamFor(people.auditor, { 'last-event-id': 'abc' });
    const beyond = await streamFor(people.auditor, { 'last-event-id': (position + 1_000_000n).toString() });
    const valid = await streamFor(people.auditor, { 'last-event-id': position.toString() });

    expect([notANumber.status, beyond.status, valid.status]).toEqual([400, 400, 200]);
  });

  it('opens from a browser with a one-time ticket instead of a header', async () => {
    const issued = await people.kemendesCoordinator.post('/events/tickets');
    expectStatus(issued, 201);
    const { ticket } = issued.json<{ ticket: string }>();

    const browser = new SseClient();
    clients.push(browser);
    await browser.open(`${baseUrl}/events?ticket=${ticket}`);
    const replayed = new SseClient();
    clients.push(replayed);
    await replayed.open(`${baseUrl}/events?ticket=${ticket}`);
    const forged = new SseClient();
    clients.push(forged);
    await forged.open(`${baseUrl}/events?ticket=not-a-ticket`);
    const bare = new SseClient();
    clients.push(bare);
    await bare.open(`${baseUrl}/events`);

    expect([browser.status, replayed.status, forged.status, bare.status]).toEqual([200, 401, 401, 401]);
    const { id } = (await people.kemendesDrafter.post('/agreements', MOU_DRAFT)).json<{ id: string }>();
    // An agreement an earlier test drafted may still reach the feed first: the frame of this one is looked for.
    const frame = await browser.takeFirst((candidate) => candidate.data?.includes(id) === true);
    expect(JSON.parse(frame.data!)).toMatchObject({ id });
  });
});
