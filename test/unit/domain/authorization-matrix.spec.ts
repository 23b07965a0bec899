import { ROLES, type Role } from '../../../src/domain/access/roles';
import type { AgreementActionCommand } from '../../../src/domain/agreements/agreement-commands';
import { decide } from '../../../src/domain/agreements/agreement-decider';
import type { AgreementEvent } from '../../../src/domain/agreements/agreement-events';
import { AccessDeniedError, AgreementNotFoundError } from '../../../src/domain/errors';
import { AGREEMENT_ACTIONS_V1 } from '../../../src/domain/workflows/v1/agreement-actions.v1';
import {
  AMENDMENT_HASH,
  BARITO_KUALA,
  cleared,
  DRAFT_HASH,
  KEMENDES,
  LOCATIONS,
  official,
  OUTSIDER,
  PATH,
  TERM,
} from '../../support/domain/agreement-fixtures';
import { replay } from '../../support/domain/decider-specification';

/**
 * Who may take each action of workflow version 1, written out by hand: a change of who may do what
 * must change this table, whatever the policy table in the code says.
 *
 *   +  allowed: the decision succeeds and records exactly the events of the scenario below
 *   -  forbidden: AccessDeniedError (wrong role; auditors and admins never change anything)
 *   ?  not found: AgreementNotFoundError (the agreement's existence does not leak to non-parties)
 *
 * `of`: the actor belongs to the first party (Kemendes PDTT), the second party (Pemkab Barito
 * Kuala), or an agency that is no party (Pemkab Banjar). Each actor holds the one role of its column.
 */
const MATRIX = `
  action                    of    DRAFTER  COORDINATOR  REVIEWER  LEGAL_REVIEWER  SIGNATORY  RECORDS_OFFICER  IMPLEMENTER  AUDITOR  ADMIN
  attach-document           1st      +          +           -            -            -             -              -          -       -
  attach-document           2nd      +          +           -            -            -             -              -          -       -
  attach-document           non      ?          ?           ?            ?            ?             ?              ?          -       -
  submit-for-review         1st      +          +           -            -            -             -              -          -       -
  submit-for-review         2nd      +          +           -            -            -             -              -          -       -
  submit-for-review         non      ?          ?           ?            ?            ?             ?              ?          -       -
  approve-review            1st      -          -           +            +            -             -              -          -       -
  approve-review            2nd      -          -           +            +            -             -              -          -       -
  approve-review            non      ?          ?           ?            ?            ?             ?              ?          -       -
  request-changes           1st      -          -           +            +            -             -              -          -       -
  request-changes           2nd      -          -           +            +            -             -              -          -       -
  request-changes           non      ?          ?           ?            ?            ?             ?              ?          -       -
  open-signing              1st      -          +           -            -            -             -              -          -       -
  open-signing              2nd      -          +           -            -            -             -              -          -       -
  open-signing              non      ?          ?           ?            ?            ?             ?              ?          -       -
  sign                      1st      -          -           -            -            +             -              -          -       -
  sign                      2nd      -          -           -            -            +             -              -          -       -
  sign                      non      ?          ?           ?            ?            ?             ?              ?          -       -
  activate                  1st      -          +           -            -            -             -              -          -       -
  activate                  2nd      -          +           -            -            -             -              -          -       -
  activate                  non      ?          ?           ?            ?            ?             ?              ?          -       -
  assign-registry-number    1st      -          -           -            -            -             +              -          -       -
  assign-registry-number    2nd      -          -           -            -            -             +              -          -       -
  assign-registry-number    non      ?          ?           ?            ?            ?             ?              ?          -       -
  propose-locations         1st      -          +           -            -            -             -              +          -       -
  propose-locations         2nd      -          +           -            -            -             -              +          -       -
  propose-locations         non      ?          ?           ?            ?            ?             ?              ?          -       -
  confirm-locations         1st      -          +           -            -            -             -              -          -       -
  confirm-locations         2nd      -          +           -            -            -             -              -          -       -
  confirm-locations         non      ?          ?           ?            ?            ?             ?              ?          -       -
  propose-amendment         1st      -          +           -            -            -             -              -          -       -
  propose-amendment         2nd      -          +           -            -            -             -              -          -       -
  propose-amendment         non      ?          ?           ?            ?            ?             ?              ?          -       -
  renew                     1st      -          +           -            -            -             -              -          -       -
  renew                     2nd      -          +           -            -            -             -              -          -       -
  renew                     non      ?          ?           ?            ?            ?             ?              ?          -       -
  give-termination-notice   1st      -          +           -            -            +             -              -          -       -
  give-termination-notice   2nd      -          +           -            -            +             -              -          -       -
  give-termination-notice   non      ?          ?           ?            ?            ?             ?              ?          -       -
  terminate                 1st      -          +           -            -            +             -              -          -       -
  terminate                 2nd      -          +           -            -            +             -              -          -       -
  terminate                 non      ?          ?           ?            ?            ?             ?              ?          -       -
  expire                    1st      -          +           -            -            -             -              -          -       -
  expire                    2nd      -          +           -            -            -             -              -          -       -
  expire                    non      ?          ?           ?            ?            ?             ?              ?          -       -
  remind                    1st      -          -           -            -            -             -              -          -       -
  remind                    2nd      -          -           -            -            -             -              -          -       -
  remind                    non      ?          ?           ?            ?            ?             ?              ?          -       -
  escalate                  1st      -          -           -            -            -             -              -          -       -
  escalate                  2nd      -          -           -            -            -             -              -          -       -
  escalate                  non      ?          ?           ?            ?            ?             ?              ?          -       -
  withdraw                  1st      +          +           -            -            -             -              -          -       -
  withdraw                  2nd      +          +           -            -            -             -              -          -       -
  withdraw                  non      ?          ?           ?            ?            ?             ?              ?          -       -
  archive                   1st      -          -           -            -            -             +              -          -       -
  archive                   2nd      -          -           -            -            -             +              -          -       -
  archive                   non      ?          ?           ?            ?            ?             ?              ?          -       -
`;

/** The actions whose events name the party they are for: always the actor's own agency. */
const OWN_PARTY_ACTIONS = ['approve-review', 'request-changes', 'sign', 'assign-registry-number', 'confirm-locations'];

const AGENCIES = { '1st': KEMENDES, '2nd': BARITO_KUALA, non: OUTSIDER } as const;
const RELATIONS = { '1st': 'the first party', '2nd': 'the second party', non: 'an agency that is no party' } as const;
type Relation = keyof typeof AGENCIES;
const OUTCOMES = { '+': 'allowed', '-': 'forbidden', '?': 'not found' } as const;

const technicallyCleared = [...PATH.inReview, cleared(KEMENDES, 'TECHNICAL'), cleared(BARITO_KUALA, 'TECHNICAL')];

/**
 * Per action: a history in which every allowed role passes the business rules too (so an allowed
 * case cannot hide behind a rule), the command, the time, and the events the action records for
 * the party the actor belongs to.
 */
interface Scenario {
  readonly given: (role: Role) => readonly AgreementEvent[];
  readonly command: AgreementActionCommand;
  readonly now?: string;
  readonly then: (party: string, role: Role) => AgreementEvent[];
}

const SCENARIOS: Record<string, Scenario> = {
  'attach-document': {
    given: () => PATH.drafting,
    command: { type: 'AttachDocument', documentType: 'KAK', sha256: 'd'.repeat(64), name: 'kak.pdf' },
    then: () => [{ type: 'DocumentAttached', documentType: 'KAK', sha256: 'd'.repeat(64), name: 'kak.pdf' }],
  },
  'submit-for-review': {
    given: () => PATH.drafting,
    command: { type: 'SubmitForReview' },
    then: () => [{ type: 'SubmittedForReview', documentHash: DRAFT_HASH }],
  },
  'approve-review': {
    // Each reviewer where its own tier is next: technical review first, then legal clearance.
    given: (role) => (role === 'LEGAL_REVIEWER' ? technicallyCleared : PATH.inReview),
    command: { type: 'ApproveReview', documentHash: DRAFT_HASH },
    then: (party, role) => [cleared(party, role === 'LEGAL_REVIEWER' ? 'LEGAL' : 'TECHNICAL')],
  },
  'request-changes': {
    given: () => PATH.inReview,
    command: { type: 'RequestChanges', reason: 'Pasal 3 perlu diperjelas' },
    then: (party) => [{ type: 'ChangesRequested', agencyId: party, reason: 'Pasal 3 perlu diperjelas' }],
  },
  'open-signing': {
    given: () => PATH.readyToSign,
    command: { type: 'OpenSigning' },
    then: () => [{ type: 'SigningOpened' }],
  },
  sign: {
    given: () => PATH.signing,
    command: { type: 'SignAgreement', documentHash: DRAFT_HASH, signatoryName: 'Penandatangan' },
    then: (party) => [
      { type: 'PartySigned', agencyId: party, documentHash: DRAFT_HASH, signatoryName: 'Penandatangan', capacity: 'ORIGINAL' },
    ],
  },
  activate: {
    given: () => PATH.executed,
    command: { type: 'ActivateAgreement', effectiveDate: '2020-03-10' },
    then: () => [{ type: 'Activated', effectiveDate: '2020-03-10' }],
  },
  'assign-registry-number': {
    given: () => PATH.active,
    command: { type: 'AssignRegistryNumber', number: '1/2020', date: '2020-03-10' },
    then: (party) => [{ type: 'RegistryNumberAssigned', agencyId: party, number: '1/2020', date: '2020-03-10' }],
  },
  'propose-locations': {
    given: () => PATH.active,
    command: { type: 'ProposeLocations', locations: LOCATIONS },
    then: () => [{ type: 'LocationsProposed', locations: LOCATIONS }],
  },
  'confirm-locations': {
    given: () => [...PATH.active, { type: 'LocationsProposed', locations: LOCATIONS }],
    command: { type: 'ConfirmLocations' },
    then: (party) => [{ type: 'LocationsConfirmed', agencyId: party }],
  },
  'propose-amendment': {
    given: () => PATH.active,
    command: { type: 'ProposeAmendment', summary: 'Adendum', documentHash: AMENDMENT_HASH },
    then: () => [{ type: 'AmendmentProposed', summary: 'Adendum', documentHash: AMENDMENT_HASH }],
  },
  renew: {
    given: () => PATH.active,
    command: { type: 'RenewAgreement', newEndDate: '2029-12-31' },
    now: '2024-09-01T00:00:00Z',
    then: () => [{ type: 'Renewed', previousEndDate: TERM.endDate, newEndDate: '2029-12-31' }],
  },
  'give-termination-notice': {
    given: () => PATH.active,
    command: { type: 'GiveTerminationNotice', reason: 'Selesai', effectiveDate: '2023-01-01' },
    then: () => [{ type: 'TerminationNoticeGiven', reason: 'Selesai', effectiveDate: '2023-01-01' }],
  },
  terminate: {
    given: () => PATH.terminating,
    command: { type: 'TerminateAgreement' },
    now: '2023-02-01T00:00:00Z',
    then: () => [{ type: 'Terminated' }],
  },
  expire: {
    given: () => PATH.active,
    command: { type: 'ExpireAgreement' },
    now: '2025-01-02T00:00:00Z',
    then: () => [{ type: 'Expired', endDate: TERM.endDate }],
  },
  // The scheduler's alone (tested in deadlines.spec.ts): no official of any role may send a reminder.
  remind: {
    given: () => PATH.active,
    command: { type: 'RemindOfDeadline', deadline: 'expiry', dueDate: '2025-01-01' },
    now: '2024-12-01T00:00:00Z',
    then: () => [{ type: 'DeadlineApproaching', deadline: 'expiry', dueDate: '2025-01-01', daysLeft: 31 }],
  },
  escalate: {
    given: () => PATH.inReview,
    command: { type: 'EscalateOverdueStep', step: 'review', since: '2020-05-01' },
    then: () => [{ type: 'StepOverdue', step: 'review', since: '2020-05-01', daysWaiting: 31 }],
  },
  withdraw: {
    given: () => PATH.drafting,
    command: { type: 'WithdrawDraft', reason: 'Batal' },
    then: () => [{ type: 'DraftWithdrawn', reason: 'Batal' }],
  },
  archive: {
    given: () => PATH.expired,
    command: { type: 'ArchiveAgreement' },
    then: () => [{ type: 'Archived' }],
  },
};

const [header, ...lines] = MATRIX.trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/));
const columns = header.slice(2) as Role[];
const rows = lines.flatMap(([action, relation, ...cells]) =>
  cells.map(
    (cell, column) =>
      [action, columns[column], RELATIONS[relation as Relation], OUTCOMES[cell as keyof typeof OUTCOMES], relation as Relation] as const,
  ),
);

describe('the authorization matrix of workflow version 1 (every action × role × party relation)', () => {
  it('has a column for every role, and a row per party relation for every action, each with a scenario', () => {
    expect(columns).toEqual([...ROLES]);
    const malformed = lines.filter(([, , ...cells]) => cells.length !== ROLES.length || cells.some((cell) => !(cell in OUTCOMES)));
    expect(malformed.map((line) => line.join(' '))).toEqual([]);
    const actions = AGREEMENT_ACTIONS_V1.map((action) => action.name).sort();
    expect(lines.map(([action, relation]) => `${action} ${relation}`).sort()).toEqual(
      actions.flatMap((action) => Object.keys(AGENCIES).map((relation) => `${action} ${relation}`)).sort(),
    );
    expect(Object.keys(SCENARIOS).sort()).toEqual(actions);
  });

  it.each(rows)('%s by %s of %s: %s', (actionName, role, _relationName, outcome, relation) => {
    const scenario = SCENARIOS[actionName];
    const agencyId = AGENCIES[relation];
    const act = () =>
      decide(scenario.command, replay(scenario.given(role)), official(agencyId, role), {
        now: new Date(scenario.now ?? '2020-06-01T00:00:00Z'),
      });

    if (outcome === 'allowed') expect(act()).toEqual(scenario.then(agencyId, role));
    else expect(act).toThrow(outcome === 'forbidden' ? AccessDeniedError : AgreementNotFoundError);
  });

  it("declares as acting for the actor's own party exactly the actions whose events name a party", () => {
    // The decider always acts for the actor's agency (the allowed rows above check the events);
    // the declared `party` tells the audit verifier which stored events must name the actor's agency.
    expect(AGREEMENT_ACTIONS_V1.filter((action) => action.policy.party === 'own').map((action) => action.name)).toEqual(OWN_PARTY_ACTIONS);
  });
});
