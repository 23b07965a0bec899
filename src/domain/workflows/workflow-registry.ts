import type { AgreementKind } from '../agreements/agreement-events';
import { NOTA_KESEPAHAMAN_V1, PERJANJIAN_KERJA_SAMA_V1 } from './v1/workflows.v1';
import { NOTA_KESEPAHAMAN_V2, PERJANJIAN_KERJA_SAMA_V2 } from './v2/workflows.v2';
import type { WorkflowDefinition } from './workflow-definition';

export { NOTA_KESEPAHAMAN_V1, PERJANJIAN_KERJA_SAMA_V1, NOTA_KESEPAHAMAN_V2, PERJANJIAN_KERJA_SAMA_V2 };

/**
 * Every workflow version ever released. Never remove one: agreements replay with the version
 * they started on. New agreements take the latest version of their kind.
 */
export const WORKFLOWS: readonly WorkflowDefinition[] = [
  NOTA_KESEPAHAMAN_V1,
  PERJANJIAN_KERJA_SAMA_V1,
  NOTA_KESEPAHAMAN_V2,
  PERJANJIAN_KERJA_SAMA_V2,
];

export function findWorkflow(name: string, version: number): WorkflowDefinition | undefined {
  return WORKFLOWS.find((workflow) => workflow.name === name && workflow.version === version);
}

export function latestWorkflowFor(kind: AgreementKind): WorkflowDefinition {
  const candidates = WORKFLOWS.filter((workflow) => workflow.kind === kind);
  const latest = candidates.reduce<WorkflowDefinition | undefined>((best, w) => (!best || w.version > best.version ? w : best), undefined);
  if (!latest) throw new Error(`No workflow for ${kind}`);
  return latest;
}
