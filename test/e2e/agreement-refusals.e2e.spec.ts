import { activeMou, cast, draftMou, expectStatus, MOU_DRAFT, reviewAndOpenSigning, sha256 } from '../support/agreement-scenarios';
import { callerFor, refusedWithNothingAppended, storedEventCount } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Every refusal of the command API: the status the HTTP contract names, a problem document, and
 * nothing appended to the event log.
 */
describe('refused commands change nothing', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    service = await startTestApp({ HTTP_BODY_LIMIT_BYTES: '4096' });
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
  });

  /** Runs a request and asserts its status, a problem body, and an unchanged log. */
  function refused(request: () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>, status: number) {
    return refusedWithNothingAppended(service, request, status);
  }

  describe('400: invalid input', () => {
    it.each([
      ['a wrong type', { ...MOU_DRAFT, title: 42 }],
      ['an unknown kind', { ...MOU_DRAFT, kind: 'ADENDUM_LAIN' }],
      ['an unknown field', { ...MOU_DRAFT, approvedBy: 'me' }],
      ['an unknown nested field', { ...MOU_DRAFT, term: { ...MOU_DRAFT.term, signed: true } }],
      ['an impossible date', { ...MOU_DRAFT, term: { startDate: '2020-02-30', endDate: '2024-12-31' } }],
      ['no parties', { ...MOU_DRAFT, parties: [] }],
      ['a malformed parent id', { ...MOU_DRAFT, parentId: 'not-a-uuid' }],
      ['an array body', [MOU_DRAFT]],
    ])('a draft with %s', async (_case, body) => {
      const problem = await refused(() => people.kemendesDrafter.post('/agreements', body), 400);
      expect(problem.errors).toEqual(expect.any(Array));
    });

    it('an action body with an unknown field, a bad hash, or fields for an action that takes none', async () => {
      const { id } = await draftMou(people);
      await refused(() => people.kemendesDrafter.act(id, 'attach-document', { type: 'DRAFT', sha256: 'abc', name: 'x.pdf' }), 400);
      await refused(
        () => people.kemendesDrafter.act(id, 'attach-document', { type: 'DRAFT', sha256: sha256('x'), name: 'x.pdf', signed: true }),
        400,
      );
      await refused(() => people.kemendesDrafter.act(id, 'submit-for-review', { force: true }), 400);
      await refused(() => people.kemendesDrafter.act(id, 'withdraw', {}), 400);
    });

    it('unparsable JSON, a malformed If-Match, a state query with both revision and at', async () => {
      const { id } = await draftMou(people);
      await refused(
        () =>
          service.app.inject({
            method: 'POST',
            url: '/agreements',
            headers: { authorization: authorization(), 'content-type': 'application/json' },
            payload: '{"kind": ',
          }),
        400,
      );
      await refused(() => people.kemendesDrafter.act(id, 'submit-for-review', {}, { headers: { 'if-match': 'W/1' } }), 400);
      await refused(() => people.kemendesDrafter.get(`/agreements/${id}/state?revision=1&at=2020-01-01T00:00:00Z`), 400);
      await refused(() => people.kemendesDrafter.get(`/agreements/${id}/state?revision=-1`), 400);
    });
  });

  it('413: a body over the limit', async () => {
    await refused(() => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, purpose: 'x'.repeat(5000) }), 413);
  });

  it('415: a body that is not JSON', async () => {
    await refused(
      () =>
        service.app.inject({
          method: 'POST',
          url: '/agreements',
          headers: { authorization: authorization(), 'content-type': 'text/plain' },
          payload: JSON.stringify(MOU_DRAFT),
        }),
      415,
    );
    await refused(
      () =>
        service.app.inject({
          method: 'POST',
          url: '/agreements',
          headers: { authorization: authorization(), 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'kind=NOTA_KESEPAHAMAN',
        }),
      415,
    );
  });

  it('401: no token, on every command route', async () => {
    const { id } = await draftMou(people);
    await refused(
      () =>
        service.app.inject({
          method: 'POST',
          url: '/agreements',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(MOU_DRAFT),
        }),
      401,
    );
    await refused(() => service.app.inject({ method: 'POST', url: `/agreements/${id}/actions/submit-for-review` }), 401);
    await refused(() => service.app.inject({ method: 'GET', url: `/agreements/${id}/state` }), 401);
  });

  describe('403: not permitted for this role or party', () => {
    it('a role the action does not allow', async () => {
      const { id } = await draftMou(people);
      await refused(() => people.kemendesSignatory.act(id, 'submit-for-review'), 403);
    });

    it('the right role of the wrong agency: an official acts only for their own party', async () => {
      const { id, draftHash } = await draftMou(people);
      await reviewAndOpenSigning(people, id, draftHash);
      // The party is always the caller's own agency; naming another one is not even accepted input.
      await refused(
        () => people.baritoSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Bupati', agencyId: 'kemendes-pdtt' }),
        400,
      );
      expectStatus(await people.kemendesSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Sekjen' }), 200);
      // Kemendes has signed: its signatory cannot sign a second time in place of Barito Kuala.
      await refused(() => people.kemendesSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Sekjen' }), 422);
      // A signatory of an agency that is no party does not even see the agreement.
      const banjarSignatory = await callerFor(service, {
        sub: 'bupati-banjar',
        name: 'Bupati Banjar',
        agency: 'pemkab-banjar',
        roles: ['SIGNATORY'],
      });
      await refused(() => banjarSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Bupati Banjar' }), 404);
    });

    it('a reviewer clearing the legal tier, which needs a legal reviewer of the agency', async () => {
      const { id, draftHash } = await draftMou(people);
      expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review'), 200);
      expectStatus(await people.kemendesReviewer.act(id, 'approve-review', { documentHash: draftHash }), 200);
      await refused(() => people.kemendesReviewer.act(id, 'approve-review', { documentHash: draftHash }), 403);
    });

    it('an auditor or an admin trying an action', async () => {
      const { id } = await draftMou(people);
      await refused(() => people.auditor.act(id, 'submit-for-review'), 403);
      await refused(() => people.admin.act(id, 'submit-for-review'), 403);
      await refused(() => people.auditor.post('/agreements', MOU_DRAFT), 403);
    });

    it('drafting for agencies that do not include the drafter’s', async () => {
      await refused(() => people.banjarCoordinator.post('/agreements', MOU_DRAFT), 403);
    });
  });

  describe('404: unknown agreement or action, or one the caller may not see', () => {
    it('an agreement that does not exist, or an id that cannot be one', async () => {
      await refused(() => people.kemendesDrafter.act('3b0f8d0e-6d1e-4c5e-9d8e-1f2a3b4c5d6e', 'submit-for-review'), 404);
      await refused(() => people.kemendesDrafter.act('not-an-id', 'submit-for-review'), 404);
      await refused(() => people.kemendesDrafter.get('/agreements/3b0f8d0e-6d1e-4c5e-9d8e-1f2a3b4c5d6e/state'), 404);
    });

    it('an action no workflow has', async () => {
      const { id } = await draftMou(people);
      await refused(() => people.kemendesDrafter.act(id, 'approve-everything'), 404);
      await refused(() => people.kemendesDrafter.act(id, 'constructor'), 404);
    });

    it("another agency's agreement: not found rather than forbidden, for actions and reads", async () => {
      const { id } = await draftMou(people);
      await refused(() => people.banjarCoordinator.act(id, 'submit-for-review'), 404);
      await refused(() => people.banjarCoordinator.get(`/agreements/${id}/state`), 404);
      expectStatus(await people.auditor.get(`/agreements/${id}/state`), 200);
    });
  });

  it('409: an action the current state does not offer', async () => {
    const { id } = await draftMou(people);
    const problem = await refused(() => people.kemendesCoordinator.act(id, 'open-signing'), 409);
    expect(problem).toMatchObject({ state: 'drafting', action: 'open-signing' });
  });

  it('412: a stale If-Match', async () => {
    const { id } = await draftMou(people);
    const problem = await refused(() => people.kemendesDrafter.act(id, 'submit-for-review', {}, { headers: { 'if-match': '"0"' } }), 412);
    expect(problem).toMatchObject({ currentRevision: 1 });
    expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review', {}, { headers: { 'if-match': '"1"' } }), 200);
  });

  describe('422: a business rule fails', () => {
    it('a clearance of a document that is not under review', async () => {
      const { id } = await draftMou(people);
      expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review'), 200);
      const problem = await refused(() => people.kemendesReviewer.act(id, 'approve-review', { documentHash: sha256('another text') }), 422);
      expect(problem).toMatchObject({ rule: 'document-hash' });
    });

    it('dates in the wrong order, and an MoU with a parent', async () => {
      await refused(
        () => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, term: { startDate: '2024-12-31', endDate: '2020-03-10' } }),
        422,
      );
      const { id } = await activeMou(people);
      await refused(() => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, parentId: id }), 422);
    });

    it('a PKS under a parent that does not exist', async () => {
      await refused(
        () =>
          people.kemendesDrafter.post('/agreements', {
            ...MOU_DRAFT,
            kind: 'PERJANJIAN_KERJA_SAMA',
            parentId: '3b0f8d0e-6d1e-4c5e-9d8e-1f2a3b4c5d6e',
          }),
        422,
      );
    });
  });

  describe('idempotent retry', () => {
    it('returns the first result of a retried draft without appending again', async () => {
      const headers = { 'idempotency-key': 'draft-nk-desa-percontohan-1' };
      const first = await people.kemendesDrafter.post('/agreements', MOU_DRAFT, { headers });
      const before = await storedEventCount(service);
      const retried = await people.kemendesDrafter.post('/agreements', MOU_DRAFT, { headers });

      expectStatus(first, 201);
      expectStatus(retried, 201);
      expect(retried.json()).toEqual(first.json());
      expect(await storedEventCount(service)).toBe(before);
    });

    it('returns the first result of a retried action even after the agreement moved on', async () => {
      const { id, draftHash } = await draftMou(people);
      expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review'), 200);
      const headers = { 'idempotency-key': 'clear-technical-1' };
      const first = await people.kemendesReviewer.act(id, 'approve-review', { documentHash: draftHash }, { headers });
      expectStatus(await people.baritoReviewer.act(id, 'approve-review', { documentHash: draftHash }), 200);
      const before = await storedEventCount(service);

      const retried = await people.kemendesReviewer.act(id, 'approve-review', { documentHash: draftHash }, { headers });

      expectStatus(retried, 200);
      expect(retried.json()).toEqual(first.json());
      expect(retried.headers.etag).toBe(first.headers.etag);
      expect(await storedEventCount(service)).toBe(before);
    });
  });

  function authorization(): string {
    return people.kemendesDrafter.authorization;
  }
});
