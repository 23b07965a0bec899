import type { Directory } from '../directory/agency';
import type { Delegation } from '../directory/delegation';
import type { AgreementKind, Term } from './agreement-events';
import type { LifecycleState } from './lifecycle';

/** Another agreement a decision depends on: the parent MoU of a PKS. */
export interface ParentAgreement {
  readonly id: string;
  readonly kind: AgreementKind;
  readonly state: LifecycleState;
  readonly term: Term;
  /**
   * Whether the acting official may read the parent (`canReadAgreement`, or on version 2 through
   * an agency their own is a unit of). A refusal about a parent they may not read says only what
   * it says of a parent that does not exist: nothing of its kind, state or term.
   */
  readonly visibleToActor: boolean;
}

/**
 * What a decision needs besides the command, the state and the actor. Facts of other streams (the
 * parent, the directory, a delegation) are handed in by the caller: the domain never queries.
 */
export interface DecisionContext {
  /** The time the command was accepted; copied into the events' envelope by the caller. */
  readonly now: Date;
  /** The parent named by the agreement (`null`: named but not found; `undefined`: none named). */
  readonly parent?: ParentAgreement | null;
  /** The agencies the decision concerns (the actor's, the parties', and what they are units of). Absent: none known. */
  readonly directory?: Directory;
  /** The delegation a signature names, as recorded (`null`: named but not recorded; `undefined`: none named). */
  readonly delegation?: Delegation | null;
}
