import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../../../application/ports/event-store.port';
import { StreamRevisionConflictError } from '../../../application/ports/event-store.port';
import { assertValidAppend, sealAfterTail } from '../shared/append-rules';
import { matchesFilter } from '../shared/event-filter';
import { toEsdbPosition, toEventData, toRecordedEvent, toServerFilter, translateClientError } from './esdb-mapping';
import { ResubscribingSubscription, type SubscriptionLogger } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false` (single node) or `esdb://n1:2113,n2:2113,n3:2113?nodePreference=leader` (cluster). */
  readonly connectionString: string;
  readonly logger?: SubscriptionLogger;
  /** First delay before a dropped subscription resubscribes (doubles up to 5 s). */
  readonly resubscribeDelayMs?: number;
}

/** Events per read call: pages are consumed whole, so a consumer that stops early leaves no call open. */
const PAGE_SIZE = 500;

/** How often an append with `any` / `stream_exists` re-reads the tail when another writer moved it first. */
const MAX_TAIL_RACES = 20;

/**
 * The EventStoreDB adapter: the only code that imports `@eventstore/db-client`.
 *
 * EventStoreDB keeps the events; this adapter keeps the port's promises on top of it:
 * - every event is sealed into its stream's hash chain. Sealing needs the previous event's hash, so
 *   an append reads the stream's tail and then appends with that exact revision: a chain can never
 *   fork, whatever the caller's expected revision (`any` re-reads and retries when it races);
 * - a retry with the same event ids is answered by EventStoreDB's idempotent append (the ids are
 *   passed through) when it names the original expected revision, and by comparing the stream's
 *   last events' ids when it says `any` / `stream_exists`;
 * - revisions are 0-based (EventStoreDB's own); positions are `$all` commit positions;
 * - `$all` reads leave out system events (streams and types starting with `$`); subscriptions
 *   filter on the server and resubscribe by themselves after a drop ({@link ResubscribingSubscription}).
 *
 * Where EventStoreDB differs, the contract suite says so: an event id is not refused when it was
 * used elsewhere (EventStoreDB only checks ids for retries), and a retry with `any` after later
 * appends is written again.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<Subscription>();
  private readonly turns = new Map<string, Promise<void>>();
  private readonly logger: SubscriptionLogger;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.logger = options.logger ?? { log: () => undefined, warn: (message) => process.emitWarning(message) };
  }

  async append(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const expected = options.expectedRevision;
    assertValidAppend(stream, events, expected);
    // An exact expectation is answered once: a moved tail is the caller's conflict.
    if (typeof expected === 'bigint' || expected === 'no_stream') return this.appendOnce(stream, events, expected);
    // `any` and `stream_exists` retry when another writer moved the tail first. Within this process
    // they take turns per stream (a busy stream such as `audit-reads` would otherwise make them race
    // each other); against other processes they back off with jitter.
    return this.inTurn(stream, async () => {
      for (let race = 1; ; race += 1) {
        const outcome = await this.appendOnce(stream, events, expected);
        if (outcome !== 'tail-moved') return outcome;
        if (race >= MAX_TAIL_RACES) {
          const tail = await this.lastEvents(stream, 1);
          throw new StreamRevisionConflictError(stream, expected, tail[0]?.revision ?? 'no_stream');
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * race));
      }
    });
  }

  /** Runs `work` after the previous turn on the same stream has finished. */
  private async inTurn<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(stream) ?? Promise.resolve();
    const mine = previous.then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(stream, settled);
    try {
      return await mine;
    } finally {
      if (this.turns.get(stream) === settled) this.turns.delete(stream);
    }
  }

  /** One attempt. Only `any` and `stream_exists` answer `'tail-moved'` (to be retried); exact expectations throw the conflict. */
  private appendOnce(stream: string, events: readonly NewEvent[], expected: bigint | 'no_stream'): Promise<AppendResult>;
  private appendOnce(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult | 'tail-moved'>;
  private async appendOnce(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult | 'tail-moved'> {
    // A new stream chains from the genesis hash: no need to read it. If it exists after all,
    // EventStoreDB answers a retry of its first append, or refuses; nothing is written either way.
    const latest = expected === 'no_stream' ? [] : await this.lastEvents(stream, events.length);
    const tail = latest[0];
    let previous: RecordedEvent | undefined;
    let wireRevision: AppendExpectedRevision;
    if (expected === 'no_stream') {
      wireRevision = NO_STREAM;
    } else if (typeof expected === 'bigint') {
      if (!tail || tail.revision < expected) throw new StreamRevisionConflictError(stream, expected, tail?.revision ?? 'no_stream');
      // Behind the tail only a retry of the same ids can succeed; chain onto the named event all the same.
      previous = tail.revision === expected ? tail : await this.eventAt(stream, expected);
      wireRevision = expected;
    } else {
      if (!tail && expected === 'stream_exists') throw new StreamRevisionConflictError(stream, expected, 'no_stream');
      if (tail && isRetryOf(latest, events)) return { nextRevision: tail.revision, position: tail.position };
      previous = tail;
      wireRevision = tail ? tail.revision : NO_STREAM;
    }
    const sealed = sealAfterTail(stream, previous && { revision: previous.revision, hash: previous.metadata.hash }, events);
    try {
      const result = await this.client.appendToStream(stream, sealed.map(toEventData), { expectedRevision: wireRevision });
      const position = result.position?.commit ?? (await this.eventAt(stream, result.nextExpectedRevision))?.position;
      if (position === undefined)
        throw new Error(`EventStoreDB acknowledged ${stream}@${result.nextExpectedRevision}, which cannot be read back`);
      return { nextRevision: result.nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        if (expected === 'any' || expected === 'stream_exists') return 'tail-moved';
        throw new StreamRevisionConflictError(stream, expected, error.actualVersion);
      }
      throw translateClientError(error, `appending to ${stream}`);
    }
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return this.readStreamFrom(stream, options, false);
  }

  /** `leader`: read from the cluster's leader (the tail an append chains onto must be the newest). */
  private async *readStreamFrom(stream: string, options: ReadStreamOptions, leader: boolean): AsyncIterable<RecordedEvent> {
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    const backwards = options.direction === 'backwards';
    let from: ReadRevision = options.fromRevision ?? (backwards ? END : START);
    while (remaining > 0) {
      const wanted = Math.min(remaining, PAGE_SIZE);
      const page = await this.page(`reading ${stream}`, () =>
        this.client.readStream(stream, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision: from,
          maxCount: wanted,
          ...(leader ? { requiresLeader: true } : {}),
        }),
      );
      for (const resolved of page) {
        const event = toRecordedEvent(resolved);
        if (event) yield event;
      }
      remaining -= page.length;
      const last = page[page.length - 1]?.event?.revision;
      if (page.length < wanted || last === undefined || (backwards && last === 0n)) return;
      from = backwards ? last - 1n : last + 1n;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    const backwards = options.direction === 'backwards';
    const wanted = (event: RecordedEvent | undefined): event is RecordedEvent =>
      event !== undefined && matchesFilter(event.stream, event.type, options.filter);
    let from: ReadPosition = options.fromPosition === undefined ? (backwards ? END : START) : toEsdbPosition(options.fromPosition);
    // Forwards, a read from a position includes it (the next page re-reads the last event and skips
    // it). Backwards, EventStoreDB reads strictly before the position (ReadAllEventsBackward starts
    // at the record ending there): the port's read includes it, so a backwards read from a position
    // looks the event at the position up first, and the next page goes on before the last one.
    let skip: bigint | undefined;
    if (backwards && options.fromPosition !== undefined) {
      const [at] = await this.page('reading $all', () => this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: 1 }));
      const event = at?.event?.position.commit === options.fromPosition ? toRecordedEvent(at) : undefined;
      if (wanted(event)) {
        yield event;
        remaining -= 1;
      }
    }
    // The client's readAll has no filter (subscriptions filter on the server), so pages are read
    // whole and filtered here. A small maxCount (the health check's 1) reads a small page.
    const pageSize = Math.min(PAGE_SIZE, options.filter ? PAGE_SIZE : remaining + 32);
    while (remaining > 0) {
      const page = await this.page('reading $all', () =>
        this.client.readAll({
          direction: backwards ? BACKWARDS : FORWARDS,
          fromPosition: from,
          maxCount: pageSize + (skip === undefined ? 0 : 1),
        }),
      );
      for (const resolved of page) {
        const position = resolved.event?.position.commit;
        if (skip !== undefined && position === skip) continue;
        const event = toRecordedEvent(resolved);
        if (!wanted(event)) continue;
        yield event;
        remaining -= 1;
        if (remaining <= 0) return;
      }
      const last = page[page.length - 1]?.event?.position;
      if (page.length < pageSize || last === undefined) return;
      from = last;
      skip = backwards ? undefined : last.commit;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const filter = toServerFilter(options.filter);
    const subscription = new ResubscribingSubscription(
      (after) => this.client.subscribeToAll({ fromPosition: after === undefined ? START : toEsdbPosition(after), filter }),
      {
        ...(options.fromPosition === undefined ? {} : { fromPosition: options.fromPosition }),
        ...(options.filter === undefined ? {} : { filter: options.filter }),
        ...(this.options.resubscribeDelayMs === undefined ? {} : { retryDelayMs: this.options.resubscribeDelayMs }),
        logger: this.logger,
      },
    );
    this.subscriptions.add(subscription);
    return {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        this.subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    // The client waits for every call it opened to finish; do not let one stuck call hold shutdown.
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), 5_000)));
    if ((await Promise.race([this.client.dispose(), stuck])) === 'stuck')
      this.logger.warn('EventStoreDB client calls still open after 5 s; closing anyway');
    clearTimeout(timer);
  }

  /** The stream's last `count` events, newest first (empty when the stream does not exist). */
  private async lastEvents(stream: string, count: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.readStreamFrom(stream, { direction: 'backwards', maxCount: count }, true)) events.push(event);
    return events;
  }

  private async eventAt(stream: string, revision: bigint): Promise<RecordedEvent | undefined> {
    for await (const event of this.readStreamFrom(stream, { fromRevision: revision, maxCount: 1 }, true)) {
      return event.revision === revision ? event : undefined;
    }
    return undefined;
  }

  /**
   * One bounded read, consumed to its end before anything is handed on. (A client read left
   * half-consumed keeps its gRPC call open, and `client.dispose()` then waits for it for ever.)
   * A missing stream reads as an empty page.
   */
  private async page<E>(doing: string, read: () => AsyncIterable<E>): Promise<E[]> {
    const page: E[] = [];
    try {
      for await (const resolved of read()) page.push(resolved);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw translateClientError(error, doing);
    }
    return page;
  }
}

/** Whether the stream ends with exactly these events (newest first in `latest`): a retried append. */
function isRetryOf(latest: readonly RecordedEvent[], events: readonly NewEvent[]): boolean {
  if (latest.length !== events.length) return false;
  return events.every((event, index) => latest[latest.length - 1 - index].id === event.id.toLowerCase());
}
