/**
 * The seed case's MoU (DOMAIN.md) as data: the draft and every step after it, with who takes it.
 * `npm run demo` plays it over HTTP; the browser tests follow the state chart through it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BATOLA, KEMENDES, SEED_CASE_OFFICIALS } from './officials';

type Official = keyof typeof SEED_CASE_OFFICIALS;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The agencies and letters of delegation of the case; each letter valid until next year's end (the demo signs today). */
export function seedCaseDirectory(today = new Date()): {
  agencies: Array<{ id: string; name: string }>;
  delegations: Array<{ id: string; referenceNumber: string; validUntil: string }>;
} {
  const seed = JSON.parse(readFileSync(join(__dirname, 'directory.json'), 'utf8')) as ReturnType<typeof seedCaseDirectory>;
  const validUntil = `${today.getFullYear() + 1}-12-31`;
  return { agencies: seed.agencies, delegations: seed.delegations.map((delegation) => ({ ...delegation, validUntil })) };
}

export const SEED_CASE_MOU_DRAFT = {
  kind: 'NOTA_KESEPAHAMAN',
  title: 'Pengembangan Desa Percontohan di Kabupaten Barito Kuala',
  purpose: 'Sinergi pengembangan desa percontohan dan kawasan transmigrasi',
  parties: [
    { agencyId: KEMENDES, name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi', role: 'PIHAK_KESATU' },
    { agencyId: BATOLA, name: 'Pemerintah Kabupaten Barito Kuala', role: 'PIHAK_KEDUA', dprdApprovalRequired: true },
  ],
  term: { startDate: '2020-03-10', endDate: '2024-12-31', noticePeriodDays: 90, reportingPeriodMonths: 6 },
} as const;

export interface SeedCaseStep {
  readonly by: Official;
  readonly action: string;
  readonly body: Record<string, unknown>;
  /** What the step does, as the demo prints it. */
  readonly what: string;
}

const DRAFT_HASH = sha256('Naskah NK desa percontohan, versi 1');
const LOCATIONS = [
  { province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Anjir Pasar' },
  { province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Tabukan', area: 'KTM Cahaya Baru' },
];

/** From the attached draft to the first implementation report, on workflow version 2. */
export const SEED_CASE_MOU_STEPS: readonly SeedCaseStep[] = [
  {
    by: 'blm',
    action: 'attach-document',
    body: { type: 'DRAFT', sha256: DRAFT_HASH, name: 'naskah-nk-desa-percontohan.pdf' },
    what: 'attaches the draft',
  },
  { by: 'blm', action: 'submit-for-review', body: {}, what: 'submits it for review' },
  { by: 'program', action: 'approve-review', body: { documentHash: DRAFT_HASH }, what: 'clears it technically for Kemendes PDTT' },
  { by: 'bappeda', action: 'approve-review', body: { documentHash: DRAFT_HASH }, what: 'clears it technically for Barito Kuala' },
  { by: 'biroHukum', action: 'approve-review', body: { documentHash: DRAFT_HASH }, what: 'gives legal clearance for Kemendes PDTT' },
  { by: 'hukumSetda', action: 'approve-review', body: { documentHash: DRAFT_HASH }, what: 'gives legal clearance for Barito Kuala' },
  {
    by: 'setdaKs',
    action: 'record-dprd-approval',
    body: { number: '12/DPRD-BATOLA/II/2020', date: '2020-02-20', documentHash: sha256('Keputusan DPRD Barito Kuala 12/2020') },
    what: 'records the DPRD decision of Barito Kuala',
  },
  { by: 'biroKs', action: 'open-signing', body: {}, what: 'opens signing' },
  {
    by: 'sekjen',
    action: 'sign',
    body: { documentHash: DRAFT_HASH, signatoryName: 'Anwar Sanusi', capacity: 'ON_BEHALF', delegationId: 'kepmen-45-2020' },
    what: 'signs for the Minister, under the recorded delegation KEPMEN-45/2020',
  },
  {
    by: 'bupati',
    action: 'sign',
    body: { documentHash: DRAFT_HASH, signatoryName: 'Hj. Noormiliyani AS' },
    what: 'signs for Barito Kuala',
  },
  { by: 'biroKs', action: 'activate', body: { effectiveDate: '2020-03-10' }, what: 'puts it in force from 10 March 2020' },
  {
    by: 'tuKemendes',
    action: 'assign-registry-number',
    body: { number: '01/NK/BLM/III/2020', date: '2020-03-10' },
    what: 'numbers it for Kemendes PDTT',
  },
  {
    by: 'tuBatola',
    action: 'assign-registry-number',
    body: { number: '119/2020', date: '2020-03-10' },
    what: 'numbers it for Barito Kuala',
  },
  { by: 'biroKs', action: 'propose-locations', body: { locations: LOCATIONS }, what: 'proposes Anjir Pasar and KTM Cahaya Baru' },
  { by: 'biroKs', action: 'confirm-locations', body: {}, what: 'confirms the locations for Kemendes PDTT' },
  { by: 'setdaKs', action: 'confirm-locations', body: {}, what: 'confirms the locations for Barito Kuala (now fixed)' },
  {
    by: 'biroKs',
    action: 'file-report',
    body: { period: '2020-S1', documentHash: sha256('Laporan semester I 2020'), summary: 'Penetapan lokus dan pelatihan aparatur desa' },
    what: 'files the implementation report for 2020-S1',
  },
];
