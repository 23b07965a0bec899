import type { Actor } from '../../access/actor';
import type { DraftAgreement } from '../../agreements/agreement-commands';
import type { AgreementEvent } from '../../agreements/agreement-events';
import { parentNotFound, rule } from '../../agreements/agreement-rules';
import type { DecisionContext } from '../../agreements/decision-context';
import { REPORTING_PERIOD_MONTHS } from '../../agreements/reporting';
import { EMPTY_DIRECTORY, isRegional } from '../../directory/agency';
import { decideDraftV1 } from '../v1/draft.v1';
import type { WorkflowDefinition } from '../workflow-definition';

/**
 * Drafting on version 2: version 1's rules, and
 * - a PKS hangs only under an MoU the drafter's agency may see, as a party or as a unit of a party
 *   (Balilatfo under an MoU of Kemendes PDTT); any other agency the directory lists is told the MoU
 *   does not exist. An agency the directory does not list yet keeps version 1's rule (a hidden
 *   parent that meets the rules does not stop it), so agencies can be registered one at a time;
 * - a DPRD decision can be required only of a regional party (a provincial or regency
 *   government, or one of its units), as the directory knows it;
 * - the term may name a reporting period (3, 6 or 12 months): each party then reports on the
 *   implementation once per period while the agreement is in force. Without one, nothing is due.
 */
export function decideDraftV2(
  workflow: WorkflowDefinition,
  command: DraftAgreement,
  actor: Actor,
  context: DecisionContext,
): AgreementEvent[] {
  const drafted = decideDraftV1(workflow, command, actor, context);
  const directory = context.directory ?? EMPTY_DIRECTORY;
  if (command.parentId !== undefined && context.parent && directory.has(actor.agencyId)) {
    rule(context.parent.visibleToActor, 'parent-exists', parentNotFound(command.parentId));
  }
  command.parties.forEach((party) => {
    if (party.dprdApprovalRequired !== undefined)
      rule(typeof party.dprdApprovalRequired === 'boolean', 'dprd-approval', 'dprdApprovalRequired is true or false');
    rule(
      party.dprdApprovalRequired !== true || isRegional(directory, party.agencyId),
      'dprd-regional',
      `Only a regional government party needs a DPRD decision; the directory does not list ${party.agencyId} as one`,
    );
  });
  const months = command.term.reportingPeriodMonths;
  rule(
    months === undefined || (REPORTING_PERIOD_MONTHS as readonly number[]).includes(months),
    'reporting-period',
    `The reporting period is one of ${REPORTING_PERIOD_MONTHS.join(', ')} months`,
  );
  return [
    {
      ...drafted,
      parties: command.parties.map(({ agencyId, name, role, dprdApprovalRequired }) => ({
        agencyId,
        name,
        role,
        ...(dprdApprovalRequired ? { dprdApprovalRequired: true } : {}),
      })),
      term: months === undefined ? drafted.term : { ...drafted.term, reportingPeriodMonths: months },
    },
  ];
}
