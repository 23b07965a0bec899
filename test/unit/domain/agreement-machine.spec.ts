import { detailedState, lifecycleState, type AgreementState } from '../../../src/domain/agreements/agreement-decider';
import type { AgreementEvent, Location } from '../../../src/domain/agreements/agreement-events';
import { CorruptStreamError } from '../../../src/domain/errors';
import {
  AMENDMENT_HASH,
  BARITO_KUALA,
  cleared,
  DRAFT_HASH,
  draftAttached,
  drafted,
  KEMENDES,
  LOCATIONS,
  NEW_DRAFT_HASH,
  OUTSIDER,
  PARTIES,
  PATH,
  signedBy,
  submitted,
  TERM,
} from '../../support/domain/agreement-fixtures';
import { replay } from '../../support/domain/decider-specification';

/**
 * The machine's guards, tested where they live. The decider checks the same rules before it
 * emits anything, which hides a broken guard from every decider test; but replay (and `verify`)
 * trust the machine alone. So each case here replays a stream straight through `evolve`: an
 * illegal stream must fail loudly, and its legal counterpart must be accepted.
 */
function expectCorrupt(events: readonly AgreementEvent[]): void {
  expect(() => replay(events)).toThrow(CorruptStreamError);
}

const context = (state: AgreementState) => state.snapshot.context;

const registry = (agencyId: string, number = `${agencyId}/2020`): AgreementEvent => ({
  type: 'RegistryNumberAssigned',
  agencyId,
  number,
  date: '2020-03-10',
});
const OTHER_LOCATIONS: Location[] = [{ province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Alalak' }];
const proposed = (locations = LOCATIONS): AgreementEvent => ({ type: 'LocationsProposed', locations });
const confirmed = (agencyId: string): AgreementEvent => ({ type: 'LocationsConfirmed', agencyId });
const fixed = (locations = LOCATIONS): AgreementEvent => ({ type: 'LocationsFixed', locations });
const renewed = (previousEndDate: string, newEndDate: string): AgreementEvent => ({ type: 'Renewed', previousEndDate, newEndDate });
const changesRequested = (agencyId: string): AgreementEvent => ({ type: 'ChangesRequested', agencyId, reason: 'Pasal 5 perlu diperjelas' });
const executed = (documentHash: string, version: number): AgreementEvent => ({ type: 'AgreementExecuted', documentHash, version });
const activated: AgreementEvent = { type: 'Activated', effectiveDate: '2020-03-10' };
const clearedForSigning = (documentHash: string): AgreementEvent => ({ type: 'ClearedForSigning', documentHash });

const allTiers = (documentHash: string): AgreementEvent[] => [
  cleared(KEMENDES, 'TECHNICAL', documentHash),
  cleared(BARITO_KUALA, 'TECHNICAL', documentHash),
  cleared(KEMENDES, 'LEGAL', documentHash),
  cleared(BARITO_KUALA, 'LEGAL', documentHash),
];
const amendmentSigning = [
  ...PATH.amending,
  ...allTiers(AMENDMENT_HASH),
  clearedForSigning(AMENDMENT_HASH),
  { type: 'SigningOpened' } as AgreementEvent,
];
const LOCATIONS_FIXED = [...PATH.active, proposed(), confirmed(KEMENDES), confirmed(BARITO_KUALA), fixed()];

describe('the agreement machine of workflow version 1, replayed', () => {
  describe('when drafting', () => {
    it('submits the recorded draft of two or more parties for review (canSubmit)', () => {
      const state = replay(PATH.inReview);
      expect(lifecycleState(state)).toBe('inReview');
      expect(context(state).draftHash).toBe(DRAFT_HASH);
    });

    it.each([
      ['with a single party', [{ ...drafted, parties: [PARTIES[0]] } as AgreementEvent, draftAttached, submitted]],
      ['without a draft document', [drafted, submitted]],
      ['without a draft document, naming none', [drafted, { type: 'SubmittedForReview' } as unknown as AgreementEvent]],
      [
        'naming another document than the draft',
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it the row's events widen to a union the table cannot take
        [...PATH.drafting, { type: 'SubmittedForReview', documentHash: NEW_DRAFT_HASH } as AgreementEvent],
      ],
    ])('refuses a submission %s (canSubmit)', (_case, events) => {
      expectCorrupt(events);
    });

    it('refuses what only later states accept', () => {
      expectCorrupt([...PATH.drafting, cleared(KEMENDES, 'TECHNICAL')]);
      expectCorrupt([...PATH.drafting, { type: 'Archived' }]);
    });

    it('withdraws the draft', () => {
      const state = replay(PATH.withdrawn);
      expect(lifecycleState(state)).toBe('withdrawn');
      expect(context(state).withdrawalReason).toBe('Tidak dilanjutkan');
    });
  });

  describe('when in review', () => {
    it("accepts a party's next tier on the document under review (isNextClearance)", () => {
      const state = replay([...PATH.inReview, cleared(BARITO_KUALA, 'TECHNICAL'), cleared(BARITO_KUALA, 'LEGAL')]);
      expect(context(state).progress[BARITO_KUALA].cleared).toEqual(['TECHNICAL', 'LEGAL']);
      expect(context(state).progress[KEMENDES].cleared).toEqual([]);
    });

    it.each([
      ['a clearance by an agency that is no party', [cleared(OUTSIDER, 'TECHNICAL')]],
      ['legal clearance before technical review', [cleared(KEMENDES, 'LEGAL')]],
      ['the same tier twice', [cleared(KEMENDES, 'TECHNICAL'), cleared(KEMENDES, 'TECHNICAL')]],
      [
        'a clearance by a party that cleared every tier',
        [cleared(KEMENDES, 'TECHNICAL'), cleared(KEMENDES, 'LEGAL'), cleared(KEMENDES, 'LEGAL')],
      ],
      ['a clearance of another document than the one under review', [cleared(KEMENDES, 'TECHNICAL', NEW_DRAFT_HASH)]],
    ])('refuses %s (isNextClearance)', (_case, events) => {
      expectCorrupt([...PATH.inReview, ...events]);
    });

    it('is cleared for signing once every party cleared every tier, on that document (allCleared)', () => {
      const state = replay(PATH.readyToSign);
      expect(lifecycleState(state)).toBe('readyToSign');
      expect(context(state).clearedHash).toBe(DRAFT_HASH);
    });

    it.each([
      ['before any clearance', []],
      ['before the last legal clearance', allTiers(DRAFT_HASH).slice(0, 3)],
    ])('refuses clearance for signing %s (allCleared)', (_case, events) => {
      expectCorrupt([...PATH.inReview, ...events, clearedForSigning(DRAFT_HASH)]);
    });

    it('refuses clearance for signing of another document than the one reviewed (allCleared)', () => {
      expectCorrupt([...PATH.inReview, ...allTiers(DRAFT_HASH), clearedForSigning(NEW_DRAFT_HASH)]);
    });

    it('goes back to drafting on changes requested by a party, every clearance reset (isPartyOfAgreement)', () => {
      const state = replay([...PATH.inReview, cleared(KEMENDES, 'TECHNICAL'), changesRequested(BARITO_KUALA)]);
      expect(lifecycleState(state)).toBe('drafting');
      expect(context(state).progress[KEMENDES].cleared).toEqual([]);
      expect(context(state).lastChangeRequest).toEqual({ agencyId: BARITO_KUALA, reason: 'Pasal 5 perlu diperjelas' });
    });

    it('refuses changes requested by an agency that is no party (isPartyOfAgreement)', () => {
      expectCorrupt([...PATH.inReview, changesRequested(OUTSIDER)]);
    });

    it('does not open signing before it is cleared', () => {
      expectCorrupt([...PATH.inReview, ...allTiers(DRAFT_HASH), { type: 'SigningOpened' }]);
    });
  });

  describe('when ready to sign', () => {
    it('opens signing, and takes no signature before', () => {
      expect(lifecycleState(replay(PATH.signing))).toBe('signing');
      expectCorrupt([...PATH.readyToSign, signedBy(KEMENDES)]);
    });
  });

  describe('when signing', () => {
    it("records each party's first signature on the cleared document (isFirstSignatureOnClearedDocument)", () => {
      const state = replay([...PATH.signing, signedBy(BARITO_KUALA)]);
      expect(lifecycleState(state)).toBe('signing');
      expect(context(state).progress[BARITO_KUALA].signature).toMatchObject({ documentHash: DRAFT_HASH });
    });

    it.each([
      ['of an agency that is no party', [signedBy(OUTSIDER)]],
      ['a second time for the same party', [signedBy(KEMENDES), signedBy(KEMENDES)]],
      ['on another document than the one cleared', [signedBy(KEMENDES, NEW_DRAFT_HASH)]],
    ])('refuses a signature %s (isFirstSignatureOnClearedDocument)', (_case, events) => {
      expectCorrupt([...PATH.signing, ...events]);
    });

    it('is executed as version 1 once every party signed the cleared document (allSigned)', () => {
      const state = replay(PATH.executed);
      expect(lifecycleState(state)).toBe('executed');
      expect(context(state)).toMatchObject({ executedHash: DRAFT_HASH, version: 1 });
    });

    it.each([
      ['before every party signed', [signedBy(KEMENDES), executed(DRAFT_HASH, 1)]],
      ['for another document than the one signed', [signedBy(KEMENDES), signedBy(BARITO_KUALA), executed(NEW_DRAFT_HASH, 1)]],
      ['with a version that is not the next one', [signedBy(KEMENDES), signedBy(BARITO_KUALA), executed(DRAFT_HASH, 2)]],
      ['with the version it already has', [signedBy(KEMENDES), signedBy(BARITO_KUALA), executed(DRAFT_HASH, 0)]],
    ])('refuses an execution %s (allSigned)', (_case, events) => {
      expectCorrupt([...PATH.signing, ...events]);
    });
  });

  describe('when executed', () => {
    it("records each party's registry number once (hasNoRegistryNumber)", () => {
      const state = replay([...PATH.executed, registry(KEMENDES), registry(BARITO_KUALA)]);
      expect(lifecycleState(state)).toBe('executed');
      expect(context(state).progress[KEMENDES].registry).toEqual({ number: `${KEMENDES}/2020`, date: '2020-03-10' });
    });

    it.each([
      ['of an agency that is no party', [registry(OUTSIDER)]],
      ['a second time for the same party', [registry(KEMENDES), registry(KEMENDES, '2/2020')]],
    ])('refuses a registry number %s (hasNoRegistryNumber)', (_case, events) => {
      expectCorrupt([...PATH.executed, ...events]);
    });

    it('is activated from its effective date', () => {
      const state = replay(PATH.active);
      expect(lifecycleState(state)).toBe('active');
      expect(context(state).effectiveDate).toBe('2020-03-10');
    });
  });

  describe('when active', () => {
    it('records a registry number of a party that has none yet (hasNoRegistryNumber)', () => {
      const state = replay([...PATH.executed, registry(KEMENDES), activated, registry(BARITO_KUALA)]);
      expect(context(state).progress[BARITO_KUALA].registry).toEqual({ number: `${BARITO_KUALA}/2020`, date: '2020-03-10' });
    });

    it.each([
      ['of an agency that is no party', [...PATH.active, registry(OUTSIDER)]],
      ['a second time for the same party', [...PATH.active, registry(KEMENDES), registry(KEMENDES, '2/2020')]],
      ['for a party numbered before activation', [...PATH.executed, registry(KEMENDES), activated, registry(KEMENDES, '2/2020')]],
    ])('refuses a registry number %s (hasNoRegistryNumber)', (_case, events) => {
      expectCorrupt(events);
    });

    it('fixes the proposed locations once every party confirmed them', () => {
      const state = replay(LOCATIONS_FIXED);
      expect(lifecycleState(state)).toBe('active');
      expect(context(state).fixedLocations).toEqual(LOCATIONS);
    });

    it('takes a new proposal before the locations are fixed, and asks every party again (locationsNotFixed)', () => {
      const state = replay([...PATH.active, proposed(), confirmed(KEMENDES), proposed(OTHER_LOCATIONS)]);
      expect(context(state).proposedLocations).toEqual(OTHER_LOCATIONS);
      expect(context(state).progress[KEMENDES].locationsConfirmed).toBe(false);
    });

    it('refuses a proposal once the locations are fixed (locationsNotFixed)', () => {
      expectCorrupt([...LOCATIONS_FIXED, proposed(OTHER_LOCATIONS)]);
    });

    it.each([
      ['without a proposal', [...PATH.active, confirmed(KEMENDES)]],
      ['by an agency that is no party', [...PATH.active, proposed(), confirmed(OUTSIDER)]],
      ['twice by the same party', [...PATH.active, proposed(), confirmed(KEMENDES), confirmed(KEMENDES)]],
      ['once the locations are fixed', [...LOCATIONS_FIXED, confirmed(KEMENDES)]],
    ])('refuses a confirmation %s (canConfirmLocations)', (_case, events) => {
      expectCorrupt(events);
    });

    it.each([
      ['without a proposal', [...PATH.active, fixed()]],
      ['before every party confirmed', [...PATH.active, proposed(), confirmed(KEMENDES), fixed()]],
      [
        'other than the ones every party confirmed',
        [...PATH.active, proposed(), confirmed(KEMENDES), confirmed(BARITO_KUALA), fixed(OTHER_LOCATIONS)],
      ],
      ['as an empty list', [...PATH.active, proposed(), confirmed(KEMENDES), confirmed(BARITO_KUALA), fixed([])]],
      ['a second time', [...LOCATIONS_FIXED, fixed()]],
    ])('refuses fixing the locations %s (fixesConfirmedLocations)', (_case, events) => {
      expectCorrupt(events);
    });

    it('renews to a later end date, from the current one (extendsTerm)', () => {
      const state = replay([...PATH.active, renewed(TERM.endDate, '2029-12-31'), renewed('2029-12-31', '2030-12-31')]);
      expect(lifecycleState(state)).toBe('active');
      expect(context(state).term).toEqual({ ...TERM, endDate: '2030-12-31' });
    });

    it.each([
      ['from another end date than the current one', renewed('2023-12-31', '2029-12-31')],
      ['to the same end date', renewed(TERM.endDate, TERM.endDate)],
      ['to an earlier end date', renewed(TERM.endDate, '2024-06-30')],
    ])('refuses a renewal %s (extendsTerm)', (_case, event) => {
      expectCorrupt([...PATH.active, event]);
    });

    it('starts an amendment on its document, every clearance reset', () => {
      const state = replay(PATH.amending);
      expect(detailedState(state)).toBe('amending.inReview');
      expect(context(state)).toMatchObject({
        draftHash: AMENDMENT_HASH,
        amendment: { summary: 'Tambah lokus', documentHash: AMENDMENT_HASH },
        version: 1,
      });
    });

    it('goes to terminating on notice, and to expired at the end date', () => {
      const terminating = replay(PATH.terminating);
      expect(lifecycleState(terminating)).toBe('terminating');
      expect(context(terminating).termination).toEqual({ reason: 'Program dihentikan', effectiveDate: '2023-01-01' });
      expect(lifecycleState(replay(PATH.expired))).toBe('expired');
    });

    it('fixes the confirmed locations whatever the order of their fields', () => {
      const reordered = LOCATIONS.map(({ district, regency, province, ...rest }) => ({ ...rest, district, regency, province }));
      expect(
        context(replay([...PATH.active, proposed(), confirmed(KEMENDES), confirmed(BARITO_KUALA), fixed(reordered)])).fixedLocations,
      ).toEqual(LOCATIONS);
    });

    it.each([
      ['before the end of the term', '2024-06-30'],
      ['after the end of the term', '2025-01-01'],
    ])('refuses an expiry that names an end date %s (isEndOfTerm)', (_case, endDate) => {
      expectCorrupt([...PATH.active, { type: 'Expired', endDate }]);
    });

    it('expires at the end date of the renewed term (isEndOfTerm)', () => {
      expect(
        lifecycleState(replay([...PATH.active, renewed(TERM.endDate, '2029-12-31'), { type: 'Expired', endDate: '2029-12-31' }])),
      ).toBe('expired');
      expectCorrupt([...PATH.active, renewed(TERM.endDate, '2029-12-31'), { type: 'Expired', endDate: TERM.endDate }]);
    });

    it('is neither terminated without notice nor archived', () => {
      expectCorrupt([...PATH.active, { type: 'Terminated' }]);
      expectCorrupt([...PATH.active, { type: 'Archived' }]);
    });
  });

  describe('when amending', () => {
    it('reviews and signs the amendment, then is active again as the next version', () => {
      const state = replay([
        ...amendmentSigning,
        signedBy(KEMENDES, AMENDMENT_HASH),
        signedBy(BARITO_KUALA, AMENDMENT_HASH),
        executed(AMENDMENT_HASH, 2),
      ]);
      expect(detailedState(state)).toBe('active');
      expect(context(state)).toMatchObject({
        version: 2,
        executedHash: AMENDMENT_HASH,
        clearedHash: AMENDMENT_HASH,
        draftHash: AMENDMENT_HASH,
      });
      expect(context(state).amendment).toBeUndefined();
    });

    it.each([
      ['a clearance of the executed document instead of the amendment', [...PATH.amending, cleared(KEMENDES, 'TECHNICAL', DRAFT_HASH)]],
      ['a signature of the executed document', [...amendmentSigning, signedBy(KEMENDES, DRAFT_HASH)]],
      [
        'an execution that keeps the version',
        [...amendmentSigning, signedBy(KEMENDES, AMENDMENT_HASH), signedBy(BARITO_KUALA, AMENDMENT_HASH), executed(AMENDMENT_HASH, 1)],
      ],
      ['changes requested by an agency that is no party', [...PATH.amending, changesRequested(OUTSIDER)]],
    ])('refuses %s', (_case, events) => {
      expectCorrupt(events);
    });

    it('drops the amendment on changes requested: active again on the executed document', () => {
      const state = replay([...PATH.amending, cleared(KEMENDES, 'TECHNICAL', AMENDMENT_HASH), changesRequested(BARITO_KUALA)]);
      expect(detailedState(state)).toBe('active');
      expect(context(state).amendment).toBeUndefined();
      expect(context(state)).toMatchObject({
        draftHash: DRAFT_HASH,
        clearedHash: DRAFT_HASH,
        executedHash: DRAFT_HASH,
        version: 1,
        lastChangeRequest: { agencyId: BARITO_KUALA, reason: 'Pasal 5 perlu diperjelas' },
      });
      expect(context(state).progress[KEMENDES].cleared).toEqual([]);
    });
  });

  describe('when ending', () => {
    it('terminates after notice, then archives', () => {
      expect(lifecycleState(replay(PATH.terminated))).toBe('terminated');
      expect(lifecycleState(replay([...PATH.terminated, { type: 'Archived' }]))).toBe('archived');
    });

    it.each(['expired', 'terminated', 'withdrawn'])('archives from %s, and is done', (state) => {
      const archived = replay([...PATH[state], { type: 'Archived' }]);
      expect(lifecycleState(archived)).toBe('archived');
      expect(archived.snapshot.status).toBe('done');
    });

    it.each<AgreementEvent>([
      { type: 'Archived' },
      { type: 'DocumentAttached', documentType: 'REPORT', sha256: NEW_DRAFT_HASH, name: 'laporan.pdf' },
      { type: 'AmendmentProposed', summary: 'Adendum', documentHash: AMENDMENT_HASH },
      renewed(TERM.endDate, '2029-12-31'),
      { type: 'Activated', effectiveDate: '2025-01-01' },
    ])('accepts nothing once archived: $type', (event) => {
      expectCorrupt([...PATH.archived, event]);
    });

    it('does not reopen an ended agreement', () => {
      expectCorrupt([...PATH.terminating, renewed(TERM.endDate, '2029-12-31')]);
      expectCorrupt([...PATH.expired, renewed(TERM.endDate, '2029-12-31')]);
      expectCorrupt([...PATH.withdrawn, submitted]);
    });
  });
});
