import { buildAgreementMachine } from '../agreement-machine';
import type { WorkflowDefinition } from '../workflow-definition';
import { AGREEMENT_ACTIONS_V1 } from './agreement-actions.v1';
import { AGREEMENT_MACHINE_V1 } from './agreement-machine.v1';
import { decideDraftV1, DRAFT_POLICY_V1 } from './draft.v1';

function workflowV1(name: WorkflowDefinition['name'], kind: WorkflowDefinition['kind'], title: string): WorkflowDefinition {
  return {
    name,
    version: 1,
    kind,
    title,
    machine: buildAgreementMachine(`${name}@1`, AGREEMENT_MACHINE_V1),
    actions: AGREEMENT_ACTIONS_V1,
    draftPolicy: DRAFT_POLICY_V1,
    decideDraft(command, actor, context) {
      return [decideDraftV1(this, command, actor, context)];
    },
  };
}

/** Version 1 of both workflows (DOMAIN.md, "Lifecycle (version 1 of the workflows)"): frozen; agreements started on it replay with it for ever. */
export const NOTA_KESEPAHAMAN_V1 = workflowV1('nota-kesepahaman', 'NOTA_KESEPAHAMAN', 'Nota Kesepahaman (MoU)');
export const PERJANJIAN_KERJA_SAMA_V1 = workflowV1('perjanjian-kerja-sama', 'PERJANJIAN_KERJA_SAMA', 'Perjanjian Kerja Sama (PKS)');
