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

/** Waits (bounded) until the read model has applied `minPosition`, e.g. a command's `X-Event-Position`. */
export async function awaitPosition(readModel: AgreementReadModel, minPosition: bigint | undefined): Promise<void> {
  if (minPosition === undefined) return;
  if (!(await readModel.reached(minPosition, READ_YOUR_WRITES_TIMEOUT_MS))) throw new ReadModelBehindError(minPosition);
}
