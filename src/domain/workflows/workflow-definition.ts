import type { SnapshotFrom } from 'xstate';
import type { Actor } from '../access/actor';
import type { ActionPolicy } from '../access/policy';
import type { Role } from '../access/roles';
import type { AgreementActionCommand, DraftAgreement } from '../agreements/agreement-commands';
import type { AgreementContext } from '../agreements/agreement-context';
import type { AgreementEvent, AgreementEventType, AgreementKind } from '../agreements/agreement-events';
import type { buildAgreementMachine } from './agreement-machine';
import type { BodySchema } from './body-schema';
import type { DecisionContext } from '../agreements/decision-context';
import type { LifecycleState } from '../agreements/lifecycle';

export type WorkflowName = 'nota-kesepahaman' | 'perjanjian-kerja-sama';

/** A workflow version's machine: every version is built by one builder, over {@link AgreementContext} and the {@link AgreementEvent}s. */
export type AgreementMachine = ReturnType<typeof buildAgreementMachine>;
export type AgreementSnapshot = SnapshotFrom<AgreementMachine>;

/** What an action's decision sees: its command, the agreement, who acts for which party, and the facts handed in. */
export interface ActionInput<C extends AgreementActionCommand = AgreementActionCommand> {
  readonly command: C;
  readonly agreement: AgreementContext;
  /** The party agency the actor acts for (their own: `authorizeAction` decided it). */
  readonly party: string;
  readonly actor: Actor;
  readonly context: DecisionContext;
  /** Today's date where the agreement's dates are kept (`YYYY-MM-DD`). */
  readonly today: string;
  /** The agreement's lifecycle state before the action. */
  readonly state: LifecycleState;
  /** The machine's snapshot before the action. */
  readonly snapshot: AgreementSnapshot;
}

/**
 * An action a person can take on an agreement, whole: its URL name, the command it becomes, who may
 * take it, the event it records, its body, whether anyone waits for it, and how it is decided.
 */
export interface ActionDefinition<C extends AgreementActionCommand = AgreementActionCommand> {
  /** kebab-case, as in `POST /agreements/:id/actions/:action`. */
  readonly name: string;
  readonly command: C['type'];
  readonly policy: ActionPolicy;
  /** The event this action records; the action is offered in the states whose machine accepts it. */
  readonly produces: AgreementEventType;
  readonly summary: string;
  /** What its body holds; the API validates it before the command is made. */
  readonly body: BodySchema;
  /**
   * Whether someone is waiting for it when it is offered: a work item in the inbox (a review, a
   * signature). `false` for what can be done at any time in its state and nobody awaits (an
   * amendment, a renewal, another attachment).
   */
  readonly awaited: boolean;
  /** An action not `awaited` becomes awaited while this holds (renewal, once the parties were reminded of the notice deadline). */
  readonly awaitedWhen?: (context: AgreementContext) => boolean;
  /**
   * Narrows when the action is offered beyond the state, for the party the actor acts for (a
   * party that already signed is not offered `sign` again). Absent: offered whenever the state is.
   */
  readonly offeredTo?: (context: AgreementContext, agencyId: string, roles: readonly Role[]) => boolean;
  /** The event(s) the command records, or a typed refusal (a business rule, access, invalid text). */
  decide(input: ActionInput<C>): AgreementEvent[];
  /**
   * The event that follows this action's event when the machine, in the state the event left it
   * in, accepts it: the last clearance clears the document for signing, the last signature
   * executes the agreement, the last confirmation fixes the locations. The machine's guards decide;
   * nothing here repeats them.
   */
  readonly follows?: (context: AgreementContext) => AgreementEvent | undefined;
}

/** An action of one command type, its decision typed by that command. */
export function action<C extends AgreementActionCommand>(definition: ActionDefinition<C>): ActionDefinition<C> {
  return definition;
}

/**
 * A versioned workflow: the machine every agreement started on it replays with, for ever, and the
 * actions it offers. A new version is a new definition; old ones are never deleted.
 */
export interface WorkflowDefinition {
  readonly name: WorkflowName;
  readonly version: number;
  readonly kind: AgreementKind;
  readonly title: string;
  readonly machine: AgreementMachine;
  readonly actions: readonly ActionDefinition[];
  /** Who may draft an agreement on this workflow (their agency must be a party). */
  readonly draftPolicy: ActionPolicy;
  /** The first event of a new agreement's stream, or a typed refusal. */
  decideDraft(command: DraftAgreement, actor: Actor, context: DecisionContext): AgreementEvent[];
}
