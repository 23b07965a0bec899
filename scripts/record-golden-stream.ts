/**
 * Records the golden streams of `test/fixtures/streams/` that this script names, through the real
 * command path: the command handlers decide, the repository builds each event's envelope and id,
 * and the event store seals the hash chain. Ids derive from fixed idempotency keys and the clock
 * is fixed, so a run writes the same bytes every time.
 *
 *   node -r @swc-node/register scripts/record-golden-stream.ts            record every stream below
 *   node -r @swc-node/register scripts/record-golden-stream.ts renewed    only the named ones
 *
 * A golden stream is history: record one when a path is first covered, never to make a failing
 * replay pass. The spec replays the files; it never runs this script.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgreementRepository } from '../src/application/agreements/agreement-repository';
import { agreementStream, derivedUuid, foldRecorded } from '../src/application/agreements/agreement-stream';
import { DecisionFacts } from '../src/application/agreements/decision-facts';
import { DirectoryRepository } from '../src/application/directory/directory-repository';
import { buildEventEnvelope } from '../src/application/event-store/event-envelope';
import { requestFingerprint } from '../src/application/event-store/request-fingerprint';
import {
  DraftAgreementCommand,
  DraftAgreementHandler,
  type DraftAgreementInput,
} from '../src/application/agreements/draft-agreement.command';
import { PerformAgreementActionCommand, PerformAgreementActionHandler } from '../src/application/agreements/perform-action.command';
import type { RecordedEvent } from '../src/application/ports/event-store.port';
import type { Actor } from '../src/domain/access/actor';
import {
  decideDraft,
  detailedState,
  evolve,
  initialState,
  lifecycleState,
  type AgreementState,
} from '../src/domain/agreements/agreement-decider';
import { decideAgency, type Agency } from '../src/domain/directory/agency';
import { decideGrant, type DelegationGrant } from '../src/domain/directory/delegation';
import type { WorkflowDefinition } from '../src/domain/workflows/workflow-definition';
import { NOTA_KESEPAHAMAN_V1, PERJANJIAN_KERJA_SAMA_V1 } from '../src/domain/workflows/workflow-registry';
import { MemoryEventStore } from '../src/infrastructure/event-store/memory/memory-event-store';
import { BALILATFO, BARITO_KUALA, DINAS_PMD, KEMENDES, officials } from '../test/support/domain/officials';
import type { Official } from '../test/support/tokens';

const FOLDER = join(__dirname, '../test/fixtures/streams');

const actor = ({ sub, name, agency, roles }: Official, onBehalfOf?: string): Actor => ({
  id: sub,
  name,
  agencyId: agency,
  roles: [...roles],
  ...(onBehalfOf === undefined ? {} : { onBehalfOf }),
});

const people = {
  drafter: actor(officials.kemendesDrafter),
  coordinator: actor(officials.kemendesCoordinator),
  reviewer: actor(officials.kemendesReviewer),
  legal: actor(officials.kemendesLegal),
  sekjen: actor(officials.kemendesSignatory, 'Menteri Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi'),
  records: actor(officials.kemendesRecords),
  baritoCoordinator: actor(officials.baritoCoordinator),
  baritoReviewer: actor(officials.baritoReviewer),
  baritoLegal: actor(officials.baritoLegal),
  bupati: actor(officials.baritoSignatory),
  baritoRecords: actor(officials.baritoRecords),
  balilatfo: { id: 'balilatfo-ks', name: 'Balilatfo (kerja sama)', agencyId: BALILATFO, roles: ['DRAFTER', 'COORDINATOR'] },
  balilatfoReview: {
    id: 'balilatfo-review',
    name: 'Balilatfo (program dan hukum)',
    agencyId: BALILATFO,
    roles: ['REVIEWER', 'LEGAL_REVIEWER'],
  },
  kaBalilatfo: { id: 'ka-balilatfo', name: 'Kepala Balilatfo', agencyId: BALILATFO, roles: ['SIGNATORY'] },
  balilatfoRecords: { id: 'tu-balilatfo', name: 'Tata Usaha Balilatfo', agencyId: BALILATFO, roles: ['RECORDS_OFFICER'] },
  pmdReview: { id: 'pmd-review', name: 'Dinas PMD (program dan hukum)', agencyId: DINAS_PMD, roles: ['REVIEWER', 'LEGAL_REVIEWER'] },
  kadisPmd: {
    id: 'kadis-pmd',
    name: 'Kepala Dinas PMD Barito Kuala',
    agencyId: DINAS_PMD,
    roles: ['SIGNATORY'],
    onBehalfOf: 'Bupati Barito Kuala',
  },
  pmdCoordinator: { id: 'pmd-ks', name: 'Dinas PMD (kerja sama)', agencyId: DINAS_PMD, roles: ['COORDINATOR'] },
} satisfies Record<string, Actor>;

const MOU_PARTIES = [
  { agencyId: KEMENDES, name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi', role: 'PIHAK_KESATU' },
  { agencyId: BARITO_KUALA, name: 'Pemerintah Kabupaten Barito Kuala', role: 'PIHAK_KEDUA' },
] as const;

/** A fixed-length hex digest standing for a document (the service stores hashes, not bytes). */
const documentHash = (fill: string) => fill.repeat(64 / fill.length);

/** The fixed clock of a recording: a day is set, then every command takes the next minute. */
class Recording {
  private readonly store: MemoryEventStore;
  private readonly repository: AgreementRepository;
  private readonly drafts: DraftAgreementHandler;
  private readonly actions: PerformAgreementActionHandler;
  private readonly clock: { now(): Date };
  private readonly directory: DirectoryRepository;
  private readonly facts: DecisionFacts;
  private time = new Date('2020-01-01T00:00:00.000Z');
  private step = 0;

  constructor() {
    const clock = { now: () => new Date(this.time.getTime()) };
    // The store stamps `recordedAt` a moment after the command's business time.
    this.store = new MemoryEventStore(() => new Date(this.time.getTime() + 7));
    this.repository = new AgreementRepository(this.store);
    this.clock = clock;
    this.directory = new DirectoryRepository(this.store, clock);
    this.facts = new DecisionFacts(this.repository, this.directory);
    this.drafts = new DraftAgreementHandler(this.repository, this.facts, clock);
    this.actions = new PerformAgreementActionHandler(this.repository, this.facts, clock);
  }

  /** Commands from here on happen on `date` (YYYY-MM-DD), from 02:00 UTC (10:00 WITA), a minute apart. */
  on(date: string): this {
    const start = new Date(`${date}T02:00:00.000Z`);
    if (this.time.toISOString().slice(0, 10) > date) throw new Error(`The recording is already past ${date}`);
    if (start > this.time) this.time = start;
    return this;
  }

  /**
   * Drafts through the handler (on the latest workflow version), or on an older `workflow` the way
   * the handler did when it was the latest: the same ids from the same key, the same envelope.
   */
  async draft(by: Actor, draft: DraftAgreementInput, workflow?: WorkflowDefinition): Promise<string> {
    const key = this.nextKey();
    if (!workflow) return (await this.drafts.execute(new DraftAgreementCommand(by, draft, key))).id;
    const id = derivedUuid('agreement', by.id, key);
    const commandId = derivedUuid('draft-agreement', by.id, key);
    const now = this.clock.now();
    const events = decideDraft(
      { ...draft, type: 'DraftAgreement', agreementId: id },
      workflow,
      by,
      await this.facts.forDraft(by, draft, now),
    );
    const envelope = buildEventEnvelope({ commandId, actor: by, workflow, occurredAt: now, requestFingerprint: requestFingerprint(draft) });
    await this.repository.append(id, {}, { events, next: events.reduce(evolve, initialState(workflow)) }, envelope);
    return id;
  }

  /** Records the seed case's agencies and delegations, as an administrator would. */
  async directoryOf(agencies: readonly Agency[], delegations: readonly DelegationGrant[]): Promise<void> {
    const admin: Actor = { id: 'admin-directory', name: 'Administrator Direktori', agencyId: KEMENDES, roles: ['ADMIN'] };
    for (const agency of agencies) {
      this.nextKey();
      await this.directory.changeAgencies(admin, (directory) => decideAgency(directory, agency, admin, 'register'));
    }
    for (const grant of delegations) {
      this.nextKey();
      await this.directory.changeDelegations(admin, (directory, known) => decideGrant(directory, known, grant, admin));
    }
  }

  async act(id: string, by: Actor, action: string, payload: Record<string, unknown> = {}): Promise<void> {
    await this.actions.execute(new PerformAgreementActionCommand(by, id, action, payload, undefined, this.nextKey()));
  }

  /** The stream of `id` as a golden fixture, its expectations folded from what was stored. */
  async fixture(id: string, description: string): Promise<object> {
    const recorded: RecordedEvent[] = [];
    for await (const event of this.store.readStream(agreementStream(id))) recorded.push(event);
    const states: string[] = [];
    let state: AgreementState | undefined;
    for (const event of recorded) {
      state = foldRecorded(state, event);
      states.push(detailedState(state));
    }
    return {
      description,
      workflow: recorded[0].metadata.workflow,
      events: recorded.map((event) => ({
        id: event.id,
        stream: event.stream,
        revision: Number(event.revision),
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        recordedAt: event.recordedAt.toISOString(),
      })),
      expected: {
        state: lifecycleState(state!),
        detailedState: detailedState(state!),
        revision: recorded.length - 1,
        states,
        agreement: JSON.parse(JSON.stringify(state!.snapshot.context)) as unknown,
      },
    };
  }

  private nextKey(): string {
    this.step += 1;
    this.time = new Date(this.time.getTime() + 60_000);
    return `golden-stream-${this.step}`;
  }
}

/** An MoU of the two parties of the motivating case, from its draft to `active` (10 March 2020). */
async function activeMou(r: Recording, title: string, draftFill: string): Promise<string> {
  const draft = documentHash(draftFill);
  r.on('2020-02-03');
  const id = await r.draft(
    people.drafter,
    {
      kind: 'NOTA_KESEPAHAMAN',
      title,
      purpose: 'Pengembangan desa percontohan di Kabupaten Barito Kuala',
      parties: [...MOU_PARTIES],
      term: { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 90 },
    },
    NOTA_KESEPAHAMAN_V1,
  );
  await r.act(id, people.drafter, 'attach-document', { documentType: 'DRAFT', sha256: draft, name: 'draft-nk.pdf' });
  await r.act(id, people.drafter, 'submit-for-review');
  r.on('2020-02-17');
  await r.act(id, people.reviewer, 'approve-review', { documentHash: draft });
  await r.act(id, people.baritoReviewer, 'approve-review', { documentHash: draft });
  await r.act(id, people.legal, 'approve-review', { documentHash: draft });
  await r.act(id, people.baritoLegal, 'approve-review', { documentHash: draft });
  r.on('2020-03-10');
  await r.act(id, people.coordinator, 'open-signing');
  await r.act(id, people.sekjen, 'sign', {
    documentHash: draft,
    signatoryName: 'Sekretaris Jenderal Kemendes PDTT',
    capacity: 'ON_BEHALF',
    delegationRef: 'KEPMEN-45/2020',
  });
  await r.act(id, people.bupati, 'sign', { documentHash: draft, signatoryName: 'Bupati Barito Kuala' });
  await r.act(id, people.coordinator, 'activate', { effectiveDate: '2020-03-10' });
  return id;
}

type Streams = Record<string, { id: string; description: string }>;

/** The seed case's agencies and delegations (scripts/seed-case/directory.json). */
const SEED_DIRECTORY = JSON.parse(readFileSync(join(__dirname, 'seed-case/directory.json'), 'utf8')) as {
  agencies: Agency[];
  delegations: DelegationGrant[];
};

/** Each scenario records one or more streams (a PKS needs its parent MoU in the same store). */
const SCENARIOS: Record<string, (r: Recording) => Promise<Streams>> = {
  async renewed(r) {
    const mou = await activeMou(r, 'Pengembangan Desa Percontohan', '1f');
    await r.act(mou, people.records, 'assign-registry-number', { number: '01/NK/BLM/III/2020', date: '2020-03-10' });
    await r.act(mou, people.baritoRecords, 'assign-registry-number', { number: '119/2020', date: '2020-03-10' });
    // Balilatfo and Dinas PMD sign their PKS at the same event, once the MoU is in force.
    const pksDraft = documentHash('2e');
    const pks = await r.draft(
      people.balilatfo,
      {
        kind: 'PERJANJIAN_KERJA_SAMA',
        title: 'Pemberdayaan Masyarakat Desa Percontohan',
        parentId: mou,
        parties: [
          { agencyId: BALILATFO, name: 'Badan Penelitian dan Pengembangan, Pendidikan dan Pelatihan, dan Informasi', role: 'PIHAK_KESATU' },
          { agencyId: DINAS_PMD, name: 'Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Barito Kuala', role: 'PIHAK_KEDUA' },
        ],
        term: { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 30 },
      },
      PERJANJIAN_KERJA_SAMA_V1,
    );
    await r.act(pks, people.balilatfo, 'attach-document', { documentType: 'DRAFT', sha256: pksDraft, name: 'draft-pks.pdf' });
    await r.act(pks, people.balilatfo, 'submit-for-review');
    await r.act(pks, people.balilatfoReview, 'approve-review', { documentHash: pksDraft });
    await r.act(pks, people.balilatfoReview, 'approve-review', { documentHash: pksDraft });
    await r.act(pks, people.pmdReview, 'approve-review', { documentHash: pksDraft });
    await r.act(pks, people.pmdReview, 'approve-review', { documentHash: pksDraft });
    await r.act(pks, people.balilatfo, 'open-signing');
    await r.act(pks, people.kaBalilatfo, 'sign', { documentHash: pksDraft, signatoryName: 'Kepala Balilatfo' });
    await r.act(pks, people.kadisPmd, 'sign', {
      documentHash: pksDraft,
      signatoryName: 'Kepala Dinas PMD Barito Kuala',
      capacity: 'DELEGATED',
      delegationRef: 'Surat Kuasa Bupati 180/12/HK/2020',
    });
    await r.act(pks, people.balilatfo, 'activate', { effectiveDate: '2020-03-10' });
    await r.act(pks, people.balilatfoRecords, 'assign-registry-number', { number: '07/PKS/BALILATFO/III/2020', date: '2020-03-10' });
    // The MoU is renewed before its notice deadline (2 October 2024); then the PKS, which may not
    // outlive it, can be renewed past the MoU's first end date.
    r.on('2024-09-02');
    await r.act(mou, people.coordinator, 'renew', { newEndDate: '2029-12-31' });
    r.on('2024-10-01');
    await r.act(pks, people.pmdCoordinator, 'renew', { newEndDate: '2027-12-31' });
    return {
      'nota-kesepahaman-v1-renewed': {
        id: mou,
        description:
          'The MoU of the motivating case: cleared, signed (the Sekjen on behalf of the Minister), activated, numbered by both parties, then renewed to 2029 before its notice deadline. Parent of the PKS perjanjian-kerja-sama-v1-renewed-under-mou.',
      },
      'perjanjian-kerja-sama-v1-renewed-under-mou': {
        id: pks,
        description:
          'A PKS of Balilatfo and Dinas PMD implementing the MoU nota-kesepahaman-v1-renewed, drafted once the MoU was active: cleared, signed (Dinas PMD under delegation), numbered by Balilatfo, renewed to 2027 after the MoU was renewed.',
      },
    };
  },

  async 'terminated-archived'(r) {
    const mou = await activeMou(r, 'Pengembangan Kawasan Transmigrasi', '3d');
    r.on('2022-10-03');
    await r.act(mou, people.sekjen, 'give-termination-notice', {
      reason: 'Program dialihkan ke Kementerian lain',
      effectiveDate: '2023-01-01',
    });
    r.on('2023-01-02');
    await r.act(mou, people.baritoCoordinator, 'terminate');
    r.on('2023-02-01');
    await r.act(mou, people.baritoRecords, 'archive');
    return {
      'nota-kesepahaman-v1-terminated-archived': {
        id: mou,
        description: 'An active MoU given notice of termination by Kemendes, terminated on its date by Barito Kuala, then archived.',
      },
    };
  },

  async 'expired-archived'(r) {
    const mou = await activeMou(r, 'Pelatihan Aparatur Desa', '4c');
    r.on('2025-01-02');
    await r.act(mou, people.coordinator, 'expire');
    r.on('2025-02-03');
    await r.act(mou, people.records, 'archive');
    return {
      'nota-kesepahaman-v1-expired-archived': {
        id: mou,
        description: 'An active MoU not renewed: expired the day after its end date, then archived.',
      },
    };
  },

  async 'withdrawn-archived'(r) {
    r.on('2020-02-03');
    const mou = await r.draft(
      people.drafter,
      {
        kind: 'NOTA_KESEPAHAMAN',
        title: 'Pengembangan Desa Wisata',
        parties: [...MOU_PARTIES],
        term: { startDate: '2020-06-01', endDate: '2023-12-31', noticePeriodDays: 60 },
      },
      NOTA_KESEPAHAMAN_V1,
    );
    await r.act(mou, people.drafter, 'attach-document', { documentType: 'KAK', sha256: documentHash('5b'), name: 'kak.pdf' });
    await r.act(mou, people.drafter, 'attach-document', { documentType: 'DRAFT', sha256: documentHash('6a'), name: 'draft-nk.pdf' });
    r.on('2020-02-10');
    await r.act(mou, people.coordinator, 'withdraw', { reason: 'Digabung dengan NK Pengembangan Desa Percontohan' });
    r.on('2020-03-02');
    await r.act(mou, people.records, 'archive');
    return {
      'nota-kesepahaman-v1-withdrawn-archived': {
        id: mou,
        description: 'A draft MoU withdrawn by the coordinator before review, then archived.',
      },
    };
  },

  async 'amendment-rejected'(r) {
    const mou = await activeMou(r, 'Pengembangan Desa Percontohan Tahap II', '79');
    const amendment = documentHash('8e');
    r.on('2021-05-03');
    await r.act(mou, people.coordinator, 'propose-amendment', { summary: 'Penambahan desa sasaran', documentHash: amendment });
    await r.act(mou, people.reviewer, 'approve-review', { documentHash: amendment });
    r.on('2021-05-10');
    await r.act(mou, people.baritoReviewer, 'request-changes', { reason: 'Anggaran desa tambahan belum tersedia di APBD 2021' });
    return {
      'nota-kesepahaman-v1-amendment-rejected': {
        id: mou,
        description:
          'An amendment of an active MoU, cleared technically by Kemendes, sent back by Barito Kuala: the amendment is dropped and the MoU stays active on its executed text, version 1.',
      },
    };
  },

  async 'v2-seed-case'(r) {
    r.on('2020-01-20');
    await r.directoryOf(SEED_DIRECTORY.agencies, SEED_DIRECTORY.delegations);
    const draft = documentHash('a7');
    r.on('2020-02-03');
    const mou = await r.draft(people.drafter, {
      kind: 'NOTA_KESEPAHAMAN',
      title: 'Pengembangan Desa Percontohan',
      purpose: 'Pengembangan desa percontohan di Kabupaten Barito Kuala',
      parties: [MOU_PARTIES[0], { ...MOU_PARTIES[1], dprdApprovalRequired: true }],
      term: { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 90, reportingPeriodMonths: 6 },
    });
    await r.act(mou, people.drafter, 'attach-document', { documentType: 'DRAFT', sha256: draft, name: 'draft-nk.pdf' });
    await r.act(mou, people.drafter, 'submit-for-review');
    r.on('2020-02-17');
    await r.act(mou, people.reviewer, 'approve-review', { documentHash: draft });
    await r.act(mou, people.baritoReviewer, 'approve-review', { documentHash: draft });
    await r.act(mou, people.legal, 'approve-review', { documentHash: draft });
    await r.act(mou, people.baritoLegal, 'approve-review', { documentHash: draft });
    r.on('2020-02-24');
    await r.act(mou, people.baritoCoordinator, 'record-dprd-approval', {
      number: '12/DPRD-BATOLA/2020',
      date: '2020-02-20',
      documentHash: documentHash('d1'),
    });
    r.on('2020-03-10');
    await r.act(mou, people.coordinator, 'open-signing');
    await r.act(mou, people.sekjen, 'sign', {
      documentHash: draft,
      signatoryName: 'Sekretaris Jenderal Kemendes PDTT',
      capacity: 'ON_BEHALF',
      delegationId: 'kepmen-45-2020',
    });
    await r.act(mou, people.bupati, 'sign', { documentHash: draft, signatoryName: 'Bupati Barito Kuala' });
    await r.act(mou, people.coordinator, 'activate', { effectiveDate: '2020-03-10' });
    // Balilatfo, a unit of Kemendes PDTT, drafts the PKS under the MoU; the Kepala Dinas PMD signs under the Bupati's letter.
    const pksDraft = documentHash('b8');
    r.on('2020-03-10');
    const pks = await r.draft(people.balilatfo, {
      kind: 'PERJANJIAN_KERJA_SAMA',
      title: 'Pemberdayaan Masyarakat Desa Percontohan',
      parentId: mou,
      parties: [
        { agencyId: BALILATFO, name: 'Badan Penelitian dan Pengembangan, Pendidikan dan Pelatihan, dan Informasi', role: 'PIHAK_KESATU' },
        { agencyId: DINAS_PMD, name: 'Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Barito Kuala', role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 30, reportingPeriodMonths: 12 },
    });
    await r.act(pks, people.balilatfo, 'attach-document', { documentType: 'DRAFT', sha256: pksDraft, name: 'draft-pks.pdf' });
    await r.act(pks, people.balilatfo, 'submit-for-review');
    await r.act(pks, people.balilatfoReview, 'approve-review', { documentHash: pksDraft });
    await r.act(pks, people.balilatfoReview, 'approve-review', { documentHash: pksDraft });
    await r.act(pks, people.pmdReview, 'approve-review', { documentHash: pksDraft });
    await r.act(pks, people.pmdReview, 'approve-review', { documentHash: pksDraft });
    await r.act(pks, people.balilatfo, 'open-signing');
    await r.act(pks, people.kaBalilatfo, 'sign', { documentHash: pksDraft, signatoryName: 'Kepala Balilatfo' });
    await r.act(pks, people.kadisPmd, 'sign', {
      documentHash: pksDraft,
      signatoryName: 'Kepala Dinas PMD Barito Kuala',
      capacity: 'DELEGATED',
      delegationRef: 'Surat Kuasa Bupati 180/12/HK/2020',
    });
    await r.act(pks, people.balilatfo, 'activate', { effectiveDate: '2020-03-10' });
    r.on('2020-07-06');
    await r.act(mou, people.coordinator, 'file-report', {
      period: '2020-S1',
      documentHash: documentHash('e2'),
      summary: 'Penetapan lokus dan pelatihan aparatur desa tahap I',
    });
    await r.act(mou, people.baritoCoordinator, 'file-report', {
      period: '2020-S1',
      documentHash: documentHash('e3'),
      summary: 'Musyawarah desa di Anjir Pasar',
    });
    return {
      'nota-kesepahaman-v2-delegated-dprd-reported': {
        id: mou,
        description:
          'The MoU of the motivating case on workflow version 2: Barito Kuala needs its DPRD decision, recorded before signing opened; the Sekjen signs under the recorded delegation KEPMEN-45/2020; activated; both parties report on the first semester of 2020.',
      },
      'perjanjian-kerja-sama-v2-unit-delegated': {
        id: pks,
        description:
          'A PKS on version 2 drafted by Balilatfo, a unit of Kemendes PDTT, under the MoU nota-kesepahaman-v2-delegated-dprd-reported; the Kepala Dinas PMD signs under the recorded letter of the Bupati, named by its reference number.',
      },
    };
  },

  async migrated(r) {
    const draft = documentHash('c9');
    r.on('2020-02-03');
    const mou = await r.draft(
      people.drafter,
      {
        kind: 'NOTA_KESEPAHAMAN',
        title: 'Pengembangan Kawasan Perdesaan',
        parties: [...MOU_PARTIES],
        term: { startDate: '2020-06-01', endDate: '2023-12-31', noticePeriodDays: 60 },
      },
      NOTA_KESEPAHAMAN_V1,
    );
    await r.act(mou, people.drafter, 'attach-document', { documentType: 'DRAFT', sha256: draft, name: 'draft-nk.pdf' });
    await r.act(mou, people.drafter, 'submit-for-review');
    await r.act(mou, people.reviewer, 'approve-review', { documentHash: draft });
    r.on('2020-02-10');
    await r.act(mou, people.baritoCoordinator, 'migrate-workflow');
    await r.act(mou, people.baritoReviewer, 'approve-review', { documentHash: draft });
    await r.act(mou, people.legal, 'approve-review', { documentHash: draft });
    await r.act(mou, people.baritoLegal, 'approve-review', { documentHash: draft });
    await r.act(mou, people.coordinator, 'open-signing');
    await r.act(mou, people.sekjen, 'sign', { documentHash: draft, signatoryName: 'Menteri Desa PDTT' });
    await r.act(mou, people.bupati, 'sign', { documentHash: draft, signatoryName: 'Bupati Barito Kuala' });
    await r.act(mou, people.coordinator, 'activate', { effectiveDate: '2020-06-01' });
    return {
      'nota-kesepahaman-v1-migrated-to-v2': {
        id: mou,
        description:
          'An MoU drafted on version 1, moved to version 2 in review (after one clearance), then cleared, signed and activated on version 2.',
      },
    };
  },
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in SCENARIOS));
  if (unknown.length > 0) throw new Error(`No scenario ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const recording = new Recording();
    for (const [file, { id, description }] of Object.entries(await scenario(recording))) {
      const path = join(FOLDER, `${file}.json`);
      writeFileSync(path, `${JSON.stringify(await recording.fixture(id, description), null, 2)}\n`);
      process.stdout.write(`${path}\n`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
