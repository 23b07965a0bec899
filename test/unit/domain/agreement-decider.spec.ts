import { decideDraft, lifecycleState, type ParentAgreement } from '../../../src/domain/agreements/agreement-decider';
import {
  AccessDeniedError,
  ActionNotAllowedError,
  AgreementNotFoundError,
  BusinessRuleViolationError,
  CorruptStreamError,
} from '../../../src/domain/errors';
import { NOTA_KESEPAHAMAN_V1, PERJANJIAN_KERJA_SAMA_V1 } from '../../../src/domain/workflows/workflow-registry';
import {
  AMENDMENT_HASH,
  BARITO_KUALA,
  cleared,
  DRAFT_HASH,
  drafted,
  KEMENDES,
  MOU_ID,
  NEW_DRAFT_HASH,
  official,
  OUTSIDER,
  PARTIES,
  PATH,
  signedBy,
  TERM,
} from '../../support/domain/agreement-fixtures';
import { given, replay } from '../../support/domain/decider-specification';

const now = new Date('2020-03-10T02:00:00Z');
const drafter = official(KEMENDES, 'DRAFTER');
const coordinator = official(KEMENDES, 'COORDINATOR');
const kemendesReviewer = official(KEMENDES, 'REVIEWER');
const kemendesLegal = official(KEMENDES, 'LEGAL_REVIEWER');
const baritoReviewer = official(BARITO_KUALA, 'REVIEWER');
const baritoLegal = official(BARITO_KUALA, 'LEGAL_REVIEWER');
const kemendesSignatory = official(KEMENDES, 'SIGNATORY');
const baritoSignatory = official(BARITO_KUALA, 'SIGNATORY');
const auditor = official('itjen-kemendes', 'AUDITOR');

describe('the agreement decider', () => {
  describe('when drafting', () => {
    const command = {
      type: 'DraftAgreement' as const,
      agreementId: MOU_ID,
      kind: 'NOTA_KESEPAHAMAN' as const,
      title: 'Pengembangan Desa Percontohan',
      parties: PARTIES,
      term: { startDate: '2020-03-10', endDate: '2024-12-31' },
    };

    it('records the draft with the default notice period', () => {
      expect(decideDraft(command, NOTA_KESEPAHAMAN_V1, drafter, { now })).toEqual([drafted]);
    });

    it('refuses a drafter whose agency is not a party, and a role that cannot draft', () => {
      expect(() => decideDraft(command, NOTA_KESEPAHAMAN_V1, official(OUTSIDER, 'DRAFTER'), { now })).toThrow(AccessDeniedError);
      expect(() => decideDraft(command, NOTA_KESEPAHAMAN_V1, official(KEMENDES, 'SIGNATORY'), { now })).toThrow(AccessDeniedError);
      expect(() => decideDraft(command, NOTA_KESEPAHAMAN_V1, auditor, { now })).toThrow(AccessDeniedError);
    });

    it.each([
      ['an end before the start', { term: { startDate: '2024-01-01', endDate: '2020-01-01' } }, 'term-order'],
      ['an impossible date', { term: { startDate: '2020-02-30', endDate: '2024-12-31' } }, 'term-dates'],
      [
        'a notice period longer than the term',
        { term: { startDate: '2020-01-01', endDate: '2020-02-01', noticePeriodDays: 90 } },
        'notice-period',
      ],
      ['the same agency twice', { parties: [PARTIES[0], { ...PARTIES[0], role: 'PIHAK_KEDUA' as const }] }, 'distinct-parties'],
      ['the same party role twice', { parties: [PARTIES[0], { ...PARTIES[1], role: 'PIHAK_KESATU' as const }] }, 'distinct-party-roles'],
      ['a parent for an MoU', { parentId: '0d6f7c52-8f3c-4c58-bd0a-bbd8d2b4f4a1' }, 'parent-kind'],
    ])('refuses %s', (_case, change, ruleName) => {
      expect(() => decideDraft({ ...command, ...change }, NOTA_KESEPAHAMAN_V1, drafter, { now })).toThrow(
        expect.objectContaining({ rule: ruleName }),
      );
    });

    describe('a PKS under an MoU', () => {
      const pks = {
        ...command,
        kind: 'PERJANJIAN_KERJA_SAMA' as const,
        parentId: MOU_ID,
        term: { startDate: '2020-03-10', endDate: '2022-12-31', noticePeriodDays: 30 },
      };
      const parent: ParentAgreement = { id: MOU_ID, kind: 'NOTA_KESEPAHAMAN', state: 'drafting', term: TERM, visibleToActor: true };

      it('is drafted when the parent is an MoU whose term contains its own', () => {
        const [event] = decideDraft(pks, PERJANJIAN_KERJA_SAMA_V1, drafter, { now, parent });
        expect(event).toMatchObject({ type: 'AgreementDrafted', kind: 'PERJANJIAN_KERJA_SAMA', parentId: MOU_ID });
      });

      it('is refused when the parent is missing, not an MoU, or its term is shorter', () => {
        const refuse = (context: object, ruleName: string) =>
          expect(() => decideDraft(pks, PERJANJIAN_KERJA_SAMA_V1, drafter, { now, ...context })).toThrow(
            expect.objectContaining({ rule: ruleName }),
          );
        refuse({ parent: null }, 'parent-exists');
        refuse({ parent: { ...parent, kind: 'PERJANJIAN_KERJA_SAMA' } }, 'parent-kind');
        refuse({ parent: { ...parent, term: { ...TERM, endDate: '2021-12-31' } } }, 'parent-term');
      });

      it('says of a parent the drafter may not read only what it says of one that does not exist', () => {
        const refusal = (context: object) => {
          try {
            decideDraft(pks, PERJANJIAN_KERJA_SAMA_V1, drafter, { now, ...context });
          } catch (error) {
            return { rule: (error as BusinessRuleViolationError).rule, message: (error as Error).message };
          }
          throw new Error('not refused');
        };
        const hidden = { ...parent, visibleToActor: false };
        const missing = refusal({ parent: null });

        expect(missing).toEqual({
          rule: 'parent-exists',
          message: `The parent agreement ${MOU_ID} does not exist or your agency cannot see it`,
        });
        expect(refusal({ parent: { ...hidden, kind: 'PERJANJIAN_KERJA_SAMA' } })).toEqual(missing);
        expect(refusal({ parent: { ...hidden, term: { ...TERM, endDate: '2021-12-31' } } })).toEqual(missing);
        expect(refusal({ parent: { ...parent, term: { ...TERM, endDate: '2021-12-31' } } })).toMatchObject({
          rule: 'parent-term',
          message: expect.stringContaining('2021-12-31'),
        });
        // The rules still hold for a parent the drafter cannot read; a later rule may require it to be readable.
        expect(decideDraft(pks, PERJANJIAN_KERJA_SAMA_V1, drafter, { now, parent: hidden })).toHaveLength(1);
      });
    });
  });

  describe('when in drafting', () => {
    it('attaches a document, lower-casing its hash', () => {
      given(PATH.drafting)
        .when({ type: 'AttachDocument', documentType: 'KAK', sha256: 'F'.repeat(64), name: 'kak.pdf' }, drafter)
        .then([{ type: 'DocumentAttached', documentType: 'KAK', sha256: 'f'.repeat(64), name: 'kak.pdf' }]);
    });

    it('submits the current draft for review', () => {
      given(PATH.drafting)
        .when({ type: 'SubmitForReview' }, coordinator)
        .then([{ type: 'SubmittedForReview', documentHash: DRAFT_HASH }]);
    });

    it('refuses to submit without a draft document', () => {
      given([drafted]).when({ type: 'SubmitForReview' }, drafter).thenThrows(BusinessRuleViolationError, { rule: 'draft-document' });
    });

    it('refuses to submit with fewer than two parties', () => {
      const single = { ...drafted, parties: [PARTIES[0]] } as typeof drafted;
      given([single, PATH.drafting[1]])
        .when({ type: 'SubmitForReview' }, drafter)
        .thenThrows(BusinessRuleViolationError, { rule: 'two-parties' });
    });

    it('withdraws the draft', () => {
      given(PATH.drafting)
        .when({ type: 'WithdrawDraft', reason: 'Tidak dilanjutkan' }, drafter)
        .then([{ type: 'DraftWithdrawn', reason: 'Tidak dilanjutkan' }]);
    });

    it('does not offer review or signing yet', () => {
      given(PATH.drafting).when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, kemendesReviewer).thenThrows(ActionNotAllowedError);
      given(PATH.drafting).when({ type: 'OpenSigning' }, coordinator).thenThrows(ActionNotAllowedError);
    });

    it('resets clearances when a new draft is attached after changes were requested', () => {
      const state = replay([
        ...PATH.inReview,
        cleared(KEMENDES, 'TECHNICAL'),
        { type: 'ChangesRequested', agencyId: BARITO_KUALA, reason: 'Pasal 5 perlu diperjelas' },
        { type: 'DocumentAttached', documentType: 'DRAFT', sha256: NEW_DRAFT_HASH, name: 'draft-2.pdf' },
      ]);
      expect(lifecycleState(state)).toBe('drafting');
      expect(state.snapshot.context.draftHash).toBe(NEW_DRAFT_HASH);
      expect(state.snapshot.context.progress[KEMENDES].cleared).toEqual([]);
    });
  });

  describe('when in review', () => {
    it('records a technical review for the reviewer’s own agency', () => {
      given(PATH.inReview)
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, kemendesReviewer)
        .then([cleared(KEMENDES, 'TECHNICAL')]);
    });

    it('wants technical review before legal clearance', () => {
      given(PATH.inReview)
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, kemendesLegal)
        .thenThrows(BusinessRuleViolationError, { rule: 'tier-order' });
      given([...PATH.inReview, cleared(KEMENDES, 'TECHNICAL')])
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, kemendesReviewer)
        .thenThrows(AccessDeniedError);
    });

    it('clears for signing with the last legal clearance (quorum ALL)', () => {
      const allButOne = PATH.readyToSign.slice(0, -2);
      given(allButOne)
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, baritoLegal)
        .then([cleared(BARITO_KUALA, 'LEGAL'), { type: 'ClearedForSigning', documentHash: DRAFT_HASH }]);
    });

    it('refuses a clearance of another document', () => {
      given(PATH.inReview)
        .when({ type: 'ApproveReview', documentHash: NEW_DRAFT_HASH }, kemendesReviewer)
        .thenThrows(BusinessRuleViolationError, { rule: 'document-hash' });
    });

    it('refuses a party that already cleared every tier', () => {
      given([...PATH.inReview, cleared(KEMENDES, 'TECHNICAL'), cleared(KEMENDES, 'LEGAL')])
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, official(KEMENDES, 'REVIEWER', 'LEGAL_REVIEWER'))
        .thenThrows(BusinessRuleViolationError, { rule: 'already-cleared' });
    });

    it('sends the draft back on a change request, for the requester’s own agency', () => {
      given(PATH.inReview)
        .when({ type: 'RequestChanges', reason: 'Pasal 5 perlu diperjelas' }, baritoReviewer)
        .then([{ type: 'ChangesRequested', agencyId: BARITO_KUALA, reason: 'Pasal 5 perlu diperjelas' }]);
    });

    it('refuses roles that do not review, officials of other agencies, and auditors', () => {
      given(PATH.inReview).when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, drafter).thenThrows(AccessDeniedError);
      given(PATH.inReview)
        .when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, official(OUTSIDER, 'REVIEWER'))
        .thenThrows(AgreementNotFoundError);
      given(PATH.inReview).when({ type: 'ApproveReview', documentHash: DRAFT_HASH }, auditor).thenThrows(AccessDeniedError);
    });
  });

  describe('when ready to sign and signing', () => {
    it('opens signing', () => {
      given(PATH.readyToSign)
        .when({ type: 'OpenSigning' }, coordinator)
        .then([{ type: 'SigningOpened' }]);
    });

    it('records a signature on the cleared document, for the signatory’s own agency', () => {
      given(PATH.signing)
        .when({ type: 'SignAgreement', documentHash: DRAFT_HASH, signatoryName: 'Penandatangan kemendes-pdtt' }, kemendesSignatory)
        .then([signedBy(KEMENDES)]);
    });

    it('executes the agreement with the last signature', () => {
      given([...PATH.signing, signedBy(KEMENDES)])
        .when({ type: 'SignAgreement', documentHash: DRAFT_HASH, signatoryName: 'Penandatangan pemkab-barito-kuala' }, baritoSignatory)
        .then([signedBy(BARITO_KUALA), { type: 'AgreementExecuted', documentHash: DRAFT_HASH, version: 1 }]);
    });

    it('records a delegated signature with its reference and refuses one without', () => {
      const delegated = {
        type: 'SignAgreement' as const,
        documentHash: DRAFT_HASH,
        signatoryName: 'Sekjen Kemendes PDTT',
        capacity: 'DELEGATED' as const,
      };
      given(PATH.signing)
        .when({ ...delegated, delegationRef: 'SK-12/2020' }, kemendesSignatory)
        .then([
          {
            type: 'PartySigned',
            agencyId: KEMENDES,
            documentHash: DRAFT_HASH,
            signatoryName: 'Sekjen Kemendes PDTT',
            capacity: 'DELEGATED',
            delegationRef: 'SK-12/2020',
          },
        ]);
      given(PATH.signing).when(delegated, kemendesSignatory).thenThrows(BusinessRuleViolationError, { rule: 'delegation' });
    });

    it('refuses a signature on another document, a second signature, and another role', () => {
      given(PATH.signing)
        .when({ type: 'SignAgreement', documentHash: NEW_DRAFT_HASH, signatoryName: 'X' }, kemendesSignatory)
        .thenThrows(BusinessRuleViolationError, { rule: 'document-hash' });
      given([...PATH.signing, signedBy(KEMENDES)])
        .when({ type: 'SignAgreement', documentHash: DRAFT_HASH, signatoryName: 'X' }, kemendesSignatory)
        .thenThrows(BusinessRuleViolationError, { rule: 'already-signed' });
      given(PATH.signing)
        .when({ type: 'SignAgreement', documentHash: DRAFT_HASH, signatoryName: 'X' }, coordinator)
        .thenThrows(AccessDeniedError);
    });
  });

  describe('when executed and active', () => {
    it('activates from the effective date and numbers per party', () => {
      given(PATH.executed)
        .when({ type: 'ActivateAgreement', effectiveDate: '2020-03-10' }, coordinator)
        .then([{ type: 'Activated', effectiveDate: '2020-03-10' }]);
      given(PATH.active)
        .when({ type: 'AssignRegistryNumber', number: '01/NK/2020', date: '2020-03-10' }, official(BARITO_KUALA, 'RECORDS_OFFICER'))
        .then([{ type: 'RegistryNumberAssigned', agencyId: BARITO_KUALA, number: '01/NK/2020', date: '2020-03-10' }]);
    });

    it('refuses an effective date after the term', () => {
      given(PATH.executed)
        .when({ type: 'ActivateAgreement', effectiveDate: '2025-01-01' }, coordinator)
        .thenThrows(BusinessRuleViolationError, { rule: 'effective-date' });
    });

    it('fixes locations once every party confirmed the same proposal', () => {
      const locations = [
        { province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Anjir Pasar' },
        { province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Tabukan', area: 'KTM Cahaya Baru' },
      ];
      const proposed = [...PATH.active, { type: 'LocationsProposed' as const, locations }];
      given(proposed)
        .when({ type: 'ConfirmLocations' }, coordinator)
        .then([{ type: 'LocationsConfirmed', agencyId: KEMENDES }]);
      given([...proposed, { type: 'LocationsConfirmed', agencyId: KEMENDES }])
        .when({ type: 'ConfirmLocations' }, official(BARITO_KUALA, 'COORDINATOR'))
        .then([
          { type: 'LocationsConfirmed', agencyId: BARITO_KUALA },
          { type: 'LocationsFixed', locations },
        ]);
    });

    it('renews before the notice deadline only', () => {
      given(PATH.active)
        .when({ type: 'RenewAgreement', newEndDate: '2029-12-31' }, coordinator, { now: new Date('2024-09-01T00:00:00Z') })
        .then([{ type: 'Renewed', previousEndDate: '2024-12-31', newEndDate: '2029-12-31' }]);
      given(PATH.active)
        .when({ type: 'RenewAgreement', newEndDate: '2029-12-31' }, coordinator, { now: new Date('2024-11-01T00:00:00Z') })
        .thenThrows(BusinessRuleViolationError, { rule: 'renewal-deadline' });
    });

    it('expires only after the end date', () => {
      given(PATH.active)
        .when({ type: 'ExpireAgreement' }, coordinator, { now: new Date('2025-01-01T00:00:00Z') })
        .then([{ type: 'Expired', endDate: '2024-12-31' }]);
      given(PATH.active)
        .when({ type: 'ExpireAgreement' }, coordinator, { now: new Date('2024-12-31T10:00:00Z') })
        .thenThrows(BusinessRuleViolationError, { rule: 'not-expired' });
    });

    it('gives termination notice, then terminates on its date', () => {
      given(PATH.active)
        .when({ type: 'GiveTerminationNotice', reason: 'Program dihentikan', effectiveDate: '2023-01-01' }, kemendesSignatory, {
          now: new Date('2022-10-01T00:00:00Z'),
        })
        .then([{ type: 'TerminationNoticeGiven', reason: 'Program dihentikan', effectiveDate: '2023-01-01' }]);
      given(PATH.terminating)
        .when({ type: 'TerminateAgreement' }, coordinator, { now: new Date('2022-12-01T00:00:00Z') })
        .thenThrows(BusinessRuleViolationError, { rule: 'termination-date' });
      given(PATH.terminating)
        .when({ type: 'TerminateAgreement' }, coordinator, { now: new Date('2023-01-02T00:00:00Z') })
        .then([{ type: 'Terminated' }]);
    });
  });

  describe('when amending', () => {
    it('runs review and signing again on the amendment and bumps the version', () => {
      const amended = replay([
        ...PATH.amending,
        cleared(KEMENDES, 'TECHNICAL', AMENDMENT_HASH),
        cleared(BARITO_KUALA, 'TECHNICAL', AMENDMENT_HASH),
        cleared(KEMENDES, 'LEGAL', AMENDMENT_HASH),
        cleared(BARITO_KUALA, 'LEGAL', AMENDMENT_HASH),
        { type: 'ClearedForSigning', documentHash: AMENDMENT_HASH },
        { type: 'SigningOpened' },
        signedBy(KEMENDES, AMENDMENT_HASH),
      ]);
      expect(amended.snapshot.value).toEqual({ amending: 'signing' });

      given([
        ...PATH.amending,
        cleared(KEMENDES, 'TECHNICAL', AMENDMENT_HASH),
        cleared(BARITO_KUALA, 'TECHNICAL', AMENDMENT_HASH),
        cleared(KEMENDES, 'LEGAL', AMENDMENT_HASH),
        cleared(BARITO_KUALA, 'LEGAL', AMENDMENT_HASH),
        { type: 'ClearedForSigning', documentHash: AMENDMENT_HASH },
        { type: 'SigningOpened' },
        signedBy(KEMENDES, AMENDMENT_HASH),
      ])
        .when({ type: 'SignAgreement', documentHash: AMENDMENT_HASH, signatoryName: 'Penandatangan pemkab-barito-kuala' }, baritoSignatory)
        .then([signedBy(BARITO_KUALA, AMENDMENT_HASH), { type: 'AgreementExecuted', documentHash: AMENDMENT_HASH, version: 2 }]);
    });

    it('refuses an amendment that does not change the document', () => {
      given(PATH.active)
        .when({ type: 'ProposeAmendment', summary: 'x', documentHash: DRAFT_HASH }, coordinator)
        .thenThrows(BusinessRuleViolationError, { rule: 'amendment-document' });
    });
  });

  describe('when ended', () => {
    it('archives expired, terminated and withdrawn agreements, and nothing else happens after', () => {
      const records = official(KEMENDES, 'RECORDS_OFFICER');
      for (const state of ['expired', 'terminated', 'withdrawn'])
        given(PATH[state])
          .when({ type: 'ArchiveAgreement' }, records)
          .then([{ type: 'Archived' }]);
      given(PATH.archived).when({ type: 'ArchiveAgreement' }, records).thenThrows(ActionNotAllowedError);
      given(PATH.active).when({ type: 'ArchiveAgreement' }, records).thenThrows(ActionNotAllowedError);
    });
  });

  describe('when a PKS depends on its parent', () => {
    const pksDrafted = {
      ...drafted,
      kind: 'PERJANJIAN_KERJA_SAMA' as const,
      parentId: MOU_ID,
      term: { startDate: '2020-03-10', endDate: '2022-12-31', noticePeriodDays: 30 },
    };
    const pksPath = (events: typeof PATH.drafting) => [pksDrafted, ...events.slice(1)];
    const parent = (state: ParentAgreement['state'], visibleToActor = true): ParentAgreement => ({
      id: MOU_ID,
      kind: 'NOTA_KESEPAHAMAN',
      state,
      term: TERM,
      visibleToActor,
    });
    const notFound = { rule: 'parent-exists', message: `The parent agreement ${MOU_ID} does not exist or your agency cannot see it` };

    it('cannot be submitted or signed before its parent MoU is active', () => {
      given(pksPath(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'SubmitForReview' }, drafter, { parent: parent('signing') })
        .thenThrows(BusinessRuleViolationError, { rule: 'parent-in-force' });
      given(pksPath(PATH.readyToSign), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'OpenSigning' }, coordinator, { parent: parent('terminating') })
        .thenThrows(BusinessRuleViolationError, { rule: 'parent-in-force' });
      given(pksPath(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'SubmitForReview' }, drafter, { parent: parent('active') })
        .then([{ type: 'SubmittedForReview', documentHash: DRAFT_HASH }]);
    });

    it('may not outlive its parent when renewed', () => {
      given(pksPath(PATH.active), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'RenewAgreement', newEndDate: '2025-06-30' }, coordinator, {
          parent: parent('active'),
          now: new Date('2022-01-01T00:00:00Z'),
        })
        .thenThrows(BusinessRuleViolationError, { rule: 'parent-term' });
    });

    it('names neither the state nor the term of a parent the actor may not read: as if it did not exist', () => {
      given(pksPath(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'SubmitForReview' }, drafter, { parent: null })
        .thenThrows(BusinessRuleViolationError, notFound);
      given(pksPath(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'SubmitForReview' }, drafter, { parent: parent('signing', false) })
        .thenThrows(BusinessRuleViolationError, notFound);
      given(pksPath(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'SubmitForReview' }, drafter, { parent: { ...parent('active', false), term: { ...TERM, endDate: '2021-12-31' } } })
        .thenThrows(BusinessRuleViolationError, notFound);
      given(pksPath(PATH.readyToSign), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'OpenSigning' }, coordinator, { parent: parent('terminating', false) })
        .thenThrows(BusinessRuleViolationError, notFound);
      given(pksPath(PATH.active), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'RenewAgreement', newEndDate: '2025-06-30' }, coordinator, {
          parent: parent('active', false),
          now: new Date('2022-01-01T00:00:00Z'),
        })
        .thenThrows(BusinessRuleViolationError, notFound);
      // A hidden parent that meets the rules does not stop the PKS.
      given(pksPath(PATH.drafting), PERJANJIAN_KERJA_SAMA_V1)
        .when({ type: 'SubmitForReview' }, drafter, { parent: parent('active', false) })
        .then([{ type: 'SubmittedForReview', documentHash: DRAFT_HASH }]);
    });
  });

  describe('replay', () => {
    it('fails loudly on an event the pinned machine does not accept', () => {
      expect(() => replay([drafted, { type: 'SigningOpened' }])).toThrow(CorruptStreamError);
      expect(() => replay([...PATH.inReview, cleared(KEMENDES, 'LEGAL')])).toThrow(CorruptStreamError);
    });
  });
});
