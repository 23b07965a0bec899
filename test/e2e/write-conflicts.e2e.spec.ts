import { AgreementRepository } from '../../src/application/agreements/agreement-repository';
import { agreementStream } from '../../src/application/agreements/agreement-stream';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../src/application/ports/event-store.port';
import { cast, draftMou, expectStatus, sha256 } from '../support/agreement-scenarios';
import { collect } from '../support/async';
import { anotherInstance, intrudeBeforeAppends, type AnotherInstance, type Intrusion } from '../support/concurrent-writer';
import { officials } from '../support/domain/officials';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A command decides on the agreement it loaded and appends expecting the revision it loaded. When
 * another writer appends to the same stream in between, the store refuses the append; the command
 * handler (perform-action.command.ts) then decides again on what the stream holds, or answers 412
 * when the caller pinned a revision with If-Match, or 409 when it lost every attempt. Each test
 * puts a real writer on the real store between the service's load and its append.
 */
describe('a command racing another writer of the same agreement', () => {
  /** MAX_ATTEMPTS of perform-action.command.ts: how many races a command may lose before giving up. */
  const MAX_ATTEMPTS = 5;

  let service: TestApp;
  let store: EventStore;
  let people: Awaited<ReturnType<typeof cast>>;
  let other: AnotherInstance;
  let intrusion: Intrusion | undefined;

  beforeAll(async () => {
    service = await startTestApp();
    store = service.app.get<EventStore>(EVENT_STORE);
    people = await cast(service);
    other = anotherInstance(service.config);
  });

  afterEach(() => {
    intrusion?.restore();
    intrusion = undefined;
  });

  afterAll(async () => {
    await other.close();
    await service.close();
  });

  /** Runs `intruder` right before the service's next `times` appends to the agreement. */
  function intrudeBefore(id: string, intruder: (turn: number) => Promise<unknown>, times = 1): Intrusion {
    intrusion = intrudeBeforeAppends(store, agreementStream(id), intruder, times);
    return intrusion;
  }

  const stored = (id: string): Promise<RecordedEvent[]> => collect(store.readStream(agreementStream(id)));
  const document = (type: string, name: string) => ({ type, sha256: sha256(name), name });
  const problemOf = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown>;

  /** The revision the service's own cache holds for the agreement, read without refreshing it. */
  async function cachedRevision(id: string): Promise<bigint | undefined> {
    return (await service.app.get(AgreementRepository).load(id, { trustCache: true }))?.revision;
  }

  describe('without If-Match, the command decides again on the stream', () => {
    it('appends after the other writer, chained onto its event, with the revision it landed at', async () => {
      const { id } = await draftMou(people);
      const race = intrudeBefore(id, () =>
        other.act(officials.baritoCoordinator, id, 'attach-document', document('KAK', 'kak-barito.pdf')),
      );

      const response = await people.kemendesDrafter.act(id, 'attach-document', document('REPORT', 'laporan-kemendes.pdf'));

      expectStatus(response, 200);
      expect(race.count).toBe(1);
      const events = await stored(id);
      expect(
        events.map((event) => [event.revision, event.type, event.data.name ?? null, (event.metadata.actor as { id: string }).id]),
      ).toEqual([
        [0n, 'AgreementDrafted', null, officials.kemendesDrafter.sub],
        [1n, 'DocumentAttached', `draft-nk-${id.slice(0, 8)}.pdf`, officials.kemendesDrafter.sub],
        [2n, 'DocumentAttached', 'kak-barito.pdf', officials.baritoCoordinator.sub],
        [3n, 'DocumentAttached', 'laporan-kemendes.pdf', officials.kemendesDrafter.sub],
      ]);
      expect(events[3].metadata.prevHash).toBe(events[2].metadata.hash);
      expect(response.json()).toMatchObject({ id, revision: 3, state: 'drafting', position: events[3].position.toString() });
      expect(response.headers.etag).toBe('"3"');
      expect(response.headers['x-event-position']).toBe(events[3].position.toString());
    });

    it('the other writer cleared one party: the retried clearance of the other also clears the agreement for signing', async () => {
      const { id, draftHash } = await draftMou(people);
      expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review'), 200);
      expectStatus(await people.kemendesReviewer.act(id, 'approve-review', { documentHash: draftHash }), 200);
      expectStatus(await people.baritoReviewer.act(id, 'approve-review', { documentHash: draftHash }), 200);
      // Decided alone, the Barito Kuala legal clearance leaves Kemendes PDTT's pending: ReviewApproved only.
      // A genuine HTTP command of Kemendes PDTT's legal reviewer lands first.
      let intruderResponse: Awaited<ReturnType<typeof people.kemendesLegal.act>> | undefined;
      intrudeBefore(id, async () => {
        intruderResponse = await people.kemendesLegal.act(id, 'approve-review', { documentHash: draftHash });
      });

      const response = await people.baritoLegal.act(id, 'approve-review', { documentHash: draftHash });

      expectStatus(response, 200);
      expectStatus(intruderResponse!, 200);
      expect(intruderResponse!.json()).toMatchObject({ revision: 5, state: 'inReview' });
      const events = await stored(id);
      expect(events.slice(5).map((event) => [event.revision, event.type, event.data.agencyId ?? null, event.data.tier ?? null])).toEqual([
        [5n, 'ReviewApproved', officials.kemendesLegal.agency, 'LEGAL'],
        [6n, 'ReviewApproved', officials.baritoLegal.agency, 'LEGAL'],
        [7n, 'ClearedForSigning', null, null],
      ]);
      expect(events[6].metadata.commandId).toBe(events[7].metadata.commandId);
      expect(events[7].metadata.actor).toMatchObject({ id: officials.baritoLegal.sub });
      expect(response.json()).toMatchObject({ revision: 7, state: 'readyToSign' });
      expect(response.headers.etag).toBe('"7"');
    });

    it('the other writer withdrew the draft: the retried command is refused (409) and nothing of it is stored', async () => {
      const { id } = await draftMou(people);
      intrudeBefore(id, () => other.act(officials.kemendesCoordinator, id, 'withdraw', { reason: 'Digantikan oleh rancangan baru' }));

      const response = await people.kemendesDrafter.act(id, 'submit-for-review');

      expectStatus(response, 409);
      expect(problemOf(response)).toMatchObject({ status: 409, action: 'submit-for-review', state: 'withdrawn' });
      const events = await stored(id);
      expect(events.map((event) => event.type)).toEqual(['AgreementDrafted', 'DocumentAttached', 'DraftWithdrawn']);
    });
  });

  describe('with If-Match', () => {
    it('the revision the caller saw is overtaken between load and append: 412 with the current revision, nothing stored', async () => {
      const { id } = await draftMou(people);
      const seen = await people.kemendesDrafter.get(`/agreements/${id}/state`);
      expect(seen.headers.etag).toBe('"1"');
      const race = intrudeBefore(id, () =>
        other.act(officials.baritoCoordinator, id, 'attach-document', document('KAK', 'kak-barito.pdf')),
      );

      const response = await people.kemendesDrafter.act(
        id,
        'submit-for-review',
        {},
        { headers: { 'if-match': seen.headers.etag as string } },
      );

      expectStatus(response, 412);
      expect(race.count).toBe(1);
      expect(problemOf(response)).toMatchObject({ status: 412, currentRevision: 2 });
      const events = await stored(id);
      expect(events.map((event) => event.type)).toEqual(['AgreementDrafted', 'DocumentAttached', 'DocumentAttached']);
      expect(events[2].data.name).toBe('kak-barito.pdf');
    });
  });

  describe('a writer that wins every race', () => {
    it(`after ${MAX_ATTEMPTS} lost races the client gets 409 "kept changing" and nothing of the command is stored`, async () => {
      const { id } = await draftMou(people);
      const race = intrudeBefore(
        id,
        (turn) => other.act(officials.baritoCoordinator, id, 'attach-document', document('REPORT', `laporan-${turn}.pdf`)),
        MAX_ATTEMPTS,
      );

      const response = await people.kemendesDrafter.act(id, 'attach-document', document('KAK', 'kak-kemendes.pdf'));

      expectStatus(response, 409);
      expect(problemOf(response).detail).toMatch(/kept changing/);
      expect(race.count).toBe(MAX_ATTEMPTS);
      const events = await stored(id);
      expect(events.slice(2).map((event) => [event.revision, event.data.name])).toEqual(
        Array.from({ length: MAX_ATTEMPTS }, (_, turn) => [BigInt(turn + 2), `laporan-${turn + 1}.pdf`]),
      );
    });

    it(`after ${MAX_ATTEMPTS - 1} lost races the last attempt lands after all of them`, async () => {
      const { id } = await draftMou(people);
      const race = intrudeBefore(
        id,
        (turn) => other.act(officials.baritoCoordinator, id, 'attach-document', document('REPORT', `laporan-${turn}.pdf`)),
        MAX_ATTEMPTS - 1,
      );

      const response = await people.kemendesDrafter.act(id, 'attach-document', document('KAK', 'kak-kemendes.pdf'));

      expectStatus(response, 200);
      expect(race.count).toBe(MAX_ATTEMPTS - 1);
      const events = await stored(id);
      const last = events[events.length - 1];
      expect(events).toHaveLength(2 + MAX_ATTEMPTS);
      expect([last.revision, last.data.name]).toEqual([BigInt(MAX_ATTEMPTS + 1), 'kak-kemendes.pdf']);
      expect(response.json()).toMatchObject({ revision: MAX_ATTEMPTS + 1, state: 'drafting' });
    });
  });

  describe("the service's cached state made stale by another instance", () => {
    it('a refusal decided on the cache is decided again on the stream, and the command is accepted', async () => {
      const { id, draftHash } = await draftMou(people);
      await other.act(officials.kemendesDrafter, id, 'submit-for-review');
      // The cache still says drafting, where approving is refused (409 invalid-state).
      expect(await cachedRevision(id)).toBe(1n);

      const response = await people.baritoReviewer.act(id, 'approve-review', { documentHash: draftHash });

      expectStatus(response, 200);
      expect(response.json()).toMatchObject({ revision: 3, state: 'inReview' });
      const events = await stored(id);
      expect(events.slice(2).map((event) => [event.revision, event.type, (event.metadata.actor as { id: string }).id])).toEqual([
        [2n, 'SubmittedForReview', officials.kemendesDrafter.sub],
        [3n, 'ReviewApproved', officials.baritoReviewer.sub],
      ]);
    });

    it('a refusal that holds on the stream names the state the stream is in, not the cached one', async () => {
      const { id, draftHash } = await draftMou(people);
      await other.act(officials.kemendesCoordinator, id, 'withdraw', { reason: 'Tidak dilanjutkan' });
      expect(await cachedRevision(id)).toBe(1n);

      const response = await people.baritoReviewer.act(id, 'approve-review', { documentHash: draftHash });

      expectStatus(response, 409);
      expect(problemOf(response)).toMatchObject({ action: 'approve-review', state: 'withdrawn' });
      expect(await stored(id)).toHaveLength(3);
    });

    it('an If-Match newer than the cache is checked against the stream, and the command is accepted', async () => {
      const { id } = await draftMou(people);
      await other.act(officials.baritoCoordinator, id, 'attach-document', document('KAK', 'kak-barito.pdf'));
      expect(await cachedRevision(id)).toBe(1n);
      const seen = await people.kemendesDrafter.get(`/agreements/${id}/state`);
      expect(seen.headers.etag).toBe('"2"');

      const response = await people.kemendesDrafter.act(
        id,
        'submit-for-review',
        {},
        { headers: { 'if-match': seen.headers.etag as string } },
      );

      expectStatus(response, 200);
      expect(response.json()).toMatchObject({ revision: 3, state: 'inReview' });
      expect((await stored(id)).map((event) => event.type)).toEqual([
        'AgreementDrafted',
        'DocumentAttached',
        'DocumentAttached',
        'SubmittedForReview',
      ]);
    });
  });
});
