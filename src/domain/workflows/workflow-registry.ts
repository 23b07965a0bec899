import type { AgreementKind } from '../agreements/agreement-events';
import { AGREEMENT_ACTIONS_V1 } from './agreement-actions.v1';
import { createAgreementMachine } from './agreement-machine';
import type { WorkflowDefinition } from './workflow-definition';

const DRAFT_POLICY = { roles: ['DRAFTER', 'COORDINATOR'], party: 'any' } as const;

export const NOTA_KESEPAHAMAN_V1: WorkflowDefinition = {
  name: 'nota-kesepahaman',
  version: 1,
  kind: 'NOTA_KESEPAHAMAN',
  title: 'Nota Kesepahaman (MoU)',
  machine: createAgreementMachine('nota-kesepahaman@1'),
  actions: AGREEMENT_ACTIONS_V1,
  draftPolicy: DRAFT_POLICY,
};

export const PERJANJIAN_KERJA_SAMA_V1: WorkflowDefinition = {
  name: 'perjanjian-kerja-sama',
  version: 1,
  kind: 'PERJANJIAN_KERJA_SAMA',
  title: 'Perjanjian Kerja Sama (PKS)',
  machine: createAgreementMachine('perjanjian-kerja-sama@1'),
  actions: AGREEMENT_ACTIONS_V1,
  draftPolicy: DRAFT_POLICY,
};

/**
 * Every workflow version ever released. Never remove one: agreements replay with the version
 * they started on. New agreements take the latest version of their kind.
 */
export const WORKFLOWS: readonly WorkflowDefinition[] = [NOTA_KESEPAHAMAN_V1, PERJANJIAN_KERJA_SAMA_V1];

export function findWorkflow(name: string, version: number): WorkflowDefinition | undefined {
  return WORKFLOWS.find((workflow) => workflow.name === name && workflow.version === version);
}

export function latestWorkflowFor(kind: AgreementKind): WorkflowDefinition {
  const candidates = WORKFLOWS.filter((workflow) => workflow.kind === kind);
  const latest = candidates.reduce<WorkflowDefinition | undefined>((best, w) => (!best || w.version > best.version ? w : best), undefined);
  if (!latest) throw new Error(`No workflow for ${kind}`);
  return latest;
}
