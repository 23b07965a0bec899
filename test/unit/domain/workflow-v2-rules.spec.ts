import { availableActions, decideDraft } from '../../../src/domain/agreements/agreement-decider';
import { awaitedSteps } from '../../../src/domain/agreements/awaited-steps';
import { reportsDue } from '../../../src/domain/agreements/reporting';
import type { DraftAgreement } from '../../../src/domain/agreements/agreement-commands';
import type { AgreementEvent, Party } from '../../../src/domain/agreements/agreement-events';
import type { Agency, Directory } from '../../../src/domain/directory/agency';
import type { Delegation } from '../../../src/domain/directory/delegation';
import { BusinessRuleViolationError, CorruptStreamError, InvalidTextError } from '../../../src/domain/errors';
import { NOTA_KESEPAHAMAN_V2 } from '../../../src/domain/workflows/workflow-registry';
import {
  BARITO_KUALA,
  cleared,
  DRAFT_HASH,
  draftAttached,
  drafted,
  KEMENDES,
  official,
  OUTSIDER,
  PARTIES,
  PATH,
  signedBy,
  submitted,
  TERM,
} from '../../support/domain/agreement-fixtures';
import { given, replay } from '../../support/domain/decider-specification';

/**
 * Version 2's rules: its machine's guards replayed where they live (an illegal stream fails
 * loudly, beside its legal counterpart), what its actions offer, and each of its refusals at its
 * boundary with its words (officials read them as the problem's `detail`).
 */
const BANJAR = OUTSIDER;
const DIRECTORY: Directory = new Map<string, Agency>([
  [KEMENDES, { id: KEMENDES, name: 'Kemendes PDTT', level: 'KEMENTERIAN', timeZone: 'Asia/Jakarta' }],
  [BARITO_KUALA, { id: BARITO_KUALA, name: 'Pemkab Barito Kuala', level: 'PEMERINTAH_KABUPATEN_KOTA', timeZone: 'Asia/Makassar' }],
  [BANJAR, { id: BANJAR, name: 'Pemkab Banjar', level: 'PEMERINTAH_KABUPATEN_KOTA', timeZone: 'Asia/Makassar' }],
]);
const UNLISTED: Directory = new Map([...DIRECTORY].filter(([id]) => id !== KEMENDES));

const v2 = (events: readonly AgreementEvent[]) => given(events, NOTA_KESEPAHAMAN_V2);
const replayV2 = (events: readonly AgreementEvent[]) => replay(events, NOTA_KESEPAHAMAN_V2);
const expectCorrupt = (events: readonly AgreementEvent[]) => expect(() => replayV2(events)).toThrow(CorruptStreamError);
type When = ReturnType<ReturnType<typeof v2>['when']>;
const refusal = (rule: string, message: string) => ({ rule, message });
const thenRefuses = (run: When, match: ReturnType<typeof refusal>) => run.thenThrows(BusinessRuleViolationError, match);
const invalidText = (run: When, field: string) =>
  run.thenThrows(InvalidTextError, { field, message: `${field} must not be empty or blank` });

const needsDprd = (party: Party): Party => ({ ...party, dprdApprovalRequired: true });
const withDprd: AgreementEvent = { ...drafted, parties: [PARTIES[0], needsDprd(PARTIES[1])] } as AgreementEvent;
const dprdDecision = (agencyId: string): AgreementEvent => ({
  type: 'DprdApprovalRecorded',
  agencyId,
  number: '12/DPRD/2020',
  date: '2020-02-20',
  documentHash: 'd'.repeat(64),
});

/** An MoU between `parties`, every one of them cleared, ready to sign. */
function readyToSignBetween(parties: Party[]): AgreementEvent[] {
  const ids = parties.map((party) => party.agencyId);
  return [
    { ...drafted, parties } as AgreementEvent,
    draftAttached,
    submitted,
    ...ids.map((id) => cleared(id, 'TECHNICAL')),
    ...ids.map((id) => cleared(id, 'LEGAL')),
    { type: 'ClearedForSigning', documentHash: DRAFT_HASH },
  ];
}

/** In force from 10 March 2020 to the end of 2024, reported on by semester. */
const bySemester: AgreementEvent = { ...drafted, term: { ...TERM, reportingPeriodMonths: 6 } } as AgreementEvent;
const ACTIVE = [bySemester, ...PATH.active.slice(1)];
const filed = (agencyId: string, period: string): AgreementEvent => ({
  type: 'ImplementationReportFiled',
  agencyId,
  period,
  documentHash: 'e'.repeat(64),
  summary: 'Pelatihan',
});

describe('version 2’s machine, replayed', () => {
  describe('takes a DPRD decision', () => {
    it('of the party that needs one, once', () => {
      const recorded = replayV2([withDprd, draftAttached, dprdDecision(BARITO_KUALA)]);
      expect(recorded.snapshot.context.dprdApprovals).toEqual({
        [BARITO_KUALA]: { number: '12/DPRD/2020', date: '2020-02-20', documentHash: 'd'.repeat(64) },
      });
      expectCorrupt([withDprd, draftAttached, dprdDecision(BARITO_KUALA), dprdDecision(BARITO_KUALA)]);
    });

    it('not of a party that needs none, even beside one that does', () => {
      expectCorrupt([withDprd, draftAttached, dprdDecision(KEMENDES)]);
    });

    it('not of any party where none needs one', () => {
      expectCorrupt([drafted, draftAttached, dprdDecision(BARITO_KUALA)]);
    });

    it('not of an agency that is no party', () => {
      expectCorrupt([withDprd, draftAttached, dprdDecision(BANJAR)]);
    });
  });

  describe('takes implementation reports', () => {
    it('from each party, one per period: another period of the same party, or the same period of another party', () => {
      const state = replayV2([...ACTIVE, filed(KEMENDES, '2020-S1'), filed(KEMENDES, '2020-S2'), filed(BARITO_KUALA, '2020-S1')]);
      expect(state.snapshot.context.reports?.map(({ agencyId, period }) => `${agencyId} ${period}`)).toEqual([
        `${KEMENDES} 2020-S1`,
        `${KEMENDES} 2020-S2`,
        `${BARITO_KUALA} 2020-S1`,
      ]);
    });

    it('never twice from one party for one period', () => {
      expectCorrupt([...ACTIVE, filed(KEMENDES, '2020-S1'), filed(KEMENDES, '2020-S1')]);
      expectCorrupt([...ACTIVE, filed(KEMENDES, '2020-S1'), filed(BARITO_KUALA, '2020-S2'), filed(KEMENDES, '2020-S1')]);
    });

    it('not from an agency that is no party', () => {
      expectCorrupt([...ACTIVE, filed(BANJAR, '2020-S1')]);
    });
  });

  it('keeps on a signature only the delegation it was given under: none in one’s own capacity', () => {
    const signature = (event: AgreementEvent) => replayV2([...PATH.signing, event]).snapshot.context.progress[KEMENDES].signature;
    expect(signature(signedBy(KEMENDES))).toStrictEqual({
      documentHash: DRAFT_HASH,
      signatoryName: `Penandatangan ${KEMENDES}`,
      capacity: 'ORIGINAL',
    });
    expect(signature({ ...signedBy(KEMENDES), capacity: 'ON_BEHALF', delegationRef: 'KEPMEN-45/2020' } as AgreementEvent)).toStrictEqual({
      documentHash: DRAFT_HASH,
      signatoryName: `Penandatangan ${KEMENDES}`,
      capacity: 'ON_BEHALF',
      delegationRef: 'KEPMEN-45/2020',
    });
  });
});

describe('the reports due', () => {
  it('fall due the day after their period ends, not on its last day', () => {
    const { context } = replayV2(ACTIVE).snapshot;
    expect(reportsDue(context, '2020-06-30')).toEqual([]);
    expect(reportsDue(context, '2020-07-01')).toEqual([
      { agencyId: KEMENDES, period: '2020-S1', periodEnd: '2020-06-30' },
      { agencyId: BARITO_KUALA, period: '2020-S1', periodEnd: '2020-06-30' },
    ]);
  });

  it('are none before the agreement takes effect, however long its term has run', () => {
    const executed = [bySemester, ...PATH.executed.slice(1)];
    expect(reportsDue(replayV2(executed).snapshot.context, '2021-01-05')).toEqual([]);
  });
});

describe('version 2’s offers', () => {
  const names = (events: readonly AgreementEvent[], agencyId: string, ...roles: Parameters<typeof official>[1][]) =>
    availableActions(replayV2(events), official(agencyId, ...roles)).map((action) => action.name);
  const readyToSign = [withDprd, ...PATH.readyToSign.slice(1)];

  it('open signing only once every required DPRD decision is recorded, and ask the missing one of its party', () => {
    expect(names(readyToSign, KEMENDES, 'COORDINATOR')).toEqual([]);
    expect(names(readyToSign, BARITO_KUALA, 'COORDINATOR')).toEqual(['record-dprd-approval']);
    expect(names([...readyToSign, dprdDecision(BARITO_KUALA)], KEMENDES, 'COORDINATOR')).toEqual(['open-signing']);
    expect(names([...readyToSign, dprdDecision(BARITO_KUALA)], BARITO_KUALA, 'COORDINATOR')).toEqual(['open-signing']);
  });

  it('wait for the missing DPRD decision from its party’s coordinator, and for opening signing only once it is recorded', () => {
    const steps = (events: readonly AgreementEvent[]) =>
      awaitedSteps(replayV2(events)).map(({ agencyId, action, roles }) => `${agencyId} ${action} ${roles.join('+')}`);
    expect(steps(readyToSign)).toEqual([`${BARITO_KUALA} record-dprd-approval COORDINATOR`]);
    expect(steps([...readyToSign, dprdDecision(BARITO_KUALA)])).toEqual([
      `${KEMENDES} open-signing COORDINATOR`,
      `${BARITO_KUALA} open-signing COORDINATOR`,
    ]);
  });

  it('offer reports only on an agreement whose term names a reporting period', () => {
    expect(names(ACTIVE, KEMENDES, 'IMPLEMENTER')).toEqual(['propose-locations', 'file-report']);
    expect(names([drafted, ...PATH.active.slice(1)], KEMENDES, 'IMPLEMENTER')).toEqual(['propose-locations']);
  });
});

describe('version 2’s refusals, with their words', () => {
  describe('opening signing', () => {
    it('names every party whose DPRD decision is missing', () => {
      const regional = readyToSignBetween([
        needsDprd({ agencyId: BARITO_KUALA, name: 'Pemkab Barito Kuala', role: 'PIHAK_KESATU' }),
        needsDprd({ agencyId: BANJAR, name: 'Pemkab Banjar', role: 'PIHAK_KEDUA' }),
      ]);
      thenRefuses(
        v2(regional).when({ type: 'OpenSigning' }, official(BARITO_KUALA, 'COORDINATOR')),
        refusal('dprd-approval', `Signing opens once the DPRD decision of ${BARITO_KUALA}, ${BANJAR} is recorded (PP 28/2018)`),
      );
    });
  });

  describe('recording a DPRD decision', () => {
    const inReview = [withDprd, ...PATH.inReview.slice(1)];
    const record = { type: 'RecordDprdApproval' as const, number: '12/DPRD/2020', date: '2020-02-20', documentHash: 'd'.repeat(64) };
    const baritoCoordinator = official(BARITO_KUALA, 'COORDINATOR');

    it('needs its number and its document', () => {
      invalidText(v2(inReview).when({ ...record, number: ' ' }, baritoCoordinator), 'number');
      invalidText(v2(inReview).when({ ...record, documentHash: ' ' }, baritoCoordinator), 'documentHash');
    });

    it('needs a real date', () => {
      thenRefuses(
        v2(inReview).when({ ...record, date: '2020-02-30' }, baritoCoordinator),
        refusal('date', 'The DPRD decision date must be a real date (YYYY-MM-DD)'),
      );
    });

    it('tells a party that needs none that it needs none', () => {
      thenRefuses(
        v2(inReview).when(record, official(KEMENDES, 'COORDINATOR')),
        refusal('dprd-approval', 'Your agency needs no DPRD decision here, or has recorded it already'),
      );
    });
  });

  describe('signing', () => {
    const sekjen = official(KEMENDES, 'SIGNATORY');
    const sign = { type: 'SignAgreement' as const, documentHash: DRAFT_HASH, signatoryName: 'Sekretaris Jenderal' };
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

    it('in one’s own capacity names no delegation, and is signed as such', () => {
      v2(PATH.signing)
        .when(sign, sekjen, { directory: DIRECTORY })
        .then([
          { type: 'PartySigned', agencyId: KEMENDES, documentHash: DRAFT_HASH, signatoryName: 'Sekretaris Jenderal', capacity: 'ORIGINAL' },
        ]);
      thenRefuses(
        v2(PATH.signing).when({ ...sign, capacity: 'ORIGINAL', delegationId: SEKJEN_DELEGATION.id }, sekjen, {
          directory: DIRECTORY,
          delegation: SEKJEN_DELEGATION,
        }),
        refusal('delegation-capacity', 'A delegation is named only when signing on behalf (ON_BEHALF) or under delegation (DELEGATED)'),
      );
    });

    it('refuses a blank delegation id, naming the field', () => {
      invalidText(
        v2(PATH.signing).when({ ...sign, capacity: 'ON_BEHALF', delegationId: ' ' }, sekjen, { directory: DIRECTORY, delegation: null }),
        'delegationId',
      );
    });

    describe('for a party the directory does not list yet', () => {
      it('checks a recorded delegation its reference names, and keeps it', () => {
        v2(PATH.signing)
          .when({ ...sign, capacity: 'ON_BEHALF', delegationRef: 'KEPMEN-45/2020' }, sekjen, {
            directory: UNLISTED,
            delegation: SEKJEN_DELEGATION,
          })
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

      it('still asks a signature on behalf to name a delegation, in version 2’s words', () => {
        thenRefuses(
          v2(PATH.signing).when({ ...sign, capacity: 'ON_BEHALF' }, sekjen, { directory: UNLISTED, delegation: null }),
          refusal(
            'delegation',
            'Signing on behalf or under delegation names a recorded delegation (delegationId, or its reference number as delegationRef)',
          ),
        );
      });

      it('holds a delegation named by id to be recorded, even beside a reference', () => {
        thenRefuses(
          v2(PATH.signing).when(
            { ...sign, capacity: 'ON_BEHALF', delegationRef: 'KEPMEN-45/2020', delegationId: 'kepmen-45-2020' },
            sekjen,
            {
              directory: UNLISTED,
              delegation: null,
            },
          ),
          refusal('delegation-unknown', 'No delegation kepmen-45-2020 was recorded before signing'),
        );
      });
    });
  });

  describe('filing a report', () => {
    const coordinator = official(KEMENDES, 'COORDINATOR');
    const report = (period: string, change: Partial<{ documentHash: string; summary: string }> = {}) => ({
      type: 'FileImplementationReport' as const,
      period,
      documentHash: 'e'.repeat(64),
      summary: 'Pelatihan',
      ...change,
    });
    /** 00:00 on 1 July 2020 in Jakarta, the first moment of the second semester. */
    const SECOND_SEMESTER_BEGINS = new Date('2020-06-30T17:00:00.000Z');

    it('needs a period, a document and a summary, naming the field', () => {
      invalidText(v2(ACTIVE).when(report(' '), coordinator), 'period');
      invalidText(v2(ACTIVE).when(report('2020-S1', { documentHash: ' ' }), coordinator), 'documentHash');
      invalidText(v2(ACTIVE).when(report('2020-S1', { summary: ' ' }), coordinator), 'summary');
    });

    it('says so on an agreement whose term names no reporting period', () => {
      thenRefuses(v2(PATH.active).when(report('2020-S1'), coordinator), refusal('reporting', 'This agreement has no reporting period'));
    });

    it('lists the agreement’s periods when another is named', () => {
      thenRefuses(
        v2(ACTIVE).when(report('2020-Q1'), coordinator),
        refusal(
          'report-period',
          "Report on one of the agreement's periods: 2020-S1, 2020-S2, 2021-S1, 2021-S2, 2022-S1, 2022-S2, 2023-S1, 2023-S2, 2024-S1, 2024-S2",
        ),
      );
    });

    it('takes a period from its first day on, and says when it starts before', () => {
      v2(ACTIVE)
        .when(report('2020-S2'), coordinator, { now: SECOND_SEMESTER_BEGINS })
        .then([filed(KEMENDES, '2020-S2')]);
      thenRefuses(
        v2(ACTIVE).when(report('2020-S2'), coordinator, { now: new Date(SECOND_SEMESTER_BEGINS.getTime() - 1) }),
        refusal('report-period', 'The period 2020-S2 starts on 2020-07-01'),
      );
    });

    it('takes one report per period from a party, and tells it which one it already filed', () => {
      v2([...ACTIVE, filed(KEMENDES, '2020-S1')])
        .when(report('2020-S2'), coordinator, { now: SECOND_SEMESTER_BEGINS })
        .then([filed(KEMENDES, '2020-S2')]);
      thenRefuses(
        v2([...ACTIVE, filed(KEMENDES, '2020-S1')]).when(report('2020-S1'), coordinator),
        refusal('report-filed', 'Your agency has already reported on 2020-S1'),
      );
    });
  });

  describe('drafting', () => {
    const now = new Date('2020-03-10T03:00:00Z');
    const drafter = official(KEMENDES, 'DRAFTER');
    const mou = (overrides: Partial<DraftAgreement> = {}): DraftAgreement => ({
      type: 'DraftAgreement',
      agreementId: '7d3a3c55-1111-4222-8333-944444444444',
      kind: 'NOTA_KESEPAHAMAN',
      title: 'Pengembangan Desa Percontohan',
      parties: PARTIES,
      term: TERM,
      ...overrides,
    });
    const draft = (command: DraftAgreement) => () => decideDraft(command, NOTA_KESEPAHAMAN_V2, drafter, { now, directory: DIRECTORY });
    const refused = (rule: string, message: string) => expect.objectContaining({ name: 'BusinessRuleViolationError', rule, message });

    it('takes true or false for a DPRD decision, and records only true', () => {
      expect(draft(mou({ parties: [PARTIES[0], { ...PARTIES[1], dprdApprovalRequired: 'ya' as never }] }))).toThrow(
        refused('dprd-approval', 'dprdApprovalRequired is true or false'),
      );
      const [event] = draft(mou({ parties: [PARTIES[0], { ...PARTIES[1], dprdApprovalRequired: false }] }))();
      expect(event).toMatchObject({ parties: [{ agencyId: KEMENDES }, { agencyId: BARITO_KUALA }] });
      expect((event as unknown as { parties: object[] }).parties[1]).not.toHaveProperty('dprdApprovalRequired');
    });

    it('names the party that is no regional government when a DPRD decision is asked of it', () => {
      expect(draft(mou({ parties: [needsDprd(PARTIES[0]), PARTIES[1]] }))).toThrow(
        refused('dprd-regional', `Only a regional government party needs a DPRD decision; the directory does not list ${KEMENDES} as one`),
      );
    });

    it('lists the reporting periods it takes', () => {
      expect(draft(mou({ term: { ...TERM, reportingPeriodMonths: 4 } }))).toThrow(
        refused('reporting-period', 'The reporting period is one of 3, 6, 12 months'),
      );
    });

    it('records no reporting period when none is asked for', () => {
      const [event] = draft(mou())();
      expect((event as unknown as { term: object }).term).toStrictEqual(TERM);
    });
  });
});
