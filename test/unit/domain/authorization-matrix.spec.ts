import { ROLES, type Role } from '../../../src/domain/access/roles';
import type { AgreementActionCommand } from '../../../src/domain/agreements/agreement-commands';
import { decide } from '../../../src/domain/agreements/agreement-decider';
import { AccessDeniedError, AgreementNotFoundError } from '../../../src/domain/errors';
import { AGREEMENT_ACTIONS_V1 } from '../../../src/domain/workflows/agreement-actions.v1';
import { AMENDMENT_HASH, BARITO_KUALA, DRAFT_HASH, KEMENDES, official, OUTSIDER, PATH } from '../../support/domain/agreement-fixtures';
import { replay } from '../../support/domain/decider-specification';

/** A state that offers each action, and a valid command for it there. */
const SCENARIOS: Record<string, { state: string; command: AgreementActionCommand; now?: string }> = {
  'attach-document': { state: 'drafting', command: { type: 'AttachDocument', documentType: 'KAK', sha256: DRAFT_HASH, name: 'kak.pdf' } },
  'submit-for-review': { state: 'drafting', command: { type: 'SubmitForReview' } },
  'approve-review': { state: 'inReview', command: { type: 'ApproveReview', documentHash: DRAFT_HASH } },
  'request-changes': { state: 'inReview', command: { type: 'RequestChanges', reason: 'Pasal 3' } },
  'open-signing': { state: 'readyToSign', command: { type: 'OpenSigning' } },
  sign: { state: 'signing', command: { type: 'SignAgreement', documentHash: DRAFT_HASH, signatoryName: 'Penandatangan' } },
  activate: { state: 'executed', command: { type: 'ActivateAgreement', effectiveDate: '2020-03-10' } },
  'assign-registry-number': { state: 'active', command: { type: 'AssignRegistryNumber', number: '1/2020', date: '2020-03-10' } },
  'propose-locations': { state: 'active', command: { type: 'ProposeLocations', locations: [{ province: 'Kalsel', regency: 'Batola', district: 'Anjir Pasar' }] } },
  'confirm-locations': { state: 'active', command: { type: 'ConfirmLocations' } },
  'propose-amendment': { state: 'active', command: { type: 'ProposeAmendment', summary: 'Adendum', documentHash: AMENDMENT_HASH } },
  renew: { state: 'active', command: { type: 'RenewAgreement', newEndDate: '2029-12-31' } },
  'give-termination-notice': { state: 'active', command: { type: 'GiveTerminationNotice', reason: 'Selesai', effectiveDate: '2023-01-01' } },
  terminate: { state: 'terminating', command: { type: 'TerminateAgreement' }, now: '2023-02-01T00:00:00Z' },
  expire: { state: 'active', command: { type: 'ExpireAgreement' }, now: '2025-01-02T00:00:00Z' },
  withdraw: { state: 'drafting', command: { type: 'WithdrawDraft', reason: 'Batal' } },
  archive: { state: 'expired', command: { type: 'ArchiveAgreement' } },
};

const AGENCIES = { 'first party': KEMENDES, 'second party': BARITO_KUALA, 'non-party': OUTSIDER } as const;

type Outcome = 'allowed' | 'forbidden' | 'not found';

function expected(roles: readonly Role[], role: Role, where: keyof typeof AGENCIES): Outcome {
  // Auditors and admins see every agreement and change none of them.
  if (role === 'AUDITOR' || role === 'ADMIN') return 'forbidden';
  if (where === 'non-party') return 'not found';
  return roles.includes(role) ? 'allowed' : 'forbidden';
}

const rows = AGREEMENT_ACTIONS_V1.flatMap((action) =>
  ROLES.flatMap((role) =>
    (Object.keys(AGENCIES) as (keyof typeof AGENCIES)[]).map((where) => [action.name, role, where, expected(action.policy.roles, role, where)] as const),
  ),
);

describe('the authorization matrix of workflow version 1 (every action × role × party relation)', () => {
  it('covers every action with a scenario', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(AGREEMENT_ACTIONS_V1.map((action) => action.name).sort());
  });

  it.each(rows)('%s by %s of the %s: %s', (actionName, role, where, outcome) => {
    const scenario = SCENARIOS[actionName]!;
    const state = replay(PATH[scenario.state]!);
    const act = () => decide(scenario.command, state, official(AGENCIES[where], role), { now: new Date(scenario.now ?? '2020-06-01T00:00:00Z') });

    if (outcome === 'allowed') {
      // Authorized: the decision may still fail a business rule of this scenario, never access.
      try {
        act();
      } catch (error) {
        expect(error).not.toBeInstanceOf(AccessDeniedError);
        expect(error).not.toBeInstanceOf(AgreementNotFoundError);
      }
    } else {
      expect(act).toThrow(outcome === 'forbidden' ? AccessDeniedError : AgreementNotFoundError);
    }
  });
});
