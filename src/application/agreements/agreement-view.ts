import type { Actor } from '../../domain/access/actor';
import { availableActions, detailedState, lifecycleState, type LifecycleState } from '../../domain/agreements/agreement-decider';
import type { AgreementContext } from '../../domain/agreements/agreement-context';
import type { LoadedAgreement } from './agreement-repository';

/** What every command response carries: `{ id, revision, state }` and where the write landed. */
export interface AgreementCommandResult {
  readonly id: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly state: LifecycleState;
  readonly workflow: { readonly name: string; readonly version: number };
}

export function commandResult(loaded: LoadedAgreement): AgreementCommandResult {
  const { workflow } = loaded.state;
  return {
    id: loaded.id,
    revision: loaded.revision,
    position: loaded.position,
    state: lifecycleState(loaded.state),
    workflow: { name: workflow.name, version: workflow.version },
  };
}

/** An agreement replayed from the log, as the state endpoint shows it. */
export interface AgreementStateView {
  readonly id: string;
  readonly revision: number;
  readonly state: LifecycleState;
  /** Nested state, e.g. `amending.signing`. */
  readonly detailedState: string;
  readonly workflow: { readonly name: string; readonly version: number };
  readonly asOf: string | undefined;
  readonly agreement: AgreementContext;
  /** Actions the caller could take now (only when the view is of the latest revision). */
  readonly availableActions?: readonly string[];
}

export function stateView(loaded: LoadedAgreement, asOf: Date | undefined, actor: Actor | undefined): AgreementStateView {
  const { workflow } = loaded.state;
  return {
    id: loaded.id,
    revision: Number(loaded.revision),
    state: lifecycleState(loaded.state),
    detailedState: detailedState(loaded.state),
    workflow: { name: workflow.name, version: workflow.version },
    asOf: asOf?.toISOString(),
    agreement: loaded.state.snapshot.context,
    ...(actor ? { availableActions: availableActions(loaded.state, actor).map((action) => action.name) } : {}),
  };
}
