import { ACTING_ROLES, actingRolesOf, ALWAYS_OPEN, awaitedSteps, rolesMask } from '../../../src/domain/agreements/awaited-steps';
import { BARITO_KUALA, cleared, KEMENDES, LOCATIONS, official, PATH, signedBy } from '../../support/domain/agreement-fixtures';
import { replay } from '../../support/domain/decider-specification';

/** The steps an agreement waits for, per party agency and action, with the roles that can take them (the inbox's rows). */
const steps = (events: Parameters<typeof replay>[0]) =>
  awaitedSteps(replay(events)).map(({ agencyId, action, roles }) => `${agencyId} ${action} ${roles.join('+')}`);

describe('the steps an agreement waits for', () => {
  it('waits for a draft to be submitted by either party’s drafter or coordinator', () => {
    expect(steps(PATH.drafting)).toEqual([
      `${KEMENDES} submit-for-review DRAFTER+COORDINATOR`,
      `${BARITO_KUALA} submit-for-review DRAFTER+COORDINATOR`,
    ]);
  });

  it('waits for each party’s next review tier from the reviewer of that tier, and not for change requests', () => {
    expect(steps(PATH.inReview)).toEqual([`${KEMENDES} approve-review REVIEWER`, `${BARITO_KUALA} approve-review REVIEWER`]);
    expect(steps([...PATH.inReview, cleared(KEMENDES, 'TECHNICAL')])).toEqual([
      `${KEMENDES} approve-review LEGAL_REVIEWER`,
      `${BARITO_KUALA} approve-review REVIEWER`,
    ]);
  });

  it('waits for the signatures still missing, then for activation and numbers', () => {
    expect(steps([...PATH.signing, signedBy(KEMENDES)])).toEqual([`${BARITO_KUALA} sign SIGNATORY`]);
    expect(steps(PATH.executed)).toEqual([
      `${KEMENDES} activate COORDINATOR`,
      `${KEMENDES} assign-registry-number RECORDS_OFFICER`,
      `${BARITO_KUALA} activate COORDINATOR`,
      `${BARITO_KUALA} assign-registry-number RECORDS_OFFICER`,
    ]);
  });

  it('waits for confirmations of proposed locations, and for nothing always open (amend, renew, notice, expire)', () => {
    const numbered = [
      ...PATH.active,
      ...[KEMENDES, BARITO_KUALA].map((agencyId) => ({
        type: 'RegistryNumberAssigned' as const,
        agencyId,
        number: `${agencyId}/1`,
        date: '2020-03-10',
      })),
    ];
    expect(steps(numbered)).toEqual([]);
    expect(
      steps([...numbered, { type: 'LocationsProposed', locations: LOCATIONS }, { type: 'LocationsConfirmed', agencyId: KEMENDES }]),
    ).toEqual([`${BARITO_KUALA} confirm-locations COORDINATOR`]);
  });

  it('waits for archiving an ended agreement, and for nothing once archived', () => {
    expect(steps(PATH.expired)).toEqual([`${KEMENDES} archive RECORDS_OFFICER`, `${BARITO_KUALA} archive RECORDS_OFFICER`]);
    expect(steps(PATH.archived)).toEqual([]);
  });

  it('lists each step’s action in the workflow’s order', () => {
    const [activate, number] = awaitedSteps(replay(PATH.executed));
    expect(activate.seq).toBeLessThan(number.seq);
  });
});

describe('what no one is waited for', () => {
  it('is every action no version awaits: attaching, sending back, amending, renewing, giving notice, expiring, withdrawing, moving, reporting', () => {
    expect([...ALWAYS_OPEN].sort()).toEqual([
      'attach-document',
      'escalate',
      'expire',
      'file-report',
      'give-termination-notice',
      'migrate-workflow',
      'propose-amendment',
      'propose-locations',
      'remind',
      'renew',
      'request-changes',
      'withdraw',
    ]);
  });

  it('leaves out auditors and administrators from the roles that take steps', () => {
    expect(ACTING_ROLES).toEqual(['DRAFTER', 'COORDINATOR', 'REVIEWER', 'LEGAL_REVIEWER', 'SIGNATORY', 'RECORDS_OFFICER', 'IMPLEMENTER']);
  });
});

describe('role sets', () => {
  it('are one bit per role', () => {
    expect(rolesMask([])).toBe(0);
    expect(rolesMask(['DRAFTER'])).toBe(1);
    expect(rolesMask(['COORDINATOR', 'DRAFTER'])).toBe(3);
    expect(rolesMask(['REVIEWER', 'LEGAL_REVIEWER']) & rolesMask(['LEGAL_REVIEWER'])).not.toBe(0);
    expect(rolesMask(['REVIEWER']) & rolesMask(['SIGNATORY'])).toBe(0);
  });

  it('of an official are the roles that act; an auditor acts with none, whatever else they hold', () => {
    expect(actingRolesOf(official(KEMENDES, 'ADMIN', 'COORDINATOR'))).toEqual(['COORDINATOR']);
    expect(actingRolesOf(official(KEMENDES, 'AUDITOR', 'COORDINATOR'))).toEqual([]);
    expect(actingRolesOf(official(KEMENDES, 'SIGNATORY', 'DRAFTER'))).toEqual(['DRAFTER', 'SIGNATORY']);
  });
});
