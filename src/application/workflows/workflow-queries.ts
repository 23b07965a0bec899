import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { WorkflowDefinition } from '../../domain/workflows/workflow-definition';
import { findWorkflow, latestWorkflowFor, WORKFLOWS } from '../../domain/workflows/workflow-registry';
import { describeWorkflow, summarizeWorkflow, type WorkflowDescription, type WorkflowSummary } from './workflow-description';

/** Every workflow version, old ones included (agreements replay with the version they started on). */
export class ListWorkflowsQuery extends Query<WorkflowSummary[]> {}

/** One workflow version in full; undefined when there is none of that name and version. */
export class GetWorkflowQuery extends Query<WorkflowDescription | undefined> {
  constructor(
    readonly name: string,
    readonly version: number,
  ) {
    super();
  }
}

const isLatest = (workflow: WorkflowDefinition) => latestWorkflowFor(workflow.kind) === workflow;

@QueryHandler(ListWorkflowsQuery)
export class ListWorkflowsHandler implements IQueryHandler<ListWorkflowsQuery> {
  async execute(): Promise<WorkflowSummary[]> {
    return WORKFLOWS.map((workflow) => summarizeWorkflow(workflow, isLatest(workflow)));
  }
}

@QueryHandler(GetWorkflowQuery)
export class GetWorkflowHandler implements IQueryHandler<GetWorkflowQuery> {
  async execute({ name, version }: GetWorkflowQuery): Promise<WorkflowDescription | undefined> {
    const workflow = findWorkflow(name, version);
    return workflow && describeWorkflow(workflow, isLatest(workflow));
  }
}
