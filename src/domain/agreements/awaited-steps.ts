import type { Actor } from '../access/actor';
import { authorizeAction } from '../access/policy';
import { ROLES, type Role } from '../access/roles';
import { actionsOf } from '../workflows/migrations';
import { WORKFLOWS } from '../workflows/workflow-registry';
import { lifecycleState, offeredActions, type AgreementState } from './agreement-decider';

/**
 * The names of the actions no one awaits, in any workflow version (`awaited: false` in its action
 * table: an amendment, a renewal, another attachment, sending a draft back): they make no work item.
 */
export const ALWAYS_OPEN: ReadonlySet<string> = new Set(
  WORKFLOWS.flatMap((workflow) => actionsOf(workflow))
    .filter((action) => !action.awaited)
    .map((action) => action.name),
);

/** The roles that take steps; auditors and administrators never do. */
export const ACTING_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'AUDITOR' && role !== 'ADMIN');

/** One step an agreement waits for: which party agency must take it, with which action, and which of its roles can. */
export interface AwaitedStep {
  readonly agencyId: string;
  readonly action: string;
  /** Its place in the workflow's action table: the order an inbox item lists its actions in. */
  readonly seq: number;
  readonly roles: readonly Role[];
}

/**
 * Every step the agreement waits for, per party agency and action, with the roles that can take
 * it: exactly what `availableActions` offers an official of that agency holding that one role,
 * less the actions that are always open. An official holding several roles is offered the union of
 * what each role is offered (v1's `offeredTo` narrows per role only, and the inbox equivalence
 * test holds it to that).
 */
export function awaitedSteps(state: AgreementState): AwaitedStep[] {
  if (lifecycleState(state) === 'archived') return [];
  const { context } = state.snapshot;
  const parties = context.parties.map((party) => party.agencyId);
  const awaited = offeredActions(state).filter((action) => action.awaited || action.awaitedWhen?.(context) === true);
  const steps: AwaitedStep[] = [];
  for (const agencyId of parties) {
    for (const action of awaited) {
      const roles = ACTING_ROLES.filter((role) => {
        const decision = authorizeAction(action.policy, { id: '', name: '', agencyId, roles: [role] }, parties);
        return decision.allowed && (action.offeredTo?.(context, decision.party, [role]) ?? true);
      });
      if (roles.length > 0) steps.push({ agencyId, action: action.name, seq: actionsOf(state.workflow).indexOf(action), roles });
    }
  }
  return steps;
}

/** A set of roles as one integer (bit i for `ROLES[i]`), so a read model can index and compare role sets. */
export function rolesMask(roles: readonly Role[]): number {
  return roles.reduce((mask, role) => mask | (1 << ROLES.indexOf(role)), 0);
}

/** The roles of an actor that can take steps, or none at all for an auditor (who only reads, whatever else they hold). */
export function actingRolesOf(actor: Pick<Actor, 'roles'>): Role[] {
  if (actor.roles.includes('AUDITOR')) return [];
  return ACTING_ROLES.filter((role) => actor.roles.includes(role));
}
