import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toNewEvent } from '../../src/application/agreements/agreement-stream';
import { buildEventEnvelope } from '../../src/application/event-store/event-envelope';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port';
import { decideDraft } from '../../src/domain/agreements/agreement-decider';
import { NOTA_KESEPAHAMAN_V1 } from '../../src/domain/workflows/workflow-registry';
import { cast, draftMou, expectStatus, MOU_DRAFT, reviewAndOpenSigning, sha256 } from '../support/agreement-scenarios';
import { BALILATFO, BANJAR, BARITO_KUALA, DINAS_PMD, KEMENDES, officials } from '../support/domain/officials';
import { callerFor, refusedWithNothingAppended, type Caller } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

const SEED = JSON.parse(readFileSync(join(__dirname, '../../scripts/seed-case/directory.json'), 'utf8')) as {
  agencies: Array<Record<string, string>>;
  delegations: Array<Record<string, unknown> & { id: string }>;
};

/** Today in Jakarta and a day on either side, as the service's clock sees them. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);

describe('the directory of agencies and delegations, and version 2 of the workflows, over HTTP', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;
  let balilatfo: Caller;
  let kadisPmd: Caller;
  let pmdReviewer: Caller;

  const delegation = (id: string, overrides: Record<string, unknown> = {}) => ({
    id,
    grantor: { agencyId: KEMENDES, position: 'Menteri' },
    grantee: { agencyId: KEMENDES, position: 'Sekretaris Jenderal' },
    scope: { kinds: ['NOTA_KESEPAHAMAN'] },
    referenceNumber: `KEPMEN ${id}`,
    letterSha256: sha256(id),
    validFrom: day(-30),
    validUntil: day(30),
    ...overrides,
  });

  beforeAll(async () => {
    service = await startTestApp();
    people = await cast(service);
    balilatfo = await callerFor(service, {
      sub: 'balilatfo-ks',
      name: 'Balilatfo (kerja sama)',
      agency: BALILATFO,
      roles: ['DRAFTER', 'COORDINATOR'],
    });
    kadisPmd = await callerFor(service, { sub: 'kadis-pmd', name: 'Kepala Dinas PMD', agency: DINAS_PMD, roles: ['SIGNATORY'] });
    pmdReviewer = await callerFor(service, {
      sub: 'pmd-review',
      name: 'Dinas PMD (program dan hukum)',
      agency: DINAS_PMD,
      roles: ['REVIEWER', 'LEGAL_REVIEWER'],
    });
    for (const agency of [
      ...SEED.agencies,
      { id: BANJAR, name: 'Pemerintah Kabupaten Banjar', level: 'PEMERINTAH_KABUPATEN_KOTA', timeZone: 'Asia/Makassar' },
    ]) {
      expectStatus(await people.admin.post('/agencies', agency), 201);
    }
  });

  afterAll(async () => {
    await service.close();
  });

  describe('agencies', () => {
    it('lists every agency with its units and its time zone’s name', async () => {
      const agencies = (await people.kemendesDrafter.get('/agencies')).json<
        Array<{ id: string; unitIds: string[]; timeZoneName: string }>
      >();
      expect(agencies.map((agency) => agency.id)).toEqual([
        BALILATFO,
        'dinas-nakertrans-barito-kuala',
        DINAS_PMD,
        KEMENDES,
        BANJAR,
        BARITO_KUALA,
      ]);
      expect(agencies.find((agency) => agency.id === BARITO_KUALA)).toMatchObject({
        timeZone: 'Asia/Makassar',
        timeZoneName: 'WITA',
        unitIds: ['dinas-nakertrans-barito-kuala', DINAS_PMD],
      });
      expect((await people.auditor.get(`/agencies?unitsOf=${KEMENDES}`)).json<Array<{ id: string }>>().map((agency) => agency.id)).toEqual([
        BALILATFO,
      ]);
      expect((await people.auditor.get(`/agencies/${DINAS_PMD}`)).json()).toMatchObject({
        level: 'DINAS_ATAU_UNIT',
        parentId: BARITO_KUALA,
        timeZoneName: 'WITA',
      });
      expectStatus(await people.auditor.get('/agencies/kemenkeu'), 404);
    });

    it('is changed by an ADMIN only, each change an event in its own hash-chained stream', async () => {
      const changed = await people.admin.put(`/agencies/${BANJAR}`, {
        name: 'Pemkab Banjar',
        level: 'PEMERINTAH_KABUPATEN_KOTA',
        timeZone: 'Asia/Makassar',
      });
      expectStatus(changed, 200);
      expect(changed.json()).toMatchObject({ id: BANJAR, name: 'Pemkab Banjar' });
      expect(changed.headers['x-event-position']).toMatch(/^\d+$/);
      const verified = (await people.auditor.get('/directory/verify')).json<
        Array<{ stream: string; valid: boolean; checkedEvents: number }>
      >();
      expect(verified).toEqual([
        { stream: 'directory-agencies', valid: true, checkedEvents: SEED.agencies.length + 2 },
        { stream: 'directory-delegations', valid: true, checkedEvents: expect.any(Number) },
      ]);
    });

    it('refuses what is not allowed or not well-formed, and records nothing', async () => {
      const agency = { id: 'kemenkeu', name: 'Kementerian Keuangan', level: 'KEMENTERIAN', timeZone: 'Asia/Jakarta' };
      await refusedWithNothingAppended(service, () => people.kemendesCoordinator.post('/agencies', agency), 403);
      await refusedWithNothingAppended(service, () => people.auditor.post('/agencies', agency), 403);
      await refusedWithNothingAppended(service, () => people.admin.post('/agencies', { ...agency, timeZone: 'Europe/Paris' }), 400);
      await refusedWithNothingAppended(service, () => people.admin.post('/agencies', { ...agency, id: 'Kemenkeu RI' }), 400);
      await refusedWithNothingAppended(service, () => people.admin.post('/agencies', { ...agency, parentId: 'nowhere' }), 422);
      await refusedWithNothingAppended(service, () => people.admin.post('/agencies', { ...agency, id: KEMENDES }), 422);
      const { id: _id, ...record } = agency;
      const cycle = await refusedWithNothingAppended(
        service,
        () => people.admin.put(`/agencies/${KEMENDES}`, { ...record, name: 'Kemendes', parentId: BALILATFO }),
        422,
      );
      expect(cycle).toMatchObject({ rule: 'agency-cycle' });
      await refusedWithNothingAppended(service, () => people.admin.put('/agencies/kemenkeu', record), 404);
      await refusedWithNothingAppended(service, () => people.admin.put(`/agencies/${BANJAR}`, agency), 400);
    });
  });

  describe('delegations', () => {
    it('are recorded by the granting agency’s coordinator or an ADMIN, and shown to those they concern', async () => {
      const recorded = await people.kemendesCoordinator.post('/delegations', delegation('kepmen-1'));
      expectStatus(recorded, 201);
      expect(recorded.headers.location).toBe('/delegations/kepmen-1');
      expect(recorded.json()).toMatchObject({ id: 'kepmen-1', revoked: false, grantedAt: expect.any(String) });
      await refusedWithNothingAppended(service, () => people.baritoCoordinator.post('/delegations', delegation('kepmen-2')), 403);
      await refusedWithNothingAppended(
        service,
        () => people.admin.post('/delegations', delegation('kepmen-3', { grantee: { agencyId: DINAS_PMD, position: 'Kepala Dinas' } })),
        422,
      );
      await refusedWithNothingAppended(
        service,
        () => people.admin.post('/delegations', delegation('kepmen-4', { validUntil: day(-40) })),
        422,
      );
      await refusedWithNothingAppended(
        service,
        () => people.admin.post('/delegations', delegation('kepmen-5', { scope: { kinds: ['SURAT_EDARAN'] } })),
        400,
      );

      expect((await balilatfo.get('/delegations')).json<Array<{ id: string }>>().map((d) => d.id)).toContain('kepmen-1');
      expect((await people.baritoCoordinator.get('/delegations')).json<Array<{ id: string }>>().map((d) => d.id)).not.toContain('kepmen-1');
      expectStatus(await people.baritoCoordinator.get('/delegations/kepmen-1'), 404);
      expectStatus(await people.auditor.get('/delegations/kepmen-1'), 200);
    });

    it('holds for a signature only when recorded, in force, in scope and granted to the signatory', async () => {
      const grants: Record<string, Record<string, unknown>> = {
        expired: delegation('kepmen-expired', { validFrom: day(-60), validUntil: day(-1) }),
        'out-of-scope': delegation('kepmen-pks', { scope: { kinds: ['PERJANJIAN_KERJA_SAMA'] } }),
        revoked: delegation('kepmen-revoked'),
        valid: delegation('kepmen-valid'),
      };
      for (const grant of Object.values(grants)) expectStatus(await people.admin.post('/delegations', grant), 201);
      expectStatus(await people.kemendesCoordinator.post('/delegations/kepmen-revoked/revoke', { reason: 'Sekjen diganti' }), 200);
      await refusedWithNothingAppended(
        service,
        () => people.kemendesCoordinator.post('/delegations/kepmen-revoked/revoke', { reason: 'lagi' }),
        422,
      );

      const { id, draftHash } = await draftMou(people);
      await reviewAndOpenSigning(people, id, draftHash);
      const sign = (body: Record<string, unknown>) => () =>
        people.kemendesSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Sekjen', capacity: 'ON_BEHALF', ...body });
      const expectations: Array<[Record<string, unknown>, string]> = [
        [{ delegationId: 'kepmen-expired' }, 'delegation-expired'],
        [{ delegationId: 'kepmen-pks' }, 'delegation-scope'],
        [{ delegationId: 'kepmen-revoked' }, 'delegation-revoked'],
        [{ delegationId: 'no-such-letter' }, 'delegation-unknown'],
        [{ delegationRef: 'KEPMEN tidak tercatat' }, 'delegation-unknown'],
        [{ capacity: 'ORIGINAL', delegationId: 'kepmen-valid' }, 'delegation-capacity'],
      ];
      for (const [body, rule] of expectations) expect(await refusedWithNothingAppended(service, sign(body), 422)).toMatchObject({ rule });

      expectStatus(await sign({ delegationRef: 'KEPMEN kepmen-valid' })(), 200);
      const history = (await people.auditor.get(`/agreements/${id}/history`, { headers: { 'accept-language': 'en' } })).json<{
        items: Array<{ type: string; data: Record<string, unknown>; summary: string }>;
      }>();
      const signed = history.items.find((item) => item.type === 'PartySigned')!;
      expect(signed.data.delegation).toEqual({
        delegationId: 'kepmen-valid',
        referenceNumber: 'KEPMEN kepmen-valid',
        grantor: { agencyId: KEMENDES, position: 'Menteri' },
        letterSha256: sha256('kepmen-valid'),
      });
      expect(signed.summary).toContain('under delegation KEPMEN kepmen-valid from Menteri of kemendes-pdtt');
      // Revoking the letter later leaves the signature it allowed valid.
      expectStatus(await people.admin.post('/delegations/kepmen-valid/revoke', { reason: 'Masa jabatan berakhir' }), 200);
      expect((await people.auditor.get(`/agreements/${id}/verify`)).json()).toMatchObject({ valid: true });
    });
  });

  describe('version 2 of the workflows', () => {
    it('lets Balilatfo, a unit of Kemendes PDTT, draft a PKS under the MoU, and tells an unrelated agency it does not exist', async () => {
      const { id: mou, draftHash } = await draftMou(people);
      await reviewAndOpenSigning(people, mou, draftHash);
      expectStatus(await people.kemendesSignatory.act(mou, 'sign', { documentHash: draftHash, signatoryName: 'Menteri' }), 200);
      expectStatus(await people.baritoSignatory.act(mou, 'sign', { documentHash: draftHash, signatoryName: 'Bupati' }), 200);
      const activated = await people.kemendesCoordinator.act(mou, 'activate', { effectiveDate: '2020-03-10' });
      expectStatus(activated, 200);
      // The drafting form's parent picker offers Balilatfo its ministry's MoU in force, and Banjar nothing of it.
      const since = `minPosition=${String(activated.headers['x-event-position'])}`;
      const candidates = (await balilatfo.get(`/agreements/parent-candidates?${since}`)).json<
        Array<{ id: string; kind: string; state: string }>
      >();
      expect(candidates.map((candidate) => candidate.id)).toContain(mou);
      expect(candidates.every((candidate) => candidate.kind === 'NOTA_KESEPAHAMAN' && candidate.state === 'active')).toBe(true);
      expect(
        (await people.banjarCoordinator.get(`/agreements/parent-candidates?${since}`))
          .json<Array<{ id: string }>>()
          .map((candidate) => candidate.id),
      ).not.toContain(mou);
      const pks = (agencyId: string) => ({
        kind: 'PERJANJIAN_KERJA_SAMA',
        title: 'Pendampingan Desa Percontohan',
        parentId: mou,
        parties: [
          { agencyId, name: agencyId, role: 'PIHAK_KESATU' },
          { agencyId: DINAS_PMD, name: 'Dinas PMD', role: 'PIHAK_KEDUA' },
        ],
        term: { startDate: '2020-03-10', endDate: '2022-12-31' },
      });
      const drafted = await balilatfo.post('/agreements', pks(BALILATFO));
      expectStatus(drafted, 201);
      expect(drafted.json()).toMatchObject({ workflow: { name: 'perjanjian-kerja-sama', version: 2 } });
      const banjar = await callerFor(service, officials.banjarCoordinator);
      expect(await refusedWithNothingAppended(service, () => banjar.post('/agreements', pks(BANJAR)), 422)).toMatchObject({
        rule: 'parent-exists',
        detail: `The parent agreement ${mou} does not exist or your agency cannot see it`,
      });

      // The PKS goes on: the Kepala Dinas PMD signs under the Bupati's surat kuasa, named by its number.
      const pksId = drafted.json<{ id: string }>().id;
      const hash = sha256(`pks ${pksId}`);
      expectStatus(await balilatfo.act(pksId, 'attach-document', { type: 'DRAFT', sha256: hash, name: 'pks.pdf' }), 200);
      expectStatus(await balilatfo.act(pksId, 'submit-for-review'), 200);
      const balilatfoReviewer = await callerFor(service, {
        sub: 'balilatfo-review',
        name: 'Balilatfo (program dan hukum)',
        agency: BALILATFO,
        roles: ['REVIEWER', 'LEGAL_REVIEWER'],
      });
      for (const reviewer of [balilatfoReviewer, balilatfoReviewer, pmdReviewer, pmdReviewer])
        expectStatus(await reviewer.act(pksId, 'approve-review', { documentHash: hash }), 200);
      expectStatus(await balilatfo.act(pksId, 'open-signing'), 200);
      expectStatus(
        await people.admin.post('/delegations', {
          ...SEED.delegations.find((d) => d.id === 'sk-bupati-180-12-2020'),
          validFrom: day(-30),
          validUntil: day(30),
        }),
        201,
      );
      expectStatus(
        await kadisPmd.act(pksId, 'sign', {
          documentHash: hash,
          signatoryName: 'Kepala Dinas PMD',
          capacity: 'DELEGATED',
          delegationRef: 'Surat Kuasa Bupati 180/12/HK/2020',
        }),
        200,
      );
    });

    it('opens signing only once the DPRD of a regional party approved, and shows whose decision is missing', async () => {
      const { id, draftHash } = await draftMou(people, {
        ...MOU_DRAFT,
        parties: [MOU_DRAFT.parties[0], { ...MOU_DRAFT.parties[1], dprdApprovalRequired: true }],
      });
      expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review'), 200);
      let at = '';
      for (const reviewer of [people.kemendesReviewer, people.kemendesLegal, people.baritoReviewer, people.baritoLegal]) {
        const approved = await reviewer.act(id, 'approve-review', { documentHash: draftHash });
        expectStatus(approved, 200);
        at = approved.headers['x-event-position'] as string;
      }
      const before = await people.baritoCoordinator.get(`/agreements/${id}?minPosition=${at}`);
      expect(before.json()).toMatchObject({
        dprd: { required: [BARITO_KUALA], missing: [BARITO_KUALA] },
        availableActions: ['record-dprd-approval'],
      });
      expect(await refusedWithNothingAppended(service, () => people.kemendesCoordinator.act(id, 'open-signing'), 422)).toMatchObject({
        rule: 'dprd-approval',
      });
      const inboxOf = async (caller: Caller) =>
        (await caller.get(`/inbox?minPosition=${at}`))
          .json<Array<{ agreementId: string; actions: string[] }>>()
          .find((item) => item.agreementId === id);
      expect(await inboxOf(people.baritoCoordinator)).toMatchObject({ actions: ['record-dprd-approval'] });
      // Nobody is asked to open signing before then.
      expect(await inboxOf(people.kemendesCoordinator)).toBeUndefined();

      expectStatus(
        await people.baritoCoordinator.act(id, 'record-dprd-approval', {
          number: '12/DPRD/2020',
          date: '2020-02-20',
          documentHash: sha256('dprd'),
        }),
        200,
      );
      expectStatus(await people.kemendesCoordinator.act(id, 'open-signing'), 200);
      // A DPRD decision is for regional government only.
      const ministry = { ...MOU_DRAFT, parties: [{ ...MOU_DRAFT.parties[0], dprdApprovalRequired: true }, MOU_DRAFT.parties[1]] };
      expect(await refusedWithNothingAppended(service, () => people.kemendesDrafter.post('/agreements', ministry), 422)).toMatchObject({
        rule: 'dprd-regional',
      });
    });

    it('shows the next report deadline among the agreement’s deadlines', async () => {
      const { id, draftHash } = await draftMou(people, {
        ...MOU_DRAFT,
        term: { startDate: '2020-03-10', endDate: '2099-12-31', reportingPeriodMonths: 12 },
      });
      await reviewAndOpenSigning(people, id, draftHash);
      expectStatus(await people.kemendesSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Menteri' }), 200);
      expectStatus(await people.baritoSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Bupati' }), 200);
      const activated = await people.kemendesCoordinator.act(id, 'activate', { effectiveDate: '2020-03-10' });
      expectStatus(activated, 200);
      const detail = (
        await people.baritoCoordinator.get(`/agreements/${id}?minPosition=${activated.headers['x-event-position'] as string}`)
      ).json<{
        deadlines: { kind: string }[];
      }>();
      // Yearly reports: this year's is due from 1 January next year (in Kemendes's zone, WIB), from both parties.
      const year = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4));
      expect(detail.deadlines.find((deadline) => deadline.kind === 'report')).toEqual({
        kind: 'report',
        period: String(year),
        dueDate: `${year + 1}-01-01`,
        timeZone: 'Asia/Jakarta',
        dueAt: `${year}-12-31T17:00:00.000Z`,
        due: false,
        agencyIds: [KEMENDES, BARITO_KUALA],
      });
    });

    it('shows the implementation reports each party owes and has filed, when the term sets a reporting period', async () => {
      const { id, draftHash } = await draftMou(people, {
        ...MOU_DRAFT,
        term: { startDate: '2020-03-10', endDate: '2020-12-31', reportingPeriodMonths: 6 },
      });
      await reviewAndOpenSigning(people, id, draftHash);
      expectStatus(await people.kemendesSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Menteri' }), 200);
      expectStatus(await people.baritoSignatory.act(id, 'sign', { documentHash: draftHash, signatoryName: 'Bupati' }), 200);
      expectStatus(await people.kemendesCoordinator.act(id, 'activate', { effectiveDate: '2020-03-10' }), 200);
      const filed = await people.kemendesCoordinator.act(id, 'file-report', {
        period: '2020-S1',
        documentHash: sha256('laporan S1'),
        summary: 'Pelatihan aparatur desa',
      });
      expectStatus(filed, 200);
      const detail = (await people.auditor.get(`/agreements/${id}?minPosition=${filed.headers['x-event-position'] as string}`)).json<{
        monitoring: object;
      }>();
      expect(detail.monitoring).toEqual({
        reportingPeriodMonths: 6,
        due: [
          { agencyId: KEMENDES, period: '2020-S2', periodEnd: '2020-12-31' },
          { agencyId: BARITO_KUALA, period: '2020-S1', periodEnd: '2020-06-30' },
          { agencyId: BARITO_KUALA, period: '2020-S2', periodEnd: '2020-12-31' },
        ],
        filed: [{ agencyId: KEMENDES, period: '2020-S1', documentHash: sha256('laporan S1'), summary: 'Pelatihan aparatur desa' }],
      });
      expect(
        await refusedWithNothingAppended(
          service,
          () => people.kemendesCoordinator.act(id, 'file-report', { period: '2020-S1', documentHash: sha256('lagi'), summary: 'x' }),
          422,
        ),
      ).toMatchObject({ rule: 'report-filed' });
      expect(
        await refusedWithNothingAppended(
          service,
          () => people.kemendesCoordinator.act(id, 'file-report', { period: '2021-S1', documentHash: sha256('lagi'), summary: 'x' }),
          422,
        ),
      ).toMatchObject({ rule: 'report-period' });
    });

    it('moves an agreement started on version 1 to version 2, and refuses where its state does not map', async () => {
      const store = service.app.get<EventStore>(EVENT_STORE);
      const v1 = async () => {
        const id = randomUUID();
        const drafter = { id: 'blm-1', name: 'Staf BLM', agencyId: KEMENDES, roles: ['DRAFTER' as const] };
        const [drafted] = decideDraft({ type: 'DraftAgreement', agreementId: id, ...MOU_DRAFT } as never, NOTA_KESEPAHAMAN_V1, drafter, {
          now: new Date(),
        });
        const envelope = buildEventEnvelope({
          commandId: randomUUID(),
          actor: drafter,
          workflow: NOTA_KESEPAHAMAN_V1,
          occurredAt: new Date(),
        });
        await store.append(`agreement-${id}`, [toNewEvent(drafted, randomUUID(), envelope)], { expectedRevision: 'no_stream' });
        return id;
      };
      const id = await v1();
      const moved = await people.kemendesCoordinator.act(id, 'migrate-workflow', {});
      expectStatus(moved, 200);
      expect(moved.json()).toMatchObject({ state: 'drafting', workflow: { name: 'nota-kesepahaman', version: 2 } });
      expect(
        await refusedWithNothingAppended(service, () => people.kemendesCoordinator.act(id, 'migrate-workflow', {}), 404),
      ).toMatchObject({ detail: expect.stringContaining('migrate-workflow') });
      expect((await people.auditor.get(`/agreements/${id}/verify`)).json()).toMatchObject({ valid: true, checkedEvents: 2 });

      const withdrawn = await v1();
      expectStatus(await people.kemendesDrafter.act(withdrawn, 'withdraw', { reason: 'Batal' }), 200);
      await refusedWithNothingAppended(service, () => people.kemendesCoordinator.act(withdrawn, 'migrate-workflow', {}), 409);
    });
  });
});
