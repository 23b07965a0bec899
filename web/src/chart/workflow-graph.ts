import type { WorkflowDescription } from '../workflows';

/**
 * The workflow's states and transitions as a graph to draw, and the path an agreement took through
 * it, both read from `GET /workflows/:name/:version` (the machine the service itself replays).
 */
export type StateDescription = WorkflowDescription['states'][number];
export type TransitionDescription = StateDescription['transitions'][number];

export interface ChartState {
  /** The dotted path (`amending.inReview`). */
  readonly id: string;
  readonly parent: string | undefined;
  readonly final: boolean;
  /** The initial child of a compound state. */
  readonly initial: string | undefined;
  readonly children: readonly string[];
  /** Transitions that stay in the state (recorded steps that do not move the agreement). */
  readonly stays: readonly TransitionDescription[];
  /** Every transition of the state by the event that takes it. */
  readonly on: ReadonlyMap<string, TransitionDescription>;
}

export interface ChartEdge {
  /** `source|event|target`: unique, since a state takes an event at most once. */
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly transition: TransitionDescription;
}

export interface WorkflowGraph {
  readonly initial: string;
  readonly states: ReadonlyMap<string, ChartState>;
  /** Top-level states, in the workflow's order. */
  readonly roots: readonly string[];
  readonly edges: readonly ChartEdge[];
}

export function edgeId(source: string, event: string, target: string): string {
  return `${source}|${event}|${target}`;
}

export function workflowGraph(description: WorkflowDescription): WorkflowGraph {
  const states = new Map<string, ChartState>();
  const edges: ChartEdge[] = [];
  const add = (list: readonly StateDescription[], parent: string | undefined): string[] =>
    list.map((state) => {
      const children = add(state.states, state.id);
      states.set(state.id, {
        id: state.id,
        parent,
        final: state.final,
        initial: state.initial ? `${state.id}.${state.initial}` : undefined,
        children,
        stays: state.transitions.filter((transition) => transition.target === null),
        on: new Map(state.transitions.map((transition) => [transition.event, transition])),
      });
      for (const transition of state.transitions) {
        if (transition.target !== null)
          edges.push({
            id: edgeId(state.id, transition.event, transition.target),
            source: state.id,
            target: transition.target,
            transition,
          });
      }
      return state.id;
    });
  const roots = add(description.states, undefined);
  return { initial: description.initial, states, roots, edges };
}

/** The innermost state entered when a transition targets `id` (a compound state enters its initial child). */
function enter(graph: WorkflowGraph, id: string): string {
  let state = graph.states.get(id);
  while (state?.initial) {
    id = state.initial;
    state = graph.states.get(id);
  }
  return id;
}

export interface PathEvent {
  readonly revision: number;
  readonly type: string;
}

export interface PathStep<E extends PathEvent = PathEvent> {
  readonly event: E;
  /** The state the event was taken in (the innermost one). */
  readonly from: string;
  /** The state it left the agreement in; the same as `from` for a step that stays. */
  readonly to: string;
  /** The drawn transition: the edge it followed, or the state it stayed in. */
  readonly edge: string | undefined;
  readonly stayedIn: string | undefined;
  /** The event is not a transition of this version from where the agreement stood (an event of an older version before a migration). */
  readonly unknown: boolean;
}

/**
 * Follows the events from the initial state as the machine does: the innermost state, then its
 * ancestors, take the event; a target that is a compound state enters its initial child.
 */
export function pathThrough<E extends PathEvent>(graph: WorkflowGraph, events: readonly E[]): PathStep<E>[] {
  const steps: PathStep<E>[] = [];
  let current = enter(graph, graph.initial);
  for (const event of events) {
    let taken: { state: string; transition: TransitionDescription } | undefined;
    for (let id: string | undefined = current; id !== undefined && !taken; id = graph.states.get(id)?.parent) {
      const transition = graph.states.get(id)?.on.get(event.type);
      if (transition) taken = { state: id, transition };
    }
    if (!taken) {
      steps.push({ event, from: current, to: current, edge: undefined, stayedIn: undefined, unknown: true });
      continue;
    }
    const { state, transition } = taken;
    if (transition.target === null) {
      steps.push({ event, from: current, to: current, edge: undefined, stayedIn: state, unknown: false });
      continue;
    }
    const to = enter(graph, transition.target);
    steps.push({ event, from: current, to, edge: edgeId(state, transition.event, transition.target), stayedIn: undefined, unknown: false });
    current = to;
  }
  return steps;
}
