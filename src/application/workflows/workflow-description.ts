import type { ActionPolicy } from '../../domain/access/policy';
import { actionsOf } from '../../domain/workflows/migrations';
import type { WorkflowDefinition } from '../../domain/workflows/workflow-definition';

export interface TransitionDescription {
  readonly event: string;
  readonly target: string | null;
  readonly guard: string | null;
  readonly action: string | null;
}

export interface StateDescription {
  readonly id: string;
  readonly final: boolean;
  readonly initial: string | null;
  readonly transitions: readonly TransitionDescription[];
  readonly states: readonly StateDescription[];
}

export interface WorkflowSummary {
  readonly name: string;
  readonly version: number;
  readonly kind: string;
  readonly title: string;
  readonly latest: boolean;
}

export interface WorkflowDescription extends WorkflowSummary {
  readonly initial: string;
  readonly states: readonly StateDescription[];
  readonly actions: readonly { readonly name: string; readonly summary: string; readonly produces: string; readonly policy: ActionPolicy; readonly awaited: boolean }[];
  readonly draftPolicy: ActionPolicy;
}

interface StateNodeLike {
  key: string;
  type: string;
  initial?: { target?: ReadonlyArray<{ key: string }> };
  states: Record<string, StateNodeLike>;
  transitions: Map<string, ReadonlyArray<{ target?: ReadonlyArray<{ path: string[] }>; guard?: unknown }>>;
}

/** The machine's states and transitions, enough to draw the chart, with the actions that trigger them. */
export function describeWorkflow(workflow: WorkflowDefinition, latest: boolean): WorkflowDescription {
  const actionByEvent = new Map(actionsOf(workflow).map((action) => [action.produces as string, action.name]));
  const describeNode = (node: StateNodeLike, path: string[]): StateDescription => ({
    id: [...path, node.key].join('.'),
    final: node.type === 'final',
    initial: node.initial?.target?.[0]?.key ?? null,
    transitions: [...node.transitions.entries()].flatMap(([event, candidates]) =>
      candidates.map((candidate) => ({
        event,
        target: candidate.target?.[0]?.path.join('.') ?? null,
        guard: typeof candidate.guard === 'string' ? candidate.guard : candidate.guard ? 'guarded' : null,
        action: actionByEvent.get(event) ?? null,
      })),
    ),
    states: Object.values(node.states).map((child) => describeNode(child, [...path, node.key])),
  });
  const root = workflow.machine.root as unknown as StateNodeLike;
  return {
    ...summarizeWorkflow(workflow, latest),
    initial: root.initial?.target?.[0]?.key ?? 'new',
    states: Object.values(root.states).map((node) => describeNode(node, [])),
    actions: actionsOf(workflow).map(({ name, summary, produces, policy, awaited }) => ({ name, summary, produces, policy, awaited })),
    draftPolicy: workflow.draftPolicy,
  };
}

export function summarizeWorkflow(workflow: WorkflowDefinition, latest: boolean): WorkflowSummary {
  return { name: workflow.name, version: workflow.version, kind: workflow.kind, title: workflow.title, latest };
}
