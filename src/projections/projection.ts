import type { Kysely, Transaction } from 'kysely';
import type { AgreementState } from '../domain/agreements/agreement-decider';
import type { EventFilter, RecordedEvent } from '../application/ports/event-store.port';

/** One event of a batch, with the agreement as that event left it (folded by the domain). */
export interface ProjectedChange {
  readonly event: RecordedEvent;
  readonly agreement: AgreementState;
  /** The agreement just before this event (absent for its first): what the event changed, e.g. the steps it newly awaits. */
  readonly before?: AgreementState;
}

/**
 * What one read model writes for a batch of events. The runner calls `apply` inside the
 * transaction that also stores the checkpoint, with each event's agreement already folded, so a
 * projection renders state rather than re-implementing the workflow, and may write each row once
 * per batch. Writes must be upserts of everything a row holds: applying events twice changes nothing.
 */
export interface Projection<Tables> {
  readonly name: string;
  readonly version: number;
  /**
   * The logical names of its tables. Queries name these; the runner and readers run them against
   * the version's own tables (`<name>_v<version>`, see `withVersionedTables`).
   */
  readonly tables: readonly string[];
  /** The events it reads (the runner subscribes with this filter). */
  readonly filter: EventFilter;
  /** Creates its tables (fresh tables per version, so a new version rebuilds beside the old one). */
  createTables(db: Kysely<Tables>): Promise<void>;
  apply(trx: Transaction<Tables>, changes: readonly ProjectedChange[]): Promise<void>;
}

/** `agreements@v1`: the checkpoint key of a projection version. */
export function projectionKey(projection: { name: string; version: number }): string {
  return `${projection.name}@v${projection.version}`;
}
