import type { Role } from '../access/roles';
import type { AgreementState } from '../agreements/agreement-decider';
import { awaitedSteps, type AwaitedStep } from '../agreements/awaited-steps';

/**
 * Why an official is written to about an event:
 * - `awaited`: the event made the agreement wait for a step their role at their agency takes;
 * - `reminder`: a deadline approaches (`DeadlineApproaching`): the coordinators of every party;
 * - `overdue`: a step the agreement waits for is overdue (`StepOverdue`): whoever can take it.
 */
export type EmailReason = 'awaited' | 'reminder' | 'overdue';

export interface AwaitedAction {
  readonly action: string;
  readonly roles: readonly Role[];
}

/** What one event asks to tell the officials of one party agency by email. */
export interface EmailIntent {
  readonly agencyId: string;
  readonly reason: EmailReason;
  /** The steps the agreement now waits for at that agency (what the email asks of them). */
  readonly actions: readonly AwaitedAction[];
  /** A recipient holding any of these roles at the agency is written to. */
  readonly roles: readonly Role[];
}

/** The agencies that hear of an agreement's events: its parties, whose officials can read it. */
export function notifiedAgencyIds(agreement: AgreementState): string[] {
  return [...new Set(agreement.snapshot.context.parties.map((party) => party.agencyId))];
}

const stepKey = (step: Pick<AwaitedStep, 'agencyId' | 'action'>) => `${step.agencyId}\u0000${step.action}`;

function byAgency(steps: readonly AwaitedStep[]): Map<string, AwaitedStep[]> {
  const grouped = new Map<string, AwaitedStep[]>();
  for (const step of steps) grouped.set(step.agencyId, [...(grouped.get(step.agencyId) ?? []), step]);
  return grouped;
}

const actionsOf = (steps: readonly AwaitedStep[]): AwaitedAction[] => steps.map(({ action, roles }) => ({ action, roles }));
const rolesOf = (steps: readonly AwaitedStep[]): Role[] => [...new Set(steps.flatMap((step) => step.roles))];

/**
 * Who is written to about one event of an agreement, per party agency. A step is announced to
 * the roles that could not take it before the event: one already awaited is not announced again
 * (the second party's signature does not re-announce the first's), but the legal reviewers hear
 * when the technical review they follow is done. A reminder or an overdue step is announced each
 * time the scheduler records one.
 */
export function emailIntents(type: string, before: AgreementState | undefined, after: AgreementState): EmailIntent[] {
  const parties = notifiedAgencyIds(after);
  const awaited = awaitedSteps(after);
  if (type === 'DeadlineApproaching') {
    const steps = byAgency(awaited);
    return parties.map((agencyId) => ({
      agencyId,
      reason: 'reminder',
      actions: actionsOf(steps.get(agencyId) ?? []),
      roles: ['COORDINATOR'],
    }));
  }
  if (type === 'StepOverdue') {
    return [...byAgency(awaited)].map(([agencyId, steps]) => ({
      agencyId,
      reason: 'overdue',
      actions: actionsOf(steps),
      roles: rolesOf(steps),
    }));
  }
  // A step is new to a role that could not take it before: the legal reviewers' turn after the technical review is news to them.
  const awaitedBefore = new Map((before === undefined ? [] : awaitedSteps(before)).map((step) => [stepKey(step), new Set(step.roles)]));
  const fresh = awaited
    .map((step) => ({ ...step, roles: step.roles.filter((role) => !awaitedBefore.get(stepKey(step))?.has(role)) }))
    .filter((step) => step.roles.length > 0);
  return [...byAgency(fresh)].map(([agencyId, steps]) => ({
    agencyId,
    reason: 'awaited',
    actions: actionsOf(steps),
    roles: rolesOf(steps),
  }));
}
