import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { defaultAllFilter, type EventFilter } from './event-filter';
import { compareTFPos, positionOf, tfPos, toWirePosition, type EventRecord, type TFPos } from './log-records';
import { caughtUpResponse, checkpointResponse, confirmationResponse, eventResponse } from './read-responses';
import type { ResponseWriter } from './response-writer';
import { RpcError } from './rpc-error';
import { DELETED_STREAM, InvalidPositionError, type TransactionLog } from './transaction-log';

/**
 * Catch-up subscriptions (`Streams.Read` with `subscription`), after v24.10's
 * `Services/Transport/Enumerators/Enumerator.AllSubscription.cs`, `…AllSubscriptionFiltered.cs`
 * and `…StreamSubscription.cs`: register for live events first, confirm, catch up from the
 * checkpoint in pages, send `caught_up`, then forward live events — skipping what was already
 * sent, and falling back to catch-up when the bounded live buffer dropped events.
 */

/** `Enumerator.ReadBatchSize`: the page size of catch-up reads, and the default filter search window. */
export const READ_BATCH_SIZE = 32;

/**
 * `Enumerator.MaxLiveEventBufferCount`: live events waiting to be forwarded beyond this many drop
 * the oldest (`BoundedChannelFullMode.DropOldest`); the gap sends the subscription back to catch-up,
 * after which it reports `caught_up` again. Here that happens when more than 32 events are written
 * before the subscription gets to forward them (one large append, or a client that reads slowly).
 */
export const MAX_LIVE_EVENT_BUFFER_COUNT = 32;

/** `int.MaxValue`: the search window of an unfiltered `$all` read. */
const UNLIMITED_WINDOW = 2_147_483_647;

type LiveItem =
  | { readonly sequence: number; readonly event: EventRecord; readonly checkpoint?: undefined }
  | { readonly sequence: number; readonly event?: undefined; readonly checkpoint: TFPos };

/** The live channel: numbered items, oldest dropped beyond the bound, awaited by one reader. */
class LiveBuffer {
  private readonly items: LiveItem[] = [];
  private sequence = 0;
  private closed = false;
  private wake: (() => void) | undefined;

  pushEvent(event: EventRecord): void {
    this.push({ sequence: ++this.sequence, event });
  }

  pushCheckpoint(checkpoint: TFPos): void {
    this.push({ sequence: ++this.sequence, checkpoint });
  }

  /** The next item, or undefined once closed. */
  async take(): Promise<LiveItem | undefined> {
    while (this.items.length === 0 && !this.closed) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.closed ? undefined : this.items.shift();
  }

  close(): void {
    this.closed = true;
    this.signal();
  }

  private push(item: LiveItem): void {
    if (this.closed) return;
    this.items.push(item);
    if (this.items.length > MAX_LIVE_EVENT_BUFFER_COUNT) this.items.shift();
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The open subscription calls of a server, so a test can drop them all or wait for them. */
export class SubscriptionRegistry {
  private readonly writers = new Set<ResponseWriter<ReadResp>>();

  track(writer: ResponseWriter<ReadResp>): void {
    this.writers.add(writer);
    writer.onClose(() => this.writers.delete(writer));
  }

  get count(): number {
    return this.writers.size;
  }

  /** Ends every open subscription with UNAVAILABLE, as a dropped connection or restarting node does for a client. */
  dropAll(): number {
    const writers = [...this.writers];
    for (const writer of writers) {
      writer.fail(new RpcError(status.UNAVAILABLE, 'Subscription dropped: the test server dropped its subscriptions'));
    }
    return writers.length;
  }
}

export interface AllSubscriptionFilter {
  readonly filter: EventFilter;
  /** `filter.max`, or `ReadBatchSize` when the client asked for `count`. */
  readonly maxSearchWindow: number;
  /** `checkpointIntervalMultiplier × maxSearchWindow`: events considered between checkpoints. */
  readonly checkpointInterval: number;
}

export interface AllSubscriptionOptions {
  readonly from: 'start' | 'end' | TFPos;
  readonly filter: AllSubscriptionFilter | undefined;
  readonly uuidAsString: boolean;
}

/** A subscription to `$all`, filtered (with checkpoints) or not. */
export class AllSubscription {
  private readonly live = new LiveBuffer();
  private checkpoint: TFPos = tfPos(-1n, -1n);
  private lastSequence = 0;
  private liveCounter = 0;
  /** `MoveNextAsync` de-duplication: last event and checkpoint positions actually sent, in wire form. */
  private lastSentEvent: TFPos | undefined;
  private lastSentCheckpoint: TFPos | undefined;

  constructor(
    private readonly log: TransactionLog,
    private readonly writer: ResponseWriter<ReadResp>,
    private readonly options: AllSubscriptionOptions,
  ) {}

  async run(): Promise<void> {
    // `SubscribeToLive` before confirming: nothing written from here on can be missed.
    const stopListening = this.log.onCommitted((records) => this.onCommitted(records));
    this.writer.onClose(() => {
      stopListening();
      this.live.close();
    });
    const confirmationLastPos = tfPos(this.log.lastIndexedPosition);
    try {
      if (!(await this.writer.send(confirmationResponse(randomUUID())))) return;
      const from = this.options.from;
      // `ConvertCheckpoint`: START = before the log, END = the last indexed record, else the given
      // position — exclusive: a subscription sends the events after it.
      this.checkpoint = from === 'start' ? tfPos(-1n, -1n) : from === 'end' ? confirmationLastPos : from;
      if (compareTFPos(this.checkpoint, confirmationLastPos) >= 0) await this.goLive();
      while (this.writer.isOpen) {
        await this.catchUp();
        if (!this.writer.isOpen) return;
        await this.goLive();
      }
    } catch (error) {
      this.writer.fail(error instanceof InvalidPositionError ? RpcError.invalidPosition() : error);
    }
  }

  /**
   * `SubscriptionsService.ProcessEventCommited`: allowed events go to the live buffer; a filtered
   * subscription also counts every committed event and, every `checkpointInterval` of them, gets a
   * checkpoint at that event (`ClientMessage.CheckpointReached`).
   */
  private onCommitted(records: readonly EventRecord[]): void {
    const filter = this.options.filter;
    for (const record of records) {
      if ((filter?.filter ?? defaultAllFilter).isEventAllowed(record)) this.live.pushEvent(record);
      if (!filter) continue;
      this.liveCounter++;
      if (this.liveCounter >= filter.checkpointInterval) {
        this.live.pushCheckpoint(positionOf(record));
        this.liveCounter = 0;
      }
    }
  }

  /** `CatchUp`: forward pages from the checkpoint until a page reaches the end of the log. */
  private async catchUp(): Promise<void> {
    const filter = this.options.filter;
    let counter = 0;
    // `ReadPage`: a checkpoint before the log reads from (0, 0).
    let from = this.checkpoint.commit < 0n ? tfPos(0n, 0n) : this.checkpoint;
    for (;;) {
      const page = filter
        ? this.log.readAllForwardPage(from, READ_BATCH_SIZE, filter.maxSearchWindow, filter.filter)
        : this.log.readAllForwardPage(from, READ_BATCH_SIZE, UNLIMITED_WINDOW, defaultAllFilter);
      for (const event of page.events) {
        const position = positionOf(event);
        // Only the first page can start at or before the checkpoint's own event.
        if (compareTFPos(position, this.checkpoint) <= 0) continue;
        if (!(await this.sendEvent(event))) return;
        this.checkpoint = position;
      }
      if (!filter) {
        // `ReadAllEventsForwardCompleted.IsEndOfStream`: fewer events than asked for.
        if (page.events.length < READ_BATCH_SIZE) return;
      } else {
        counter += page.considered;
        if (page.reachedEnd) {
          // "issue a checkpoint when going live". In v24 this is the last sent position as is: when
          // nothing matched from START it is (-1, -1), sent as ulong.MaxValue (fixed in v25.0, KDB-710).
          await this.sendCheckpoint(this.checkpoint);
          return;
        }
        if (counter >= filter.checkpointInterval) {
          counter %= filter.checkpointInterval;
          // The page's start position when it is further than the last event sent: (post-position, 0).
          if (compareTFPos(this.checkpoint, page.currentPos) < 0) this.checkpoint = page.currentPos;
          if (!(await this.sendCheckpoint(this.checkpoint))) return;
        }
      }
      from = page.nextPos;
    }
  }

  /** `GoLive`: `caught_up`, then live items after the checkpoint; returns on a gap (fell behind). */
  private async goLive(): Promise<void> {
    if (!(await this.writer.send(caughtUpResponse()))) return;
    for (;;) {
      const item = await this.live.take();
      if (item === undefined) return;
      const inSequence = item.sequence === this.lastSequence + 1;
      this.lastSequence = item.sequence;
      if (item.event && compareTFPos(positionOf(item.event), this.checkpoint) <= 0) continue;
      if (item.checkpoint && compareTFPos(item.checkpoint, this.checkpoint) < 0) continue;
      if (!inSequence) {
        // `fell_behind` is not sent to clients (`TryConvertReadResponse` maps it to null); a
        // filtered subscription sends a checkpoint before catching up again.
        if (this.options.filter) await this.sendCheckpoint(this.checkpoint);
        return;
      }
      if (item.event) {
        if (!(await this.sendEvent(item.event))) return;
        this.checkpoint = positionOf(item.event);
      } else {
        if (!(await this.sendCheckpoint(item.checkpoint))) return;
        this.checkpoint = item.checkpoint;
      }
    }
  }

  private async sendEvent(event: EventRecord): Promise<boolean> {
    const position = positionOf(event);
    if (this.lastSentEvent && compareTFPos(position, this.lastSentEvent) <= 0) return this.writer.isOpen;
    this.lastSentEvent = position;
    return this.writer.send(eventResponse(event, this.options.uuidAsString));
  }

  /** Skips a checkpoint not after the last one sent, compared as the client receives them (ulong). */
  private async sendCheckpoint(position: TFPos): Promise<boolean> {
    const wire = tfPos(toWirePosition(position.commit), toWirePosition(position.prepare));
    if (this.lastSentCheckpoint && compareTFPos(wire, this.lastSentCheckpoint) <= 0) return this.writer.isOpen;
    this.lastSentCheckpoint = wire;
    return this.writer.send(checkpointResponse(position));
  }
}

export interface StreamSubscriptionOptions {
  readonly stream: string;
  /** START, END, or a revision (exclusive: the events after it). */
  readonly from: 'start' | 'end' | bigint;
  readonly uuidAsString: boolean;
}

/** A subscription to one stream. */
export class StreamSubscription {
  private readonly live = new LiveBuffer();
  private checkpoint = -1n;
  private lastSequence = 0;
  private lastSent: bigint | undefined;

  constructor(
    private readonly log: TransactionLog,
    private readonly writer: ResponseWriter<ReadResp>,
    private readonly options: StreamSubscriptionOptions,
  ) {}

  async run(): Promise<void> {
    const stream = this.options.stream;
    try {
      // `SubscriptionsService.Handle(SubscribeToStream)`: a tombstoned stream is dropped with
      // `StreamDeleted` before anything is confirmed.
      if (this.log.lastEventNumber(stream) === DELETED_STREAM) throw RpcError.streamDeleted(stream);
      const stopListening = this.log.onCommitted((records) => {
        for (const record of records) if (record.stream === stream) this.live.pushEvent(record);
      });
      this.writer.onClose(() => {
        stopListening();
        this.live.close();
      });
      const confirmationLastEventNumber = this.log.lastEventNumber(stream);
      if (!(await this.writer.send(confirmationResponse(randomUUID())))) return;
      const from = this.options.from;
      this.checkpoint = from === 'start' ? -1n : from === 'end' ? confirmationLastEventNumber : from;
      if (this.checkpoint >= confirmationLastEventNumber) await this.goLive();
      while (this.writer.isOpen) {
        await this.catchUp();
        if (!this.writer.isOpen) return;
        await this.goLive();
      }
    } catch (error) {
      this.writer.fail(error);
    }
  }

  /** `CatchUp`: stream pages from checkpoint + 1; a missing stream has nothing to catch up on. */
  private async catchUp(): Promise<void> {
    for (;;) {
      const page = this.log.readStreamForwards(this.options.stream, this.checkpoint + 1n, BigInt(READ_BATCH_SIZE));
      if (page.result === 'stream-deleted') throw RpcError.streamDeleted(this.options.stream);
      if (page.result === 'no-stream') return;
      for (const event of page.events) {
        if (!(await this.sendEvent(event))) return;
        this.checkpoint = event.eventNumber;
      }
      if (page.events.length < READ_BATCH_SIZE) return;
    }
  }

  private async goLive(): Promise<void> {
    if (!(await this.writer.send(caughtUpResponse()))) return;
    for (;;) {
      const item = await this.live.take();
      if (item === undefined) return;
      const inSequence = item.sequence === this.lastSequence + 1;
      this.lastSequence = item.sequence;
      if (!item.event || item.event.eventNumber <= this.checkpoint) continue;
      if (!inSequence) return;
      if (!(await this.sendEvent(item.event))) return;
      this.checkpoint = item.event.eventNumber;
    }
  }

  /** Sends the event; after a tombstone's `$streamDeleted` the subscription ends with StreamDeleted. */
  private async sendEvent(event: EventRecord): Promise<boolean> {
    if (this.lastSent !== undefined && event.eventNumber <= this.lastSent) return this.writer.isOpen;
    this.lastSent = event.eventNumber;
    const sent = await this.writer.send(eventResponse(event, this.options.uuidAsString));
    if (event.type === '$streamDeleted') throw RpcError.streamDeleted(this.options.stream);
    return sent;
  }
}
