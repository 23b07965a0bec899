import { buildAgreementMachine } from '../agreement-machine';
import { DRAFT_POLICY_V1 } from '../v1/draft.v1';
import type { WorkflowDefinition } from '../workflow-definition';
import { AGREEMENT_ACTIONS_V2 } from './agreement-actions.v2';
import { AGREEMENT_MACHINE_V2 } from './agreement-machine.v2';
import { decideDraftV2 } from './draft.v2';

function workflowV2(name: WorkflowDefinition['name'], kind: WorkflowDefinition['kind'], title: string): WorkflowDefinition {
  return {
    name,
    version: 2,
    kind,
    title,
    machine: buildAgreementMachine(`${name}@2`, AGREEMENT_MACHINE_V2),
    actions: AGREEMENT_ACTIONS_V2,
    draftPolicy: DRAFT_POLICY_V1,
    decideDraft(command, actor, context) {
      return decideDraftV2(this, command, actor, context);
    },
  };
}

/** Version 2 of both workflows: agencies and units, recorded delegations, DPRD approval, monitoring reports. */
export const NOTA_KESEPAHAMAN_V2 = workflowV2('nota-kesepahaman', 'NOTA_KESEPAHAMAN', 'Nota Kesepahaman (MoU)');
export const PERJANJIAN_KERJA_SAMA_V2 = workflowV2('perjanjian-kerja-sama', 'PERJANJIAN_KERJA_SAMA', 'Perjanjian Kerja Sama (PKS)');
