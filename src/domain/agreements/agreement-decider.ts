import { initialTransition } from 'xstate';
import type { Actor } from '../access/actor';
import { authorizeAction } from '../access/policy';
import { AccessDeniedError, ActionNotAllowedError, AgreementNotFoundError, BusinessRuleViolationError, CorruptStreamError, InvalidTextError } from '../errors';
import { checkText, TEXT_RULES } from '../text/text-rules';
import { applyEvent } from '../workflows/apply-event';
import type { ActionDefinition, AgreementSnapshot, WorkflowDefinition } from '../workflows/workflow-definition';
import type { AgreementActionCommand, DraftAgreement } from './agreement-commands';
import { allPartiesCleared, allPartiesConfirmedLocations, allPartiesSigned, nextTier, progressOf, type AgreementContext } from './agreement-context';
import type { AgreementEvent, AgreementEventType, AgreementKind, Location, ReviewTier, Term } from './agreement-events';
import { addDays, calendarDate, isCalendarDate } from './calendar';

/** The top-level lifecycle states every read and response names. */
export const LIFECYCLE_STATES = [
  'drafting',
  'inReview',
  'readyToSign',
  'signing',
  'executed',
  'active',
  'amending',
  'terminating',
  'terminated',
  'expired',
  'withdrawn',
  'archived',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number] | 'new';

/** An agreement as the decider sees it: the workflow it is pinned to and the machine's snapshot. */
export interface AgreementState {
  readonly workflow: WorkflowDefinition;
  readonly snapshot: AgreementSnapshot;
}

/** Another agreement a decision depends on: the parent MoU of a PKS. */
export interface ParentAgreement {
  readonly id: string;
  readonly kind: AgreementKind;
  readonly state: LifecycleState;
  readonly term: Term;
  /**
   * Whether the acting official may read the parent (`canReadAgreement`). A refusal about a parent
   * they may not read says only what it says of a parent that does not exist: nothing of its kind,
   * state or term.
   */
  readonly visibleToActor: boolean;
}

/** What a decision needs besides the command, the state and the actor. */
export interface DecisionContext {
  /** The time the command was accepted; copied into the events' envelope by the caller. */
  readonly now: Date;
  /** The parent named by the agreement (`null`: named but not found; `undefined`: none named). */
  readonly parent?: ParentAgreement | null;
}

const DEFAULT_NOTICE_PERIOD_DAYS = 90;

const initialSnapshots = new WeakMap<WorkflowDefinition, AgreementSnapshot>();

/**
 * The state before an agreement's first event. A machine's initial snapshot is the same every
 * time and snapshots are never changed in place (each transition makes a new one), so it is
 * computed once per workflow: every load of an agreement starts from it.
 */
export function initialState(workflow: WorkflowDefinition): AgreementState {
  let snapshot = initialSnapshots.get(workflow);
  // Stryker disable next-line ConditionalExpression: a cache; computing it every time gives the same snapshot, only slower
  if (!snapshot) {
    snapshot = initialTransition(workflow.machine)[0];
    initialSnapshots.set(workflow, snapshot);
  }
  return { workflow, snapshot };
}

/** Folds one stored event. An event the pinned machine does not accept means a corrupt stream. */
export function evolve(state: AgreementState, event: AgreementEvent): AgreementState {
  if (!state.snapshot.can(event)) {
    throw new CorruptStreamError(
      `${event.type} is not accepted by ${state.workflow.name}@${state.workflow.version} in state ${lifecycleState(state)}`,
    );
  }
  return { workflow: state.workflow, snapshot: applyEvent(state.workflow.machine, state.snapshot, event) };
}

export function lifecycleState(state: AgreementState): LifecycleState {
  const { value } = state.snapshot;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as LifecycleState;
}

/** The full state value, e.g. `{ amending: 'signing' }`, for detailed views. */
export function detailedState(state: AgreementState): string {
  const { value } = state.snapshot;
  return typeof value === 'string' ? value : Object.entries(value).map(([k, v]) => `${k}.${String(v)}`).join(',');
}

/** Event types the current state has transitions for (guards aside). */
export function acceptedEventTypes(state: AgreementState): ReadonlySet<AgreementEventType> {
  // `_nodes` are the active state nodes of the snapshot; `ownEvents` their own transitions' events.
  return new Set(state.snapshot._nodes.flatMap((node) => node.ownEvents as AgreementEventType[]));
}

export function offeredActions(state: AgreementState): ActionDefinition[] {
  const accepted = acceptedEventTypes(state);
  return state.workflow.actions.filter((action) => accepted.has(action.produces));
}

/** Actions the actor could take now: offered by the state and allowed by the policy. */
export function availableActions(state: AgreementState, actor: Actor): ActionDefinition[] {
  const { context } = state.snapshot;
  const parties = context.parties.map((party) => party.agencyId);
  return offeredActions(state).filter((action) => {
    const decision = authorizeAction(action.policy, actor, parties);
    return decision.allowed && (action.offeredTo?.(context, decision.party, actor.roles) ?? true);
  });
}

function rule(condition: boolean, name: string, message: string): asserts condition {
  if (!condition) throw new BusinessRuleViolationError(name, message);
}

function checkTerm(term: { startDate: string; endDate: string; noticePeriodDays?: number }): Term {
  rule(isCalendarDate(term.startDate) && isCalendarDate(term.endDate), 'term-dates', 'Term dates must be real dates (YYYY-MM-DD)');
  rule(term.startDate < term.endDate, 'term-order', 'The term must end after it starts');
  const noticePeriodDays = term.noticePeriodDays ?? DEFAULT_NOTICE_PERIOD_DAYS;
  rule(
    Number.isInteger(noticePeriodDays) && noticePeriodDays >= 0 && addDays(term.startDate, noticePeriodDays) <= term.endDate,
    'notice-period',
    'The notice period must be a whole number of days that fits in the term',
  );
  return { startDate: term.startDate, endDate: term.endDate, noticePeriodDays };
}

/**
 * The parent a decision names must be known to the decider, and each rule about it holds. A
 * parent the actor may not read fails every rule as a parent that does not exist does, with the
 * same rule and words, so that a refusal reveals neither its existence nor its kind, state or term.
 */
function knownParent(parentId: string, context: DecisionContext): ParentAgreement {
  const { parent } = context;
  rule(!!parent, 'parent-exists', parentNotFound(parentId));
  return parent;
}

function parentRule(parentId: string, parent: ParentAgreement, condition: boolean, name: string, message: string): void {
  if (condition) return;
  if (!parent.visibleToActor) throw new BusinessRuleViolationError('parent-exists', parentNotFound(parentId));
  throw new BusinessRuleViolationError(name, message);
}

function parentNotFound(parentId: string): string {
  return `The parent agreement ${parentId} does not exist or your agency cannot see it`;
}

/** A PKS implementing an MoU: the parent must be an MoU whose term contains the child's. */
function checkParent(workflow: WorkflowDefinition, parentId: string | undefined, term: Term, context: DecisionContext): void {
  if (parentId === undefined) return;
  rule(workflow.kind === 'PERJANJIAN_KERJA_SAMA', 'parent-kind', 'Only a PKS implements a parent agreement');
  const parent = knownParent(parentId, context);
  parentRule(parentId, parent, parent.kind === 'NOTA_KESEPAHAMAN', 'parent-kind', 'The parent of a PKS must be a Nota Kesepahaman');
  parentRule(
    parentId,
    parent,
    parent.term.startDate <= term.startDate && term.endDate <= parent.term.endDate,
    'parent-term',
    `The term must lie inside the parent's term (${parent.term.startDate} to ${parent.term.endDate})`,
  );
}

function checkParentInForce(ctx: AgreementContext, context: DecisionContext, what: string): void {
  if (ctx.parentId === undefined) return;
  const parent = knownParent(ctx.parentId, context);
  parentRule(ctx.parentId, parent, parent.state === 'active' || parent.state === 'amending', 'parent-in-force', `A PKS cannot be ${what} before its parent MoU is active`);
  parentRule(
    ctx.parentId,
    parent,
    ctx.term !== undefined && ctx.term.endDate <= parent.term.endDate,
    'parent-term',
    `The term must lie inside the parent's term (${parent.term.startDate} to ${parent.term.endDate})`,
  );
}

/** Drafting a new agreement on `workflow`: the first event of its stream. */
export function decideDraft(command: DraftAgreement, workflow: WorkflowDefinition, actor: Actor, context: DecisionContext): AgreementEvent[] {
  checkActorText(actor);
  checkDraftText(command);
  const agencies = command.parties.map((party) => party.agencyId);
  const decision = authorizeAction(workflow.draftPolicy, actor, agencies);
  if (!decision.allowed) {
    throw new AccessDeniedError(
      decision.reason === 'not-a-party' ? "The drafter's agency must be one of the parties" : `Drafting needs one of ${workflow.draftPolicy.roles.join(', ')}`,
    );
  }
  rule(command.kind === workflow.kind, 'kind', `Workflow ${workflow.name} drafts ${workflow.kind}`);
  rule(new Set(agencies).size === agencies.length, 'distinct-parties', 'Each agency can be a party only once');
  const roles = command.parties.map((party) => party.role);
  rule(new Set(roles).size === roles.length, 'distinct-party-roles', 'Each party role (PIHAK_KESATU, ...) can be held only once');
  const term = checkTerm(command.term);
  checkParent(workflow, command.parentId, term, context);
  return [
    {
      type: 'AgreementDrafted',
      agreementId: command.agreementId,
      kind: command.kind,
      title: command.title,
      ...(command.purpose === undefined ? {} : { purpose: command.purpose }),
      ...(command.parentId === undefined ? {} : { parentId: command.parentId }),
      parties: command.parties.map(({ agencyId, name, role }) => ({ agencyId, name, role })),
      term,
    },
  ];
}

/** A decision: the events a command produces and the agreement once they are applied. */
export interface Decision {
  readonly events: AgreementEvent[];
  readonly next: AgreementState;
}

/**
 * Turns a command on an existing agreement into the events it produces, or refuses it with a
 * typed error: not found (the actor's agency is no party), access denied (role, other party,
 * read-only), not allowed in this state, or a business rule. Every candidate event is then checked
 * against the pinned machine in turn, so a decision can never produce a stream replay would reject.
 */
export function decide(command: AgreementActionCommand, state: AgreementState, actor: Actor, context: DecisionContext): AgreementEvent[] {
  return decideAndApply(command, state, actor, context).events;
}

/** {@link decide}, also returning the state after the events (so the caller need not fold them again). */
export function decideAndApply(command: AgreementActionCommand, state: AgreementState, actor: Actor, context: DecisionContext): Decision {
  const { workflow } = state;
  const ctx = state.snapshot.context;
  const action = workflow.actions.find((candidate) => candidate.command === command.type);
  if (!action) throw new ActionNotAllowedError(command.type, lifecycleState(state));
  const decision = authorizeAction(action.policy, actor, ctx.parties.map((party) => party.agencyId));
  if (!decision.allowed) {
    if (decision.reason === 'not-a-party') throw new AgreementNotFoundError(ctx.agreementId);
    throw new AccessDeniedError(
      decision.reason === 'read-only'
        ? 'Auditors and administrators cannot change agreements'
        : `${action.name} needs one of ${action.policy.roles.join(', ')} of a party agency`,
    );
  }
  if (!acceptedEventTypes(state).has(action.produces)) throw new ActionNotAllowedError(action.name, lifecycleState(state));
  const events = eventsFor(command, ctx, decision.party, actor, context);
  let next = state;
  for (const event of events) {
    if (!next.snapshot.can(event)) throw new ActionNotAllowedError(action.name, lifecycleState(state));
    next = { workflow, snapshot: applyEvent(workflow.machine, next.snapshot, event) };
  }
  return { events, next };
}

function eventsFor(
  command: AgreementActionCommand,
  ctx: AgreementContext,
  party: string,
  actor: Actor,
  context: DecisionContext,
): AgreementEvent[] {
  checkActorText(actor);
  const today = calendarDate(context.now);
  switch (command.type) {
    case 'AttachDocument':
      return [
        {
          type: 'DocumentAttached',
          documentType: checkText('documentType', command.documentType, TEXT_RULES.identifier),
          sha256: checkText('sha256', command.sha256, TEXT_RULES.identifier).toLowerCase(),
          name: checkText('name', command.name, TEXT_RULES.documentName),
        },
      ];

    case 'SubmitForReview':
      rule(ctx.parties.length >= 2, 'two-parties', 'An agreement needs at least two parties before review');
      rule(ctx.draftHash !== undefined, 'draft-document', 'Attach a DRAFT document before submitting for review');
      checkParentInForce(ctx, context, 'submitted for review');
      return [{ type: 'SubmittedForReview', documentHash: ctx.draftHash }];

    case 'ApproveReview': {
      rule(command.documentHash.toLowerCase() === ctx.draftHash, 'document-hash', 'The clearance must name the document under review');
      const tier = nextTier(ctx, party);
      rule(tier !== undefined, 'already-cleared', 'Your agency has already cleared this document');
      const canDo: Record<ReviewTier, boolean> = { TECHNICAL: actor.roles.includes('REVIEWER'), LEGAL: actor.roles.includes('LEGAL_REVIEWER') };
      if (!canDo[tier]) {
        if (tier === 'TECHNICAL') throw new BusinessRuleViolationError('tier-order', 'Technical review comes before legal clearance');
        throw new AccessDeniedError('Legal clearance needs a LEGAL_REVIEWER of your agency');
      }
      const approved: AgreementEvent = { type: 'ReviewApproved', agencyId: party, tier, documentHash: ctx.draftHash! };
      const after = { ...ctx, progress: { ...ctx.progress, [party]: { ...progressOf(ctx, party), cleared: [...progressOf(ctx, party).cleared, tier] } } };
      return allPartiesCleared(after) ? [approved, { type: 'ClearedForSigning', documentHash: ctx.draftHash! }] : [approved];
    }

    case 'RequestChanges':
      return [{ type: 'ChangesRequested', agencyId: party, reason: checkText('reason', command.reason, TEXT_RULES.reason) }];

    case 'OpenSigning':
      checkParentInForce(ctx, context, 'signed');
      return [{ type: 'SigningOpened' }];

    case 'SignAgreement': {
      checkText('signatoryName', command.signatoryName, TEXT_RULES.signatoryName);
      if (command.capacity !== undefined) checkText('capacity', command.capacity, TEXT_RULES.identifier);
      if (command.delegationRef !== undefined) checkText('delegationRef', command.delegationRef, TEXT_RULES.delegationRef);
      rule(command.documentHash.toLowerCase() === ctx.clearedHash, 'document-hash', 'The signature must cover the document every party cleared');
      rule(progressOf(ctx, party).signature === undefined, 'already-signed', 'Your agency has already signed');
      const capacity = command.capacity ?? 'ORIGINAL';
      rule(capacity === 'ORIGINAL' || !!command.delegationRef, 'delegation', 'Signing on behalf or under delegation needs a delegation reference');
      checkParentInForce(ctx, context, 'signed');
      const signed: AgreementEvent = {
        type: 'PartySigned',
        agencyId: party,
        documentHash: ctx.clearedHash!,
        signatoryName: command.signatoryName,
        capacity,
        ...(command.delegationRef === undefined ? {} : { delegationRef: command.delegationRef }),
      };
      const after = { ...ctx, progress: { ...ctx.progress, [party]: { ...progressOf(ctx, party), signature: { documentHash: ctx.clearedHash!, signatoryName: command.signatoryName, capacity } } } };
      return allPartiesSigned(after)
        ? [signed, { type: 'AgreementExecuted', documentHash: ctx.clearedHash!, version: ctx.version + 1 }]
        : [signed];
    }

    case 'ActivateAgreement':
      rule(isCalendarDate(command.effectiveDate), 'date', 'The effective date must be a real date (YYYY-MM-DD)');
      rule(
        ctx.term !== undefined && command.effectiveDate <= ctx.term.endDate,
        'effective-date',
        'The effective date must fall before the end of the term',
      );
      return [{ type: 'Activated', effectiveDate: command.effectiveDate }];

    case 'AssignRegistryNumber':
      checkText('number', command.number, TEXT_RULES.registryNumber);
      rule(isCalendarDate(command.date), 'date', 'The registry date must be a real date (YYYY-MM-DD)');
      rule(progressOf(ctx, party).registry === undefined, 'registry-number', 'Your agency has already numbered this agreement');
      return [{ type: 'RegistryNumberAssigned', agencyId: party, number: command.number, date: command.date }];

    case 'ProposeLocations':
      rule(ctx.fixedLocations === undefined, 'locations-fixed', 'The locations are already fixed by all parties');
      rule(command.locations.length > 0, 'locations', 'Propose at least one location');
      checkLocationsText(command.locations);
      return [{ type: 'LocationsProposed', locations: command.locations }];

    case 'ConfirmLocations': {
      rule(ctx.proposedLocations !== undefined && ctx.fixedLocations === undefined, 'locations-proposed', 'There is no proposal of locations to confirm');
      rule(!progressOf(ctx, party).locationsConfirmed, 'already-confirmed', 'Your agency has already confirmed these locations');
      const confirmed: AgreementEvent = { type: 'LocationsConfirmed', agencyId: party };
      const after = { ...ctx, progress: { ...ctx.progress, [party]: { ...progressOf(ctx, party), locationsConfirmed: true } } };
      return allPartiesConfirmedLocations(after) ? [confirmed, { type: 'LocationsFixed', locations: ctx.proposedLocations! }] : [confirmed];
    }

    case 'ProposeAmendment':
      checkText('summary', command.summary, TEXT_RULES.summary);
      checkText('documentHash', command.documentHash, TEXT_RULES.identifier);
      rule(command.documentHash.toLowerCase() !== ctx.executedHash, 'amendment-document', 'The amendment must change the executed document');
      return [{ type: 'AmendmentProposed', summary: command.summary, documentHash: command.documentHash.toLowerCase() }];

    case 'RenewAgreement': {
      const term = ctx.term!;
      rule(isCalendarDate(command.newEndDate), 'date', 'The new end date must be a real date (YYYY-MM-DD)');
      rule(command.newEndDate > term.endDate, 'renewal-extends', 'Renewal must move the end date later');
      const deadline = addDays(term.endDate, -term.noticePeriodDays);
      rule(today <= deadline, 'renewal-deadline', `Renewal had to be proposed by ${deadline} (notice period of ${term.noticePeriodDays} days)`);
      if (ctx.parentId !== undefined) {
        const parent = knownParent(ctx.parentId, context);
        parentRule(ctx.parentId, parent, command.newEndDate <= parent.term.endDate, 'parent-term', 'A PKS may not outlive its parent MoU: renew the parent first');
      }
      return [{ type: 'Renewed', previousEndDate: term.endDate, newEndDate: command.newEndDate }];
    }

    case 'GiveTerminationNotice':
      checkText('reason', command.reason, TEXT_RULES.reason);
      rule(isCalendarDate(command.effectiveDate), 'date', 'The termination date must be a real date (YYYY-MM-DD)');
      rule(command.effectiveDate >= today, 'termination-date', 'Termination cannot take effect in the past');
      return [{ type: 'TerminationNoticeGiven', reason: command.reason, effectiveDate: command.effectiveDate }];

    case 'TerminateAgreement':
      rule(
        ctx.termination !== undefined && today >= ctx.termination.effectiveDate,
        'termination-date',
        `The termination takes effect on ${ctx.termination?.effectiveDate ?? 'its notice date'}`,
      );
      return [{ type: 'Terminated' }];

    case 'ExpireAgreement':
      rule(ctx.term !== undefined && today > ctx.term.endDate, 'not-expired', `The agreement runs until ${ctx.term?.endDate}`);
      return [{ type: 'Expired', endDate: ctx.term!.endDate }];

    case 'WithdrawDraft':
      return [{ type: 'DraftWithdrawn', reason: checkText('reason', command.reason, TEXT_RULES.reason) }];

    case 'ArchiveAgreement':
      return [{ type: 'Archived' }];

    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The text rules on every string a draft copies into its event. The API has checked them already
 * (after normalising to NFC); here they hold for every other caller too.
 */
function checkDraftText(command: DraftAgreement): void {
  checkText('kind', command.kind, TEXT_RULES.identifier);
  checkText('title', command.title, TEXT_RULES.title);
  if (command.purpose !== undefined) checkText('purpose', command.purpose, TEXT_RULES.purpose);
  if (command.parentId !== undefined) checkText('parentId', command.parentId, TEXT_RULES.identifier);
  command.parties.forEach((party, index) => {
    checkText(`parties.${index}.agencyId`, party.agencyId, TEXT_RULES.agencyId);
    checkText(`parties.${index}.name`, party.name, TEXT_RULES.partyName);
    checkText(`parties.${index}.role`, party.role, TEXT_RULES.identifier);
  });
}

function checkLocationsText(locations: readonly Location[]): void {
  locations.forEach((location, index) => {
    checkText(`locations.${index}.province`, location.province, TEXT_RULES.place);
    checkText(`locations.${index}.regency`, location.regency, TEXT_RULES.place);
    checkText(`locations.${index}.district`, location.district, TEXT_RULES.place);
    if (location.villages !== undefined) {
      const villages = `locations.${index}.villages`;
      if (!Array.isArray(location.villages)) throw new InvalidTextError(villages, `${villages} must be a list of texts`);
      location.villages.forEach((village, v) => checkText(`${villages}.${v}`, village, TEXT_RULES.place));
    }
    if (location.area !== undefined) checkText(`locations.${index}.area`, location.area, TEXT_RULES.place);
  });
}

/**
 * The actor goes into every event's envelope: its id, name and agency obey the text rules too.
 * Tokens are checked (and display names cleaned) when verified; this holds for every other caller.
 */
function checkActorText(actor: Actor): void {
  checkText('actor.id', actor.id, TEXT_RULES.actorId);
  checkText('actor.name', actor.name, TEXT_RULES.actorName);
  checkText('actor.agencyId', actor.agencyId, TEXT_RULES.agencyId);
  if (actor.onBehalfOf !== undefined) checkText('actor.onBehalfOf', actor.onBehalfOf, TEXT_RULES.actorName);
}
