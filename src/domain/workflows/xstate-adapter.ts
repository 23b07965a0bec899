import { createActor, type StateValue } from 'xstate';
import type { AgreementEvent } from '../agreements/agreement-events';
import type { AgreementMachine, AgreementSnapshot } from './workflow-definition';

/**
 * Everything the domain asks of XState beyond `setup`, `snapshot.can` and `initialTransition`, in
 * one file. One piece leans on an internal (the actor scope below); `test/unit/domain/xstate-adapter.spec.ts`
 * compares it with XState's own public functions, so an upgrade that changes the internal fails
 * there, loudly, and nowhere else.
 */

type Machine = AgreementMachine;
type ActorScope = Parameters<Machine['transition']>[2];

const scopes = new WeakMap<Machine, ActorScope>();

/**
 * The pure transition `transition(machine, snapshot, event)[0]`, without its per-call cost: XState's
 * `transition()` builds a throw-away actor (and computes the machine's initial snapshot) on every
 * call so that spawned children land in a clean system. Our machines spawn nothing and run only
 * `assign`, so one inert scope per machine, shaped like XState's own, serves every transition;
 * the result is the same (the adapter's spec, the golden streams and the transition table check
 * it) in half the time.
 */
export function applyEvent(machine: Machine, snapshot: AgreementSnapshot, event: AgreementEvent): AgreementSnapshot {
  let scope = scopes.get(machine);
  // Stryker disable next-line ConditionalExpression: a cache; building the scope on every call gives the same result, only slower
  if (!scope) {
    const self = createActor(machine);
    const ignore = () => {};
    scope = {
      self,
      defer: ignore,
      id: '',
      logger: ignore,
      sessionId: '',
      stopChild: ignore,
      system: self.system,
      emit: ignore,
      actionExecutor: ignore,
    };
    scopes.set(machine, scope);
  }
  return machine.transition(snapshot, event, scope);
}

interface StateNodeView {
  readonly ownEvents: readonly string[];
  readonly states: Readonly<Record<string, StateNodeView>>;
}

/**
 * The event types the states in `value` have transitions for, guards aside: the root's and each
 * active state node's own events, found by walking the machine's public state tree along the value.
 */
export function eventTypesAcceptedIn(machine: Machine, value: StateValue): Set<string> {
  const accepted = new Set<string>();
  const visit = (node: StateNodeView, at: StateValue | undefined): void => {
    for (const type of node.ownEvents) accepted.add(type);
    if (at === undefined) return;
    if (typeof at === 'string') {
      const child = node.states[at];
      if (child) visit(child, undefined);
      return;
    }
    for (const [key, nested] of Object.entries(at)) {
      const child = node.states[key];
      if (child) visit(child, nested);
    }
  };
  visit(machine.root, value);
  return accepted;
}

/**
 * The snapshot of `machine` in the state `value` with `context`: where an agreement moved to
 * another workflow version lands (XState's public `resolveState`).
 */
export function snapshotAt(machine: Machine, value: StateValue, context: AgreementSnapshot['context']): AgreementSnapshot {
  return machine.resolveState({ value, context });
}
