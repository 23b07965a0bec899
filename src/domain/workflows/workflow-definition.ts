import type { SnapshotFrom } from 'xstate';
import type { ActionPolicy } from '../access/policy';
import type { Role } from '../access/roles';
import type { AgreementActionCommand } from '../agreements/agreement-commands';
import type { AgreementContext } from '../agreements/agreement-context';
import type { AgreementEventType, AgreementKind } from '../agreements/agreement-events';
import type { AgreementMachine } from './agreement-machine';

export type WorkflowName = 'nota-kesepahaman' | 'perjanjian-kerja-sama';

/** An action a person can take on an agreement: its URL name, the command it becomes, who may take it. */
export interface ActionDefinition {
  /** kebab-case, as in `POST /agreements/:id/actions/:action`. */
  readonly name: string;
  readonly command: AgreementActionCommand['type'];
  readonly policy: ActionPolicy;
  /** The event this action records; the action is offered in the states whose machine accepts it. */
  readonly produces: AgreementEventType;
  readonly summary: string;
  /**
   * Narrows when the action is offered beyond the state, for the party the actor acts for (a
   * party that already signed is not offered `sign` again). Absent: offered whenever the state is.
   */
  readonly offeredTo?: (context: AgreementContext, agencyId: string, roles: readonly Role[]) => boolean;
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
}

export type AgreementSnapshot = SnapshotFrom<AgreementMachine>;
