import { AccessDeniedError, BusinessRuleViolationError, InvalidTextError } from '../../../src/domain/errors';
import { actingAgencyIds, decideAgency, EMPTY_DIRECTORY, isRegional, type DirectoryEvent } from '../../../src/domain/directory/agency';
import {
  decideGrant,
  decideRevoke,
  evolveDelegations,
  type DelegationGrant,
  type Delegations,
} from '../../../src/domain/directory/delegation';
import { official } from '../../support/domain/agreement-fixtures';
import {
  BALILATFO_AGENCY as BALILATFO,
  BATOLA_AGENCY as BATOLA,
  DINAS_PMD_AGENCY as DINAS_PMD,
  DIRECTORY_ADMIN as admin,
  directoryOf,
  KEMENDES_AGENCY as KEMENDES,
} from '../../support/domain/directory-fixtures';

const DIRECTORY = directoryOf(KEMENDES, BALILATFO, BATOLA, DINAS_PMD);

describe('the directory of agencies', () => {
  it('knows what each agency is a unit of, and which are regional government', () => {
    expect(actingAgencyIds(DIRECTORY, BALILATFO.id)).toEqual([BALILATFO.id, KEMENDES.id]);
    expect(actingAgencyIds(DIRECTORY, 'unknown-agency')).toEqual(['unknown-agency']);
    expect(isRegional(DIRECTORY, DINAS_PMD.id)).toBe(true);
    expect(isRegional(DIRECTORY, BATOLA.id)).toBe(true);
    expect(isRegional(DIRECTORY, BALILATFO.id)).toBe(false);
    expect(isRegional(DIRECTORY, 'unknown-agency')).toBe(false);
  });

  it('registers an agency once, under a parent it knows, and lets only an ADMIN do it', () => {
    expect(() => decideAgency(DIRECTORY, KEMENDES, admin, 'register')).toThrow(expect.objectContaining({ rule: 'agency-exists' }));
    expect(() => decideAgency(EMPTY_DIRECTORY, BALILATFO, admin, 'register')).toThrow(expect.objectContaining({ rule: 'agency-parent' }));
    expect(() => decideAgency(DIRECTORY, { ...DINAS_PMD, id: 'dinas-x', parentId: undefined }, admin, 'register')).toThrow(
      expect.objectContaining({ rule: 'unit-parent' }),
    );
    expect(() => decideAgency(DIRECTORY, { ...KEMENDES, id: 'Kemendes PDTT' }, admin, 'register')).toThrow(
      expect.objectContaining({ rule: 'agency-id' }),
    );
    expect(() => decideAgency(DIRECTORY, { ...KEMENDES, id: 'kemenkeu', timeZone: 'Europe/Paris' as never }, admin, 'register')).toThrow(
      InvalidTextError,
    );
    expect(() => decideAgency(DIRECTORY, { ...KEMENDES, id: 'kemenkeu' }, official('kemenkeu', 'COORDINATOR'), 'register')).toThrow(
      AccessDeniedError,
    );
    expect(() => decideAgency(DIRECTORY, { ...KEMENDES, id: 'kemenkeu' }, official('kemenkeu', 'ADMIN', 'AUDITOR'), 'register')).toThrow(
      AccessDeniedError,
    );
  });

  it('changes a known agency, never into a unit of itself, and records nothing when nothing changes', () => {
    expect(decideAgency(DIRECTORY, { ...BATOLA, name: 'Pemerintah Kabupaten Barito Kuala' }, admin, 'change')).toEqual<DirectoryEvent[]>([
      { type: 'AgencyChanged', agency: { ...BATOLA, name: 'Pemerintah Kabupaten Barito Kuala' } },
    ]);
    expect(decideAgency(DIRECTORY, BATOLA, admin, 'change')).toEqual([]);
    expect(() => decideAgency(DIRECTORY, { ...KEMENDES, parentId: BALILATFO.id }, admin, 'change')).toThrow(
      expect.objectContaining({ rule: 'agency-cycle' }),
    );
    expect(() => decideAgency(DIRECTORY, { ...KEMENDES, parentId: KEMENDES.id }, admin, 'change')).toThrow(
      expect.objectContaining({ rule: 'agency-cycle' }),
    );
    expect(() => decideAgency(DIRECTORY, { ...KEMENDES, id: 'kemenkeu' }, admin, 'change')).toThrow(
      expect.objectContaining({ rule: 'agency-unknown' }),
    );
  });
});

describe('delegations', () => {
  const grant: DelegationGrant = {
    id: 'sk-bupati-180-12-2020',
    grantor: { agencyId: BATOLA.id, position: 'Bupati' },
    grantee: { agencyId: DINAS_PMD.id, position: 'Kepala Dinas PMD' },
    scope: { kinds: ['PERJANJIAN_KERJA_SAMA'] },
    referenceNumber: 'Surat Kuasa Bupati 180/12/HK/2020',
    letterSha256: 'A'.repeat(64),
    validFrom: '2020-02-01',
    validUntil: '2020-12-31',
  };
  const none: Delegations = new Map();

  it('are recorded by an ADMIN or the granting agency’s COORDINATOR, down the granting agency’s own hierarchy', () => {
    expect(decideGrant(DIRECTORY, none, grant, official(BATOLA.id, 'COORDINATOR'))).toEqual([
      { type: 'DelegationGranted', delegation: { ...grant, letterSha256: 'a'.repeat(64) } },
    ]);
    expect(() => decideGrant(DIRECTORY, none, grant, official(DINAS_PMD.id, 'COORDINATOR'))).toThrow(AccessDeniedError);
    expect(() => decideGrant(DIRECTORY, none, grant, official(BATOLA.id, 'SIGNATORY'))).toThrow(AccessDeniedError);
    expect(() => decideGrant(DIRECTORY, none, { ...grant, grantee: { agencyId: BALILATFO.id, position: 'Kepala' } }, admin)).toThrow(
      expect.objectContaining({ rule: 'delegation-hierarchy' }),
    );
    expect(() => decideGrant(DIRECTORY, none, { ...grant, grantor: { agencyId: 'unknown-agency', position: 'Bupati' } }, admin)).toThrow(
      expect.objectContaining({ rule: 'agency-unknown' }),
    );
  });

  it('need a scope and an ordered window of real dates, and an id of their own', () => {
    expect(() => decideGrant(DIRECTORY, none, { ...grant, scope: {} }, admin)).toThrow(
      expect.objectContaining({ rule: 'delegation-scope' }),
    );
    expect(() => decideGrant(DIRECTORY, none, { ...grant, validUntil: '2020-01-31' }, admin)).toThrow(
      expect.objectContaining({ rule: 'delegation-window' }),
    );
    expect(() => decideGrant(DIRECTORY, none, { ...grant, validUntil: '2020-02-30' }, admin)).toThrow(
      expect.objectContaining({ rule: 'date' }),
    );
    const recorded = evolveDelegations(none, decideGrant(DIRECTORY, none, grant, admin)[0], '2020-01-20T02:00:00.000Z');
    expect(() => decideGrant(DIRECTORY, recorded, grant, admin)).toThrow(expect.objectContaining({ rule: 'delegation-exists' }));
  });

  it('are revoked once, with the reason, keeping when they were granted and revoked', () => {
    const recorded = evolveDelegations(none, decideGrant(DIRECTORY, none, grant, admin)[0], '2020-01-20T02:00:00.000Z');
    const [revocation] = decideRevoke(recorded, grant.id, 'Kepala Dinas diganti', official(BATOLA.id, 'COORDINATOR'));
    const revoked = evolveDelegations(recorded, revocation, '2020-06-01T02:00:00.000Z');
    expect(revoked.get(grant.id)).toMatchObject({
      grantedAt: '2020-01-20T02:00:00.000Z',
      revokedAt: '2020-06-01T02:00:00.000Z',
      revocationReason: 'Kepala Dinas diganti',
    });
    expect(() => decideRevoke(revoked, grant.id, 'lagi', admin)).toThrow(expect.objectContaining({ rule: 'delegation-revoked' }));
    expect(() => decideRevoke(recorded, 'unknown', 'x', admin)).toThrow(BusinessRuleViolationError);
    expect(() => decideRevoke(recorded, grant.id, 'x', official(DINAS_PMD.id, 'COORDINATOR'))).toThrow(AccessDeniedError);
  });
});
