import type { Official } from '../tokens';
import { BARITO_KUALA, KEMENDES } from './agreement-fixtures';

export { BARITO_KUALA, KEMENDES };

/** Officials of the motivating case (DOMAIN.md), one per role and agency the tests need. */
export const BALILATFO = 'balilatfo-kemendes-pdtt';
export const DINAS_PMD = 'dinas-pmd-barito-kuala';
export const BANJAR = 'pemkab-banjar';

export const officials = {
  kemendesDrafter: { sub: 'blm-bjm-1', name: 'Staf BLM Banjarmasin', agency: KEMENDES, roles: ['DRAFTER'] },
  kemendesCoordinator: { sub: 'biro-ks-1', name: 'Biro Kerja Sama Kemendes PDTT', agency: KEMENDES, roles: ['COORDINATOR'] },
  kemendesReviewer: { sub: 'prog-1', name: 'Unit Program Kemendes PDTT', agency: KEMENDES, roles: ['REVIEWER'] },
  kemendesLegal: { sub: 'biro-hukum-1', name: 'Biro Hukum Kemendes PDTT', agency: KEMENDES, roles: ['LEGAL_REVIEWER'] },
  kemendesSignatory: { sub: 'sekjen', name: 'Sekretaris Jenderal Kemendes PDTT', agency: KEMENDES, roles: ['SIGNATORY'] },
  kemendesRecords: { sub: 'tu-1', name: 'Tata Usaha Kemendes PDTT', agency: KEMENDES, roles: ['RECORDS_OFFICER'] },
  baritoCoordinator: { sub: 'setda-ks-1', name: 'Bagian Kerja Sama Setda Barito Kuala', agency: BARITO_KUALA, roles: ['COORDINATOR'] },
  baritoReviewer: { sub: 'bappeda-1', name: 'Bappeda Barito Kuala', agency: BARITO_KUALA, roles: ['REVIEWER'] },
  baritoLegal: { sub: 'hukum-setda-1', name: 'Bagian Hukum Setda Barito Kuala', agency: BARITO_KUALA, roles: ['LEGAL_REVIEWER'] },
  baritoSignatory: { sub: 'bupati', name: 'Bupati Barito Kuala', agency: BARITO_KUALA, roles: ['SIGNATORY'] },
  baritoRecords: { sub: 'tu-batola', name: 'Tata Usaha Setda Barito Kuala', agency: BARITO_KUALA, roles: ['RECORDS_OFFICER'] },
  banjarCoordinator: { sub: 'banjar-ks', name: 'Bagian Kerja Sama Setda Banjar', agency: BANJAR, roles: ['COORDINATOR'] },
  auditor: { sub: 'itjen-1', name: 'Inspektorat Jenderal Kemendes PDTT', agency: 'itjen-kemendes-pdtt', roles: ['AUDITOR'] },
  admin: { sub: 'admin-1', name: 'Administrator', agency: KEMENDES, roles: ['ADMIN'] },
} satisfies Record<string, Official>;
