/**
 * The officials of the motivating case (DOMAIN.md): who drafts, reviews, signs and records for
 * Kemendes PDTT, its unit Balilatfo, Pemkab Barito Kuala and its two offices, the directory's
 * administrator and the inspectorate's auditor. `npm run demo` plays the case with them over HTTP;
 * the browser tests walk it with them in the web app.
 */
import type { Role } from '../../src/domain/access/roles';

export interface Person {
  readonly sub: string;
  readonly name: string;
  readonly agency: string;
  readonly roles: Role[];
}

export const KEMENDES = 'kemendes-pdtt';
export const BATOLA = 'pemkab-barito-kuala';
export const BALILATFO = 'balilatfo-kemendes-pdtt';
export const DINAS_PMD = 'dinas-pmd-barito-kuala';
export const DINAS_NAKERTRANS = 'dinas-nakertrans-barito-kuala';

export const SEED_CASE_OFFICIALS = {
  blm: { sub: 'blm-banjarmasin', name: 'Staf BLM Banjarmasin', agency: KEMENDES, roles: ['DRAFTER'] },
  biroKs: { sub: 'biro-ks', name: 'Biro Kerja Sama Kemendes PDTT', agency: KEMENDES, roles: ['COORDINATOR'] },
  program: { sub: 'ditjen-pdp', name: 'Ditjen PDP Kemendes PDTT', agency: KEMENDES, roles: ['REVIEWER'] },
  biroHukum: { sub: 'biro-hukum', name: 'Biro Hukum Kemendes PDTT', agency: KEMENDES, roles: ['LEGAL_REVIEWER'] },
  sekjen: { sub: 'sekjen', name: 'Sekretaris Jenderal Kemendes PDTT', agency: KEMENDES, roles: ['SIGNATORY'] },
  tuKemendes: { sub: 'tu-kemendes', name: 'Tata Usaha Kemendes PDTT', agency: KEMENDES, roles: ['RECORDS_OFFICER'] },
  setdaKs: { sub: 'setda-ks', name: 'Bagian Kerja Sama Setda Barito Kuala', agency: BATOLA, roles: ['COORDINATOR'] },
  bappeda: { sub: 'bappeda', name: 'Bappeda Barito Kuala', agency: BATOLA, roles: ['REVIEWER'] },
  hukumSetda: { sub: 'hukum-setda', name: 'Bagian Hukum Setda Barito Kuala', agency: BATOLA, roles: ['LEGAL_REVIEWER'] },
  bupati: { sub: 'bupati', name: 'Bupati Barito Kuala', agency: BATOLA, roles: ['SIGNATORY'] },
  tuBatola: { sub: 'tu-batola', name: 'Tata Usaha Setda Barito Kuala', agency: BATOLA, roles: ['RECORDS_OFFICER'] },
  balilatfo: { sub: 'balilatfo-ks', name: 'Balilatfo (kerja sama)', agency: BALILATFO, roles: ['DRAFTER', 'COORDINATOR'] },
  balilatfoReview: {
    sub: 'balilatfo-review',
    name: 'Balilatfo (program dan hukum)',
    agency: BALILATFO,
    roles: ['REVIEWER', 'LEGAL_REVIEWER'],
  },
  kaBalilatfo: { sub: 'ka-balilatfo', name: 'Kepala Balilatfo', agency: BALILATFO, roles: ['SIGNATORY'] },
  pmdReview: { sub: 'pmd-review', name: 'Dinas PMD (program dan hukum)', agency: DINAS_PMD, roles: ['REVIEWER', 'LEGAL_REVIEWER'] },
  kadisPmd: { sub: 'kadis-pmd', name: 'Kepala Dinas PMD Barito Kuala', agency: DINAS_PMD, roles: ['SIGNATORY', 'COORDINATOR'] },
  nakerReview: {
    sub: 'naker-review',
    name: 'Dinas Nakertrans (program dan hukum)',
    agency: DINAS_NAKERTRANS,
    roles: ['REVIEWER', 'LEGAL_REVIEWER'],
  },
  kadisNaker: {
    sub: 'kadis-naker',
    name: 'Kepala Dinas Nakertrans Barito Kuala',
    agency: DINAS_NAKERTRANS,
    roles: ['SIGNATORY', 'COORDINATOR'],
  },
  admin: { sub: 'admin-direktori', name: 'Administrator Direktori', agency: KEMENDES, roles: ['ADMIN'] },
  itjen: { sub: 'itjen', name: 'Inspektorat Jenderal Kemendes PDTT', agency: 'itjen-kemendes-pdtt', roles: ['AUDITOR'] },
} satisfies Record<string, Person>;
