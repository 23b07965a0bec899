import { acceptedEventTypes, lifecycleState, offeredActions } from '../../../src/domain/agreements/agreement-decider';
import { PATH } from '../../support/domain/agreement-fixtures';
import { replay } from '../../support/domain/decider-specification';

/**
 * Pins which events each state of version 1 accepts and which actions it offers. A change here is
 * a change of the workflow's behaviour: make it in a new workflow version, not in v1.
 */
const TABLE: Record<string, { events: string[]; actions: string[] }> = {
  drafting: {
    events: ['DocumentAttached', 'SubmittedForReview', 'DraftWithdrawn'],
    actions: ['attach-document', 'submit-for-review', 'withdraw'],
  },
  inReview: {
    events: ['ReviewApproved', 'ClearedForSigning', 'ChangesRequested'],
    actions: ['approve-review', 'request-changes'],
  },
  readyToSign: { events: ['SigningOpened'], actions: ['open-signing'] },
  signing: { events: ['PartySigned', 'AgreementExecuted'], actions: ['sign'] },
  executed: { events: ['Activated', 'RegistryNumberAssigned'], actions: ['activate', 'assign-registry-number'] },
  active: {
    events: ['RegistryNumberAssigned', 'LocationsProposed', 'LocationsConfirmed', 'LocationsFixed', 'AmendmentProposed', 'Renewed', 'TerminationNoticeGiven', 'Expired'],
    actions: ['assign-registry-number', 'propose-locations', 'confirm-locations', 'propose-amendment', 'renew', 'give-termination-notice', 'expire'],
  },
  amending: { events: ['ReviewApproved', 'ClearedForSigning', 'ChangesRequested'], actions: ['approve-review', 'request-changes'] },
  terminating: { events: ['Terminated'], actions: ['terminate'] },
  terminated: { events: ['Archived'], actions: ['archive'] },
  expired: { events: ['Archived'], actions: ['archive'] },
  withdrawn: { events: ['Archived'], actions: ['archive'] },
  archived: { events: [], actions: [] },
};

describe('the transition table of workflow version 1', () => {
  it.each(Object.entries(TABLE))('%s accepts exactly its events and offers exactly its actions', (state, expected) => {
    const agreement = replay(PATH[state]!);

    expect(lifecycleState(agreement)).toBe(state);
    expect([...acceptedEventTypes(agreement)].sort()).toEqual([...expected.events].sort());
    expect(offeredActions(agreement).map((action) => action.name).sort()).toEqual([...expected.actions].sort());
  });
});
