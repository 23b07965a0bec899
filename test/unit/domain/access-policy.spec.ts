import type { Actor } from '../../../src/domain/access/actor';
import { authorizeAction, canReadAgreement, type ActionPolicy } from '../../../src/domain/access/policy';

const parties = ['kemendes-pdtt', 'kab-barito-kuala'];
const official = (agencyId: string, ...roles: Actor['roles']): Actor => ({
  id: `${agencyId}-${roles.join('-')}`,
  name: 'Pejabat',
  agencyId,
  roles,
});

const approveReview: ActionPolicy = { roles: ['REVIEWER', 'LEGAL_REVIEWER'], party: 'own' };
const openSigning: ActionPolicy = { roles: ['COORDINATOR'], party: 'any' };

describe('action policy', () => {
  it('allows a role the policy names, for the actor’s own party', () => {
    expect(authorizeAction(approveReview, official('kab-barito-kuala', 'REVIEWER'), parties)).toEqual({
      allowed: true,
      party: 'kab-barito-kuala',
    });
    expect(authorizeAction(openSigning, official('kemendes-pdtt', 'COORDINATOR'), parties)).toEqual({
      allowed: true,
      party: 'kemendes-pdtt',
    });
  });

  it('refuses a role the policy does not name', () => {
    expect(authorizeAction(approveReview, official('kab-barito-kuala', 'DRAFTER', 'SIGNATORY'), parties)).toEqual({
      allowed: false,
      reason: 'role',
    });
  });

  it('refuses the right role acting for another party', () => {
    expect(authorizeAction(approveReview, official('kab-barito-kuala', 'REVIEWER'), parties, 'kemendes-pdtt')).toEqual({
      allowed: false,
      reason: 'other-party',
    });
  });

  it('treats an official of a non-party agency as not knowing the agreement', () => {
    expect(authorizeAction(openSigning, official('kab-banjar', 'COORDINATOR'), parties)).toEqual({ allowed: false, reason: 'not-a-party' });
  });

  it('never lets an auditor or an admin act, even with a policy role beside it', () => {
    expect(authorizeAction(openSigning, official('itjen', 'AUDITOR'), parties)).toEqual({ allowed: false, reason: 'read-only' });
    expect(authorizeAction(openSigning, official('kemendes-pdtt', 'ADMIN'), parties)).toEqual({ allowed: false, reason: 'read-only' });
    expect(authorizeAction(openSigning, official('kemendes-pdtt', 'AUDITOR', 'COORDINATOR'), parties)).toEqual({
      allowed: false,
      reason: 'read-only',
    });
    expect(authorizeAction({ roles: ['ADMIN'], party: 'any' }, official('kemendes-pdtt', 'ADMIN'), parties)).toEqual({
      allowed: false,
      reason: 'read-only',
    });
    expect(authorizeAction(openSigning, official('kemendes-pdtt', 'ADMIN', 'COORDINATOR'), parties)).toEqual({
      allowed: true,
      party: 'kemendes-pdtt',
    });
  });
});

describe('read access', () => {
  it('lets auditors and admins read every agreement, officials only their agency’s', () => {
    expect(canReadAgreement(official('bpk', 'AUDITOR'), parties)).toBe(true);
    expect(canReadAgreement(official('kominfo', 'ADMIN'), parties)).toBe(true);
    expect(canReadAgreement(official('kab-barito-kuala', 'IMPLEMENTER'), parties)).toBe(true);
    expect(canReadAgreement(official('kab-banjar', 'COORDINATOR'), parties)).toBe(false);
  });
});
