import { randomUUID } from 'node:crypto';
import { agreementStream, derivedUuid, toNewEvent } from '../../src/application/agreements/agreement-stream';
import { buildEventEnvelope } from '../../src/application/event-store/event-envelope';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port';
import { activeMou, cast, draftMou, expectStatus, MOU_DRAFT, sha256 } from '../support/agreement-scenarios';
import { collect } from '../support/async';
import { BALILATFO, BARITO_KUALA, DINAS_PMD, KEMENDES, officials } from '../support/domain/officials';
import { callerFor, refusedWithNothingAppended, storedEventCount, type Caller } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

type Response = { statusCode: number; body: string; headers: Record<string, unknown> };

/**
 * Input an attacker or a careless client sends (issue 13): bodies too deep or too wide, prototype
 * keys, numbers that are not decimal, forged page cursors, a reused Idempotency-Key, and refusals
 * that could describe an agreement the caller may not see. Each is refused with a problem document
 * and appends nothing.
 */
describe('hostile input', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    // Business time stands still at mid-2021, inside every term below, so renewals are still open.
    service = await startTestApp({}, undefined, { clock: { now: () => new Date('2021-06-01T03:00:00Z') } });
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
  });

  const refused = (request: () => Promise<Response>, status: number) => refusedWithNothingAppended(service, request, status);

  /** A POST with a body sent as it is written, not through JSON.stringify. */
  function postText(caller: Caller, url: string, payload: string): Promise<Response> {
    return service.app.inject({
      method: 'POST',
      url,
      headers: { authorization: caller.authorization, 'content-type': 'application/json' },
      payload,
    });
  }

  const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  const draftWith = (field: string, json: string) => `${JSON.stringify(MOU_DRAFT).slice(0, -1)},${JSON.stringify(field)}:${json}}`;

  describe('JSON bodies', () => {
    it('refuses a body nested deeper than 32 levels with a 400 that names the limit, before any DTO sees it', async () => {
      const { id } = await draftMou(people);
      for (const [url, payload] of [
        ['/agreements', nestedArrays(2000)],
        ['/agreements', draftWith('parties', nestedArrays(1500))],
        ['/agreements', nestedObjects(33)],
        [`/agreements/${id}/actions/propose-locations`, `{"locations":${nestedArrays(1500)}}`],
        [`/agreements/${id}/actions/sign`, `{"documentHash":${nestedObjects(2500)}}`],
      ] as const) {
        const problem = await refused(() => postText(people.kemendesDrafter, url, payload), 400);
        expect(problem.detail).toMatch(/^The body nests (33|more than 999) levels deep; at most 32 are accepted$/);
      }
      // At the limit the body reaches validation, which refuses it field by field.
      const atLimit = await refused(() => postText(people.kemendesDrafter, '/agreements', draftWith('term', nestedObjects(31))), 400);
      expect(atLimit.errors).toContain('term.property a should not exist');
    });

    it('refuses an array over 1,000 items and an object over 1,000 fields, naming the limit', async () => {
      const wideArray = await refused(
        () => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, parties: Array.from({ length: 1001 }, () => ({})) }),
        400,
      );
      expect(wideArray.errors).toEqual(['parties has 1001 items; at most 1000 are accepted in an array']);
      const wideObject = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 0]));
      const tooManyFields = await refused(() => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, term: wideObject }), 400);
      expect(tooManyFields.errors).toEqual(['term has 1001 fields; at most 1000 are accepted in an object']);
    });

    it('answers 400, never 500, to bodies of the wrong shape on every command route', async () => {
      const { id } = await draftMou(people);
      const shapes = [
        'null',
        '"text"',
        '42',
        'true',
        '[]',
        '[{}]',
        '{"parties":[null,5]}',
        '{"parties":"x"}',
        '{"term":null}',
        '{"term":"x"}',
      ];
      for (const payload of shapes) await refused(() => postText(people.kemendesDrafter, '/agreements', payload), 400);
      for (const [action, payload] of [
        ['attach-document', 'null'],
        ['attach-document', '[]'],
        ['attach-document', '{"type":{"toString":1}}'],
        ['propose-locations', '{"locations":[null]}'],
        ['propose-locations', '{"locations":[[[]]]}'],
        ['propose-locations', '{"locations":[{"province":"a","regency":"b","district":"c","villages":[{}]}]}'],
        ['sign', '{"documentHash":[]}'],
        ['submit-for-review', '[1]'],
        ['submit-for-review', '"x"'],
      ] as const) {
        await refused(() => postText(people.kemendesCoordinator, `/agreements/${id}/actions/${action}`, payload), 400);
      }
    });

    it('refuses null for an optional field that is not text, naming it: never a 500, never the default', async () => {
      // Found by the property-based suite: a null parentId reached toLowerCase() (500), a null notice period became 90.
      const parent = await refused(() => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, parentId: null }), 400);
      expect(parent.errors).toEqual(['parentId must be a UUID']);
      const notice = await refused(
        () => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, term: { ...MOU_DRAFT.term, noticePeriodDays: null } }),
        400,
      );
      expect(notice.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^term\.noticePeriodDays /)]));
    });
  });

  describe('paths the router refuses', () => {
    it('answers a path that is not UTF-8 once decoded (400) or has a segment over 100 characters (414) with a problem, like any refusal', async () => {
      // Found by the property-based suite: Fastify answered these in a JSON shape of its own.
      for (const [url, status] of [
        ['/agreements/%ED%A0%80', 400],
        ['/agreements/%', 400],
        ['/workflows/%FF/1', 400],
        [`/agreements/${'a'.repeat(101)}/history`, 414],
      ] as const) {
        const problem = await refused(() => people.auditor.get(url), status);
        expect(problem.detail).toEqual(expect.any(String));
      }
    });
  });

  describe('prototype keys', () => {
    // Every member of Object.prototype too: the property-based suite found `?toString=` and `{"hasOwnProperty":1}` accepted.
    it.each(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'])(
      'refuses %s at any depth of a body, and in a query, like any unknown field',
      async (key) => {
        const { id } = await draftMou(people);
        const top = await refused(
          () => postText(people.kemendesDrafter, '/agreements', draftWith(key, '{"kind":"PERJANJIAN_KERJA_SAMA"}')),
          400,
        );
        expect(top.errors).toEqual([`property ${key} should not exist`]);
        const inTerm = JSON.stringify({ ...MOU_DRAFT, term: { ...MOU_DRAFT.term, [key]: {} } });
        const nested = await refused(() => postText(people.kemendesDrafter, '/agreements', inTerm), 400);
        expect(nested.errors).toEqual([`term.property ${key} should not exist`]);
        const inParty = `{"locations":[{"province":"a","regency":"b","district":"c",${JSON.stringify(key)}:{"x":1}}]}`;
        const inArray = await refused(
          () => postText(people.kemendesCoordinator, `/agreements/${id}/actions/propose-locations`, inParty),
          400,
        );
        expect(inArray.errors).toEqual([`locations.0.property ${key} should not exist`]);
        await refused(
          () => postText(people.kemendesDrafter, `/agreements/${id}/actions/attach-document`, `{${JSON.stringify(key)}:{"type":"DRAFT"}}`),
          400,
        );
        for (const url of [`/agreements?${key}=1`, `/agreements?limit=2&${key}=x`, `/agreements/${id}/history?${key}=1`]) {
          const inQuery = await refused(() => people.auditor.get(url), 400);
          expect(inQuery.errors).toEqual([`property ${key} should not exist`]);
        }
      },
    );
  });

  describe('numbers in queries', () => {
    let id: string;

    beforeAll(async () => {
      ({ id } = await draftMou(people));
    });

    it.each(['', '0x1', '1e3', '%201', '+1', '-0', '1.0', '1&revision=1'])(
      'refuses ?revision=%s: decimal digits only, and empty is not 0',
      async (value) => {
        const problem = await refused(() => people.kemendesDrafter.get(`/agreements/${id}/state?revision=${value}`), 400);
        expect(problem.errors).toEqual(['revision must be a whole number from 0 to 9007199254740991, written in decimal digits']);
      },
    );

    it('refuses every other numeric query parameter written any other way than in decimal digits', async () => {
      const urls = [
        '/agreements?limit=',
        '/agreements?limit=0x10',
        '/agreements?limit=1e1',
        '/agreements?limit=+5',
        `/agreements/${id}/history?fromRevision=`,
        `/agreements/${id}/history?fromRevision=0x0`,
        `/agreements/${id}/history?limit=1e2`,
        `/agreements/${id}/diff?from=&to=1`,
        `/agreements/${id}/diff?from=0&to=0b1`,
        '/audit/reads?limit=',
        '/audit/reads?limit=%2010',
        '/agreements?minPosition=',
        '/agreements?minPosition=0x1',
        '/inbox?minPosition=1e0',
        '/dashboard/summary?minPosition=-0',
        `/agreements/${id}?minPosition=+1`,
        '/events?lastEventId=',
        '/events?lastEventId=0x1',
      ];
      for (const url of urls) await refused(() => people.auditor.get(url), 400);
      // Only values that must be refused: a valid one would open the stream.
      for (const lastEventId of ['0x1', '1e0', '-1']) {
        await refused(() => people.auditor.get('/events', { headers: { 'last-event-id': lastEventId } }), 400);
      }
    });

    it('answers a workflow version in a path written any other way than in decimal digits as no such version (404)', async () => {
      for (const version of ['%201', '1%20', '+1', '1.0', '0x1', '1e0', '-0', '%091']) {
        await refused(() => people.auditor.get(`/workflows/nota-kesepahaman/${version}`), 404);
      }
      expectStatus(await people.auditor.get('/workflows/nota-kesepahaman/1'), 200);
    });

    it('still reads decimal digits', async () => {
      expectStatus(await people.kemendesDrafter.get(`/agreements/${id}/state?revision=0`), 200);
      expectStatus(await people.auditor.get(`/agreements/${id}/history?fromRevision=1&limit=10`), 200);
      expectStatus(await people.auditor.get(`/agreements/${id}/diff?from=0&to=1`), 200);
      expectStatus(await people.kemendesDrafter.get('/agreements?limit=007'), 200);
    });
  });

  describe('page cursors', () => {
    let next: string;

    beforeAll(async () => {
      for (let i = 0; i < 3; i += 1) await draftMou(people);
      const first = await people.kemendesDrafter.get('/agreements?limit=1');
      expectStatus(first, 200);
      next = first.json<{ next: string }>().next;
    });

    it('follows a cursor the service sealed', async () => {
      const first = await people.kemendesDrafter.get('/agreements?limit=1');
      const second = await people.kemendesDrafter.get(`/agreements?limit=1&after=${next}`);

      expectStatus(second, 200);
      expect(second.json<{ items: Array<{ id: string }> }>().items[0].id).not.toBe(
        first.json<{ items: Array<{ id: string }> }>().items[0].id,
      );
    });

    it('refuses a corrupted, truncated or forged cursor with a 400 naming after, never page one again', async () => {
      const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
      const page = (await people.kemendesDrafter.get('/agreements?limit=2')).json<{ items: Array<{ id: string; createdAt: string }> }>();
      const unsealed = Buffer.from(JSON.stringify([page.items[0].createdAt, page.items[0].id])).toString('base64url');
      for (const cursor of [flip(next, 3), flip(next, next.length - 5), next.slice(0, -2), `${next}AA`, unsealed, 'A'.repeat(40)]) {
        const problem = await refused(() => people.kemendesDrafter.get(`/agreements?limit=1&after=${cursor}`), 400);
        expect(problem).toMatchObject({ errors: ['after must be the next value of a previous page'], field: 'after' });
      }
    });
  });

  describe('Idempotency-Key', () => {
    const key = (name: string) => ({ headers: { 'idempotency-key': `${name}-${randomUUID()}` } });

    it('answers a draft retried with the same body (in any key order) with the first result, appending nothing', async () => {
      const options = key('draft');
      const first = await people.kemendesDrafter.post('/agreements', MOU_DRAFT, options);
      expectStatus(first, 201);
      const before = await storedEventCount(service);
      const reordered = Object.fromEntries(Object.entries(MOU_DRAFT).reverse());

      const again = await people.kemendesDrafter.post('/agreements', reordered, options);

      expectStatus(again, 201);
      expect(again.json()).toEqual(first.json());
      expect(await storedEventCount(service)).toBe(before);
    });

    it('refuses a draft under a key already used with another body: 422, nothing appended', async () => {
      const options = key('draft');
      expectStatus(await people.kemendesDrafter.post('/agreements', MOU_DRAFT, options), 201);

      const problem = await refused(() => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, title: 'Judul lain' }, options), 422);

      expect(problem).toMatchObject({ rule: 'idempotency-key', detail: expect.stringMatching(/different request body/) });
    });

    it('refuses an action under a key already used with another body, and answers the same body with the first result', async () => {
      const { id, draftHash } = await draftMou(people);
      expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review'), 200);
      const options = key('approve');
      const first = await people.kemendesReviewer.act(id, 'approve-review', { documentHash: draftHash }, options);
      expectStatus(first, 200);

      const problem = await refused(
        () => people.kemendesReviewer.act(id, 'approve-review', { documentHash: sha256('another document') }, options),
        422,
      );
      const before = await storedEventCount(service);
      const retried = await people.kemendesReviewer.act(id, 'approve-review', { documentHash: draftHash }, options);

      expect(problem).toMatchObject({ rule: 'idempotency-key' });
      expectStatus(retried, 200);
      expect(retried.json()).toEqual(first.json());
      expect(await storedEventCount(service)).toBe(before);
    });

    it('lets exactly one of two racing drafts with one key and different bodies through', async () => {
      const options = key('race');
      const before = await storedEventCount(service);

      const responses = await Promise.all([
        people.kemendesDrafter.post('/agreements', MOU_DRAFT, options),
        people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, title: 'Balapan' }, options),
      ]);

      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 422]);
      expect(await storedEventCount(service)).toBe(before + 1);
    });

    it('records the fingerprint in the envelope, inside the hash chain', async () => {
      const created = await people.kemendesDrafter.post('/agreements', MOU_DRAFT, key('fingerprint'));
      const { id } = created.json<{ id: string }>();
      const [drafted] = await collect(service.app.get<EventStore>(EVENT_STORE).readStream(agreementStream(id)));

      expect(drafted.metadata.requestFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await people.auditor.get(`/agreements/${id}/verify`)).json()).toMatchObject({ valid: true });
    });

    it('answers a key of a command stored before fingerprints with its first result, whatever the body', async () => {
      const { id } = await draftMou(people);
      const store = service.app.get<EventStore>(EVENT_STORE);
      const [, attached] = await collect(store.readStream(agreementStream(id)));
      const legacyKey = `legacy-${randomUUID()}`;
      const drafter = officials.kemendesDrafter;
      const commandId = derivedUuid('agreement-action', drafter.sub, id, 'attach-document', legacyKey);
      const envelope = buildEventEnvelope({
        commandId,
        actor: { id: drafter.sub, name: drafter.name, agencyId: drafter.agency, roles: [...drafter.roles] },
        workflow: { name: 'nota-kesepahaman', version: 2 },
        occurredAt: new Date('2021-06-01T03:00:00Z'),
      });
      const event = toNewEvent(
        { type: 'DocumentAttached', documentType: 'KAK', sha256: sha256('kak'), name: 'kak.pdf' },
        derivedUuid(commandId, '0'),
        envelope,
      );
      await store.append(agreementStream(id), [event], { expectedRevision: attached.revision });
      const before = await storedEventCount(service);

      const retried = await people.kemendesDrafter.act(
        id,
        'attach-document',
        { type: 'KAK', sha256: sha256('another kak'), name: 'kak-2.pdf' },
        { headers: { 'idempotency-key': legacyKey } },
      );

      expectStatus(retried, 200);
      expect(retried.json()).toMatchObject({ id, revision: 2, state: 'drafting' });
      expect(await storedEventCount(service)).toBe(before);
      expect((await people.auditor.get(`/agreements/${id}/verify`)).json()).toMatchObject({ valid: true, checkedEvents: 3 });
    });
  });

  describe('refusals about a parent the caller cannot see', () => {
    const UNKNOWN = '3b0f8d0e-6d1e-4c5e-9d8e-1f2a3b4c5d6e';
    const INSIDE = { startDate: '2020-03-10', endDate: '2022-12-31', noticePeriodDays: 60 };
    const OUTLIVING = { startDate: '2020-03-10', endDate: '2026-12-31' };
    let mouId: string;
    let balilatfo: Record<'drafter' | 'reviewer' | 'signatory', Caller>;
    let dinasDrafter: Caller;

    /** A PKS of Kemendes (a party of the MoU) and Balilatfo (no party of it). */
    const pks = (parentId: string, term: object = INSIDE) => ({
      kind: 'PERJANJIAN_KERJA_SAMA',
      title: 'Pendampingan Desa Percontohan',
      parentId,
      parties: [
        { agencyId: KEMENDES, name: 'Kementerian Desa PDTT', role: 'PIHAK_KESATU' },
        { agencyId: BALILATFO, name: 'Balilatfo Kemendes PDTT', role: 'PIHAK_KEDUA' },
      ],
      term,
    });

    /** The refusal `caller` gets for a PKS under a parent that does not exist, as it would read for `parentId`. */
    async function notFoundFor(caller: Caller, body: object, parentId: string): Promise<string> {
      const missing = await caller.post('/agreements', { ...body, parentId: UNKNOWN });
      expectStatus(missing, 422);
      return missing.body.replaceAll(UNKNOWN, parentId);
    }

    beforeAll(async () => {
      ({ id: mouId } = await activeMou(people));
      balilatfo = {
        drafter: await callerFor(service, {
          sub: 'balilatfo-1',
          name: 'Staf Balilatfo',
          agency: BALILATFO,
          roles: ['DRAFTER', 'COORDINATOR'],
        }),
        reviewer: await callerFor(service, {
          sub: 'balilatfo-2',
          name: 'Reviewer Balilatfo',
          agency: BALILATFO,
          roles: ['REVIEWER', 'LEGAL_REVIEWER'],
        }),
        signatory: await callerFor(service, { sub: 'ka-balilatfo', name: 'Kepala Balilatfo', agency: BALILATFO, roles: ['SIGNATORY'] }),
      };
      dinasDrafter = await callerFor(service, { sub: 'pmd-drafter', name: 'Staf Dinas PMD', agency: DINAS_PMD, roles: ['DRAFTER'] });
    });

    it('parent-term when drafting: a party of the MoU reads its term, an outsider reads "does not exist"', async () => {
      const party = await refused(() => people.kemendesDrafter.post('/agreements', pks(mouId, OUTLIVING)), 422);
      expect(party).toMatchObject({ rule: 'parent-term', detail: "The term must lie inside the parent's term (2020-03-10 to 2024-12-31)" });

      const expected = await notFoundFor(balilatfo.drafter, pks(mouId, OUTLIVING), mouId);
      const outsider = await refused(() => balilatfo.drafter.post('/agreements', pks(mouId, OUTLIVING)), 422);
      // Byte for byte the refusal of a parent that does not exist, only the id it was given differs.
      expect(JSON.stringify(outsider)).toBe(expected);
      expect(outsider).toEqual({
        type: 'urn:sepakat:problem:unprocessable-entity',
        title: 'Unprocessable Entity',
        status: 422,
        detail: `The parent agreement ${mouId} does not exist or your agency cannot see it`,
        rule: 'parent-exists',
      });
    });

    it('parent-kind: a PKS named as the parent is described only to its parties', async () => {
      const created = await people.kemendesDrafter.post('/agreements', pks(mouId));
      expectStatus(created, 201);
      const pksId = created.json<{ id: string }>().id;
      const dinasPks = {
        ...pks(pksId),
        parties: [
          { agencyId: DINAS_PMD, name: 'Dinas PMD', role: 'PIHAK_KESATU' },
          { agencyId: BARITO_KUALA, name: 'Pemkab Barito Kuala', role: 'PIHAK_KEDUA' },
        ],
      };

      const party = await refused(() => people.kemendesDrafter.post('/agreements', pks(pksId)), 422);
      expect(party).toMatchObject({ rule: 'parent-kind', detail: 'The parent of a PKS must be a Nota Kesepahaman' });
      const expected = await notFoundFor(dinasDrafter, dinasPks, pksId);
      expect(JSON.stringify(await refused(() => dinasDrafter.post('/agreements', dinasPks), 422))).toBe(expected);

      // An MoU that names a parent is refused for what it is itself, whoever the parent is.
      const mouWithParent = { ...dinasPks, kind: 'NOTA_KESEPAHAMAN', parentId: mouId };
      const refusal = await refused(() => dinasDrafter.post('/agreements', mouWithParent), 422);
      expect(refusal).toMatchObject({ rule: 'parent-kind', detail: 'Only a PKS implements a parent agreement' });
      expect((await dinasDrafter.post('/agreements', { ...mouWithParent, parentId: UNKNOWN })).body).toBe(JSON.stringify(refusal));
    });

    it('parent-in-force: only a party of the MoU learns that it is not active yet', async () => {
      const { id: draftMouId } = await draftMou(people);
      const created = await people.kemendesDrafter.post('/agreements', pks(draftMouId));
      expectStatus(created, 201);
      const pksId = created.json<{ id: string }>().id;
      expectStatus(
        await people.kemendesDrafter.act(pksId, 'attach-document', { type: 'DRAFT', sha256: sha256('pks'), name: 'pks.pdf' }),
        200,
      );

      const party = await refused(() => people.kemendesDrafter.act(pksId, 'submit-for-review'), 422);
      expect(party).toMatchObject({
        rule: 'parent-in-force',
        detail: 'A PKS cannot be submitted for review before its parent MoU is active',
      });
      const expected = await notFoundFor(balilatfo.drafter, pks(draftMouId), draftMouId);
      expect(JSON.stringify(await refused(() => balilatfo.drafter.act(pksId, 'submit-for-review'), 422))).toBe(expected);
    });

    it("renewal's parent-term: only a party of the MoU learns that the PKS would outlive it", async () => {
      const created = await people.kemendesDrafter.post('/agreements', pks(mouId));
      expectStatus(created, 201);
      const pksId = created.json<{ id: string }>().id;
      const hash = sha256(`pks ${pksId}`);
      expectStatus(await people.kemendesDrafter.act(pksId, 'attach-document', { type: 'DRAFT', sha256: hash, name: 'pks.pdf' }), 200);
      expectStatus(await people.kemendesDrafter.act(pksId, 'submit-for-review'), 200);
      for (const reviewer of [people.kemendesReviewer, people.kemendesLegal, balilatfo.reviewer, balilatfo.reviewer]) {
        expectStatus(await reviewer.act(pksId, 'approve-review', { documentHash: hash }), 200);
      }
      expectStatus(await people.kemendesCoordinator.act(pksId, 'open-signing'), 200);
      expectStatus(await people.kemendesSignatory.act(pksId, 'sign', { documentHash: hash, signatoryName: 'Sekjen' }), 200);
      expectStatus(await balilatfo.signatory.act(pksId, 'sign', { documentHash: hash, signatoryName: 'Kepala Balilatfo' }), 200);
      expectStatus(await people.kemendesCoordinator.act(pksId, 'activate', { effectiveDate: '2020-03-10' }), 200);

      const party = await refused(() => people.kemendesCoordinator.act(pksId, 'renew', { newEndDate: '2025-06-30' }), 422);
      expect(party).toMatchObject({ rule: 'parent-term', detail: 'A PKS may not outlive its parent MoU: renew the parent first' });
      const expected = await notFoundFor(balilatfo.drafter, pks(mouId), mouId);
      expect(JSON.stringify(await refused(() => balilatfo.drafter.act(pksId, 'renew', { newEndDate: '2025-06-30' }), 422))).toBe(expected);
      // Within the MoU's term the renewal goes through for the party that cannot see the MoU too.
      expectStatus(await balilatfo.drafter.act(pksId, 'renew', { newEndDate: '2024-06-30' }), 200);
    });
  });
});
