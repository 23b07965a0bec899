import { decideAgency, TIME_ZONE_NAMES, type Agency, type Directory } from '../../../src/domain/directory/agency';
import { official } from '../../support/domain/agreement-fixtures';
import {
  BALILATFO_AGENCY as BALILATFO,
  DIRECTORY_ADMIN as admin,
  directoryOf,
  KEMENDES_AGENCY as KEMENDES,
} from '../../support/domain/directory-fixtures';

/**
 * Every rule of the directory of agencies, with the words of each refusal: an administrator reads
 * them as the problem's `detail`, so an empty or wrong message is a defect as much as a wrong rule.
 */
const KEMENKEU: Agency = { id: 'kemenkeu', name: 'Kementerian Keuangan', level: 'KEMENTERIAN', timeZone: 'Asia/Jakarta' };

const DIRECTORY: Directory = directoryOf(KEMENDES, BALILATFO);

const refusal = (rule: string, message: string) => expect.objectContaining({ name: 'BusinessRuleViolationError', rule, message });
const invalidText = (field: string, message: string) => expect.objectContaining({ name: 'InvalidTextError', field, message });
const register = (agency: Agency) => decideAgency(DIRECTORY, agency, admin, 'register');

const ID_FORM = 'An agency id is 2 to 64 lower-case letters, digits, dots, dashes or underscores (kemendes-pdtt)';

describe('the directory’s rules', () => {
  it('let only an ADMIN manage it, and say so', () => {
    for (const actor of [official('kemenkeu', 'COORDINATOR'), official('kominfo', 'ADMIN', 'AUDITOR')]) {
      expect(() => decideAgency(DIRECTORY, KEMENKEU, actor, 'register')).toThrow(
        expect.objectContaining({ name: 'AccessDeniedError', message: 'Only an ADMIN manages the directory of agencies' }),
      );
    }
  });

  it('record an agency without a parent with no parent at all', () => {
    expect(register(KEMENKEU)).toStrictEqual([
      {
        type: 'AgencyRegistered',
        agency: { id: 'kemenkeu', name: 'Kementerian Keuangan', level: 'KEMENTERIAN', timeZone: 'Asia/Jakarta' },
      },
    ]);
  });

  it('take an id of the agreed form, from its first character to its last', () => {
    expect(register({ ...KEMENKEU, id: 'kemenkeu.djpk_2' })).toEqual([
      { type: 'AgencyRegistered', agency: { ...KEMENKEU, id: 'kemenkeu.djpk_2' } },
    ]);
    // A bad first character, with a good id after it.
    expect(() => register({ ...KEMENKEU, id: '-kemenkeu' })).toThrow(refusal('agency-id', ID_FORM));
    expect(() => register({ ...KEMENKEU, id: 'Kemenkeu' })).toThrow(refusal('agency-id', ID_FORM));
    // A good id, with a bad last character after it.
    expect(() => register({ ...KEMENKEU, id: 'kemenkeu!' })).toThrow(refusal('agency-id', ID_FORM));
    expect(() => register({ ...KEMENKEU, id: 'kemenkeu RI' })).toThrow(refusal('agency-id', ID_FORM));
    expect(() => register({ ...KEMENKEU, id: 'k' })).toThrow(refusal('agency-id', ID_FORM));
  });

  it.each<[string, Partial<Agency>]>([
    ['id', { id: ' ' }],
    ['name', { name: ' ' }],
    ['parentId', { parentId: ' ' }],
  ])('refuse a blank %s, naming the field', (field, change) => {
    expect(() => register({ ...KEMENKEU, ...change })).toThrow(invalidText(field, `${field} must not be empty or blank`));
  });

  it('take only the levels there are, and list them', () => {
    expect(() => register({ ...KEMENKEU, level: 'KEMENTERIAN_KOORDINATOR' as never })).toThrow(
      invalidText(
        'level',
        'level must be one of KEMENTERIAN, LEMBAGA, PEMERINTAH_PROVINSI, PEMERINTAH_KABUPATEN_KOTA, DINAS_ATAU_UNIT, PERGURUAN_TINGGI, PIHAK_KETIGA',
      ),
    );
  });

  it('take only Indonesia’s three time zones, and list them', () => {
    expect(() => register({ ...KEMENKEU, timeZone: 'Asia/Singapore' as never })).toThrow(
      invalidText('timeZone', 'timeZone must be one of Asia/Jakarta, Asia/Makassar, Asia/Jayapura'),
    );
  });

  it('name the three time zones as Indonesians do', () => {
    expect(TIME_ZONE_NAMES).toEqual({ 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' });
  });

  it('name the parent the directory does not know', () => {
    expect(() => register({ ...BALILATFO, id: 'bpsdm-kemendes', parentId: 'kemendesa' })).toThrow(
      refusal('agency-parent', 'The parent agency kemendesa is not in the directory'),
    );
  });

  it('never make an agency a unit of itself or of its own units, and say so', () => {
    expect(() => decideAgency(DIRECTORY, { ...KEMENDES, parentId: BALILATFO.id }, admin, 'change')).toThrow(
      refusal('agency-cycle', 'An agency cannot be a unit of itself or of its own units'),
    );
  });

  it('ask a dinas or unit for the agency it is a unit of', () => {
    expect(() => register({ ...KEMENKEU, id: 'bpsdm-kemendes', level: 'DINAS_ATAU_UNIT' })).toThrow(
      refusal('unit-parent', 'A dinas or unit names the agency it is a unit of'),
    );
  });

  it('register an agency once, change only a known one, and name it either way', () => {
    expect(() => register(KEMENDES)).toThrow(refusal('agency-exists', 'The agency kemendes-pdtt is already in the directory'));
    expect(() => decideAgency(DIRECTORY, KEMENKEU, admin, 'change')).toThrow(
      refusal('agency-unknown', 'The agency kemenkeu is not in the directory'),
    );
  });
});
