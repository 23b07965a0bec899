import type { Actor } from '../../domain/access/actor';
import { availableActions, type AgreementState } from '../../domain/agreements/agreement-decider';
import type { AgreementContext } from '../../domain/agreements/agreement-context';
import { findWorkflow } from '../../domain/workflows/workflow-registry';
import type { AgreementDetail } from '../ports/agreement-read-model.port';

/**
 * The actions open to `actor` on an agreement as the read model recorded it: its machine state
 * (value and context) restored, then asked of its workflow version.
 */
export function actionsOpenTo(detail: AgreementDetail, actor: Actor): string[] {
  const [name, version] = detail.workflow.split('@');
  const workflow = findWorkflow(name, Number(version));
  if (!workflow) return [];
  const [top, nested] = detail.detailedState.split('.');
  const value = nested === undefined ? top : { [top]: nested };
  const snapshot = workflow.machine.resolveState({ value, context: detail.agreement as unknown as AgreementContext });
  const state: AgreementState = { workflow, snapshot };
  return availableActions(state, actor).map((action) => action.name);
}
