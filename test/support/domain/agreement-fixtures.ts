import type { Actor } from '../../../src/domain/access/actor';
import type { Role } from '../../../src/domain/access/roles';
import type { AgreementEvent, Location, Party } from '../../../src/domain/agreements/agreement-events';

/** The motivating case of DOMAIN.md: Kemendes PDTT and Pemkab Barito Kuala, 10 March 2020. */
export const KEMENDES = 'kemendes-pdtt';
export const BARITO_KUALA = 'pemkab-barito-kuala';
export const OUTSIDER = 'pemkab-banjar';

export const MOU_ID = '5f0c7a2e-3a51-4d43-9d1a-6c0f5b1f7c11';
export const DRAFT_HASH = 'a'.repeat(64);
export const NEW_DRAFT_HASH = 'b'.repeat(64);
export const AMENDMENT_HASH = 'c'.repeat(64);

export const PARTIES: Party[] = [
  { agencyId: KEMENDES, name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi', role: 'PIHAK_KESATU' },
  { agencyId: BARITO_KUALA, name: 'Pemerintah Kabupaten Barito Kuala', role: 'PIHAK_KEDUA' },
];

export const TERM = { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 90 };

/** The locations (lokus) of the motivating case, decided with all parties after signing. */
export const LOCATIONS: Location[] = [
  { province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Anjir Pasar' },
  { province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Tabukan', area: 'KTM Cahaya Baru' },
];

/** An official of `agencyId` holding `roles`. */
export function official(agencyId: string, ...roles: Role[]): Actor {
  return { id: `${agencyId}:${roles.join('+').toLowerCase()}`, name: `${roles.join('/')} ${agencyId}`, agencyId, roles };
}

export const drafted: AgreementEvent = {
  type: 'AgreementDrafted',
  agreementId: MOU_ID,
  kind: 'NOTA_KESEPAHAMAN',
  title: 'Pengembangan Desa Percontohan',
  parties: PARTIES,
  term: TERM,
};

export const draftAttached: AgreementEvent = { type: 'DocumentAttached', documentType: 'DRAFT', sha256: DRAFT_HASH, name: 'draft-nk.pdf' };
export const submitted: AgreementEvent = { type: 'SubmittedForReview', documentHash: DRAFT_HASH };

export const cleared = (agencyId: string, tier: 'TECHNICAL' | 'LEGAL', documentHash = DRAFT_HASH): AgreementEvent => ({
  type: 'ReviewApproved',
  agencyId,
  tier,
  documentHash,
});

export const signedBy = (agencyId: string, documentHash = DRAFT_HASH): AgreementEvent => ({
  type: 'PartySigned',
  agencyId,
  documentHash,
  signatoryName: `Penandatangan ${agencyId}`,
  capacity: 'ORIGINAL',
});

/** The events that bring an MoU to each state along the main path. */
export const PATH: Record<string, AgreementEvent[]> = {};
PATH.drafting = [drafted, draftAttached];
PATH.inReview = [...PATH.drafting, submitted];
PATH.readyToSign = [
  ...PATH.inReview,
  cleared(KEMENDES, 'TECHNICAL'),
  cleared(BARITO_KUALA, 'TECHNICAL'),
  cleared(KEMENDES, 'LEGAL'),
  cleared(BARITO_KUALA, 'LEGAL'),
  { type: 'ClearedForSigning', documentHash: DRAFT_HASH },
];
PATH.signing = [...PATH.readyToSign, { type: 'SigningOpened' }];
PATH.executed = [
  ...PATH.signing,
  signedBy(KEMENDES),
  signedBy(BARITO_KUALA),
  { type: 'AgreementExecuted', documentHash: DRAFT_HASH, version: 1 },
];
PATH.active = [...PATH.executed, { type: 'Activated', effectiveDate: '2020-03-10' }];
PATH.amending = [...PATH.active, { type: 'AmendmentProposed', summary: 'Tambah lokus', documentHash: AMENDMENT_HASH }];
PATH.terminating = [...PATH.active, { type: 'TerminationNoticeGiven', reason: 'Program dihentikan', effectiveDate: '2023-01-01' }];
PATH.terminated = [...PATH.terminating, { type: 'Terminated' }];
PATH.expired = [...PATH.active, { type: 'Expired', endDate: TERM.endDate }];
PATH.withdrawn = [...PATH.drafting, { type: 'DraftWithdrawn', reason: 'Tidak dilanjutkan' }];
PATH.archived = [...PATH.expired, { type: 'Archived' }];
