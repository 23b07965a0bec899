import {
  decideAndApply,
  decideDraft,
  detailedState,
  evolve,
  lifecycleState,
  type ParentAgreement,
} from '../../../src/domain/agreements/agreement-decider';
import type { DraftAgreement } from '../../../src/domain/agreements/agreement-commands';
import type { AgreementEvent } from '../../../src/domain/agreements/agreement-events';
import { AccessDeniedError, ActionNotAllowedError, BusinessRuleViolationError, CorruptStreamError } from '../../../src/domain/errors';
import { NOTA_KESEPAHAMAN_V1, PERJANJIAN_KERJA_SAMA_V1 } from '../../../src/domain/workflows/workflow-registry';
import {
  AMENDMENT_HASH,
  BARITO_KUALA,
  cleared,
  DRAFT_HASH,
  drafted,
  KEMENDES,
  LOCATIONS,
  MOU_ID,
  official,
  OUTSIDER,
  PARTIES,
  PATH,
  signedBy,
  TERM,
} from '../../support/domain/agreement-fixtures';
import { given, replay } from '../../support/domain/decider-specification';

/**
 * Every business rule of the decider at its boundary (the last value it accepts and the first it
 * refuses), and the words each refusal gives: officials read them in the API's problem documents,
 * so an empty or wrong message is a defect as much as a wrong rule.
 */
const now = new Date('2020-03-10T02:00:00Z');
const drafter = official(KEMENDES, 'DRAFTER');
const coordinator = official(KEMENDES, 'COORDINATOR');
const kemendesSignatory = official(KEMENDES, 'SIGNATORY');
const kemendesRecords = official(KEMENDES, 'RECORDS_OFFICER');
const baritoCoordinator = official(BARITO_KUALA, 'COORDINATOR');

/** A refusal of rule `rule` whose message says `words`. */
const refusal = (rule: string, words: string) => [BusinessRuleViolationError, { rule, message: expect.stringContaining(words) }] as const;

/** Jakarta's calendar date of this instant is the date in its name (UTC+7, so 10:00 local is 03:00 UTC). */
const onJakartaDate = (date: string) => ({ now: new Date(`${date}T03:00:00Z`) });

describe('the decider’s rules at their boundaries, and the words of each refusal', () => {
  describe('drafting', () => {
    const command: DraftAgreement = {
      type: 'DraftAgreement',
      agreementId: MOU_ID,
      kind: 'NOTA_KESEPAHAMAN',
      title: 'Pengembangan Desa Percontohan',
      parties: PARTIES,
      term: { startDate: '2020-03-10', endDate: '2024-12-31' },
    };
    const draft = (change: Partial<DraftAgreement>, workflow = NOTA_KESEPAHAMAN_V1, context: object = {}) =>
      decideDraft({ ...command, ...change }, workflow, drafter, { now, ...context });
    const refusedWith = (
      change: Partial<DraftAgreement>,
      rule: string,
      words: string,
      workflow = NOTA_KESEPAHAMAN_V1,
      context: object = {},
    ) => expect(() => draft(change, workflow, context)).toThrow(expect.objectContaining({ rule, message: expect.stringContaining(words) }));

    it('wants real dates at both ends of the term', () => {
      refusedWith({ term: { startDate: '2020-02-30', endDate: '2024-12-31' } }, 'term-dates', 'Term dates must be real dates (YYYY-MM-DD)');
      refusedWith({ term: { startDate: '2020-03-10', endDate: '2024-13-01' } }, 'term-dates', 'real dates');
    });

    it('wants the term to end after it starts: one day is the shortest term', () => {
      refusedWith(
        { term: { startDate: '2020-03-10', endDate: '2020-03-10', noticePeriodDays: 0 } },
        'term-order',
        'The term must end after it starts',
      );
      expect(draft({ term: { startDate: '2020-03-10', endDate: '2020-03-11', noticePeriodDays: 0 } })).toHaveLength(1);
    });

    it('takes a notice period of whole days, from none up to exactly the length of the term', () => {
      const [none] = draft({ term: { startDate: '2020-01-01', endDate: '2020-03-31', noticePeriodDays: 0 } });
      expect(none).toMatchObject({ term: { noticePeriodDays: 0 } });
      // 2020-01-01 plus 90 days is 2020-03-31: the notice period may fill the term, not exceed it.
      const [full] = draft({ term: { startDate: '2020-01-01', endDate: '2020-03-31', noticePeriodDays: 90 } });
      expect(full).toMatchObject({ term: { noticePeriodDays: 90 } });
      const words = 'The notice period must be a whole number of days that fits in the term';
      refusedWith({ term: { startDate: '2020-01-01', endDate: '2020-03-30', noticePeriodDays: 90 } }, 'notice-period', words);
      refusedWith({ term: { startDate: '2020-01-01', endDate: '2024-12-31', noticePeriodDays: -1 } }, 'notice-period', words);
      refusedWith({ term: { startDate: '2020-01-01', endDate: '2024-12-31', noticePeriodDays: 1.5 } }, 'notice-period', words);
    });

    it('tells a drafter of a non-party agency and a role that cannot draft apart', () => {
      expect(() => decideDraft(command, NOTA_KESEPAHAMAN_V1, official(OUTSIDER, 'DRAFTER'), { now })).toThrow(
        new AccessDeniedError("The drafter's agency must be one of the parties"),
      );
      expect(() => decideDraft(command, NOTA_KESEPAHAMAN_V1, official(KEMENDES, 'SIGNATORY'), { now })).toThrow(
        new AccessDeniedError('Drafting needs one of DRAFTER, COORDINATOR'),
      );
    });

    it('drafts only the kind its workflow drafts', () => {
      refusedWith({}, 'kind', 'Workflow perjanjian-kerja-sama drafts PERJANJIAN_KERJA_SAMA', PERJANJIAN_KERJA_SAMA_V1);
    });

    it('names each agency and each party role once', () => {
      refusedWith(
        { parties: [PARTIES[0], { ...PARTIES[0], role: 'PIHAK_KEDUA' }] },
        'distinct-parties',
        'Each agency can be a party only once',
      );
      refusedWith(
        { parties: [PARTIES[0], { ...PARTIES[1], role: 'PIHAK_KESATU' }] },
        'distinct-party-roles',
        'Each party role (PIHAK_KESATU, ...) can be held only once',
      );
    });

    it('records a purpose when one is given, and no purpose or parent field when none is', () => {
      const [withPurpose] = draft({ purpose: 'Percepatan pembangunan desa' });
      expect(withPurpose).toMatchObject({ purpose: 'Percepatan pembangunan desa' });
      const [bare] = draft({});
      expect(Object.keys(bare)).not.toContain('purpose');
      expect(Object.keys(bare)).not.toContain('parentId');
    });

    describe('a PKS under an MoU', () => {
      const pks = {
        kind: 'PERJANJIAN_KERJA_SAMA' as const,
        parentId: MOU_ID,
        term: { startDate: '2021-01-01', endDate: '2022-12-31', noticePeriodDays: 30 },
      };
      const parent: ParentAgreement = { id: MOU_ID, kind: 'NOTA_KESEPAHAMAN', state: 'active', term: TERM, visibleToActor: true };

      it('says that only a PKS implements a parent', () => {
        refusedWith({ parentId: MOU_ID }, 'parent-kind', 'Only a PKS implements a parent agreement', NOTA_KESEPAHAMAN_V1, { parent });
      });

      it('says the parent must be an MoU', () => {
        refusedWith(pks, 'parent-kind', 'The parent of a PKS must be a Nota Kesepahaman', PERJANJIAN_KERJA_SAMA_V1, {
          parent: { ...parent, kind: 'PERJANJIAN_KERJA_SAMA' },
        });
      });

      it('may share either end of its parent’s term, and not pass it by a day', () => {
        const [same] = draft({ ...pks, term: { ...TERM } }, PERJANJIAN_KERJA_SAMA_V1, { parent });
        expect(same).toMatchObject({ parentId: MOU_ID, term: TERM });
        const words = "The term must lie inside the parent's term (2020-03-10 to 2024-12-31)";
        refusedWith(
          { ...pks, term: { startDate: '2020-03-09', endDate: '2022-12-31', noticePeriodDays: 30 } },
          'parent-term',
          words,
          PERJANJIAN_KERJA_SAMA_V1,
          { parent },
        );
        refusedWith(
          { ...pks, term: { startDate: '2021-01-01', endDate: '2025-01-01', noticePeriodDays: 30 } },
          'parent-term',
          words,
          PERJANJIAN_KERJA_SAMA_V1,
          { parent },
        );
      });
    });
  });

  describe('who is refused, and how', () => {
    it('tells auditors they only read, and officials which roles an action needs', () => {
      given(PATH.inReview)
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, official('itjen-kemendes', 'AUDITOR'))
        .thenThrows(AccessDeniedError, { message: 'Auditors and administrators cannot change agreements' });
      given(PATH.inReview)
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, drafter)
        .thenThrows(AccessDeniedError, { message: 'approve-review needs one of REVIEWER, LEGAL_REVIEWER of a party agency' });
    });

    it('names an action its state does not offer', () => {
      given(PATH.drafting)
        .when({ type: 'OpenSigning' }, coordinator)
        .thenThrows(ActionNotAllowedError, { message: 'open-signing is not possible while the agreement is drafting' });
    });
  });

  describe('review', () => {
    it('wants two parties and a draft document before review', () => {
      given([{ ...drafted, parties: [PARTIES[0]] } as AgreementEvent, PATH.drafting[1]])
        .when({ type: 'SubmitForReview' }, drafter)
        .thenThrows(...refusal('two-parties', 'An agreement needs at least two parties before review'));
      given([drafted])
        .when({ type: 'SubmitForReview' }, drafter)
        .thenThrows(...refusal('draft-document', 'Attach a DRAFT document before submitting for review'));
    });

    it('takes a clearance naming the document in any case of hex, and says which document it must name', () => {
      given(PATH.inReview)
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH.toUpperCase() }, official(KEMENDES, 'REVIEWER'))
        .then([cleared(KEMENDES, 'TECHNICAL')]);
      given(PATH.inReview)
        .when({ type: 'ApproveReview', documentHash: AMENDMENT_HASH }, official(KEMENDES, 'REVIEWER'))
        .thenThrows(...refusal('document-hash', 'The clearance must name the document under review'));
    });

    it('says why a clearance cannot be given: already given, wrong tier first, or legal without the role', () => {
      given([...PATH.inReview, cleared(KEMENDES, 'TECHNICAL'), cleared(KEMENDES, 'LEGAL')])
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, official(KEMENDES, 'REVIEWER', 'LEGAL_REVIEWER'))
        .thenThrows(...refusal('already-cleared', 'Your agency has already cleared this document'));
      given(PATH.inReview)
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, official(KEMENDES, 'LEGAL_REVIEWER'))
        .thenThrows(...refusal('tier-order', 'Technical review comes before legal clearance'));
      given([...PATH.inReview, cleared(KEMENDES, 'TECHNICAL')])
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, official(KEMENDES, 'REVIEWER'))
        .thenThrows(AccessDeniedError, { message: 'Legal clearance needs a LEGAL_REVIEWER of your agency' });
    });
  });

  describe('signing', () => {
    const sign = (change: object = {}) => ({
      type: 'SignAgreement' as const,
      documentHash: DRAFT_HASH,
      signatoryName: 'Menteri Desa PDTT',
      ...change,
    });

    it('says what a signature must cover, that it is given once, and that delegation needs a reference', () => {
      given(PATH.signing)
        .when(sign({ documentHash: AMENDMENT_HASH }), kemendesSignatory)
        .thenThrows(...refusal('document-hash', 'The signature must cover the document every party cleared'));
      given([...PATH.signing, signedBy(KEMENDES)])
        .when(sign(), kemendesSignatory)
        .thenThrows(...refusal('already-signed', 'Your agency has already signed'));
      given(PATH.signing)
        .when(sign({ capacity: 'ON_BEHALF' }), kemendesSignatory)
        .thenThrows(...refusal('delegation', 'Signing on behalf or under delegation needs a delegation reference'));
    });

    it('records no delegation field on a signature in the signatory’s own capacity', () => {
      const { events, next } = decideAndApply(sign(), replay(PATH.signing), kemendesSignatory, { now });
      expect(Object.keys(events[0])).not.toContain('delegationRef');
      expect(Object.keys(next.snapshot.context.progress[KEMENDES].signature!)).not.toContain('delegationRef');
    });

    it('returns the agreement as the events left it, through execution', () => {
      const { events, next } = decideAndApply(
        sign({ signatoryName: 'Bupati Barito Kuala' }),
        replay([...PATH.signing, signedBy(KEMENDES)]),
        official(BARITO_KUALA, 'SIGNATORY'),
        { now },
      );
      expect(events.map((event) => event.type)).toEqual(['PartySigned', 'AgreementExecuted']);
      expect(lifecycleState(next)).toBe('executed');
      expect(next.snapshot.context.version).toBe(1);
      expect(next.snapshot.context.progress[BARITO_KUALA].signature).toMatchObject({ signatoryName: 'Bupati Barito Kuala' });
    });

    describe('of a PKS whose parent must be in force', () => {
      const pksDrafted = {
        ...drafted,
        kind: 'PERJANJIAN_KERJA_SAMA' as const,
        parentId: MOU_ID,
        term: { startDate: '2020-03-10', endDate: '2022-12-31', noticePeriodDays: 30 },
      };
      const pks = (events: AgreementEvent[]) => [pksDrafted, ...events.slice(1)];
      const parent = (change: Partial<ParentAgreement> = {}): ParentAgreement => ({
        id: MOU_ID,
        kind: 'NOTA_KESEPAHAMAN',
        state: 'active',
        term: TERM,
        visibleToActor: true,
        ...change,
      });

      it('goes on while the parent is being amended', () => {
        given(pks(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
          .when({ type: 'SubmitForReview' }, drafter, { parent: parent({ state: 'amending' }) })
          .then([{ type: 'SubmittedForReview', documentHash: DRAFT_HASH }]);
        given(pks(PATH.signing), PERJANJIAN_KERJA_SAMA_V1)
          .when(sign(), kemendesSignatory, { parent: parent({ state: 'amending' }) })
          .then([{ ...signedBy(KEMENDES), signatoryName: 'Menteri Desa PDTT' } as AgreementEvent]);
      });

      it('says what cannot happen before the parent is active', () => {
        given(pks(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
          .when({ type: 'SubmitForReview' }, drafter, { parent: parent({ state: 'executed' }) })
          .thenThrows(...refusal('parent-in-force', 'A PKS cannot be submitted for review before its parent MoU is active'));
        given(pks(PATH.signing), PERJANJIAN_KERJA_SAMA_V1)
          .when(sign(), kemendesSignatory, { parent: parent({ state: 'executed' }) })
          .thenThrows(...refusal('parent-in-force', 'A PKS cannot be signed before its parent MoU is active'));
        given(pks(PATH.readyToSign), PERJANJIAN_KERJA_SAMA_V1)
          .when({ type: 'OpenSigning' }, coordinator, { parent: parent({ state: 'executed' }) })
          .thenThrows(...refusal('parent-in-force', 'A PKS cannot be signed before its parent MoU is active'));
      });

      it('may end on its parent’s last day, not after it', () => {
        given(pks(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
          .when({ type: 'SubmitForReview' }, drafter, { parent: parent({ term: { ...TERM, endDate: '2022-12-31' } }) })
          .then([{ type: 'SubmittedForReview', documentHash: DRAFT_HASH }]);
        given(pks(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
          .when({ type: 'SubmitForReview' }, drafter, { parent: parent({ term: { ...TERM, endDate: '2022-12-30' } }) })
          .thenThrows(...refusal('parent-term', "The term must lie inside the parent's term (2020-03-10 to 2022-12-30)"));
      });

      it('is renewed up to its parent’s end date, and told to renew the parent for more', () => {
        const renewal = { now: new Date('2022-01-01T00:00:00Z') };
        given(pks(PATH.active), PERJANJIAN_KERJA_SAMA_V1)
          .when({ type: 'RenewAgreement', newEndDate: '2024-12-31' }, coordinator, { ...renewal, parent: parent() })
          .then([{ type: 'Renewed', previousEndDate: '2022-12-31', newEndDate: '2024-12-31' }]);
        given(pks(PATH.active), PERJANJIAN_KERJA_SAMA_V1)
          .when({ type: 'RenewAgreement', newEndDate: '2025-01-01' }, coordinator, { ...renewal, parent: parent() })
          .thenThrows(...refusal('parent-term', 'A PKS may not outlive its parent MoU: renew the parent first'));
        given(pks(PATH.active), PERJANJIAN_KERJA_SAMA_V1)
          .when({ type: 'RenewAgreement', newEndDate: '2024-12-31' }, coordinator, { ...renewal, parent: null })
          .thenThrows(...refusal('parent-exists', `The parent agreement ${MOU_ID} does not exist`));
      });
    });
  });

  describe('activation and registry numbers', () => {
    it('activates on the last day of the term at the latest, from a real date', () => {
      given(PATH.executed)
        .when({ type: 'ActivateAgreement', effectiveDate: '2024-12-31' }, coordinator)
        .then([{ type: 'Activated', effectiveDate: '2024-12-31' }]);
      given(PATH.executed)
        .when({ type: 'ActivateAgreement', effectiveDate: '2025-01-01' }, coordinator)
        .thenThrows(...refusal('effective-date', 'The effective date must fall before the end of the term'));
      given(PATH.executed)
        .when({ type: 'ActivateAgreement', effectiveDate: '2020-02-30' }, coordinator)
        .thenThrows(...refusal('date', 'The effective date must be a real date (YYYY-MM-DD)'));
    });

    it('numbers once per agency, on a real date', () => {
      given(PATH.active)
        .when({ type: 'AssignRegistryNumber', number: '01/NK/2020', date: '2020-13-01' }, kemendesRecords)
        .thenThrows(...refusal('date', 'The registry date must be a real date (YYYY-MM-DD)'));
      given([...PATH.active, { type: 'RegistryNumberAssigned', agencyId: KEMENDES, number: '01/NK/2020', date: '2020-03-10' }])
        .when({ type: 'AssignRegistryNumber', number: '02/NK/2020', date: '2020-03-11' }, kemendesRecords)
        .thenThrows(...refusal('registry-number', 'Your agency has already numbered this agreement'));
    });
  });

  describe('locations', () => {
    const proposed: AgreementEvent = { type: 'LocationsProposed', locations: LOCATIONS };
    const fixedPath: AgreementEvent[] = [
      ...PATH.active,
      proposed,
      { type: 'LocationsConfirmed', agencyId: KEMENDES },
      { type: 'LocationsConfirmed', agencyId: BARITO_KUALA },
      { type: 'LocationsFixed', locations: LOCATIONS },
    ];

    it('proposes at least one location, until they are fixed', () => {
      given(PATH.active)
        .when({ type: 'ProposeLocations', locations: [] }, coordinator)
        .thenThrows(...refusal('locations', 'Propose at least one location'));
      given(PATH.active).when({ type: 'ProposeLocations', locations: LOCATIONS }, coordinator).then([proposed]);
      given(fixedPath)
        .when({ type: 'ProposeLocations', locations: LOCATIONS }, coordinator)
        .thenThrows(...refusal('locations-fixed', 'The locations are already fixed by all parties'));
    });

    it('confirms a standing proposal once per agency, and nothing once fixed', () => {
      const words = 'There is no proposal of locations to confirm';
      given(PATH.active)
        .when({ type: 'ConfirmLocations' }, coordinator)
        .thenThrows(...refusal('locations-proposed', words));
      given(fixedPath)
        .when({ type: 'ConfirmLocations' }, coordinator)
        .thenThrows(...refusal('locations-proposed', words));
      given([...PATH.active, proposed, { type: 'LocationsConfirmed', agencyId: KEMENDES }])
        .when({ type: 'ConfirmLocations' }, coordinator)
        .thenThrows(...refusal('already-confirmed', 'Your agency has already confirmed these locations'));
      given([...PATH.active, proposed])
        .when({ type: 'ConfirmLocations' }, baritoCoordinator)
        .then([{ type: 'LocationsConfirmed', agencyId: BARITO_KUALA }]);
    });
  });

  describe('amendment, renewal, notice, termination and expiry', () => {
    it('says an amendment must change the executed document', () => {
      given(PATH.active)
        .when({ type: 'ProposeAmendment', summary: 'Tambah lokus', documentHash: DRAFT_HASH.toUpperCase() }, coordinator)
        .thenThrows(...refusal('amendment-document', 'The amendment must change the executed document'));
    });

    it('renews to a later real date, up to and on the notice deadline', () => {
      // 2024-12-31 less 90 days of notice: 2024-10-02 is the last day to renew.
      given(PATH.active)
        .when({ type: 'RenewAgreement', newEndDate: '2029-12-31' }, coordinator, onJakartaDate('2024-10-02'))
        .then([{ type: 'Renewed', previousEndDate: '2024-12-31', newEndDate: '2029-12-31' }]);
      given(PATH.active)
        .when({ type: 'RenewAgreement', newEndDate: '2029-12-31' }, coordinator, onJakartaDate('2024-10-03'))
        .thenThrows(...refusal('renewal-deadline', 'Renewal had to be proposed by 2024-10-02 (notice period of 90 days)'));
      given(PATH.active)
        .when({ type: 'RenewAgreement', newEndDate: '2024-12-31' }, coordinator, onJakartaDate('2024-01-01'))
        .thenThrows(...refusal('renewal-extends', 'Renewal must move the end date later'));
      given(PATH.active)
        .when({ type: 'RenewAgreement', newEndDate: '2029-02-30' }, coordinator, onJakartaDate('2024-01-01'))
        .thenThrows(...refusal('date', 'The new end date must be a real date (YYYY-MM-DD)'));
    });

    it('gives notice taking effect today at the earliest, on a real date', () => {
      const notice = (effectiveDate: string) => ({ type: 'GiveTerminationNotice' as const, reason: 'Program dihentikan', effectiveDate });
      given(PATH.active)
        .when(notice('2022-10-01'), kemendesSignatory, onJakartaDate('2022-10-01'))
        .then([{ type: 'TerminationNoticeGiven', reason: 'Program dihentikan', effectiveDate: '2022-10-01' }]);
      given(PATH.active)
        .when(notice('2022-09-30'), kemendesSignatory, onJakartaDate('2022-10-01'))
        .thenThrows(...refusal('termination-date', 'Termination cannot take effect in the past'));
      given(PATH.active)
        .when(notice('2022-09-31'), kemendesSignatory, onJakartaDate('2022-09-01'))
        .thenThrows(...refusal('date', 'The termination date must be a real date (YYYY-MM-DD)'));
    });

    it('terminates on the effective date itself, and names that date before it', () => {
      given(PATH.terminating)
        .when({ type: 'TerminateAgreement' }, coordinator, onJakartaDate('2023-01-01'))
        .then([{ type: 'Terminated' }]);
      given(PATH.terminating)
        .when({ type: 'TerminateAgreement' }, coordinator, onJakartaDate('2022-12-31'))
        .thenThrows(...refusal('termination-date', 'The termination takes effect on 2023-01-01'));
    });

    it('expires the day after the end date, and names the end date before', () => {
      given(PATH.active)
        .when({ type: 'ExpireAgreement' }, coordinator, onJakartaDate('2024-12-31'))
        .thenThrows(...refusal('not-expired', 'The agreement runs until 2024-12-31'));
      given(PATH.active)
        .when({ type: 'ExpireAgreement' }, coordinator, onJakartaDate('2025-01-01'))
        .then([{ type: 'Expired', endDate: '2024-12-31' }]);
    });

    it('archives with the records officer of any party', () => {
      given(PATH.expired)
        .when({ type: 'ArchiveAgreement' }, official(BARITO_KUALA, 'RECORDS_OFFICER'))
        .then([{ type: 'Archived' }]);
    });
  });

  describe('replay and state names', () => {
    it('says which event the pinned workflow refused, and in which state', () => {
      expect(() => evolve(replay([drafted]), { type: 'SigningOpened' })).toThrow(
        new CorruptStreamError('SigningOpened is not accepted by nota-kesepahaman@1 in state drafting'),
      );
    });

    it('names nested states with their parent', () => {
      expect(detailedState(replay(PATH.amending))).toBe('amending.inReview');
      expect(detailedState(replay(PATH.active))).toBe('active');
      expect(lifecycleState(replay(PATH.amending))).toBe('amending');
    });
  });
});
