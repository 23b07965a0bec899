import { acceptedEventTypes, lifecycleState, offeredActions } from '../../../src/domain/agreements/agreement-decider';
import { NOTA_KESEPAHAMAN_V1, NOTA_KESEPAHAMAN_V2, PERJANJIAN_KERJA_SAMA_V2 } from '../../../src/domain/workflows/workflow-registry';
import { PATH } from '../../support/domain/agreement-fixtures';
import { replay } from '../../support/domain/decider-specification';

type Table = Record<string, { events: string[]; actions: string[] }>;

/**
 * Pins which events each state of version 1 accepts and which actions it offers. A change here is
 * a change of the workflow's behaviour: make it in a new workflow version, not in v1. (The one
 * action v1 gained, `migrate-workflow`, is no transition of its machine: it moves a working
 * agreement to version 2.)
 */
const V1: Table = {
  drafting: {
    events: ['DocumentAttached', 'SubmittedForReview', 'DraftWithdrawn'],
    actions: ['attach-document', 'submit-for-review', 'withdraw', 'migrate-workflow'],
  },
  inReview: {
    events: ['ReviewApproved', 'ClearedForSigning', 'ChangesRequested', 'StepOverdue'],
    actions: ['approve-review', 'request-changes', 'escalate', 'migrate-workflow'],
  },
  readyToSign: { events: ['SigningOpened'], actions: ['open-signing', 'migrate-workflow'] },
  signing: { events: ['PartySigned', 'AgreementExecuted', 'StepOverdue'], actions: ['sign', 'escalate', 'migrate-workflow'] },
  executed: { events: ['Activated', 'RegistryNumberAssigned'], actions: ['activate', 'assign-registry-number', 'migrate-workflow'] },
  active: {
    events: [
      'RegistryNumberAssigned',
      'LocationsProposed',
      'LocationsConfirmed',
      'LocationsFixed',
      'AmendmentProposed',
      'Renewed',
      'TerminationNoticeGiven',
      'Expired',
      'DeadlineApproaching',
    ],
    actions: [
      'assign-registry-number',
      'propose-locations',
      'confirm-locations',
      'propose-amendment',
      'renew',
      'give-termination-notice',
      'expire',
      'remind',
      'migrate-workflow',
    ],
  },
  amending: {
    events: ['ReviewApproved', 'ClearedForSigning', 'ChangesRequested', 'StepOverdue'],
    actions: ['approve-review', 'request-changes', 'escalate', 'migrate-workflow'],
  },
  terminating: { events: ['Terminated'], actions: ['terminate', 'migrate-workflow'] },
  terminated: { events: ['Archived'], actions: ['archive'] },
  expired: { events: ['Archived'], actions: ['archive'] },
  withdrawn: { events: ['Archived'], actions: ['archive'] },
  archived: { events: [], actions: [] },
};

const without = (list: string[], item: string) => list.filter((entry) => entry !== item);
const add = (row: { events: string[]; actions: string[] }, events: string[], actions: string[]) => ({
  events: [...row.events, ...events],
  actions: [...without(row.actions, 'migrate-workflow'), ...actions],
});

/** Version 2: version 1's table, DPRD decisions before signing, reports while in force, and nowhere further to migrate. */
const V2: Table = Object.fromEntries(
  Object.entries(V1).map(([state, row]) => {
    if (['drafting', 'inReview', 'readyToSign'].includes(state))
      return [state, add(row, ['DprdApprovalRecorded'], ['record-dprd-approval'])];
    if (['active', 'amending'].includes(state)) return [state, add(row, ['ImplementationReportFiled'], ['file-report'])];
    return [state, add(row, [], [])];
  }),
);

describe.each([
  ['version 1', NOTA_KESEPAHAMAN_V1, V1],
  ['version 2 (MoU)', NOTA_KESEPAHAMAN_V2, V2],
  ['version 2 (PKS)', PERJANJIAN_KERJA_SAMA_V2, V2],
])('the transition table of workflow %s', (_name, workflow, table) => {
  it.each(Object.entries(table))('%s accepts exactly its events and offers exactly its actions', (state, expected) => {
    const agreement = replay(PATH[state], workflow);

    expect(lifecycleState(agreement)).toBe(state);
    expect([...acceptedEventTypes(agreement)].sort()).toEqual([...expected.events].sort());
    expect(
      offeredActions(agreement)
        .map((action) => action.name)
        .sort(),
    ).toEqual([...expected.actions].sort());
  });
});
