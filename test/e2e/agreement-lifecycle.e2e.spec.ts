import {
  activeMou,
  cast,
  draftMou,
  expectStatus,
  LOCATIONS,
  MOU_DRAFT,
  reviewAndOpenSigning,
  sha256,
} from '../support/agreement-scenarios';
import { BALILATFO, DINAS_PMD } from '../support/domain/officials';
import { callerFor } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('agreements over HTTP', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    service = await startTestApp();
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
  });

  it('drafts an MoU: 201, Location, ETag and the event position', async () => {
    const response = await people.kemendesDrafter.post('/agreements', MOU_DRAFT);

    expectStatus(response, 201);
    const body = response.json<{ id: string }>();
    expect(body).toEqual({
      id: expect.any(String),
      revision: 0,
      state: 'drafting',
      workflow: { name: 'nota-kesepahaman', version: 2 },
      position: expect.stringMatching(/^\d+$/),
    });
    expect(response.headers.location).toBe(`/agreements/${body.id}`);
    expect(response.headers.etag).toBe('"0"');
    expect(response.headers['x-event-position']).toBe((body as unknown as { position: string }).position);
  });

  it('takes the MoU of the motivating case from draft to active with its locations fixed', async () => {
    const { id } = await activeMou(people);
    expectStatus(await people.kemendesRecords.act(id, 'assign-registry-number', { number: '01/NK/BLM/III/2020', date: '2020-03-10' }), 200);
    expectStatus(await people.baritoRecords.act(id, 'assign-registry-number', { number: '119/2020', date: '2020-03-10' }), 200);
    expectStatus(await people.kemendesCoordinator.act(id, 'propose-locations', { locations: LOCATIONS }), 200);
    expectStatus(await people.kemendesCoordinator.act(id, 'confirm-locations'), 200);
    const last = await people.baritoCoordinator.act(id, 'confirm-locations');
    expectStatus(last, 200);

    const state = await people.kemendesCoordinator.get(`/agreements/${id}/state`);
    expectStatus(state, 200);
    const view = state.json<{ state: string; revision: number; agreement: Record<string, unknown>; availableActions: string[] }>();
    expect(view.state).toBe('active');
    expect(view.revision).toBe(last.json<{ revision: number }>().revision);
    expect(view.agreement).toMatchObject({
      fixedLocations: LOCATIONS,
      version: 1,
      effectiveDate: '2020-03-10',
      progress: {
        'kemendes-pdtt': {
          registry: { number: '01/NK/BLM/III/2020' },
          signature: { capacity: 'DELEGATED', delegationRef: 'SK Menteri 12/2020' },
        },
        'pemkab-barito-kuala': { registry: { number: '119/2020' } },
      },
    });
    expect(view.availableActions).toEqual(['propose-amendment', 'renew', 'give-termination-notice', 'expire']);
  });

  it('runs two Balilatfo PKS under the active MoU', async () => {
    const { id: mouId } = await activeMou(people);
    const balilatfo = {
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
    const dinas = {
      reviewer: await callerFor(service, {
        sub: 'pmd-1',
        name: 'Reviewer Dinas PMD',
        agency: DINAS_PMD,
        roles: ['REVIEWER', 'LEGAL_REVIEWER'],
      }),
      signatory: await callerFor(service, { sub: 'kadis-pmd', name: 'Kepala Dinas PMD', agency: DINAS_PMD, roles: ['SIGNATORY'] }),
    };
    const pks = {
      kind: 'PERJANJIAN_KERJA_SAMA',
      title: 'Pendampingan Desa Percontohan',
      parentId: mouId,
      parties: [
        { agencyId: BALILATFO, name: 'Badan Penelitian dan Pengembangan, Pendidikan dan Pelatihan, dan Informasi', role: 'PIHAK_KESATU' },
        { agencyId: DINAS_PMD, name: 'Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Barito Kuala', role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2020-03-10', endDate: '2022-12-31', noticePeriodDays: 60 },
    };

    const created = await balilatfo.drafter.post('/agreements', pks);
    expectStatus(created, 201);
    const { id } = created.json<{ id: string; workflow: object }>();
    expect(created.json<{ workflow: object }>().workflow).toEqual({ name: 'perjanjian-kerja-sama', version: 2 });
    const hash = sha256('pks draft');
    expectStatus(await balilatfo.drafter.act(id, 'attach-document', { type: 'DRAFT', sha256: hash, name: 'pks.pdf' }), 200);
    expectStatus(await balilatfo.drafter.act(id, 'submit-for-review'), 200);
    for (const reviewer of [balilatfo.reviewer, dinas.reviewer]) {
      expectStatus(await reviewer.act(id, 'approve-review', { documentHash: hash }), 200);
      expectStatus(await reviewer.act(id, 'approve-review', { documentHash: hash }), 200);
    }
    expectStatus(await balilatfo.drafter.act(id, 'open-signing'), 200);
    expectStatus(await balilatfo.signatory.act(id, 'sign', { documentHash: hash, signatoryName: 'Kepala Balilatfo' }), 200);
    const executed = await dinas.signatory.act(id, 'sign', { documentHash: hash, signatoryName: 'Kepala Dinas PMD' });
    expectStatus(executed, 200);
    expect(executed.json<{ state: string }>().state).toBe('executed');

    const outliving = await balilatfo.drafter.post('/agreements', { ...pks, term: { startDate: '2020-03-10', endDate: '2026-12-31' } });
    expectStatus(outliving, 422);
    // Balilatfo is no party of the MoU, so the refusal names nothing of it, not its term (hostile-input.e2e.spec.ts).
    expect(outliving.json()).toMatchObject({ rule: 'parent-exists', status: 422 });
    expect(outliving.body).not.toContain('2024-12-31');
  });

  it('replays the state as of a revision and as of an instant', async () => {
    const { id, draftHash } = await draftMou(people);
    await reviewAndOpenSigning(people, id, draftHash);

    const atOne = await people.kemendesDrafter.get(`/agreements/${id}/state?revision=1`);
    const beforeDraft = await people.kemendesDrafter.get(`/agreements/${id}/state?at=2000-01-01T00:00:00Z`);
    const now = await people.kemendesDrafter.get(`/agreements/${id}/state?at=${encodeURIComponent(new Date().toISOString())}`);

    expectStatus(atOne, 200);
    expect(atOne.json()).toMatchObject({ revision: 1, state: 'drafting', agreement: { draftHash } });
    expect(atOne.json()).not.toHaveProperty('availableActions');
    expectStatus(beforeDraft, 404);
    expect(now.json()).toMatchObject({ state: 'signing' });
  });

  it('describes the workflows for drawing', async () => {
    const list = await people.auditor.get('/workflows');
    const mou = await people.auditor.get('/workflows/nota-kesepahaman/1');

    expect(list.json()).toEqual([
      { name: 'nota-kesepahaman', version: 1, kind: 'NOTA_KESEPAHAMAN', title: 'Nota Kesepahaman (MoU)', latest: false },
      { name: 'perjanjian-kerja-sama', version: 1, kind: 'PERJANJIAN_KERJA_SAMA', title: 'Perjanjian Kerja Sama (PKS)', latest: false },
      { name: 'nota-kesepahaman', version: 2, kind: 'NOTA_KESEPAHAMAN', title: 'Nota Kesepahaman (MoU)', latest: true },
      { name: 'perjanjian-kerja-sama', version: 2, kind: 'PERJANJIAN_KERJA_SAMA', title: 'Perjanjian Kerja Sama (PKS)', latest: true },
    ]);
    const description = mou.json<{
      states: Array<{ id: string; transitions: Array<{ event: string; target: string | null; action: string | null }> }>;
      actions: Array<{ name: string }>;
    }>();
    expect(description.states.map((s) => s.id)).toEqual(
      expect.arrayContaining(['drafting', 'inReview', 'signing', 'active', 'amending', 'archived']),
    );
    expect(description.states.find((s) => s.id === 'drafting')!.transitions).toContainEqual({
      event: 'SubmittedForReview',
      target: 'inReview',
      guard: 'canSubmit',
      action: 'submit-for-review',
    });
    // Version 1's nineteen actions (the scheduler's reminder and escalation among them), and the move to version 2.
    expect(description.actions.map((action) => action.name)).toHaveLength(20);
    expect(description.actions.find((action) => action.name === 'remind')).toMatchObject({
      produces: 'DeadlineApproaching',
      policy: { roles: [], party: 'any', scheduler: true },
      awaited: false,
    });
    expect(description.actions.at(-1)).toMatchObject({ name: 'migrate-workflow', produces: 'WorkflowMigrated', awaited: false });
    const v2 = (await people.auditor.get('/workflows/perjanjian-kerja-sama/2')).json<typeof description>();
    expect(v2.actions.map((action) => action.name)).toEqual([
      ...description.actions.slice(0, 19).map((action) => action.name),
      'record-dprd-approval',
      'file-report',
    ]);
    expect(v2.states.find((s) => s.id === 'readyToSign')!.transitions).toContainEqual({
      event: 'SigningOpened',
      target: 'signing',
      guard: 'dprdApprovalsRecorded',
      action: 'open-signing',
    });
    expectStatus(await people.auditor.get('/workflows/nota-kesepahaman/9'), 404);
  });
});
