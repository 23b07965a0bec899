import { cast, draftMou, expectStatus } from '../support/agreement-scenarios';
import { eventually } from '../support/async';
import { startTestApp, type TestApp } from '../support/test-app';

interface InboxItem {
  agreementId: string;
  state: string;
  actions: string[];
  waitingSince: string;
}

describe('GET /inbox', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    service = await startTestApp();
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
  });

  const inboxOf = async (caller: (typeof people)[keyof typeof people], at: string) => {
    const response = await caller.get(`/inbox?minPosition=${at}`);
    expectStatus(response, 200);
    return response.json<InboxItem[]>();
  };

  it('shows each official the steps waiting for their agency and roles', async () => {
    const older = await draftMou(people);
    const newer = await draftMou(people);
    expectStatus(await people.kemendesDrafter.act(older.id, 'submit-for-review'), 200);
    const cleared = await people.kemendesReviewer.act(older.id, 'approve-review', { documentHash: older.draftHash });
    const at = cleared.headers['x-event-position'] as string;

    const drafter = await inboxOf(people.kemendesDrafter, at);
    expect(drafter.filter((item) => [older.id, newer.id].includes(item.agreementId))).toEqual([
      expect.objectContaining({ agreementId: newer.id, state: 'drafting', actions: ['submit-for-review'] }),
    ]);

    const kemendesReviewer = await inboxOf(people.kemendesReviewer, at);
    expect(kemendesReviewer.find((item) => item.agreementId === older.id)).toBeUndefined();
    expect((await inboxOf(people.kemendesLegal, at)).find((item) => item.agreementId === older.id)).toMatchObject({
      actions: ['approve-review'],
    });
    expect((await inboxOf(people.baritoReviewer, at)).find((item) => item.agreementId === older.id)).toMatchObject({
      actions: ['approve-review'],
    });
  });

  it('lists the oldest change first, whatever order the agreements were drafted in', async () => {
    const drafted = [await draftMou(people), await draftMou(people), await draftMou(people)];
    // Sent for review in another order than drafted (lists show the newest draft first), each once
    // the clock has moved past the one before, so that no two wait since the same millisecond.
    const order = [drafted[1], drafted[0], drafted[2]].map((agreement) => agreement.id);
    let at = '';
    for (const id of order) {
      const submitted = await people.kemendesDrafter.act(id, 'submit-for-review');
      expectStatus(submitted, 200);
      at = submitted.headers['x-event-position'] as string;
      const { lastChangeAt } = (await people.auditor.get(`/agreements/${id}?minPosition=${at}`)).json<{ lastChangeAt: string }>();
      await eventually(() => Date.now() > Date.parse(lastChangeAt), 'the clock to pass the last change');
    }

    const waiting = (await inboxOf(people.baritoReviewer, at)).filter((item) => order.includes(item.agreementId));

    expect(waiting.map((item) => [item.agreementId, item.actions])).toEqual(order.map((id) => [id, ['approve-review']]));
    expect(new Set(waiting.map((item) => item.waitingSince)).size).toBe(order.length);
  });

  it('is empty for auditors and for agencies that are no party', async () => {
    const { id } = await draftMou(people);
    const at = (await people.kemendesDrafter.act(id, 'submit-for-review')).headers['x-event-position'] as string;

    expect(await inboxOf(people.auditor, at)).toEqual([]);
    expect((await inboxOf(people.banjarCoordinator, at)).find((item) => item.agreementId === id)).toBeUndefined();
  });

  it('pages oldest first, with the next page in the Link header, and counts what waits per action', async () => {
    const waiting: string[] = [];
    let at = '';
    for (let n = 0; n < 3; n++) {
      const { id } = await draftMou(people);
      const submitted = await people.kemendesDrafter.act(id, 'submit-for-review');
      expectStatus(submitted, 200);
      at = submitted.headers['x-event-position'] as string;
      waiting.push(id);
    }
    const everything = await inboxOf(people.baritoReviewer, at);

    const pages: InboxItem[][] = [];
    let next: string | undefined = `/inbox?limit=2&minPosition=${at}`;
    while (next !== undefined) {
      const response = await people.baritoReviewer.get(next);
      expectStatus(response, 200);
      pages.push(response.json<InboxItem[]>());
      const link = response.headers.link as string | undefined;
      next = link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)![1];
    }
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(pages.flat()).toEqual(everything);
    expect(everything.filter((item) => waiting.includes(item.agreementId)).map((item) => item.agreementId)).toEqual(waiting);

    const counts = await people.baritoReviewer.get(`/inbox/counts?minPosition=${at}`);
    expectStatus(counts, 200);
    const byAction: Record<string, number> = {};
    for (const item of everything) for (const action of item.actions) byAction[action] = (byAction[action] ?? 0) + 1;
    expect(counts.json()).toEqual({ total: everything.length, byAction });
    expect((await people.auditor.get('/inbox/counts')).json()).toEqual({ total: 0, byAction: {} });
  });

  it('refuses an `after` it did not hand out, and a limit out of range, with a problem document', async () => {
    for (const query of ['after=not-a-cursor', 'limit=0', 'limit=501', 'limit=ten']) {
      const refused = await people.baritoReviewer.get(`/inbox?${query}`);
      expect({ query, status: refused.statusCode, type: refused.headers['content-type'] }).toEqual({
        query,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
    }
    // A cursor of the agreements list is sealed for that list: not an inbox cursor.
    const listed = await people.kemendesDrafter.get('/agreements?limit=1');
    const listCursor = listed.json<{ next?: string }>().next!;
    expect((await people.kemendesDrafter.get(`/inbox?after=${listCursor}`)).statusCode).toBe(400);
  });
});
