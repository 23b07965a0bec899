import type { Actor } from '../../access/actor';
import { authorizeAction, type ActionPolicy } from '../../access/policy';
import { AccessDeniedError } from '../../errors';
import type { DraftAgreement } from '../../agreements/agreement-commands';
import type { AgreementDrafted, AgreementKind } from '../../agreements/agreement-events';
import { checkActorText, checkDraftText, checkParent, checkTerm, rule } from '../../agreements/agreement-rules';
import type { DecisionContext } from '../../agreements/decision-context';

export const DRAFT_POLICY_V1: ActionPolicy = { roles: ['DRAFTER', 'COORDINATOR'], party: 'any' };

/**
 * Drafting on version 1: the drafter's agency is a party, parties and their roles are distinct,
 * the term is real, and a PKS's parent is an MoU whose term holds the PKS's.
 */
export function decideDraftV1(
  workflow: { readonly kind: AgreementKind; readonly draftPolicy: ActionPolicy; readonly name: string },
  command: DraftAgreement,
  actor: Actor,
  context: DecisionContext,
): AgreementDrafted {
  checkActorText(actor);
  checkDraftText(command);
  const agencies = command.parties.map((party) => party.agencyId);
  const decision = authorizeAction(workflow.draftPolicy, actor, agencies);
  if (!decision.allowed) {
    throw new AccessDeniedError(
      decision.reason === 'not-a-party'
        ? "The drafter's agency must be one of the parties"
        : `Drafting needs one of ${workflow.draftPolicy.roles.join(', ')}`,
    );
  }
  rule(command.kind === workflow.kind, 'kind', `Workflow ${workflow.name} drafts ${workflow.kind}`);
  rule(new Set(agencies).size === agencies.length, 'distinct-parties', 'Each agency can be a party only once');
  const roles = command.parties.map((party) => party.role);
  rule(new Set(roles).size === roles.length, 'distinct-party-roles', 'Each party role (PIHAK_KESATU, ...) can be held only once');
  const term = checkTerm(command.term);
  checkParent(workflow.kind, command.parentId, term, context);
  return {
    type: 'AgreementDrafted',
    agreementId: command.agreementId,
    kind: command.kind,
    title: command.title,
    ...(command.purpose === undefined ? {} : { purpose: command.purpose }),
    ...(command.parentId === undefined ? {} : { parentId: command.parentId }),
    parties: command.parties.map(({ agencyId, name, role }) => ({ agencyId, name, role })),
    term,
  };
}
