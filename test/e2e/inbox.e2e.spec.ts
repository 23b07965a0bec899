import { cast, draftMou, expectStatus } from '../support/agreement-scenarios';
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

  it('shows each official the steps waiting for their agency and roles, oldest first', async () => {
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
    expect((await inboxOf(people.kemendesLegal, at)).find((item) => item.agreementId === older.id)).toMatchObject({ actions: ['approve-review'] });
    expect((await inboxOf(people.baritoReviewer, at)).find((item) => item.agreementId === older.id)).toMatchObject({
      actions: ['approve-review'],
    });

    const items = await inboxOf(people.baritoReviewer, at);
    expect([...items].sort((a, b) => a.waitingSince.localeCompare(b.waitingSince))).toEqual(items);
  });

  it('is empty for auditors and for agencies that are no party', async () => {
    const { id } = await draftMou(people);
    const at = (await people.kemendesDrafter.act(id, 'submit-for-review')).headers['x-event-position'] as string;

    expect(await inboxOf(people.auditor, at)).toEqual([]);
    expect((await inboxOf(people.banjarCoordinator, at)).find((item) => item.agreementId === id)).toBeUndefined();
  });
});
