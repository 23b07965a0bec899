import type { Actor } from '../../../src/domain/access/actor';
import { decideDraft, evolve, lifecycleState } from '../../../src/domain/agreements/agreement-decider';
import type { DraftAgreement } from '../../../src/domain/agreements/agreement-commands';
import type { AgreementEvent } from '../../../src/domain/agreements/agreement-events';
import { nextReportDeadline, reportingPeriods, reportsDue } from '../../../src/domain/agreements/reporting';
import type { ParentAgreement } from '../../../src/domain/agreements/decision-context';
import { type Agency, type Directory } from '../../../src/domain/directory/agency';
import type { Delegation } from '../../../src/domain/directory/delegation';
import { ActionNotAllowedError, BusinessRuleViolationError, CorruptStreamError } from '../../../src/domain/errors';
import { NOTA_KESEPAHAMAN_V1, NOTA_KESEPAHAMAN_V2, PERJANJIAN_KERJA_SAMA_V2 } from '../../../src/domain/workflows/workflow-registry';
import {
  BARITO_KUALA,
  DRAFT_HASH,
  KEMENDES,
  MOU_ID,
  official,
  PARTIES,
  PATH,
  TERM,
  drafted,
} from '../../support/domain/agreement-fixtures';
import { given, replay } from '../../support/domain/decider-specification';

const BALILATFO = 'balilatfo-kemendes-pdtt';
const DINAS_PMD = 'dinas-pmd-barito-kuala';
const BANJAR = 'pemkab-banjar';

const AGENCIES: Agency[] = [
  { id: KEMENDES, name: 'Kemendes PDTT', level: 'KEMENTERIAN', timeZone: 'Asia/Jakarta' },
  { id: BALILATFO, name: 'Balilatfo', level: 'DINAS_ATAU_UNIT', parentId: KEMENDES, timeZone: 'Asia/Jakarta' },
  { id: BARITO_KUALA, name: 'Pemkab Barito Kuala', level: 'PEMERINTAH_KABUPATEN_KOTA', timeZone: 'Asia/Makassar' },
  { id: DINAS_PMD, name: 'Dinas PMD', level: 'DINAS_ATAU_UNIT', parentId: BARITO_KUALA, timeZone: 'Asia/Makassar' },
  { id: BANJAR, name: 'Pemkab Banjar', level: 'PEMERINTAH_KABUPATEN_KOTA', timeZone: 'Asia/Makassar' },
];
const DIRECTORY: Directory = new Map(AGENCIES.map((agency) => [agency.id, agency]));

/** The Minister's delegation to the Sekjen, for MoUs, through 2020 (recorded 1 January, Jakarta). */
const SEKJEN_DELEGATION: Delegation = {
  id: 'kepmen-45-2020',
  grantor: { agencyId: KEMENDES, position: 'Menteri' },
  grantee: { agencyId: KEMENDES, position: 'Sekretaris Jenderal' },
  scope: { kinds: ['NOTA_KESEPAHAMAN'] },
  referenceNumber: 'KEPMEN-45/2020',
  letterSha256: 'f'.repeat(64),
  validFrom: '2020-01-01',
  validUntil: '2020-12-31',
  grantedAt: '2019-12-31T17:00:00.000Z',
};

const sekjen = official(KEMENDES, 'SIGNATORY');
const signOnBehalf = {
  type: 'SignAgreement' as const,
  documentHash: DRAFT_HASH,
  signatoryName: 'Sekretaris Jenderal',
  capacity: 'ON_BEHALF' as const,
  delegationId: SEKJEN_DELEGATION.id,
};
/** 10 March 2020, 10:00 in Jakarta. */
const SIGNING_DAY = new Date('2020-03-10T03:00:00Z');
const v2 = (events: readonly AgreementEvent[]) => given(events, NOTA_KESEPAHAMAN_V2);
const refusal = (rule: string) => [BusinessRuleViolationError, { rule }] as const;

describe('workflow version 2', () => {
  describe('when signing under delegation', () => {
    const facts = (delegation: Delegation | null, now = SIGNING_DAY) => ({ now, directory: DIRECTORY, delegation });

    it('records the delegation the signature was given under, as it stood', () => {
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts(SEKJEN_DELEGATION))
        .then([
          {
            type: 'PartySigned',
            agencyId: KEMENDES,
            documentHash: DRAFT_HASH,
            signatoryName: 'Sekretaris Jenderal',
            capacity: 'ON_BEHALF',
            delegationRef: 'KEPMEN-45/2020',
            delegation: {
              delegationId: 'kepmen-45-2020',
              referenceNumber: 'KEPMEN-45/2020',
              grantor: { agencyId: KEMENDES, position: 'Menteri' },
              letterSha256: 'f'.repeat(64),
            },
          },
        ]);
    });

    it('refuses a delegation that is not recorded', () => {
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts(null))
        .thenThrows(...refusal('delegation-unknown'));
      // Recorded only after the moment of signing: unknown then.
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts({ ...SEKJEN_DELEGATION, grantedAt: '2020-03-11T00:00:00.000Z' }))
        .thenThrows(...refusal('delegation-unknown'));
    });

    it('refuses an expired or not yet valid delegation, by the grantor’s calendar', () => {
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts(SEKJEN_DELEGATION, new Date('2021-01-01T03:00:00Z')))
        .thenThrows(...refusal('delegation-expired'));
      // 31 December 2020, 18:00 UTC is already 1 January 2021 in Jakarta.
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts(SEKJEN_DELEGATION, new Date('2020-12-31T18:00:00Z')))
        .thenThrows(...refusal('delegation-expired'));
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts({ ...SEKJEN_DELEGATION, validFrom: '2020-03-11' }))
        .thenThrows(...refusal('delegation-not-yet-valid'));
    });

    it('refuses a revoked delegation from the moment of revocation on', () => {
      const revoked = { ...SEKJEN_DELEGATION, revokedAt: '2020-03-10T02:00:00.000Z', revocationReason: 'Diganti' };
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts(revoked))
        .thenThrows(...refusal('delegation-revoked'));
      // Revoked after signing: the signature stood.
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts({ ...revoked, revokedAt: '2020-03-10T04:00:00.000Z' }))
        .then([expect.objectContaining({ type: 'PartySigned' })]);
    });

    it('refuses a delegation out of scope, for someone else, or from an agency that does not stand for the party', () => {
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts({ ...SEKJEN_DELEGATION, scope: { kinds: ['PERJANJIAN_KERJA_SAMA'] } }))
        .thenThrows(...refusal('delegation-scope'));
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts({ ...SEKJEN_DELEGATION, scope: { agreementId: 'another' } }))
        .thenThrows(...refusal('delegation-scope'));
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts({ ...SEKJEN_DELEGATION, scope: { agreementId: MOU_ID } }))
        .then([expect.objectContaining({ type: 'PartySigned' })]);
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts({ ...SEKJEN_DELEGATION, grantee: { ...SEKJEN_DELEGATION.grantee, officialId: 'someone-else' } }))
        .thenThrows(...refusal('delegation-grantee'));
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts({ ...SEKJEN_DELEGATION, grantee: { ...SEKJEN_DELEGATION.grantee, agencyId: BALILATFO } }))
        .thenThrows(...refusal('delegation-grantee'));
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, facts({ ...SEKJEN_DELEGATION, grantor: { agencyId: BARITO_KUALA, position: 'Bupati' } }))
        .thenThrows(...refusal('delegation-grantor'));
    });

    it('names a delegation only when not signing in one’s own capacity, and always then', () => {
      v2(PATH.signing)
        .when({ ...signOnBehalf, capacity: 'ORIGINAL' }, sekjen, facts(SEKJEN_DELEGATION))
        .thenThrows(...refusal('delegation-capacity'));
      const { delegationId: _omitted, ...unnamed } = signOnBehalf;
      v2(PATH.signing)
        .when(unnamed, sekjen, facts(null))
        .thenThrows(...refusal('delegation'));
    });

    it('lets a party the directory does not list yet sign under a reference as on version 1, unless the reference names a recorded delegation', () => {
      const unlisted = { now: SIGNING_DAY, directory: new Map([...DIRECTORY].filter(([id]) => id !== KEMENDES)), delegation: null };
      const byReference = {
        type: 'SignAgreement' as const,
        documentHash: DRAFT_HASH,
        signatoryName: 'Sekjen',
        capacity: 'ON_BEHALF' as const,
        delegationRef: 'KEPMEN-45/2020',
      };
      v2(PATH.signing)
        .when(byReference, sekjen, unlisted)
        .then([
          {
            type: 'PartySigned',
            agencyId: KEMENDES,
            documentHash: DRAFT_HASH,
            signatoryName: 'Sekjen',
            capacity: 'ON_BEHALF',
            delegationRef: 'KEPMEN-45/2020',
          },
        ]);
      // Named by id, a delegation must be recorded, listed or not.
      v2(PATH.signing)
        .when(signOnBehalf, sekjen, unlisted)
        .thenThrows(...refusal('delegation-unknown'));
      // Listed: the reference must name a recorded delegation.
      v2(PATH.signing)
        .when(byReference, sekjen, facts(null))
        .thenThrows(...refusal('delegation-unknown'));
    });

    it('leaves version 1 as it was: a free reference is enough there', () => {
      given(PATH.signing, NOTA_KESEPAHAMAN_V1)
        .when(
          {
            type: 'SignAgreement',
            documentHash: DRAFT_HASH,
            signatoryName: 'Sekjen',
            capacity: 'ON_BEHALF',
            delegationRef: 'KEPMEN-45/2020',
          },
          sekjen,
          facts(null),
        )
        .then([
          {
            type: 'PartySigned',
            agencyId: KEMENDES,
            documentHash: DRAFT_HASH,
            signatoryName: 'Sekjen',
            capacity: 'ON_BEHALF',
            delegationRef: 'KEPMEN-45/2020',
          },
        ]);
    });
  });

  describe('when a party needs its DPRD’s approval', () => {
    const withDprd: AgreementEvent = { ...drafted, parties: [PARTIES[0], { ...PARTIES[1], dprdApprovalRequired: true }] } as AgreementEvent;
    const path = (state: string) => [withDprd, ...PATH[state].slice(1)];
    const decision: AgreementEvent = {
      type: 'DprdApprovalRecorded',
      agencyId: BARITO_KUALA,
      number: '12/DPRD/2020',
      date: '2020-02-20',
      documentHash: 'd'.repeat(64),
    };
    const baritoCoordinator = official(BARITO_KUALA, 'COORDINATOR');

    it('does not open signing before the decision is recorded, and says whose is missing', () => {
      v2(path('readyToSign'))
        .when({ type: 'OpenSigning' }, official(KEMENDES, 'COORDINATOR'))
        .thenThrows(BusinessRuleViolationError, {
          rule: 'dprd-approval',
          message: `Signing opens once the DPRD decision of ${BARITO_KUALA} is recorded (PP 28/2018)`,
        });
      v2([...path('readyToSign'), decision])
        .when({ type: 'OpenSigning' }, official(KEMENDES, 'COORDINATOR'))
        .then([{ type: 'SigningOpened' }]);
    });

    it('records the decision once, for the party that needs it, by its own coordinator', () => {
      v2(path('inReview'))
        .when({ type: 'RecordDprdApproval', number: '12/DPRD/2020', date: '2020-02-20', documentHash: 'D'.repeat(64) }, baritoCoordinator)
        .then([decision]);
      v2([...path('inReview'), decision])
        .when({ type: 'RecordDprdApproval', number: '13/DPRD/2020', date: '2020-02-21', documentHash: 'd'.repeat(64) }, baritoCoordinator)
        .thenThrows(...refusal('dprd-approval'));
      v2(path('inReview'))
        .when(
          { type: 'RecordDprdApproval', number: '1', date: '2020-02-20', documentHash: 'd'.repeat(64) },
          official(KEMENDES, 'COORDINATOR'),
        )
        .thenThrows(...refusal('dprd-approval'));
    });

    it('is refused by replay when signing opened without it', () => {
      expect(() => replay([...path('readyToSign'), { type: 'SigningOpened' }], NOTA_KESEPAHAMAN_V2)).toThrow(CorruptStreamError);
    });
  });

  describe('when drafting', () => {
    const command = (overrides: Partial<DraftAgreement> = {}): DraftAgreement => ({
      type: 'DraftAgreement',
      agreementId: '7d3a3c55-1111-4222-8333-944444444444',
      kind: 'PERJANJIAN_KERJA_SAMA',
      title: 'Pemberdayaan Masyarakat Desa',
      parentId: MOU_ID,
      parties: [
        { agencyId: BALILATFO, name: 'Balilatfo', role: 'PIHAK_KESATU' },
        { agencyId: DINAS_PMD, name: 'Dinas PMD', role: 'PIHAK_KEDUA' },
      ],
      term: TERM,
      ...overrides,
    });
    const parent = (visibleToActor: boolean): ParentAgreement => ({
      id: MOU_ID,
      kind: 'NOTA_KESEPAHAMAN',
      state: 'active',
      term: TERM,
      visibleToActor,
    });
    const now = new Date('2020-03-10T03:00:00Z');

    it('lets a unit of a party hang a PKS under the MoU, and tells an unrelated agency the MoU does not exist', () => {
      const [event] = decideDraft(command(), PERJANJIAN_KERJA_SAMA_V2, official(BALILATFO, 'DRAFTER'), {
        now,
        parent: parent(true),
        directory: DIRECTORY,
      });
      expect(event).toMatchObject({ type: 'AgreementDrafted', parentId: MOU_ID });
      // No reporting period asked for: none recorded, nothing will be due.
      expect((event as unknown as { term: object }).term).toEqual(TERM);
      const outsider = command({
        parties: [
          { agencyId: BANJAR, name: 'Pemkab Banjar', role: 'PIHAK_KESATU' },
          { agencyId: DINAS_PMD, name: 'Dinas PMD', role: 'PIHAK_KEDUA' },
        ],
      });
      expect(() =>
        decideDraft(outsider, PERJANJIAN_KERJA_SAMA_V2, official(BANJAR, 'DRAFTER'), { now, parent: parent(false), directory: DIRECTORY }),
      ).toThrow(expect.objectContaining({ rule: 'parent-exists' }));
    });

    it('keeps version 1’s rule for a drafter whose agency the directory does not list yet', () => {
      const unlisted = new Map([...DIRECTORY].filter(([id]) => id !== BANJAR));
      const outsider = command({
        parties: [
          { agencyId: BANJAR, name: 'Pemkab Banjar', role: 'PIHAK_KESATU' },
          { agencyId: DINAS_PMD, name: 'Dinas PMD', role: 'PIHAK_KEDUA' },
        ],
      });
      expect(
        decideDraft(outsider, PERJANJIAN_KERJA_SAMA_V2, official(BANJAR, 'DRAFTER'), {
          now,
          parent: parent(false),
          directory: unlisted,
        })[0],
      ).toMatchObject({ parentId: MOU_ID });
    });

    it('asks a DPRD decision of regional parties only', () => {
      const mou = command({
        kind: 'NOTA_KESEPAHAMAN',
        parentId: undefined,
        parties: [{ ...PARTIES[0], dprdApprovalRequired: true }, PARTIES[1]],
      });
      expect(() => decideDraft(mou, NOTA_KESEPAHAMAN_V2, official(KEMENDES, 'DRAFTER'), { now, directory: DIRECTORY })).toThrow(
        expect.objectContaining({ rule: 'dprd-regional' }),
      );
      const regional = command({
        kind: 'NOTA_KESEPAHAMAN',
        parentId: undefined,
        parties: [PARTIES[0], { ...PARTIES[1], dprdApprovalRequired: true }],
      });
      const [event] = decideDraft(regional, NOTA_KESEPAHAMAN_V2, official(KEMENDES, 'DRAFTER'), { now, directory: DIRECTORY });
      expect(event).toMatchObject({ parties: [{ agencyId: KEMENDES }, { agencyId: BARITO_KUALA, dprdApprovalRequired: true }] });
      expect((event as unknown as { parties: object[] }).parties[0]).not.toHaveProperty('dprdApprovalRequired');
    });

    it('takes a reporting period of 3, 6 or 12 months, or none', () => {
      const mou = (months: number) =>
        command({ kind: 'NOTA_KESEPAHAMAN', parentId: undefined, parties: PARTIES, term: { ...TERM, reportingPeriodMonths: months } });
      expect(() => decideDraft(mou(5), NOTA_KESEPAHAMAN_V2, official(KEMENDES, 'DRAFTER'), { now })).toThrow(
        expect.objectContaining({ rule: 'reporting-period' }),
      );
      expect(decideDraft(mou(3), NOTA_KESEPAHAMAN_V2, official(KEMENDES, 'DRAFTER'), { now })[0]).toMatchObject({
        term: { reportingPeriodMonths: 3 },
      });
    });
  });

  describe('when reporting on the implementation', () => {
    const reporting: AgreementEvent = { ...drafted, term: { ...TERM, reportingPeriodMonths: 6 } } as AgreementEvent;
    const active = [reporting, ...PATH.active.slice(1)];
    const coordinator = official(KEMENDES, 'COORDINATOR');
    const report = (period: string) => ({
      type: 'FileImplementationReport' as const,
      period,
      documentHash: 'e'.repeat(64),
      summary: 'Pelatihan',
    });

    it('files one report per party and period, for a period of the term that has begun', () => {
      const filed: AgreementEvent = {
        type: 'ImplementationReportFiled',
        agencyId: KEMENDES,
        period: '2020-S1',
        documentHash: 'e'.repeat(64),
        summary: 'Pelatihan',
      };
      v2(active).when(report('2020-S1'), coordinator).then([filed]);
      v2([...active, filed])
        .when(report('2020-S1'), coordinator)
        .thenThrows(...refusal('report-filed'));
      v2([...active, filed])
        .when(report('2020-S1'), official(BARITO_KUALA, 'IMPLEMENTER'))
        .then([{ ...filed, agencyId: BARITO_KUALA }]);
      v2(active)
        .when(report('2020-S2'), coordinator)
        .thenThrows(...refusal('report-period'));
      v2(active)
        .when(report('2019-S2'), coordinator)
        .thenThrows(...refusal('report-period'));
      v2(PATH.drafting).when(report('2020-S1'), coordinator).thenThrows(ActionNotAllowedError);
    });

    it('counts the reports due: every period ended since the agreement took effect, per party, less those filed', () => {
      const state = replay(
        [
          ...active,
          { type: 'ImplementationReportFiled', agencyId: KEMENDES, period: '2020-S1', documentHash: 'e'.repeat(64), summary: 'x' },
        ],
        NOTA_KESEPAHAMAN_V2,
      );
      expect(reportsDue(state.snapshot.context, '2021-01-05')).toEqual([
        { agencyId: KEMENDES, period: '2020-S2', periodEnd: '2020-12-31' },
        { agencyId: BARITO_KUALA, period: '2020-S1', periodEnd: '2020-06-30' },
        { agencyId: BARITO_KUALA, period: '2020-S2', periodEnd: '2020-12-31' },
      ]);
      expect(reportsDue(replay(PATH.executed, NOTA_KESEPAHAMAN_V2).snapshot.context, '2021-01-05')).toEqual([]);
    });

    it('names the next report deadline: the day after the first period still open that a party has not reported on', () => {
      const filedS1 = {
        type: 'ImplementationReportFiled' as const,
        agencyId: KEMENDES,
        period: '2020-S1',
        documentHash: 'e'.repeat(64),
        summary: 'x',
      };
      const context = replay([...active, filedS1], NOTA_KESEPAHAMAN_V2).snapshot.context;
      // Barito Kuala still owes 2020-S1, due from 1 July 2020; once that day has come, the next is 2020-S2 for both.
      expect(nextReportDeadline(context, '2020-06-30')).toEqual({ period: '2020-S1', dueDate: '2020-07-01', agencyIds: [BARITO_KUALA] });
      expect(nextReportDeadline(context, '2020-07-01')).toEqual({
        period: '2020-S2',
        dueDate: '2021-01-01',
        agencyIds: [KEMENDES, BARITO_KUALA],
      });
      const both = replay([...active, filedS1, { ...filedS1, agencyId: BARITO_KUALA }], NOTA_KESEPAHAMAN_V2).snapshot.context;
      expect(nextReportDeadline(both, '2020-03-10')).toEqual({
        period: '2020-S2',
        dueDate: '2021-01-01',
        agencyIds: [KEMENDES, BARITO_KUALA],
      });
      // None before it takes effect, none after its last period.
      expect(nextReportDeadline(replay(PATH.executed, NOTA_KESEPAHAMAN_V2).snapshot.context, '2020-03-10')).toBeUndefined();
      expect(nextReportDeadline(context, '2099-01-01')).toBeUndefined();
    });

    it('follows the calendar: quarters, semesters and years', () => {
      expect(reportingPeriods('2020-03-10', '2020-12-31', 3).map((p) => p.period)).toEqual(['2020-Q1', '2020-Q2', '2020-Q3', '2020-Q4']);
      expect(reportingPeriods('2020-03-10', '2021-07-01', 6)).toEqual([
        { period: '2020-S1', start: '2020-01-01', end: '2020-06-30' },
        { period: '2020-S2', start: '2020-07-01', end: '2020-12-31' },
        { period: '2021-S1', start: '2021-01-01', end: '2021-06-30' },
        { period: '2021-S2', start: '2021-07-01', end: '2021-12-31' },
      ]);
      expect(reportingPeriods('2020-03-10', '2024-02-29', 12).map((p) => p.period)).toEqual(['2020', '2021', '2022', '2023', '2024']);
    });
  });

  describe('when moving from version 1', () => {
    const coordinator: Actor = official(BARITO_KUALA, 'COORDINATOR');

    it('moves a working agreement in its state onto version 2, where version 2’s rules then apply', () => {
      const events = given(PATH.inReview, NOTA_KESEPAHAMAN_V1);
      events.when({ type: 'MigrateWorkflow' }, coordinator).then([{ type: 'WorkflowMigrated', fromVersion: 1, toVersion: 2 }]);
      const moved = [...PATH.inReview, { type: 'WorkflowMigrated', fromVersion: 1, toVersion: 2 } as AgreementEvent];
      const state = replay(moved, NOTA_KESEPAHAMAN_V1);
      expect(state.workflow).toBe(NOTA_KESEPAHAMAN_V2);
      expect(lifecycleState(state)).toBe('inReview');
      expect(state.snapshot.context).toEqual(replay(PATH.inReview, NOTA_KESEPAHAMAN_V1).snapshot.context);
      // Nowhere further to go.
      given(moved, NOTA_KESEPAHAMAN_V1).when({ type: 'MigrateWorkflow' }, coordinator).thenThrows(ActionNotAllowedError);
    });

    it('refuses where the state does not map: an ended agreement, or signing under a delegation version 2 cannot check', () => {
      given(PATH.expired, NOTA_KESEPAHAMAN_V1).when({ type: 'MigrateWorkflow' }, coordinator).thenThrows(ActionNotAllowedError);
      const signedUnderReference: AgreementEvent = {
        type: 'PartySigned',
        agencyId: KEMENDES,
        documentHash: DRAFT_HASH,
        signatoryName: 'Sekjen',
        capacity: 'ON_BEHALF',
        delegationRef: 'KEPMEN-45/2020',
      };
      given([...PATH.signing, signedUnderReference], NOTA_KESEPAHAMAN_V1)
        .when({ type: 'MigrateWorkflow' }, coordinator)
        .thenThrows(BusinessRuleViolationError, {
          rule: 'migration-state',
          message: `This agreement cannot move to version 2: ${KEMENDES} signed under a delegation version 2 cannot check (KEPMEN-45/2020); finish signing on version 1`,
        });
      // Once signing is over, the signatures are history: the agreement moves.
      given([...PATH.executed], NOTA_KESEPAHAMAN_V1)
        .when({ type: 'MigrateWorkflow' }, coordinator)
        .then([{ type: 'WorkflowMigrated', fromVersion: 1, toVersion: 2 }]);
    });

    it('is a corrupt stream when replayed where it could not have been decided', () => {
      expect(() => replay([...PATH.expired, { type: 'WorkflowMigrated', fromVersion: 1, toVersion: 2 }], NOTA_KESEPAHAMAN_V1)).toThrow(
        CorruptStreamError,
      );
      expect(() => replay([...PATH.active, { type: 'WorkflowMigrated', fromVersion: 1, toVersion: 3 }], NOTA_KESEPAHAMAN_V1)).toThrow(
        CorruptStreamError,
      );
      expect(() => evolve(replay(PATH.active, NOTA_KESEPAHAMAN_V2), { type: 'WorkflowMigrated', fromVersion: 2, toVersion: 3 })).toThrow(
        CorruptStreamError,
      );
    });
  });
});
