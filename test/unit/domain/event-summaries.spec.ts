import type { AgreementEvent, AgreementEventType } from '../../../src/domain/agreements/agreement-events';
import type { Language, Summaries, Summary, SummaryWords } from '../../../src/domain/workflows/event-summaries';
import { MIGRATION_SUMMARY } from '../../../src/domain/workflows/migrations';
import { EVENT_SUMMARIES_V1 } from '../../../src/domain/workflows/v1/event-summaries.v1';
import { EVENT_SUMMARIES_V2 } from '../../../src/domain/workflows/v2/event-summaries.v2';
import {
  AMENDMENT_HASH,
  BARITO_KUALA,
  DRAFT_HASH,
  KEMENDES,
  LOCATIONS,
  MOU_ID,
  PARTIES,
  TERM,
} from '../../support/domain/agreement-fixtures';

type EventOf<T extends AgreementEventType> = Extract<AgreementEvent, { type: T }>;

/** Events of every type, each way its line can read (the compiler asks for every type). */
const SAMPLES: { readonly [T in AgreementEventType]: readonly [EventOf<T>, ...EventOf<T>[]] } = {
  AgreementDrafted: [
    {
      type: 'AgreementDrafted',
      agreementId: MOU_ID,
      kind: 'NOTA_KESEPAHAMAN',
      title: 'Pengembangan Desa Percontohan',
      parties: PARTIES,
      term: TERM,
    },
  ],
  DocumentAttached: [{ type: 'DocumentAttached', documentType: 'DRAFT', sha256: DRAFT_HASH, name: 'draft-nk.pdf' }],
  SubmittedForReview: [{ type: 'SubmittedForReview', documentHash: DRAFT_HASH }],
  ReviewApproved: [
    { type: 'ReviewApproved', agencyId: BARITO_KUALA, tier: 'TECHNICAL', documentHash: DRAFT_HASH },
    { type: 'ReviewApproved', agencyId: BARITO_KUALA, tier: 'LEGAL', documentHash: DRAFT_HASH },
  ],
  ClearedForSigning: [{ type: 'ClearedForSigning', documentHash: DRAFT_HASH }],
  ChangesRequested: [{ type: 'ChangesRequested', agencyId: KEMENDES, reason: 'Pasal 3 perlu diperjelas' }],
  SigningOpened: [{ type: 'SigningOpened' }],
  PartySigned: [
    { type: 'PartySigned', agencyId: BARITO_KUALA, documentHash: DRAFT_HASH, signatoryName: 'Hj. Noormiliyani AS', capacity: 'ORIGINAL' },
    {
      type: 'PartySigned',
      agencyId: KEMENDES,
      documentHash: DRAFT_HASH,
      signatoryName: 'Anwar Sanusi',
      capacity: 'DELEGATED',
      delegationRef: 'SK Menteri 12/2020',
    },
    {
      type: 'PartySigned',
      agencyId: KEMENDES,
      documentHash: DRAFT_HASH,
      signatoryName: 'Anwar Sanusi',
      capacity: 'ON_BEHALF',
      delegationRef: 'KEPMEN-45/2020',
      delegation: {
        delegationId: 'kepmen-45-2020',
        referenceNumber: 'KEPMEN-45/2020',
        grantor: { agencyId: KEMENDES, position: 'Menteri' },
        letterSha256: 'f'.repeat(64),
      },
    },
  ],
  AgreementExecuted: [{ type: 'AgreementExecuted', documentHash: DRAFT_HASH, version: 1 }],
  Activated: [{ type: 'Activated', effectiveDate: '2020-03-10' }],
  RegistryNumberAssigned: [{ type: 'RegistryNumberAssigned', agencyId: BARITO_KUALA, number: '01/NK/BLM/III/2020', date: '2020-03-11' }],
  LocationsProposed: [{ type: 'LocationsProposed', locations: LOCATIONS }],
  LocationsConfirmed: [{ type: 'LocationsConfirmed', agencyId: BARITO_KUALA }],
  LocationsFixed: [{ type: 'LocationsFixed', locations: LOCATIONS }],
  AmendmentProposed: [{ type: 'AmendmentProposed', summary: 'Penambahan lokus Kecamatan Tabukan', documentHash: AMENDMENT_HASH }],
  Renewed: [{ type: 'Renewed', previousEndDate: '2024-12-31', newEndDate: '2026-12-31' }],
  TerminationNoticeGiven: [{ type: 'TerminationNoticeGiven', reason: 'Program selesai lebih awal', effectiveDate: '2023-01-01' }],
  Terminated: [{ type: 'Terminated' }],
  Expired: [{ type: 'Expired', endDate: '2024-12-31' }],
  StepOverdue: [
    { type: 'StepOverdue', step: 'review', since: '2024-06-03', daysWaiting: 30 },
    { type: 'StepOverdue', step: 'signing', since: '2024-07-01', daysWaiting: 14 },
  ],
  DeadlineApproaching: [
    { type: 'DeadlineApproaching', deadline: 'notice', dueDate: '2024-10-03', daysLeft: 30 },
    { type: 'DeadlineApproaching', deadline: 'expiry', dueDate: '2025-01-01', daysLeft: 7 },
  ],
  DraftWithdrawn: [{ type: 'DraftWithdrawn', reason: 'Digabung dengan NK lain' }],
  Archived: [{ type: 'Archived' }],
  WorkflowMigrated: [{ type: 'WorkflowMigrated', fromVersion: 1, toVersion: 2 }],
  DprdApprovalRecorded: [
    {
      type: 'DprdApprovalRecorded',
      agencyId: BARITO_KUALA,
      number: '12/DPRD-BATOLA/II/2020',
      date: '2020-02-20',
      documentHash: 'd'.repeat(64),
    },
  ],
  ImplementationReportFiled: [
    {
      type: 'ImplementationReportFiled',
      agencyId: BARITO_KUALA,
      period: '2020-S1',
      documentHash: 'e'.repeat(64),
      summary: 'Pelatihan aparatur desa',
    },
  ],
};

const WORDS: SummaryWords = {
  who: 'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER)',
  party: (agencyId) => PARTIES.find((party) => party.agencyId === agencyId)?.name ?? agencyId,
};

/** Each table of lines the history reads: each version's, and the migration's. */
const TABLES: ReadonlyArray<[string, Partial<Summaries<AgreementEventType>>]> = [
  ['version 1', EVENT_SUMMARIES_V1],
  ['version 2', EVENT_SUMMARIES_V2],
  ['the migration', { WorkflowMigrated: MIGRATION_SUMMARY }],
];

/** The line of `event` in `language`, from `table` or else the table that holds its type. */
function lineOf(
  event: AgreementEvent,
  language: Language,
  table = TABLES.map(([, lines]) => lines).find((lines) => Object.hasOwn(lines, event.type))!,
): string {
  return (table[event.type] as Summary<AgreementEventType>)[language](event, WORDS);
}

describe('the history lines of events', () => {
  it('cover every event type between the versions and the migration', () => {
    const covered = new Set(TABLES.flatMap(([, lines]) => Object.keys(lines)));
    expect([...covered].sort()).toEqual(Object.keys(SAMPLES).sort());
    // Version 2 keeps every line of version 1: an agreement that moved still reads its past.
    expect(Object.keys(EVENT_SUMMARIES_V2)).toEqual(expect.arrayContaining(Object.keys(EVENT_SUMMARIES_V1)));
  });

  describe.each(TABLES)('of %s', (_table, lines) => {
    const cases = Object.keys(lines).flatMap((type) =>
      SAMPLES[type as AgreementEventType].map((event, index) => [`${type}#${index}`, event] as const),
    );

    it.each(cases)('read %s in Bahasa Indonesia and in English, in two different lines', (_case, event) => {
      const indonesian = lineOf(event, 'id', lines);
      const english = lineOf(event, 'en', lines);
      for (const line of [indonesian, english]) {
        expect(line.trim()).not.toBe('');
        expect(line).not.toMatch(/undefined|null|\[object/);
      }
      expect(indonesian).not.toBe(english);
    });
  });

  describe('in Bahasa Indonesia', () => {
    it.each([
      [
        'a draft',
        SAMPLES.AgreementDrafted[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) menyusun draf "Pengembangan Desa Percontohan" (NOTA_KESEPAHAMAN) antara Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi dengan Pemerintah Kabupaten Barito Kuala, jangka waktu 2020-03-10 sampai dengan 2024-12-31',
      ],
      [
        'a technical clearance',
        SAMPLES.ReviewApproved[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) menyetujui sha256:aaaaaaaa… dalam tinjauan teknis untuk Pemerintah Kabupaten Barito Kuala',
      ],
      [
        'a legal clearance',
        SAMPLES.ReviewApproved[1],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) memberikan persetujuan hukum atas sha256:aaaaaaaa… untuk Pemerintah Kabupaten Barito Kuala',
      ],
      [
        "a signature in the signatory's own capacity",
        SAMPLES.PartySigned[0],
        'Hj. Noormiliyani AS menandatangani sha256:aaaaaaaa… untuk Pemerintah Kabupaten Barito Kuala (dalam jabatannya sendiri), dicatat oleh Biro Hukum Kemendes PDTT (LEGAL_REVIEWER)',
      ],
      [
        'a version 1 signature under a delegation reference',
        SAMPLES.PartySigned[1],
        'Anwar Sanusi menandatangani sha256:aaaaaaaa… untuk Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi (didelegasikan, SK Menteri 12/2020), dicatat oleh Biro Hukum Kemendes PDTT (LEGAL_REVIEWER)',
      ],
      [
        'a signature under a recorded delegation',
        SAMPLES.PartySigned[2],
        'Anwar Sanusi menandatangani sha256:aaaaaaaa… untuk Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi (atas nama, berdasarkan pendelegasian KEPMEN-45/2020 dari Menteri kemendes-pdtt, surat sha256:ffffffff…), dicatat oleh Biro Hukum Kemendes PDTT (LEGAL_REVIEWER)',
      ],
      ['an activation', SAMPLES.Activated[0], 'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) menyatakan kesepakatan berlaku sejak 2020-03-10'],
      ['fixed locations', SAMPLES.LocationsFixed[0], 'Lokasi ditetapkan oleh seluruh pihak: Anjir Pasar, KTM Cahaya Baru'],
      [
        'a renewal',
        SAMPLES.Renewed[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) memperpanjang jangka waktu hingga 2026-12-31 (semula 2024-12-31)',
      ],
      [
        'a notice of termination',
        SAMPLES.TerminationNoticeGiven[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) menyampaikan pemberitahuan pengakhiran terhitung mulai 2023-01-01: Program selesai lebih awal',
      ],
      [
        'a DPRD approval',
        SAMPLES.DprdApprovalRecorded[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) mencatat persetujuan DPRD nomor 12/DPRD-BATOLA/II/2020 tanggal 2020-02-20 sha256:dddddddd… untuk Pemerintah Kabupaten Barito Kuala',
      ],
      [
        'an implementation report',
        SAMPLES.ImplementationReportFiled[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) menyampaikan laporan pelaksanaan periode 2020-S1 sha256:eeeeeeee… untuk Pemerintah Kabupaten Barito Kuala: Pelatihan aparatur desa',
      ],
      [
        'a migration',
        SAMPLES.WorkflowMigrated[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) memindahkan kesepakatan dari versi 1 ke versi 2 alur kerjanya',
      ],
    ])('reads %s as an official writes it', (_what, event, line) => {
      expect(lineOf(event, 'id')).toBe(line);
    });
  });

  describe('in English', () => {
    it.each([
      [
        'a draft',
        SAMPLES.AgreementDrafted[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) drafted "Pengembangan Desa Percontohan" (NOTA_KESEPAHAMAN) between Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi and Pemerintah Kabupaten Barito Kuala, 2020-03-10 to 2024-12-31',
      ],
      [
        'a technical clearance',
        SAMPLES.ReviewApproved[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) cleared sha256:aaaaaaaa… in technical review for Pemerintah Kabupaten Barito Kuala',
      ],
      [
        'a legal clearance',
        SAMPLES.ReviewApproved[1],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) gave legal clearance to sha256:aaaaaaaa… for Pemerintah Kabupaten Barito Kuala',
      ],
      [
        'a signature under a recorded delegation',
        SAMPLES.PartySigned[2],
        'Anwar Sanusi signed sha256:aaaaaaaa… for Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi (ON_BEHALF, under delegation KEPMEN-45/2020 from Menteri of kemendes-pdtt, letter sha256:ffffffff…), recorded by Biro Hukum Kemendes PDTT (LEGAL_REVIEWER)',
      ],
      ['a renewal', SAMPLES.Renewed[0], 'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) renewed the term from 2024-12-31 to 2026-12-31'],
      [
        'a migration',
        SAMPLES.WorkflowMigrated[0],
        'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) moved the agreement from version 1 to version 2 of its workflow',
      ],
    ])('reads %s as before', (_what, event, line) => {
      expect(lineOf(event, 'en')).toBe(line);
    });
  });
});
