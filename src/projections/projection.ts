import type { Kysely, Transaction } from 'kysely';
import type { AgreementState } from '../domain/agreements/agreement-decider';
import type { EventFilter, RecordedEvent } from '../application/ports/event-store.port';

/**
 * What one read model writes for each event. The runner calls `apply` inside the transaction that
 * also stores the checkpoint, with the agreement as the event left it (folded by the domain), so a
 * projection renders state rather than re-implementing the workflow. Writing a row must be an
 * upsert of everything it holds: applying an event twice then changes nothing.
 */
export interface Projection<Tables> {
  readonly name: string;
  readonly version: number;
  /** The events it reads (the runner subscribes with this filter). */
  readonly filter: EventFilter;
  /** Creates its tables (fresh tables per version, so a new version rebuilds beside the old one). */
  createTables(db: Kysely<Tables>): Promise<void>;
  apply(trx: Transaction<Tables>, event: RecordedEvent, agreement: AgreementState): Promise<void>;
}

/** `agreements@v1`: the checkpoint key of a projection version. */
export function projectionKey(projection: { name: string; version: number }): string {
  return `${projection.name}@v${projection.version}`;
}
