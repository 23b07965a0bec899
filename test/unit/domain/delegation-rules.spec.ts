import type { Actor } from '../../../src/domain/access/actor';
import { type Agency, type Directory } from '../../../src/domain/directory/agency';
import {
  assertMayManageDelegation,
  checkDelegation,
  decideGrant,
  decideRevoke,
  evolveDelegations,
  type DelegatedSignature,
  type Delegation,
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

/**
 * Every rule of a delegation at its boundary (the last value it accepts and the first it refuses),
 * and the words of each refusal: officials read them as the problem's `detail`, so an empty or
 * wrong message is a defect as much as a wrong rule.
 */
/** Eastern Indonesia (WIT, UTC+9): two hours ahead of Jakarta (WIB, UTC+7). */
const JAYAPURA: Agency = {
  id: 'pemkot-jayapura',
  name: 'Pemkot Jayapura',
  level: 'PEMERINTAH_KABUPATEN_KOTA',
  timeZone: 'Asia/Jayapura',
};

const DIRECTORY: Directory = directoryOf(KEMENDES, BALILATFO, BATOLA, DINAS_PMD, JAYAPURA);

const none: Delegations = new Map();
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

const refusal = (rule: string, message: string) => expect.objectContaining({ name: 'BusinessRuleViolationError', rule, message });
const invalidText = (field: string, message: string) => expect.objectContaining({ name: 'InvalidTextError', field, message });
const denied = (message: string) => expect.objectContaining({ name: 'AccessDeniedError', message });

const MANAGERS_ONLY = 'A delegation is recorded by an ADMIN or by a COORDINATOR of the granting agency';

describe('who manages delegations', () => {
  it('never lets an auditor record or revoke one, whatever else they hold', () => {
    expect(() => assertMayManageDelegation(official('kominfo', 'ADMIN', 'AUDITOR'), BATOLA.id)).toThrow(
      denied('Auditors cannot change the directory'),
    );
    expect(() => decideGrant(DIRECTORY, none, grant, official(BATOLA.id, 'COORDINATOR', 'AUDITOR'))).toThrow(
      denied('Auditors cannot change the directory'),
    );
    const recorded = evolveDelegations(none, decideGrant(DIRECTORY, none, grant, admin)[0], '2020-01-20T02:00:00.000Z');
    expect(() => decideRevoke(recorded, grant.id, 'Diganti', official('kominfo', 'ADMIN', 'AUDITOR'))).toThrow(
      denied('Auditors cannot change the directory'),
    );
  });

  it('says who may, when an official of the granting agency who is no coordinator tries', () => {
    expect(() => decideGrant(DIRECTORY, none, grant, official(BATOLA.id, 'SIGNATORY'))).toThrow(denied(MANAGERS_ONLY));
    expect(() => decideGrant(DIRECTORY, none, grant, official(DINAS_PMD.id, 'COORDINATOR'))).toThrow(denied(MANAGERS_ONLY));
    expect(() => assertMayManageDelegation(official(BATOLA.id, 'COORDINATOR'), BATOLA.id)).not.toThrow();
  });

  it('refuses a grant that names no grantor to a coordinator as not theirs to record, instead of failing on it', () => {
    const grantorless = { ...grant, grantor: undefined } as unknown as DelegationGrant;
    expect(() => decideGrant(DIRECTORY, none, grantorless, official(BATOLA.id, 'COORDINATOR'))).toThrow(denied(MANAGERS_ONLY));
  });
});

describe('recording a delegation', () => {
  it('keeps exactly what the grant says: no named official, no single agreement, when it names none', () => {
    expect(decideGrant(DIRECTORY, none, grant, admin)).toStrictEqual([
      {
        type: 'DelegationGranted',
        delegation: {
          id: 'sk-bupati-180-12-2020',
          grantor: { agencyId: BATOLA.id, position: 'Bupati' },
          grantee: { agencyId: DINAS_PMD.id, position: 'Kepala Dinas PMD' },
          scope: { kinds: ['PERJANJIAN_KERJA_SAMA'] },
          referenceNumber: 'Surat Kuasa Bupati 180/12/HK/2020',
          letterSha256: 'a'.repeat(64),
          validFrom: '2020-02-01',
          validUntil: '2020-12-31',
        },
      },
    ]);
  });

  it('records a delegation to one named official for one agreement, with no kinds', () => {
    const toOne: DelegationGrant = {
      ...grant,
      grantee: { ...grant.grantee, officialId: 'kadis-pmd-1' },
      scope: { agreementId: '7d3a3c55-1111-4222-8333-944444444444' },
    };
    expect(decideGrant(DIRECTORY, none, toOne, admin)).toStrictEqual([
      {
        type: 'DelegationGranted',
        delegation: {
          id: 'sk-bupati-180-12-2020',
          grantor: { agencyId: BATOLA.id, position: 'Bupati' },
          grantee: { agencyId: DINAS_PMD.id, position: 'Kepala Dinas PMD', officialId: 'kadis-pmd-1' },
          scope: { agreementId: '7d3a3c55-1111-4222-8333-944444444444' },
          referenceNumber: 'Surat Kuasa Bupati 180/12/HK/2020',
          letterSha256: 'a'.repeat(64),
          validFrom: '2020-02-01',
          validUntil: '2020-12-31',
        },
      },
    ]);
  });

  it('takes a window of a single day: it may end on the day it starts, not before', () => {
    expect(decideGrant(DIRECTORY, none, { ...grant, validUntil: '2020-02-01' }, admin)).toEqual([
      expect.objectContaining({ delegation: expect.objectContaining({ validFrom: '2020-02-01', validUntil: '2020-02-01' }) }),
    ]);
    expect(() => decideGrant(DIRECTORY, none, { ...grant, validUntil: '2020-01-31' }, admin)).toThrow(
      refusal('delegation-window', 'A delegation must end on or after the day it starts'),
    );
    expect(() => decideGrant(DIRECTORY, none, { ...grant, validFrom: '2020-02-30' }, admin)).toThrow(
      refusal('date', 'The validity window must be real dates (YYYY-MM-DD)'),
    );
  });

  it('needs a scope: kinds of agreement or one agreement', () => {
    expect(() => decideGrant(DIRECTORY, none, { ...grant, scope: {} }, admin)).toThrow(
      refusal('delegation-scope', 'A delegation covers kinds of agreement or one agreement'),
    );
    expect(() => decideGrant(DIRECTORY, none, { ...grant, scope: { kinds: [] } }, admin)).toThrow(
      refusal('delegation-scope', 'A delegation covers kinds of agreement or one agreement'),
    );
  });

  it('takes only the kinds of agreement there are', () => {
    expect(() => decideGrant(DIRECTORY, none, { ...grant, scope: { kinds: ['SURAT_EDARAN' as never] } }, admin)).toThrow(
      invalidText('scope.kinds', 'scope.kinds holds NOTA_KESEPAHAMAN, PERJANJIAN_KERJA_SAMA only'),
    );
    expect(() =>
      decideGrant(DIRECTORY, none, { ...grant, scope: { kinds: ['PERJANJIAN_KERJA_SAMA', 'SURAT_EDARAN' as never] } }, admin),
    ).toThrow(invalidText('scope.kinds', 'scope.kinds holds NOTA_KESEPAHAMAN, PERJANJIAN_KERJA_SAMA only'));
  });

  it.each<[string, Partial<DelegationGrant>]>([
    ['id', { id: ' ' }],
    ['grantor.agencyId', { grantor: { agencyId: ' ', position: 'Bupati' } }],
    ['grantor.position', { grantor: { agencyId: BATOLA.id, position: ' ' } }],
    ['grantee.agencyId', { grantee: { agencyId: ' ', position: 'Kepala Dinas PMD' } }],
    ['grantee.position', { grantee: { agencyId: DINAS_PMD.id, position: ' ' } }],
    ['grantee.officialId', { grantee: { agencyId: DINAS_PMD.id, position: 'Kepala Dinas PMD', officialId: ' ' } }],
    ['referenceNumber', { referenceNumber: ' ' }],
    ['letterSha256', { letterSha256: ' ' }],
    ['scope.agreementId', { scope: { agreementId: ' ' } }],
  ])('refuses a blank %s, naming the field', (field, change) => {
    expect(() => decideGrant(DIRECTORY, none, { ...grant, ...change }, admin)).toThrow(
      invalidText(field, `${field} must not be empty or blank`),
    );
  });

  it('is recorded once, and says which delegation is already there', () => {
    const recorded = evolveDelegations(none, decideGrant(DIRECTORY, none, grant, admin)[0], '2020-01-20T02:00:00.000Z');
    expect(() => decideGrant(DIRECTORY, recorded, grant, admin)).toThrow(
      refusal('delegation-exists', 'The delegation sk-bupati-180-12-2020 is already recorded'),
    );
  });

  it('names the agency the directory does not know, granting or receiving', () => {
    expect(() => decideGrant(DIRECTORY, none, { ...grant, grantor: { agencyId: 'pemkab-tapin', position: 'Bupati' } }, admin)).toThrow(
      refusal('agency-unknown', 'The granting agency pemkab-tapin is not in the directory'),
    );
    expect(() =>
      decideGrant(DIRECTORY, none, { ...grant, grantee: { agencyId: 'dinas-pmd-tapin', position: 'Kepala Dinas' } }, admin),
    ).toThrow(refusal('agency-unknown', 'The receiving agency dinas-pmd-tapin is not in the directory'));
  });

  it('passes authority down the granting agency’s own hierarchy only, and says so', () => {
    expect(() => decideGrant(DIRECTORY, none, { ...grant, grantee: { agencyId: BALILATFO.id, position: 'Kepala' } }, admin)).toThrow(
      refusal('delegation-hierarchy', 'balilatfo-kemendes-pdtt is neither pemkab-barito-kuala nor one of its units'),
    );
  });
});

describe('revoking a delegation', () => {
  const recorded = evolveDelegations(none, decideGrant(DIRECTORY, none, grant, admin)[0], '2020-01-20T02:00:00.000Z');

  it('names the delegation it does not know', () => {
    expect(() => decideRevoke(recorded, 'sk-bupati-1-2019', 'Diganti', admin)).toThrow(
      refusal('delegation-unknown', 'No delegation sk-bupati-1-2019 is recorded'),
    );
  });

  it('needs a reason', () => {
    expect(() => decideRevoke(recorded, grant.id, ' ', admin)).toThrow(invalidText('reason', 'reason must not be empty or blank'));
  });

  it('happens once, and says when it happened', () => {
    const revoked = evolveDelegations(recorded, decideRevoke(recorded, grant.id, 'Diganti', admin)[0], '2020-06-01T02:00:00.000Z');
    expect(() => decideRevoke(revoked, grant.id, 'Lagi', admin)).toThrow(
      refusal('delegation-revoked', 'The delegation Surat Kuasa Bupati 180/12/HK/2020 was revoked on 2020-06-01T02:00:00.000Z'),
    );
  });
});

describe('whether a delegation covers a signature', () => {
  const REFERENCE = 'Surat Kuasa Bupati 180/12/HK/2020';
  /** Recorded at 10:00 WITA on 20 January 2020. */
  const delegation: Delegation = { ...grant, letterSha256: 'a'.repeat(64), grantedAt: '2020-01-20T02:00:00.000Z' };
  const kadis: Pick<Actor, 'id' | 'agencyId'> = { id: 'kadis-pmd-1', agencyId: DINAS_PMD.id };
  const signature = (at: string, change: Partial<DelegatedSignature> = {}): DelegatedSignature => ({
    agreementId: '7d3a3c55-1111-4222-8333-944444444444',
    kind: 'PERJANJIAN_KERJA_SAMA',
    partyAgencyId: DINAS_PMD.id,
    actor: kadis,
    at: new Date(at),
    ...change,
  });
  const check = (candidate: Delegation | null, at: string, change: Partial<DelegatedSignature> = {}) =>
    checkDelegation(candidate, signature(at, change), DIRECTORY, REFERENCE);

  it('holds from the very moment it was recorded, and is unknown before', () => {
    expect(check(delegation, '2020-02-03T02:00:00.000Z')).toBe(delegation);
    const recordedThatMorning = { ...delegation, grantedAt: '2020-02-03T02:00:00.000Z' };
    expect(check(recordedThatMorning, '2020-02-03T02:00:00.000Z')).toBe(recordedThatMorning);
    expect(() => check(recordedThatMorning, '2020-02-03T01:59:59.999Z')).toThrow(
      refusal('delegation-unknown', `No delegation ${REFERENCE} was recorded before signing`),
    );
    expect(() => check(null, '2020-02-03T02:00:00.000Z')).toThrow(
      refusal('delegation-unknown', `No delegation ${REFERENCE} was recorded before signing`),
    );
  });

  it('no longer holds from the very moment it was revoked, and says when', () => {
    const revoked = { ...delegation, revokedAt: '2020-06-01T02:00:00.000Z', revocationReason: 'Diganti' };
    expect(check(revoked, '2020-06-01T01:59:59.999Z')).toBe(revoked);
    expect(() => check(revoked, '2020-06-01T02:00:00.000Z')).toThrow(
      refusal('delegation-revoked', `The delegation ${REFERENCE} was revoked on 2020-06-01T02:00:00.000Z`),
    );
  });

  it('holds on its first and last day, in the grantor’s time zone, and not a day outside them', () => {
    // Barito Kuala keeps WITA (UTC+8): 00:00 on 1 February there is 16:00 UTC on 31 January.
    expect(check(delegation, '2020-01-31T16:00:00.000Z')).toBe(delegation);
    expect(() => check(delegation, '2020-01-31T15:59:59.999Z')).toThrow(
      refusal('delegation-not-yet-valid', `The delegation ${REFERENCE} holds from 2020-02-01`),
    );
    // 23:59 on 31 December in WITA is 15:59 UTC; a minute later it is 1 January there.
    expect(check(delegation, '2020-12-31T15:59:00.000Z')).toBe(delegation);
    expect(() => check(delegation, '2020-12-31T16:00:00.000Z')).toThrow(
      refusal('delegation-expired', `The delegation ${REFERENCE} expired on 2020-12-31`),
    );
  });

  describe('by the grantor agency’s calendar, or Jakarta’s for a grantor the directory does not list', () => {
    // The Wali Kota of Jayapura (WIT, UTC+9) delegates to his own office; the same instants read
    // differently there and in Jakarta (WIB, UTC+7).
    const jayapura: Delegation = {
      ...delegation,
      grantor: { agencyId: JAYAPURA.id, position: 'Wali Kota' },
      grantee: { agencyId: JAYAPURA.id, position: 'Sekretaris Daerah' },
    };
    const unlisted: Delegation = {
      ...jayapura,
      grantor: { agencyId: 'pemkab-asmat', position: 'Bupati' },
      grantee: { agencyId: 'pemkab-asmat', position: 'Sekretaris Daerah' },
    };
    const signing = (candidate: Delegation, at: string) =>
      check(candidate, at, {
        partyAgencyId: candidate.grantor.agencyId,
        actor: { id: 'sekda-1', agencyId: candidate.grantee.agencyId },
      });
    // 22:30 on 31 December in Jakarta, 00:30 on 1 January in Jayapura.
    const nearNewYear = '2020-12-31T15:30:00.000Z';
    // 22:30 on 31 January in Jakarta, 00:30 on 1 February in Jayapura.
    const nearFirstDay = '2020-01-31T15:30:00.000Z';

    it('expires at midnight in Jayapura for a Jayapura grantor, while it is still 31 December in Jakarta', () => {
      expect(() => signing(jayapura, nearNewYear)).toThrow(
        refusal('delegation-expired', `The delegation ${REFERENCE} expired on 2020-12-31`),
      );
      expect(signing(unlisted, nearNewYear)).toBe(unlisted);
    });

    it('starts at midnight in Jayapura for a Jayapura grantor, while it is still 31 January in Jakarta', () => {
      expect(signing(jayapura, nearFirstDay)).toBe(jayapura);
      expect(() => signing(unlisted, nearFirstDay)).toThrow(
        refusal('delegation-not-yet-valid', `The delegation ${REFERENCE} holds from 2020-02-01`),
      );
    });
  });

  it('covers its kinds or its one agreement, and says when it does not', () => {
    expect(() => check(delegation, '2020-03-10T02:00:00.000Z', { kind: 'NOTA_KESEPAHAMAN' })).toThrow(
      refusal('delegation-scope', `The delegation ${REFERENCE} does not cover this agreement`),
    );
    const forOne = { ...delegation, scope: { agreementId: 'agreement-1' } };
    expect(check(forOne, '2020-03-10T02:00:00.000Z', { agreementId: 'agreement-1' })).toBe(forOne);
  });

  it('lets the named official sign, and no one else, and tells the others whom it was granted to', () => {
    const named = { ...delegation, grantee: { ...delegation.grantee, officialId: 'kadis-pmd-1' } };
    expect(check(named, '2020-03-10T02:00:00.000Z')).toBe(named);
    expect(() => check(named, '2020-03-10T02:00:00.000Z', { actor: { id: 'sekdis-pmd-1', agencyId: DINAS_PMD.id } })).toThrow(
      refusal('delegation-grantee', `The delegation ${REFERENCE} was granted to Kepala Dinas PMD of dinas-pmd-barito-kuala, not to you`),
    );
    // Granted to a position: any official of the receiving agency holds it.
    expect(check(delegation, '2020-03-10T02:00:00.000Z', { actor: { id: 'sekdis-pmd-1', agencyId: DINAS_PMD.id } })).toBe(delegation);
  });

  it('stands only for a party the granting agency stands for, and says so', () => {
    expect(() => check(delegation, '2020-03-10T02:00:00.000Z', { partyAgencyId: BALILATFO.id })).toThrow(
      refusal(
        'delegation-grantor',
        `The delegation ${REFERENCE} was granted by pemkab-barito-kuala, which does not stand for balilatfo-kemendes-pdtt`,
      ),
    );
  });
});
