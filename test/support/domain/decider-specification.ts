import type { Actor } from '../../../src/domain/access/actor';
import type { AgreementActionCommand } from '../../../src/domain/agreements/agreement-commands';
import { decide, evolve, initialState, type AgreementState, type DecisionContext } from '../../../src/domain/agreements/agreement-decider';
import type { AgreementEvent } from '../../../src/domain/agreements/agreement-events';
import type { WorkflowDefinition } from '../../../src/domain/workflows/workflow-definition';
import { NOTA_KESEPAHAMAN_V1 } from '../../../src/domain/workflows/workflow-registry';

/** Folds events through a workflow from its initial state. */
export function replay(events: readonly AgreementEvent[], workflow: WorkflowDefinition = NOTA_KESEPAHAMAN_V1): AgreementState {
  return events.reduce(evolve, initialState(workflow));
}

/**
 * Given/when/then for the decider (after Emmett's DeciderSpecification):
 * `given(events).when(command, actor).then(expectedEvents)` or `.thenThrows(ErrorClass, match)`.
 */
export function given(events: readonly AgreementEvent[], workflow: WorkflowDefinition = NOTA_KESEPAHAMAN_V1) {
  return {
    when(command: AgreementActionCommand, actor: Actor, context: Partial<DecisionContext> = {}) {
      const run = () => decide(command, replay(events, workflow), actor, { now: new Date('2020-06-01T03:00:00Z'), ...context });
      return {
        then(expected: AgreementEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenThrows(errorType: new (...args: never[]) => Error, match?: Record<string, unknown>): void {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorType);
          if (match) expect(thrown).toMatchObject(match);
        },
      };
    },
  };
}
