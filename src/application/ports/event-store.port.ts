import type { JsonObject } from '../event-store/json';

/**
 * Injection token of the {@link EventStore} port. Nest resolves it to the adapter chosen by
 * `EVENT_STORE` (memory, SQLite, EventStoreDB).
 */
export const EVENT_STORE = Symbol('EventStore');

/**
 * What the caller believes about the stream before appending, with EventStoreDB's meaning:
 * - a bigint: the revision of the stream's last event must be exactly this (0-based);
 * - `'no_stream'`: the stream must not exist yet;
 * - `'stream_exists'`: the stream must already hold at least one event;
 * - `'any'`: no check.
 */
export type ExpectedRevision = bigint | 'no_stream' | 'stream_exists' | 'any';

/** The metadata fields the store itself writes when it seals an event into the stream's hash chain. */
export interface ChainFields {
  /** Hash of the previous event in the same stream; {@link GENESIS_HASH} for revision 0. */
  prevHash: string;
  /** sha256 over `prevHash ‖ canonical JSON { stream, revision, type, data, metadata without hash }`. */
  hash: string;
}

/** An event about to be appended. `metadata` is the envelope; the store adds the chain fields. */
export interface NewEvent {
  /** UUID. Appending the same id again at the same place is an idempotent no-op. */
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** An event as stored. Revisions are 0-based per stream; positions grow across all streams. */
export interface RecordedEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject & ChainFields;
  /** When the store committed the event (server time, not business time). */
  readonly recordedAt: Date;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event written: pass it as `expectedRevision` for the next append. */
  readonly nextRevision: bigint;
  /** Global position of the last event written (`X-Event-Position`). */
  readonly position: bigint;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Default: the first revision forwards, the last one backwards. */
  readonly fromRevision?: bigint;
  readonly direction?: ReadDirection;
  readonly maxCount?: number;
}

/** Events match when every given list matches (lists are alternatives within themselves). */
export interface EventFilter {
  readonly streamPrefixes?: readonly string[];
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Inclusive, like EventStoreDB's `readAll`. Default: the start forwards, the end backwards. */
  readonly fromPosition?: bigint;
  readonly direction?: ReadDirection;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive: a checkpoint. Delivery starts with the first event after it. Default: the start. */
  readonly fromPosition?: bigint;
  readonly filter?: EventFilter;
}

/**
 * What a subscription yields: events in `$all` order, and `caughtUp` once the historical events
 * are delivered and the subscription is live (again after a resubscription). `position` is the
 * last position the subscription has looked at, matching the filter or not, so a consumer may
 * checkpoint it.
 */
export type SubscriptionMessage =
  { readonly kind: 'event'; readonly event: RecordedEvent } | { readonly kind: 'caughtUp'; readonly position: bigint | undefined };

/** A live `$all` subscription. Iterate it once; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

/**
 * The write side's storage. Every adapter (memory, SQLite, EventStoreDB) passes
 * `test/contract/event-store.contract.ts` and so behaves identically:
 * - appends are atomic per call and checked against `expectedRevision`
 *   ({@link StreamRevisionConflictError} otherwise);
 * - every event is sealed into its stream's hash chain (`prevHash`, `hash`) by the store;
 * - an event id is unique in the store: the same ids appended again at the same place return the
 *   first result without writing ({@link DuplicateEventIdError} anywhere else);
 * - an acknowledged append is durable as far as the adapter's durability setting promises.
 */
export interface EventStore {
  append(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** A missing stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** Finishes pending appends, ends subscriptions and releases the storage. */
  close(): Promise<void>;
}

/** The stream's actual revision did not match `expectedRevision`; nothing was written. */
export class StreamRevisionConflictError extends Error {
  override readonly name = 'StreamRevisionConflictError';
  constructor(
    readonly stream: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: bigint | 'no_stream',
  ) {
    super(`Stream ${stream}: expected revision ${String(expectedRevision)}, actual ${String(actualRevision)}`);
  }
}

/** An event id that already exists somewhere other than the place this append would put it. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly eventId: string,
    readonly stream: string,
  ) {
    super(`Event id ${eventId} already exists elsewhere than this append to ${stream} would put it`);
  }
}

/**
 * The store cannot be reached right now (EventStoreDB down, no leader elected yet). Nothing is
 * known to be written; the caller may retry (the HTTP layer answers 503 with Retry-After).
 */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  readonly kind = 'not-ready' as const;
}

/** The append itself is malformed (no events, bad id, reserved metadata); nothing was written. */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}
