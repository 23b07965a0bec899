import type { Actor } from '../../domain/access/actor';
import type { JsonObject } from './json';

export type { Actor };

export interface WorkflowRef {
  readonly name: string;
  readonly version: number;
}

/**
 * Metadata of every stored event, before the store adds `prevHash`/`hash`. The `$`-prefixed
 * names are EventStoreDB's own, so its UI and projections follow correlation chains.
 */
export type EventEnvelope = JsonObject & {
  $correlationId: string;
  $causationId: string;
  commandId: string;
  actor: JsonObject & {
    id: string;
    name: string;
    agencyId: string;
    roles: string[];
    onBehalfOf?: string;
  };
  workflow: JsonObject & { name: string; version: number };
  schemaVersion: number;
  /** Business time, ISO-8601: when the command was accepted by the service's clock. */
  occurredAt: string;
  /**
   * Of a command sent with an `Idempotency-Key`: `sha256:<hex>` of the canonical JSON of its
   * validated input, so that a retry with another body is told apart (inside the hash chain, so
   * it cannot be changed unseen). Absent on commands without a key, and on those stored before
   * the field existed.
   */
  requestFingerprint?: string;
};

export interface EnvelopeInput {
  readonly commandId: string;
  /** Default: the command id (the command starts a new conversation). */
  readonly correlationId?: string;
  /** Default: the command id (the command caused the event). */
  readonly causationId?: string;
  readonly actor: Actor;
  readonly workflow: WorkflowRef;
  readonly schemaVersion?: number;
  readonly occurredAt: Date;
  readonly requestFingerprint?: string;
}

/**
 * Builds the envelope of the events one command produces: the one place where metadata is made,
 * whatever store follows. Only the listed actor fields are copied, so nothing else from a caller
 * can ride along.
 */
export function buildEventEnvelope(input: EnvelopeInput): EventEnvelope {
  const { actor } = input;
  if (Number.isNaN(input.occurredAt.getTime())) throw new RangeError('occurredAt is not a valid date');
  return {
    $correlationId: input.correlationId ?? input.commandId,
    $causationId: input.causationId ?? input.commandId,
    commandId: input.commandId,
    actor: {
      id: actor.id,
      name: actor.name,
      agencyId: actor.agencyId,
      roles: [...actor.roles],
      ...(actor.onBehalfOf === undefined ? {} : { onBehalfOf: actor.onBehalfOf }),
    },
    workflow: { name: input.workflow.name, version: input.workflow.version },
    schemaVersion: input.schemaVersion ?? 1,
    occurredAt: input.occurredAt.toISOString(),
    ...(input.requestFingerprint === undefined ? {} : { requestFingerprint: input.requestFingerprint }),
  };
}
