import { assign, setup } from 'xstate';
import { EMPTY_AGREEMENT, type AgreementContext } from '../agreements/agreement-context';
import type { AgreementEvent } from '../agreements/agreement-events';

/** A pure guard: what the stream alone can tell about whether an event may happen. */
export type Guard = (context: AgreementContext, event: AgreementEvent) => boolean;
/** A pure update of the context by an event (an XState `assign`). */
export type Update = (context: AgreementContext, event: AgreementEvent) => Partial<AgreementContext>;

/** One transition, as XState's config names it: guards and actions by name. */
export interface TransitionConfig {
  readonly guard?: string;
  readonly target?: string;
  readonly actions?: string;
}
export interface StateConfig {
  readonly type?: 'final';
  readonly initial?: string;
  readonly on?: Readonly<Record<string, TransitionConfig>>;
  readonly states?: Readonly<Record<string, StateConfig>>;
}

/**
 * What a workflow version's machine is made of: its named guards and updates, and its states (a
 * function of the machine's id, for `#id.state` targets). A later version spreads an earlier one's
 * parts and overrides only what changes ({@link withTransitions}).
 */
export interface MachineParts {
  readonly guards: Readonly<Record<string, Guard>>;
  readonly updates: Readonly<Record<string, Update>>;
  readonly initial: string;
  readonly states: (id: string) => Readonly<Record<string, StateConfig>>;
}

/**
 * Builds the XState machine of a workflow version: pure guards and `assign` only, no timers, no
 * side effects (ARCHITECTURE.md). Every guard and update the states name must exist: a typo fails
 * here, when the module loads, not on the first event that reaches it.
 */
export function buildAgreementMachine(id: string, parts: MachineParts) {
  const states = parts.states(id);
  assertNamesExist(states, parts);
  const guards = Object.fromEntries(
    Object.entries(parts.guards).map(([name, guard]) => [
      name,
      ({ context, event }: { context: AgreementContext; event: AgreementEvent }) => guard(context, event),
    ]),
  );
  const actions = Object.fromEntries(
    Object.entries(parts.updates).map(([name, update]) => [
      name,
      assign(({ context, event }: { context: AgreementContext; event: AgreementEvent }) => update(context, event)),
    ]),
  );
  return setup({
    types: { context: {} as AgreementContext, events: {} as AgreementEvent },
    guards,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the rule misreads xstate's generic parameters: without it the actions do not type-check
    actions: actions as never,
  }).createMachine({ id, context: EMPTY_AGREEMENT, initial: parts.initial, states: states as never });
}

function assertNamesExist(states: Readonly<Record<string, StateConfig>>, parts: MachineParts, path = ''): void {
  for (const [key, state] of Object.entries(states)) {
    for (const [event, transition] of Object.entries(state.on ?? {})) {
      if (transition.guard !== undefined && !(transition.guard in parts.guards))
        throw new Error(`${path}${key}.${event} names an unknown guard ${transition.guard}`);
      if (transition.actions !== undefined && !(transition.actions in parts.updates))
        throw new Error(`${path}${key}.${event} names an unknown update ${transition.actions}`);
    }
    if (state.states) assertNamesExist(state.states, parts, `${path}${key}.`);
  }
}

/**
 * States with transitions added or replaced, by state path (`'readyToSign'`, `'amending.inReview'`):
 * how a later version changes an earlier one's chart without copying it.
 */
export function withTransitions(
  states: Readonly<Record<string, StateConfig>>,
  changes: Readonly<Record<string, Readonly<Record<string, TransitionConfig>>>>,
): Record<string, StateConfig> {
  const result: Record<string, StateConfig> = { ...states };
  for (const [path, transitions] of Object.entries(changes)) {
    const [head, ...rest] = path.split('.');
    const state = result[head];
    if (!state) throw new Error(`No state ${head} to change`);
    result[head] =
      rest.length === 0
        ? { ...state, on: { ...state.on, ...transitions } }
        : { ...state, states: withTransitions(state.states ?? {}, { [rest.join('.')]: transitions }) };
  }
  return result;
}
