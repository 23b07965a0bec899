import { decideAgency, EMPTY_DIRECTORY, evolveDirectory, type Agency, type Directory } from '../../../src/domain/directory/agency';
import { official } from './agreement-fixtures';

/** The agencies of the motivating case as the directory records them, for the domain specs of the directory and delegations. */
export const DIRECTORY_ADMIN = official('kominfo', 'ADMIN');
export const KEMENDES_AGENCY: Agency = { id: 'kemendes-pdtt', name: 'Kemendes PDTT', level: 'KEMENTERIAN', timeZone: 'Asia/Jakarta' };
export const BALILATFO_AGENCY: Agency = {
  id: 'balilatfo-kemendes-pdtt',
  name: 'Balilatfo',
  level: 'DINAS_ATAU_UNIT',
  parentId: KEMENDES_AGENCY.id,
  timeZone: 'Asia/Jakarta',
};
export const BATOLA_AGENCY: Agency = {
  id: 'pemkab-barito-kuala',
  name: 'Pemkab Barito Kuala',
  level: 'PEMERINTAH_KABUPATEN_KOTA',
  timeZone: 'Asia/Makassar',
};
export const DINAS_PMD_AGENCY: Agency = {
  id: 'dinas-pmd-barito-kuala',
  name: 'Dinas PMD',
  level: 'DINAS_ATAU_UNIT',
  parentId: BATOLA_AGENCY.id,
  timeZone: 'Asia/Makassar',
};

/** A directory with these agencies registered, in order, by an administrator (through the domain's own decisions). */
export function directoryOf(...agencies: Agency[]): Directory {
  return agencies.reduce<Directory>(
    (directory, agency) => decideAgency(directory, agency, DIRECTORY_ADMIN, 'register').reduce(evolveDirectory, directory),
    EMPTY_DIRECTORY,
  );
}
