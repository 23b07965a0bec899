import { randomUUID } from 'node:crypto';
import { toNewEvent } from '../../src/application/agreements/agreement-stream';
import { buildEventEnvelope } from '../../src/application/event-store/event-envelope';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port';
import type { AgreementEvent } from '../../src/domain/agreements/agreement-events';
import { cast, draftMou, expectStatus, LOCATIONS, MOU_DRAFT, reviewAndOpenSigning, sha256 } from '../support/agreement-scenarios';
import { callerFor, refusedWithNothingAppended } from '../support/http-client';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 13, findings 1, 2 and 3: text that would spoof a dashboard or an export, or that a
 * read-model database cannot store, never enters an event through the API (400 naming the field,
 * nothing appended); a required nested object that is missing is a 400, not a 500; and text
 * already stored (before these rules) projects on every read-model database without stopping it.
 */
describe('hostile text over HTTP', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    service = await startTestApp();
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
  });

  const refused = (request: () => ReturnType<TestApp['app']['inject']>, status = 400) =>
    refusedWithNothingAppended(service, request, status);

  /** The problem's field messages, asserting one of them names `field`. */
  async function invalidField(request: () => ReturnType<TestApp['app']['inject']>, field: string, says: string | RegExp = /must/) {
    const problem = await refused(request);
    const errors = problem.errors as string[];
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')} `))]));
    expect(errors.find((message) => message.startsWith(`${field} `))).toMatch(says);
    return problem;
  }

  describe('drafting refuses (400, naming the field)', () => {
    it.each([
      ['a NUL', 'Desa\u0000Maju', 'a control character (U+0000)'],
      ['a BEL', 'Desa\u0007Maju', 'a control character (U+0007)'],
      ['an ANSI escape', '\u001b[31mDesa Maju\u001b[0m', 'a control character (U+001B)'],
      ['a carriage return and line feed', 'Desa\r\nMaju', 'a control character (U+000D)'],
      ['a line feed', 'Desa\nMaju', 'a control character (U+000A)'],
      ['a tab', 'Desa\tMaju', 'a control character (U+0009)'],
      ['a DEL', 'Desa\u007fMaju', 'a control character (U+007F)'],
      ['a C1 control (NEL)', 'Desa\u0085Maju', 'a control character (U+0085)'],
      ['a C1 control (CSI)', 'Desa\u009b31mMaju', 'a control character (U+009B)'],
      ['a right-to-left override', 'Desa \u202eujaM', 'a bidirectional formatting character (U+202E)'],
      ['a left-to-right isolate', 'Desa \u2066Maju\u2069', 'a bidirectional formatting character (U+2066)'],
      ['a right-to-left mark', 'Desa\u200fMaju', 'a bidirectional formatting character (U+200F)'],
      ['an Arabic letter mark', 'Desa\u061cMaju', 'a bidirectional formatting character (U+061C)'],
      ['a line separator', 'Desa\u2028Maju', 'a line or paragraph separator (U+2028)'],
      ['an unpaired surrogate', 'Desa\ud800Maju', 'an unpaired surrogate (U+D800)'],
    ])('a title with %s', async (_case, title, what) => {
      await invalidField(
        () => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, title }),
        'title',
        `title must not contain ${what}`,
      );
    });

    it('a blank title, and one over its 500 characters', async () => {
      await invalidField(
        () => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, title: ' \u00a0 ' }),
        'title',
        'title must not be empty or blank',
      );
      await invalidField(
        () => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, title: 'x'.repeat(501) }),
        'title',
        'title must be at most 500 characters long',
      );
    });

    it("a party's name, a purpose with a carriage return, an agency id in a query", async () => {
      const parties = [MOU_DRAFT.parties[0], { ...MOU_DRAFT.parties[1], name: 'Pemkab\u0000Barito Kuala' }];
      await invalidField(
        () => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, parties }),
        'parties.1.name',
        'a control character (U+0000)',
      );
      await invalidField(
        () => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, purpose: 'Pasal 1\r\nPasal 2' }),
        'purpose',
        'only line feeds (U+000A) and tabs (U+0009)',
      );
      await invalidField(() => people.kemendesDrafter.get(`/agreements?q=${encodeURIComponent('desa\u202e')}`), 'q');
      await invalidField(() => people.kemendesDrafter.get(`/agreements?agencyId=${encodeURIComponent('kemendes\u0000')}`), 'agencyId');
    });
  });

  describe('drafting accepts', () => {
    it('line feeds and tabs in the purpose, and normalises text to NFC before it is stored', async () => {
      const created = await people.kemendesDrafter.post('/agreements', {
        ...MOU_DRAFT,
        title: 'Desa Cafe\u0301',
        purpose: 'Pasal 1:\n\tDesa percontohan',
      });
      expectStatus(created, 201);
      const { id } = created.json<{ id: string }>();
      const history = await people.kemendesDrafter.get(`/agreements/${id}/history`);
      expectStatus(history, 200);
      expect(history.json<{ items: Array<{ data: Record<string, unknown> }> }>().items[0].data).toMatchObject({
        title: 'Desa Café',
        purpose: 'Pasal 1:\n\tDesa percontohan',
      });
    });
  });

  describe('every action body refuses hostile text (400 before anything is decided)', () => {
    let id: string;

    beforeAll(async () => {
      ({ id } = await draftMou(people));
    });

    it.each([
      ['attach-document', { type: 'DRAFT', sha256: sha256('x'), name: 'draft\u202efdp.exe' }, 'name'],
      ['request-changes', { reason: 'Pasal 5\u0000' }, 'reason'],
      ['withdraw', { reason: 'Batal\r' }, 'reason'],
      ['sign', { documentHash: sha256('x'), signatoryName: 'Anwar\u001b[8mSanusi' }, 'signatoryName'],
      ['sign', { documentHash: sha256('x'), signatoryName: 'Anwar', capacity: 'DELEGATED', delegationRef: 'SK\u200e12' }, 'delegationRef'],
      ['assign-registry-number', { number: '01/NK\n', date: '2020-03-11' }, 'number'],
      ['propose-locations', { locations: [{ ...LOCATIONS[0], province: 'Kalsel\u2067' }] }, 'locations.0.province'],
      ['propose-locations', { locations: [{ ...LOCATIONS[0], regency: '\u0085' }] }, 'locations.0.regency'],
      ['propose-locations', { locations: [LOCATIONS[0], { ...LOCATIONS[1], district: 'Tabukan\u2029' }] }, 'locations.1.district'],
      ['propose-locations', { locations: [{ ...LOCATIONS[0], villages: ['Anjir Muara', 'Anjir\u0000'] }] }, 'locations.0.villages.1'],
      ['propose-locations', { locations: [{ ...LOCATIONS[0], area: 'KTM\u061c' }] }, 'locations.0.area'],
      ['propose-amendment', { summary: 'Tambah\u202alokus', documentHash: sha256('y') }, 'summary'],
      ['give-termination-notice', { reason: '\u0007', effectiveDate: '2030-01-01' }, 'reason'],
    ])('%s with a bad %#', async (action, body, field) => {
      await invalidField(() => people.kemendesCoordinator.act(id, action, body), field);
    });
  });

  describe('an optional text sent as null is refused (by the decider, the second line), never stored as null', () => {
    it('a null purpose', async () => {
      const problem = await invalidField(
        () => people.kemendesDrafter.post('/agreements', { ...MOU_DRAFT, purpose: null }),
        'purpose',
        'purpose must be a string',
      );
      expect(problem).toMatchObject({ field: 'purpose' });
    });

    it.each([
      ['sign', { documentHash: sha256('x'), signatoryName: 'Anwar', delegationRef: null }, 'delegationRef'],
      ['sign', { documentHash: sha256('x'), signatoryName: 'Anwar', capacity: null }, 'capacity'],
      ['propose-locations', { locations: [{ ...LOCATIONS[0], area: null }] }, 'locations.0.area'],
      ['propose-locations', { locations: [{ ...LOCATIONS[0], villages: null }] }, 'locations.0.villages'],
    ])('%s with a null %#', async (action, body, field) => {
      const { id, draftHash } = await draftMou(people);
      await reviewAndOpenSigning(people, id, draftHash);
      const signing = action === 'sign' ? { ...body, documentHash: draftHash } : body;
      if (action === 'propose-locations') {
        expectStatus(await people.kemendesSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Anwar' }), 200);
        expectStatus(await people.baritoSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Bupati' }), 200);
        expectStatus(await people.kemendesCoordinator.act(id, 'activate', { effectiveDate: '2020-03-10' }), 200);
      }
      const actor = action === 'sign' ? people.kemendesSignatory : people.kemendesCoordinator;
      const problem = await invalidField(() => actor.act(id, action, signing), field);
      expect(problem).toMatchObject({ field });
    });
  });

  describe('a required nested object that is missing or not an object is a 400 naming it, never a 500', () => {
    const { term: _term, ...withoutTerm } = MOU_DRAFT;
    it.each([
      ['no term', withoutTerm, 'term'],
      ['a null term', { ...MOU_DRAFT, term: null }, 'term'],
      ['a term that is an array', { ...MOU_DRAFT, term: [] }, 'term'],
      ['a term that is a string', { ...MOU_DRAFT, term: '2020-03-10/2024-12-31' }, 'term'],
      ['no parties', { ...MOU_DRAFT, parties: undefined }, 'parties'],
      ['a party that is null', { ...MOU_DRAFT, parties: [MOU_DRAFT.parties[0], null] }, 'parties'],
      ['a party that is an array', { ...MOU_DRAFT, parties: [MOU_DRAFT.parties[0], []] }, 'parties'],
      ['a party that is a number', { ...MOU_DRAFT, parties: [MOU_DRAFT.parties[0], 1] }, 'parties'],
    ])('a draft with %s', async (_case, body, field) => {
      await invalidField(() => people.kemendesDrafter.post('/agreements', body), field);
    });

    it.each([
      ['no locations', {}],
      ['a location that is null', { locations: [null] }],
      ['a location that is an array', { locations: [[]] }],
      ['a location that is a string', { locations: ['Anjir Pasar'] }],
    ])('propose-locations with %s', async (_case, body) => {
      const { id } = await draftMou(people);
      await invalidField(() => people.kemendesCoordinator.act(id, 'propose-locations', body), 'locations');
    });
  });

  describe("the actor's name from the token", () => {
    it('is cleaned of control and bidirectional characters before it goes into an event', async () => {
      const spoofer = await callerFor(service, {
        sub: 'siti',
        name: 'Siti \u202eRahayu\u0007\r\n=HYPERLINK',
        agency: 'kemendes-pdtt',
        roles: ['DRAFTER'],
      });
      const created = await spoofer.post('/agreements', MOU_DRAFT);
      expectStatus(created, 201);
      const history = await people.auditor.get(`/agreements/${created.json<{ id: string }>().id}/history`);
      expect(history.json<{ items: Array<{ actor: unknown }> }>().items[0].actor).toMatchObject({
        id: 'siti',
        name: 'Siti Rahayu =HYPERLINK',
      });
      expect((await spoofer.get('/me')).json()).toMatchObject({ name: 'Siti Rahayu =HYPERLINK' });
    });

    it('refuses a token whose subject or agency holds such characters (401), and appends nothing', async () => {
      const badSubject = await callerFor(service, { sub: 'siti\u202e', name: 'Siti', agency: 'kemendes-pdtt', roles: ['DRAFTER'] });
      const badAgency = await callerFor(service, { sub: 'siti', name: 'Siti', agency: 'kemendes-pdtt\u0000', roles: ['DRAFTER'] });
      await refused(() => badSubject.post('/agreements', MOU_DRAFT), 401);
      await refused(() => badAgency.post('/agreements', MOU_DRAFT), 401);
    });
  });
});

/** An agreement drafted before the text rules: its event appended straight to the store, bypassing the decider. */
async function appendStoredBeforeTheRules(service: TestApp): Promise<{ id: string; position: bigint }> {
  const id = randomUUID();
  const store = service.app.get<EventStore>(EVENT_STORE);
  const envelope = buildEventEnvelope({
    commandId: randomUUID(),
    actor: { id: 'blm-bjm-1', name: 'Staf BLM Banjarmasin', agencyId: 'kemendes-pdtt', roles: ['DRAFTER'] },
    workflow: { name: 'nota-kesepahaman', version: 1 },
    occurredAt: new Date('2020-03-10T02:00:00.000Z'),
  });
  const drafted: AgreementEvent = {
    type: 'AgreementDrafted',
    agreementId: id,
    kind: 'NOTA_KESEPAHAMAN',
    title: 'Desa\u0000Percontohan',
    parties: [
      { agencyId: 'kemendes-pdtt', name: 'Kemendes\u0000PDTT', role: 'PIHAK_KESATU' },
      { agencyId: 'pemkab-barito-kuala', name: 'Pemkab Barito Kuala', role: 'PIHAK_KEDUA' },
    ],
    term: { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 90 },
  };
  const { position } = await store.append(`agreement-${id}`, [toNewEvent(drafted, randomUUID(), envelope)], {
    expectedRevision: 'no_stream',
  });
  return { id, position };
}

function textStoredBeforeTheRules(database: string, env: () => Record<string, string>, cleanUp: () => Promise<void> = async () => {}) {
  describe(`text stored before the rules, read from ${database}`, () => {
    let service: TestApp;
    let people: Awaited<ReturnType<typeof cast>>;

    beforeAll(async () => {
      service = await startTestApp(env());
      people = await cast(service);
    });

    afterAll(async () => {
      await service?.close();
      await cleanUp();
    });

    it('is projected with U+FFFD for each NUL, and every read and the health check go on', async () => {
      const { id, position } = await appendStoredBeforeTheRules(service);

      const detail = await people.kemendesDrafter.get(`/agreements/${id}?minPosition=${position}`);
      expectStatus(detail, 200);
      expect(detail.json()).toMatchObject({
        title: 'Desa\uFFFDPercontohan',
        parties: [{ name: 'Kemendes\uFFFDPDTT' }, {}],
        agreement: { title: 'Desa\uFFFDPercontohan' },
      });
      // Commands after it are projected too.
      const later = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);
      expectStatus(later, 201);
      const list = await people.kemendesDrafter.get(`/agreements?minPosition=${later.headers['x-event-position'] as string}`);
      expectStatus(list, 200);
      expect(list.json<{ items: Array<{ id: string }> }>().items.map((item) => item.id)).toEqual(
        expect.arrayContaining([id, later.json<{ id: string }>().id]),
      );
      expectStatus(await people.kemendesDrafter.get('/inbox'), 200);
      expectStatus(await people.kemendesDrafter.get('/dashboard/summary'), 200);
      const health = await service.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ info: { projections: { status: 'up', projection: 'agreements@v2' } } });
    });
  });
}

textStoredBeforeTheRules('SQLite', () => ({}));

const schema = freshSchemaName();
describePostgres('text stored before the rules, on PostgreSQL', () =>
  textStoredBeforeTheRules(
    'PostgreSQL',
    () => ({ READ_MODEL_URL: TEST_POSTGRES_URL, READ_MODEL_SCHEMA: schema }),
    () => dropSchema(schema),
  ),
);
