import {
  ErrorType,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Filter,
  type JSONEventType,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { status } from '@grpc/grpc-js';
import type { SealedEvent } from '../../../application/event-store/hash-chain';
import type { JsonObject } from '../../../application/event-store/json';
import {
  EventStoreUnavailableError,
  type ChainFields,
  type EventFilter,
  type RecordedEvent,
} from '../../../application/ports/event-store.port';

/**
 * A port position as an EventStoreDB `$all` position. Events appended over gRPC are implicit
 * transactions: each event's commit position is its own prepare position (its log offset), so one
 * bigint names an event exactly and the pair is always `{ commit: p, prepare: p }`.
 */
export function toEsdbPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** The port's recorded event from the client's; undefined for what is not an event of ours (system and link events). */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  if (event.streamId.startsWith('$') || event.type.startsWith('$')) return undefined;
  if (!event.position) throw new Error(`EventStoreDB sent ${event.streamId}@${event.revision} without its $all position`);
  return {
    id: event.id,
    stream: event.streamId,
    revision: event.revision,
    position: event.position.commit,
    type: event.type,
    data: event.data as JsonObject,
    metadata: (event.metadata ?? {}) as JsonObject & ChainFields,
    recordedAt: event.created,
  };
}

/**
 * The event as sent: JSON data, the envelope (with EventStoreDB's own `$correlationId` and
 * `$causationId` names, already in the envelope) as JSON metadata, and the caller's id, so that
 * EventStoreDB's idempotent append recognises a retry.
 */
export function toEventData(event: SealedEvent) {
  return jsonEvent<JSONEventType>({
    id: event.id.toLowerCase(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
}

/**
 * The server-side part of a port filter. EventStoreDB filters on one thing, stream name or event
 * type: streams by prefix when given, else event types by an exact-match regex, else it only
 * leaves out system events. The rest of the filter is applied on this side ({@link matchesFilter}).
 */
export function toServerFilter(filter: EventFilter | undefined): Filter {
  if (filter?.streamPrefixes && filter.streamPrefixes.length > 0) {
    return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  }
  if (filter?.eventTypes && filter.eventTypes.length > 0) {
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a client error means "the server could not be reached or answered in time" (worth
 * retrying). Most calls raise the client's own errors; its batch append passes the gRPC error
 * through as it is, so its status code counts too.
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) {
    return [ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.NOT_LEADER, ErrorType.CANCELLED].includes(
      error.type,
    );
  }
  // With a cluster connection string the client first asks the gossip seeds for the members; when
  // none answers (or no leader is elected yet) it throws a plain error after its attempts.
  if (/^Failed to discover after \d+ attempts/.test(error.message)) return true;
  const code = (error as { code?: unknown }).code;
  return code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED || code === status.CANCELLED;
}

/**
 * Whether a subscription error will come back however often it resubscribes: a position that is
 * not one of the store's, missing rights. The subscription then fails instead of retrying.
 */
export function isPermanentSubscriptionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error) && [ErrorType.INVALID_ARGUMENT, ErrorType.ACCESS_DENIED, ErrorType.NOT_FOUND].includes(error.type)) return true;
  // The client's errors keep the gRPC status code (an invalid position arrives as UnknownError).
  const code = (error as { code?: unknown }).code;
  return code === status.INVALID_ARGUMENT || code === status.PERMISSION_DENIED || code === status.UNAUTHENTICATED;
}

/** The port's error for an unreachable server; anything else passes through unchanged. */
export function translateClientError(error: unknown, doing: string): unknown {
  if (isUnavailable(error)) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable while ${doing}: ${(error as Error).message}`);
  }
  return error;
}
