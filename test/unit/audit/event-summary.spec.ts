import { summarizeEvent } from '../../../src/application/audit/event-summary';
import { BARITO_KUALA, DRAFT_HASH, KEMENDES, PARTIES } from '../../support/domain/agreement-fixtures';

const LEGAL_REVIEWER = { id: 'biro-hukum-1', name: 'Biro Hukum Kemendes PDTT', agencyId: KEMENDES, roles: ['LEGAL_REVIEWER'] };

describe('the summary of a stored event', () => {
  it('names the actor with their roles, and a party as the agreement names it, in the language asked for', () => {
    const stored = {
      type: 'ReviewApproved',
      data: { agencyId: BARITO_KUALA, tier: 'LEGAL', documentHash: DRAFT_HASH },
      metadata: { actor: LEGAL_REVIEWER },
    };

    expect(summarizeEvent(stored, PARTIES, 'id')).toBe(
      'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) memberikan persetujuan hukum atas sha256:aaaaaaaa… untuk Pemerintah Kabupaten Barito Kuala',
    );
    expect(summarizeEvent(stored, PARTIES, 'en')).toBe(
      'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER) gave legal clearance to sha256:aaaaaaaa… for Pemerintah Kabupaten Barito Kuala',
    );
    // An agency the reader may not see the parties of is named by its id.
    expect(summarizeEvent(stored, [], 'en')).toMatch(/ for pemkab-barito-kuala$/);
  });

  it('says the actor is unknown when the envelope names none, or no name', () => {
    const opened = { type: 'SigningOpened', data: {}, metadata: {} };

    expect(summarizeEvent(opened, PARTIES, 'id')).toBe('tidak diketahui membuka penandatanganan');
    expect(summarizeEvent(opened, PARTIES, 'en')).toBe('unknown opened signing');
    expect(summarizeEvent({ ...opened, metadata: { actor: { roles: ['COORDINATOR'] } } }, PARTIES, 'id')).toBe(
      'tidak diketahui (COORDINATOR) membuka penandatanganan',
    );
  });

  it('names the type of an event no line knows', () => {
    expect(summarizeEvent({ type: 'SomethingLater', data: {}, metadata: { actor: LEGAL_REVIEWER } }, PARTIES, 'id')).toBe(
      'Biro Hukum Kemendes PDTT (LEGAL_REVIEWER): SomethingLater',
    );
    expect(summarizeEvent({ type: 'toString', data: {}, metadata: {} }, PARTIES, 'en')).toBe('unknown: toString');
  });

  it('says an event whose data its line cannot read cannot be summarised, instead of failing the history', () => {
    const broken = { type: 'AgreementDrafted', data: { title: 'Tanpa pihak' }, metadata: { actor: LEGAL_REVIEWER } };

    expect(summarizeEvent(broken, PARTIES, 'id')).toBe('AgreementDrafted (tidak dapat diringkas)');
    expect(summarizeEvent(broken, PARTIES, 'en')).toBe('AgreementDrafted (cannot be summarised)');
  });
});
