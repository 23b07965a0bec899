import type { AgreementReadModel } from '../ports/agreement-read-model.port';

/** How long a query waits for the read model to reach a `minPosition` before answering 503. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 2_000;

/** The read model has not applied the position the caller asked for, within the bound. */
export class ReadModelBehindError extends Error {
  override readonly name = 'ReadModelBehindError';
  readonly kind = 'not-ready' as const;
  constructor(readonly position: bigint) {
    super(`The read model has not reached position ${position} yet; retry shortly`);
  }
}

/**
 * The projection that keeps this read model stopped on a stored event it could not apply: what it
 * serves no longer moves, so it answers nothing (503) until an operator has a fixed version take
 * over (README, "When a projection is stuck"). Which event, and why, is for `GET /health` and the
 * log, not for every caller: the event may be about an agreement the caller may not see.
 */
export class ReadModelStuckError extends Error {
  override readonly name = 'ReadModelStuckError';
  readonly kind = 'projection-stuck' as const;
  constructor(readonly projection: string) {
    super(
      `The read model ${projection} has stopped on a stored event it could not apply, and operators have been alerted. ` +
        'Reads from the event log (/agreements/:id/state, /history) still answer.',
    );
  }
}

/** Refuses a read of a read model whose projection is stuck (failed); does nothing otherwise. */
export function assertReadModelServing(readModel: AgreementReadModel): void {
  const { status, projection } = readModel.status();
  if (status === 'failed') throw new ReadModelStuckError(projection);
}

/**
 * Before a read of the read model: refuses it if the projection is stuck, then waits (bounded)
 * until the read model has applied `minPosition`, e.g. a command's `X-Event-Position`. A
 * projection that gets stuck meanwhile ends the wait at once with that refusal.
 */
export async function awaitPosition(readModel: AgreementReadModel, minPosition: bigint | undefined): Promise<void> {
  assertReadModelServing(readModel);
  if (minPosition === undefined) return;
  if (!(await readModel.reached(minPosition, READ_YOUR_WRITES_TIMEOUT_MS))) {
    assertReadModelServing(readModel);
    throw new ReadModelBehindError(minPosition);
  }
}
