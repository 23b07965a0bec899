import { GENESIS_HASH, sealEvents, type SealedEvent } from '../../../application/event-store/hash-chain';
import {
  AppendResult,
  DuplicateEventIdError,
  ExpectedRevision,
  InvalidAppendError,
  NewEvent,
  StreamRevisionConflictError,
} from '../../../application/ports/event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Chain fields are the store's to write: a caller who sends them is refused, not overridden. */
const RESERVED_METADATA = ['prevHash', 'hash'];

/**
 * Rejects a malformed append before it reaches storage, identically in every adapter.
 * Ids must be UUIDs because EventStoreDB requires them.
 */
export function assertValidAppend(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (typeof stream !== 'string' || stream.length === 0 || stream.startsWith('$')) {
    throw new InvalidAppendError(`Invalid stream name ${JSON.stringify(stream)}`);
  }
  // Checked on the value as such: `Array.isArray` on the typed list would leave its elements `any`.
  const list: unknown = events;
  if (!Array.isArray(list) || events.length === 0) {
    throw new InvalidAppendError('An append needs at least one event');
  }
  if (!(typeof expected === 'bigint' ? expected >= 0n : ['no_stream', 'stream_exists', 'any'].includes(expected))) {
    throw new InvalidAppendError(`Invalid expected revision ${String(expected)}`);
  }
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new InvalidAppendError(`Event id ${JSON.stringify(event.id)} is not a UUID`);
    }
    if (ids.has(event.id.toLowerCase())) throw new InvalidAppendError(`Event id ${event.id} appears twice`);
    ids.add(event.id.toLowerCase());
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidAppendError('Every event needs a type');
    }
    if (!isPlainObject(event.data) || !isPlainObject(event.metadata)) {
      throw new InvalidAppendError(`Event ${event.id}: data and metadata must be JSON objects`);
    }
    for (const key of RESERVED_METADATA) {
      if (key in event.metadata) throw new InvalidAppendError(`Event ${event.id}: metadata.${key} is set by the store`);
    }
  }
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws the port's conflict error unless the stream's actual revision satisfies `expected`. */
export function assertExpectedRevision(stream: string, expected: ExpectedRevision, actual: bigint | 'no_stream'): void {
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 'no_stream') ||
    (expected === 'stream_exists' && actual !== 'no_stream') ||
    (typeof expected === 'bigint' && actual === expected);
  if (!satisfied) throw new StreamRevisionConflictError(stream, expected, actual);
}

/** Where an already stored event with one of the appended ids sits. */
export interface StoredPlace {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
}

/**
 * Decides what the stored places of an append's event ids mean (EventStoreDB's idempotent write).
 * `found[i]` is where `events[i]` is already stored, or undefined.
 * - none stored: a new append, returns undefined;
 * - every id stored, in order, in this stream, at the revisions this append would have written
 *   them to: a retry, returns the first result (nothing is written again);
 * - anything else: the ids clash with other events, throws {@link DuplicateEventIdError}.
 */
export function resolveStoredIds(
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  found: readonly (StoredPlace | undefined)[],
): AppendResult | undefined {
  const first = found[0];
  if (!first) {
    const clash = found.findIndex((place) => place !== undefined);
    if (clash >= 0) throw new DuplicateEventIdError(events[clash].id, stream);
    return undefined;
  }
  const expectedFirst = expected === 'no_stream' ? 0n : typeof expected === 'bigint' ? expected + 1n : first.revision;
  found.forEach((place, index) => {
    const samePlace = place && place.stream === stream && place.revision === expectedFirst + BigInt(index);
    if (!samePlace) throw new DuplicateEventIdError(events[index].id, stream);
  });
  const last = found[found.length - 1]!;
  return { nextRevision: last.revision, position: last.position };
}

/** The last event of a stream, as far as chaining the next one needs. */
export interface StreamTail {
  readonly revision: bigint;
  readonly hash: string;
}

/** Seals an append after the stream's tail; content that is not JSON is the caller's error. */
export function sealAfterTail(stream: string, tail: StreamTail | undefined, events: readonly NewEvent[]): SealedEvent[] {
  try {
    return sealEvents(stream, tail ? tail.revision + 1n : 0n, tail ? tail.hash : GENESIS_HASH, events);
  } catch (error) {
    throw new InvalidAppendError(`Event content is not JSON: ${(error as Error).message}`);
  }
}
