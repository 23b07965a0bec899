import { availableActions } from '../../../src/domain/agreements/agreement-decider';
import type { Role } from '../../../src/domain/access/roles';
import type { AgreementEvent } from '../../../src/domain/agreements/agreement-events';
import { AGREEMENT_ACTIONS_V1 } from '../../../src/domain/workflows/v1/agreement-actions.v1';
import { BARITO_KUALA, cleared, KEMENDES, LOCATIONS, official, OUTSIDER, PATH, signedBy } from '../../support/domain/agreement-fixtures';
import { replay } from '../../support/domain/decider-specification';

/**
 * What an official is offered on an agreement (the inbox and the agreement page list exactly
 * these): the state's actions, narrowed by role and party, and by where the official's own
 * agency stands (a party that signed is not offered `sign` again).
 */
const offered = (events: AgreementEvent[], agencyId: string, ...roles: Role[]) =>
  availableActions(replay(events), official(agencyId, ...roles))
    .map((action) => action.name)
    .sort();

const registry = (agencyId: string): AgreementEvent => ({
  type: 'RegistryNumberAssigned',
  agencyId,
  number: `${agencyId}/2020`,
  date: '2020-03-10',
});
const proposed: AgreementEvent = { type: 'LocationsProposed', locations: LOCATIONS };
const confirmed = (agencyId: string): AgreementEvent => ({ type: 'LocationsConfirmed', agencyId });

describe('the actions offered to an official', () => {
  it('offers each review tier to its own reviewer, in order, and change requests to both', () => {
    expect(offered(PATH.inReview, KEMENDES, 'REVIEWER')).toEqual(['approve-review', 'request-changes']);
    expect(offered(PATH.inReview, KEMENDES, 'LEGAL_REVIEWER')).toEqual(['request-changes']);
    const technicalDone = [...PATH.inReview, cleared(KEMENDES, 'TECHNICAL')];
    expect(offered(technicalDone, KEMENDES, 'REVIEWER')).toEqual(['request-changes']);
    expect(offered(technicalDone, KEMENDES, 'LEGAL_REVIEWER')).toEqual(['approve-review', 'request-changes']);
    // The other party's progress is its own.
    expect(offered(technicalDone, BARITO_KUALA, 'REVIEWER')).toEqual(['approve-review', 'request-changes']);
    expect(offered([...technicalDone, cleared(KEMENDES, 'LEGAL')], KEMENDES, 'REVIEWER', 'LEGAL_REVIEWER')).toEqual(['request-changes']);
  });

  it('offers a signature to each party until it has signed', () => {
    expect(offered(PATH.signing, KEMENDES, 'SIGNATORY')).toEqual(['sign']);
    const oneSigned = [...PATH.signing, signedBy(KEMENDES)];
    expect(offered(oneSigned, KEMENDES, 'SIGNATORY')).toEqual([]);
    expect(offered(oneSigned, BARITO_KUALA, 'SIGNATORY')).toEqual(['sign']);
  });

  it('offers a registry number to each party until it has one', () => {
    expect(offered(PATH.executed, KEMENDES, 'RECORDS_OFFICER')).toEqual(['assign-registry-number']);
    const numbered = [...PATH.active, registry(KEMENDES)];
    expect(offered(numbered, KEMENDES, 'RECORDS_OFFICER')).toEqual([]);
    expect(offered(numbered, BARITO_KUALA, 'RECORDS_OFFICER')).toEqual(['assign-registry-number']);
  });

  it('offers proposing locations until they are fixed, and confirming a proposal to each party once', () => {
    expect(offered(PATH.active, KEMENDES, 'IMPLEMENTER')).toEqual(['propose-locations']);
    expect(offered(PATH.active, KEMENDES, 'COORDINATOR')).toEqual([
      'expire',
      'give-termination-notice',
      'migrate-workflow',
      'propose-amendment',
      'propose-locations',
      'renew',
    ]);
    expect(offered([...PATH.active, proposed], KEMENDES, 'COORDINATOR')).toContain('confirm-locations');
    const kemendesConfirmed = [...PATH.active, proposed, confirmed(KEMENDES)];
    expect(offered(kemendesConfirmed, KEMENDES, 'COORDINATOR')).not.toContain('confirm-locations');
    expect(offered(kemendesConfirmed, BARITO_KUALA, 'COORDINATOR')).toContain('confirm-locations');
    const fixed = [...kemendesConfirmed, confirmed(BARITO_KUALA), { type: 'LocationsFixed', locations: LOCATIONS } as AgreementEvent];
    expect(offered(fixed, KEMENDES, 'IMPLEMENTER')).toEqual([]);
    expect(offered(fixed, BARITO_KUALA, 'COORDINATOR')).toEqual([
      'expire',
      'give-termination-notice',
      'migrate-workflow',
      'propose-amendment',
      'renew',
    ]);
  });

  it('offers nothing to a non-party, an auditor or a role the state does not need', () => {
    expect(offered(PATH.inReview, OUTSIDER, 'REVIEWER')).toEqual([]);
    expect(offered(PATH.inReview, KEMENDES, 'AUDITOR', 'REVIEWER')).toEqual([]);
    expect(offered(PATH.inReview, KEMENDES, 'SIGNATORY')).toEqual([]);
    expect(offered(PATH.drafting, KEMENDES, 'DRAFTER')).toEqual(['attach-document', 'submit-for-review', 'withdraw']);
  });
});

describe('the action table of version 1 as people read it', () => {
  it('describes every action in a sentence', () => {
    for (const action of AGREEMENT_ACTIONS_V1) {
      expect(action.summary).toMatch(/^[A-Z][^.]*[a-z)]$/);
      expect(action.summary.split(' ').length).toBeGreaterThanOrEqual(4);
    }
    expect(new Set(AGREEMENT_ACTIONS_V1.map((action) => action.summary)).size).toBe(AGREEMENT_ACTIONS_V1.length);
  });
});
