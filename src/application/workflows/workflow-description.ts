import type { ActionPolicy } from '../../domain/access/policy';
import { actionsOf } from '../../domain/workflows/migrations';
import type { BodyField, BodySchema } from '../../domain/workflows/body-schema';
import type { WorkflowDefinition } from '../../domain/workflows/workflow-definition';
import { TEXT_RULES } from '../../domain/text/text-rules';

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

/**
 * One field of an action's body, as a client needs it to build a form: its kind, whether it may be
 * left out, and for text the rule's length and whether it takes several lines.
 */
export interface BodyFieldDescription {
  readonly name: string;
  readonly kind: BodyField['kind'];
  readonly optional: boolean;
  readonly description: string | null;
  /** The closed list of a `choice`, and its default when it has one. */
  readonly values: readonly string[] | null;
  readonly default: string | null;
  readonly example: string | null;
  readonly maxLength: number | null;
  readonly multiline: boolean;
}

export interface ActionDescription {
  readonly name: string;
  readonly summary: string;
  readonly produces: string;
  readonly policy: ActionPolicy;
  readonly awaited: boolean;
  /** What the action's body takes (`POST /agreements/:id/actions/:name`); no fields: send `{}`. */
  readonly body: { readonly name: string; readonly fields: readonly BodyFieldDescription[] };
}

export interface WorkflowDescription extends WorkflowSummary {
  readonly initial: string;
  readonly states: readonly StateDescription[];
  readonly actions: readonly ActionDescription[];
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
    actions: actionsOf(workflow).map(({ name, summary, produces, policy, awaited, body }) => ({
      name,
      summary,
      produces,
      policy,
      awaited,
      body: describeBody(body),
    })),
    draftPolicy: workflow.draftPolicy,
  };
}

export function summarizeWorkflow(workflow: WorkflowDefinition, latest: boolean): WorkflowSummary {
  return { name: workflow.name, version: workflow.version, kind: workflow.kind, title: workflow.title, latest };
}

/** The body schema of a workflow version's action, in the shape of the API's description. */
export function describeBody(body: BodySchema): ActionDescription['body'] {
  return {
    name: body.name,
    fields: Object.entries(body.fields).map(([name, field]) => {
      const rule = field.kind === 'text' ? TEXT_RULES[field.rule] : undefined;
      return {
        name,
        kind: field.kind,
        optional: field.optional === true,
        description: field.description ?? null,
        values: field.kind === 'choice' ? field.values : null,
        default: field.kind === 'choice' ? (field.default ?? null) : null,
        example: field.kind === 'text' || field.kind === 'date' ? (field.example ?? null) : null,
        maxLength: rule?.maxLength ?? null,
        multiline: rule?.multiline ?? false,
      };
    }),
  };
}
