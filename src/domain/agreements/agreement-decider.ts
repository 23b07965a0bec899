import { initialTransition } from 'xstate';
import type { Actor } from '../access/actor';
import { authorizeAction } from '../access/policy';
import { AccessDeniedError, ActionNotAllowedError, AgreementNotFoundError, CorruptStreamError } from '../errors';
import { actionsOf, migrationOf } from '../workflows/migrations';
import type { ActionDefinition, AgreementSnapshot, WorkflowDefinition } from '../workflows/workflow-definition';
import { applyEvent, eventTypesAcceptedIn, snapshotAt } from '../workflows/xstate-adapter';
import type { AgreementActionCommand, DraftAgreement } from './agreement-commands';
import type { AgreementEvent, AgreementEventType } from './agreement-events';
import { checkActorText } from './agreement-rules';
import { calendarDate } from './calendar';
import { agreementTimeZone } from './deadlines';
import type { DecisionContext } from './decision-context';
import { ENDED_STATES, type LifecycleState } from './lifecycle';

export { LIFECYCLE_STATES, type LifecycleState } from './lifecycle';
export type { DecisionContext, ParentAgreement } from './decision-context';

/** An agreement as the decider sees it: the workflow it is pinned to and the machine's snapshot. */
export interface AgreementState {
  readonly workflow: WorkflowDefinition;
  readonly snapshot: AgreementSnapshot;
}

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

/**
 * Folds one stored event. An event the pinned machine does not accept means a corrupt stream.
 * `WorkflowMigrated` is the one event no machine holds: it moves the agreement, in the same state
 * and with the same context, onto the next version, whose machine folds every later event.
 */
export function evolve(state: AgreementState, event: AgreementEvent): AgreementState {
  if (event.type === 'WorkflowMigrated') {
    const migration = migrationOf(state.workflow);
    const refusal =
      migration && migration.to.version === event.toVersion
        ? migration.refusal(state.snapshot)
        : `no migration to version ${event.toVersion}`;
    if (refusal !== undefined)
      throw new CorruptStreamError(
        `${state.workflow.name}@${state.workflow.version} cannot migrate in state ${detailedState(state)}: ${refusal}`,
      );
    const { to } = migration!;
    return { workflow: to, snapshot: snapshotAt(to.machine, state.snapshot.value, state.snapshot.context) };
  }
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
  return typeof value === 'string'
    ? value
    : Object.entries(value)
        .map(([k, v]) => `${k}.${String(v)}`)
        .join(',');
}

/** Event types the current state has transitions for (guards aside). */
export function acceptedEventTypes(state: AgreementState): ReadonlySet<AgreementEventType> {
  return eventTypesAcceptedIn(state.workflow.machine, state.snapshot.value) as Set<AgreementEventType>;
}

/** Whether the state offers the action: its machine has a transition for the action's event (or, for a migration, one is possible). */
function isOffered(state: AgreementState, action: ActionDefinition, accepted: ReadonlySet<AgreementEventType>): boolean {
  if (action.produces === 'WorkflowMigrated') return !ENDED_STATES.has(lifecycleState(state)) && lifecycleState(state) !== 'new';
  return accepted.has(action.produces);
}

export function offeredActions(state: AgreementState): ActionDefinition[] {
  const accepted = acceptedEventTypes(state);
  return actionsOf(state.workflow).filter((action) => isOffered(state, action, accepted));
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

/** Drafting a new agreement on `workflow`: the first event of its stream. */
export function decideDraft(
  command: DraftAgreement,
  workflow: WorkflowDefinition,
  actor: Actor,
  context: DecisionContext,
): AgreementEvent[] {
  return workflow.decideDraft(command, actor, context);
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

/**
 * {@link decide}, also returning the state after the events (so the caller need not fold them
 * again). The action decides its own event; the event that may follow it (cleared for signing,
 * executed, locations fixed) is added when the machine, in the state that event left, accepts it.
 */
export function decideAndApply(command: AgreementActionCommand, state: AgreementState, actor: Actor, context: DecisionContext): Decision {
  const ctx = state.snapshot.context;
  const action = actionsOf(state.workflow).find((candidate) => candidate.command === command.type);
  if (!action) throw new ActionNotAllowedError(command.type, lifecycleState(state));
  const decision = authorizeAction(
    action.policy,
    actor,
    ctx.parties.map((party) => party.agencyId),
  );
  if (!decision.allowed) {
    if (decision.reason === 'not-a-party') throw new AgreementNotFoundError(ctx.agreementId);
    throw new AccessDeniedError(
      decision.reason === 'read-only'
        ? 'Auditors and administrators cannot change agreements'
        : `${action.name} needs one of ${action.policy.roles.join(', ')} of a party agency`,
    );
  }
  if (!isOffered(state, action, acceptedEventTypes(state))) throw new ActionNotAllowedError(action.name, lifecycleState(state));
  checkActorText(actor);
  // Dates are read in the agreement's zone, the one its deadlines fall due in (see deadlines.ts).
  const today = calendarDate(context.now, agreementTimeZone(ctx, context.directory));
  const events = action.decide({
    command,
    agreement: ctx,
    party: decision.party,
    actor,
    context,
    today,
    state: lifecycleState(state),
    snapshot: state.snapshot,
  });
  let next = state;
  const fold = (event: AgreementEvent) => {
    if (event.type !== 'WorkflowMigrated' && !next.snapshot.can(event)) throw new ActionNotAllowedError(action.name, lifecycleState(state));
    next = evolve(next, event);
  };
  events.forEach(fold);
  const following = action.follows?.(next.snapshot.context);
  if (following && next.snapshot.can(following)) {
    events.push(following);
    fold(following);
  }
  return { events, next };
}
