import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../../../application/ports/event-store.port';
import type { JsonObject } from '../../../application/event-store/json';
import { assertExpectedRevision, assertValidAppend, resolveStoredIds, sealAfterTail } from '../shared/append-rules';
import { CommitSignal } from '../shared/commit-signal';
import { deepFreeze } from '../shared/deep-freeze';
import { matchesFilter } from '../shared/event-filter';
import { PollingSubscription } from '../shared/polling-subscription';

/**
 * Keeps events in this process only: for tests and throw-away demos. Positions start at 1.
 * Data is copied through JSON on the way in, exactly as a durable store would, and frozen.
 */
export class MemoryEventStore implements EventStore {
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async append(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    assertValidAppend(stream, events, options.expectedRevision);
    const found = events.map((event) => this.byId.get(event.id.toLowerCase()));
    const retried = resolveStoredIds(stream, events, options.expectedRevision, found);
    if (retried) return retried;
    const streamEvents = this.streams.get(stream) ?? [];
    const tail = streamEvents[streamEvents.length - 1];
    assertExpectedRevision(stream, options.expectedRevision, tail ? tail.revision : 'no_stream');
    const sealed = sealAfterTail(stream, tail && { revision: tail.revision, hash: tail.metadata.hash }, events);
    const recordedAt = this.now();
    for (const event of sealed) {
      const recorded: RecordedEvent = deepFreeze({
        id: event.id.toLowerCase(),
        stream,
        revision: event.revision,
        position: BigInt(this.all.length + 1),
        type: event.type,
        data: jsonCopy(event.data),
        metadata: jsonCopy(event.metadata),
        recordedAt: new Date(recordedAt.getTime()),
      });
      this.all.push(recorded);
      streamEvents.push(recorded);
      this.byId.set(event.id.toLowerCase(), recorded);
    }
    this.streams.set(stream, streamEvents);
    this.signal.notify();
    const last = streamEvents[streamEvents.length - 1];
    return { nextRevision: last.revision, position: last.position };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const events = this.streams.get(stream) ?? [];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? BigInt(events.length - 1) : 0n);
    yield* take(
      backwards ? events.filter((e) => e.revision <= from).reverse() : events.filter((e) => e.revision >= from),
      options.maxCount,
    );
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition;
    const inRange = this.all.filter((e) => from === undefined || (backwards ? e.position <= from : e.position >= from));
    const matching = inRange.filter((e) => matchesFilter(e.stream, e.type, options.filter));
    yield* take(backwards ? matching.reverse() : matching, options.maxCount);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const subscription = new PollingSubscription(
      (after, limit) => {
        const start = after === undefined ? 0 : Number(after);
        return this.all.slice(start, start + limit);
      },
      this.signal,
      options,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }
}

function take<T>(items: T[], maxCount: number | undefined): T[] {
  return maxCount === undefined ? items : items.slice(0, Math.max(0, maxCount));
}

/** What a durable store would hand back: the value after a trip through JSON text. */
function jsonCopy<T extends JsonObject>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
