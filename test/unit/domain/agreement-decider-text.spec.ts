import type { Actor } from '../../../src/domain/access/actor';
import type { AgreementActionCommand, DraftAgreement } from '../../../src/domain/agreements/agreement-commands';
import { decideDraft } from '../../../src/domain/agreements/agreement-decider';
import { InvalidTextError } from '../../../src/domain/errors';
import { NOTA_KESEPAHAMAN_V1 } from '../../../src/domain/workflows/workflow-registry';
import { AMENDMENT_HASH, DRAFT_HASH, KEMENDES, LOCATIONS, MOU_ID, official, PARTIES, PATH } from '../../support/domain/agreement-fixtures';
import { given } from '../../support/domain/decider-specification';

/**
 * The decider applies the text rules to every string it copies into an event (and to the actor
 * that goes into the envelope), whoever calls it: the API has normalised and checked them already,
 * a CLI, the scheduler or another caller meets them here.
 */
const now = new Date('2020-03-10T02:00:00Z');
const drafter = official(KEMENDES, 'DRAFTER');
const coordinator = official(KEMENDES, 'COORDINATOR');
const reviewer = official(KEMENDES, 'REVIEWER');
const signatory = official(KEMENDES, 'SIGNATORY');
const recordsOfficer = official(KEMENDES, 'RECORDS_OFFICER');

const draft: DraftAgreement = {
  type: 'DraftAgreement',
  agreementId: MOU_ID,
  kind: 'NOTA_KESEPAHAMAN',
  title: 'Pengembangan Desa Percontohan',
  purpose: 'Pasal 1\n\tPengembangan desa percontohan',
  parties: PARTIES,
  term: { startDate: '2020-03-10', endDate: '2024-12-31' },
};

function refusal(run: () => unknown): InvalidTextError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidTextError) return error;
    throw error;
  }
  throw new Error('expected an InvalidTextError, nothing was thrown');
}

describe('the decider and the text rules', () => {
  describe('when drafting', () => {
    it('copies text that obeys the rules, line feeds and tabs in the purpose included', () => {
      const [event] = decideDraft(draft, NOTA_KESEPAHAMAN_V1, drafter, { now });
      expect(event).toMatchObject({ title: draft.title, purpose: draft.purpose });
    });

    it.each([
      ['a bidirectional override in the title', { title: 'Desa \u202eatatS' }, 'title'],
      ['a NUL in the title', { title: 'Desa\u0000Maju' }, 'title'],
      ['a line feed in the title', { title: 'Desa\nMaju' }, 'title'],
      ['a title not in NFC', { title: 'Desa Cafe\u0301' }, 'title'],
      ['a blank title', { title: '  ' }, 'title'],
      ['a title over 500 characters', { title: 'x'.repeat(501) }, 'title'],
      ['a carriage return in the purpose', { purpose: 'Pasal 1\r\n' }, 'purpose'],
      ['an escape sequence in the purpose', { purpose: 'Pasal \u001b[31m1' }, 'purpose'],
      ['a control character in a parent id', { parentId: `${MOU_ID}\u0007` }, 'parentId'],
      ['a C1 control in a party name', { parties: [PARTIES[0], { ...PARTIES[1], name: 'Pemkab\u0085Barito' }] }, 'parties.1.name'],
      ['an isolate in an agency id', { parties: [PARTIES[0], { ...PARTIES[1], agencyId: 'pemkab\u2066' }] }, 'parties.1.agencyId'],
      [
        'a control character in a party role',
        { parties: [PARTIES[0], { ...PARTIES[1], role: 'PIHAK_KEDUA\u0000' as never }] },
        'parties.1.role',
      ],
      ['a kind that is not text', { kind: 7 as never }, 'kind'],
      ['a purpose that is null', { purpose: null as never }, 'purpose'],
    ])('refuses %s', (_case, change, field) => {
      const error = refusal(() => decideDraft({ ...draft, ...change }, NOTA_KESEPAHAMAN_V1, drafter, { now }));
      expect(error.field).toBe(field);
      expect(error.message.startsWith(`${field} must `)).toBe(true);
    });

    it('refuses text before anything else: a bad title is invalid input even from an actor who may not draft', () => {
      expect(
        refusal(() => decideDraft({ ...draft, title: '\u202e' }, NOTA_KESEPAHAMAN_V1, official('pemkab-banjar', 'AUDITOR'), { now })).field,
      ).toBe('title');
    });

    it.each([
      ['a control character in its name', { name: 'Siti\u001b]8;;http://x\u0007' }, 'actor.name'],
      ['a bidirectional mark in its id', { id: 'siti\u200f' }, 'actor.id'],
      ['a line separator in its agency', { agencyId: `${KEMENDES}\u2028` }, 'actor.agencyId'],
      ['a control character in whom it acts for', { onBehalfOf: 'Menteri\u0000' }, 'actor.onBehalfOf'],
    ])('refuses an actor with %s: it would go into the envelope', (_case, change, field) => {
      const actor: Actor = { ...drafter, ...change };
      expect(refusal(() => decideDraft(draft, NOTA_KESEPAHAMAN_V1, actor, { now })).field).toBe(field);
      // On an agreement, an agency that is no party never gets that far (it does not see it).
      if (field !== 'actor.agencyId') {
        expect(refusal(() => given(PATH.drafting).when({ type: 'WithdrawDraft', reason: 'Batal' }, actor).then([])).field).toBe(field);
      }
    });
  });

  describe('when acting on an agreement', () => {
    const cases: Array<[string, AgreementActionCommand[], AgreementActionCommand, Actor, string]> = [
      [
        'a document name',
        PATH.drafting,
        { type: 'AttachDocument', documentType: 'KAK', sha256: 'f'.repeat(64), name: 'kak\u202e.pdf' },
        drafter,
        'name',
      ],
      [
        'a document type',
        PATH.drafting,
        { type: 'AttachDocument', documentType: 'KAK\u0000' as never, sha256: 'f'.repeat(64), name: 'kak.pdf' },
        drafter,
        'documentType',
      ],
      [
        'a document hash',
        PATH.drafting,
        { type: 'AttachDocument', documentType: 'KAK', sha256: `${'f'.repeat(63)}\u0000`, name: 'kak.pdf' },
        drafter,
        'sha256',
      ],
      ['a reason for changes', PATH.inReview, { type: 'RequestChanges', reason: 'Pasal\u00075' }, reviewer, 'reason'],
      [
        'a signatory name',
        PATH.signing,
        { type: 'SignAgreement', documentHash: DRAFT_HASH, signatoryName: 'Anwar\nSanusi' },
        signatory,
        'signatoryName',
      ],
      [
        'a delegation reference',
        PATH.signing,
        { type: 'SignAgreement', documentHash: DRAFT_HASH, signatoryName: 'Anwar', capacity: 'DELEGATED', delegationRef: 'SK\u202e12' },
        signatory,
        'delegationRef',
      ],
      [
        'a signing capacity',
        PATH.signing,
        { type: 'SignAgreement', documentHash: DRAFT_HASH, signatoryName: 'Anwar', capacity: 'ORIGINAL\u0000' as never },
        signatory,
        'capacity',
      ],
      [
        'a registry number',
        PATH.active,
        { type: 'AssignRegistryNumber', number: '01/NK\u0000', date: '2020-03-11' },
        recordsOfficer,
        'number',
      ],
      [
        'a province',
        PATH.active,
        { type: 'ProposeLocations', locations: [LOCATIONS[0], { ...LOCATIONS[1], province: 'Kalsel\u2069' }] },
        coordinator,
        'locations.1.province',
      ],
      [
        'a regency',
        PATH.active,
        { type: 'ProposeLocations', locations: [{ ...LOCATIONS[0], regency: '' }] },
        coordinator,
        'locations.0.regency',
      ],
      [
        'a district',
        PATH.active,
        { type: 'ProposeLocations', locations: [{ ...LOCATIONS[0], district: 'Anjir\tPasar' }] },
        coordinator,
        'locations.0.district',
      ],
      [
        'a village',
        PATH.active,
        { type: 'ProposeLocations', locations: [{ ...LOCATIONS[0], villages: ['Anjir Muara', 'Anjir\u0000'] }] },
        coordinator,
        'locations.0.villages.1',
      ],
      [
        'villages that are no list',
        PATH.active,
        { type: 'ProposeLocations', locations: [{ ...LOCATIONS[0], villages: null as never }] },
        coordinator,
        'locations.0.villages',
      ],
      [
        'an area',
        PATH.active,
        { type: 'ProposeLocations', locations: [{ ...LOCATIONS[0], area: 'x'.repeat(201) }] },
        coordinator,
        'locations.0.area',
      ],
      [
        'an amendment summary',
        PATH.active,
        { type: 'ProposeAmendment', summary: 'Tambah\u202blokus', documentHash: AMENDMENT_HASH },
        coordinator,
        'summary',
      ],
      [
        'an amendment document hash',
        PATH.active,
        { type: 'ProposeAmendment', summary: 'Tambah lokus', documentHash: `${AMENDMENT_HASH}\u0085` },
        coordinator,
        'documentHash',
      ],
      [
        'a termination reason',
        PATH.active,
        { type: 'GiveTerminationNotice', reason: 'Program\r\ndihentikan', effectiveDate: '2021-01-01' },
        coordinator,
        'reason',
      ],
      ['a withdrawal reason', PATH.drafting, { type: 'WithdrawDraft', reason: 'Cafe\u0301' }, drafter, 'reason'],
    ] as never;

    it.each(cases)('refuses %s that breaks the rules', (_case, events, command, actor, field) => {
      const error = refusal(() =>
        given(events as never)
          .when(command, actor)
          .then([]),
      );
      expect(error.field).toBe(field);
    });

    it('lets multi-line fields keep their line feeds and tabs', () => {
      given(PATH.inReview)
        .when({ type: 'RequestChanges', reason: 'Pasal 5:\n\t- ayat 2' }, reviewer)
        .then([{ type: 'ChangesRequested', agencyId: KEMENDES, reason: 'Pasal 5:\n\t- ayat 2' }]);
      given(PATH.drafting)
        .when({ type: 'WithdrawDraft', reason: 'Batal\n' }, drafter)
        .then([{ type: 'DraftWithdrawn', reason: 'Batal\n' }]);
    });

    it('copies clean locations with their villages and area', () => {
      const locations = [{ ...LOCATIONS[1], villages: ['Anjir Muara', 'Anjir Pasar Kota'] }];
      given(PATH.active)
        .when({ type: 'ProposeLocations', locations }, coordinator)
        .then([{ type: 'LocationsProposed', locations }]);
    });
  });
});
