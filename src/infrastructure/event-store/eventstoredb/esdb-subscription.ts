import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import type { EventFilter, Subscription, SubscriptionMessage } from '../../../application/ports/event-store.port';
import { matchesFilter } from '../shared/event-filter';
import { isPermanentSubscriptionError, toRecordedEvent } from './esdb-mapping';

/** Opens a client `$all` subscription strictly after `after` (from the start when undefined). */
export type OpenAllSubscription = (after: bigint | undefined) => AllStreamSubscription;

export interface SubscriptionLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface ResubscribingSubscriptionOptions {
  readonly fromPosition?: bigint;
  readonly filter?: EventFilter;
  /** First wait before resubscribing after a drop; doubles per failed attempt up to `maxRetryDelayMs`. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Events held for a slow consumer before the client subscription is paused (gRPC flow control then holds the server). */
  readonly highWaterMark?: number;
  readonly logger: SubscriptionLogger;
}

/**
 * A `$all` subscription that does not die silently. The client's catch-up subscription ends with
 * an error when the connection drops, the node restarts or leadership moves; this one then
 * resubscribes, with a growing delay, strictly after the last position it received (delivered or
 * filtered out), so the consumer sees neither a gap nor a repeat, followed by a new `caughtUp`.
 *
 * `caughtUp` comes from EventStoreDB's own caught-up message (v23.10+). The client reports it as
 * an emitter event that can overtake events still buffered in its stream; it is held back here
 * until exactly those buffered events have been passed on, so it keeps its place in the order.
 */
export class ResubscribingSubscription implements Subscription {
  private readonly queue: SubscriptionMessage[] = [];
  private wake: (() => void) | undefined;
  private current: AllStreamSubscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private lastPosition: bigint | undefined;
  private closed = false;
  private failure: Error | undefined;
  private iterated = false;
  private paused = false;

  constructor(
    private readonly open: OpenAllSubscription,
    private readonly options: ResubscribingSubscriptionOptions,
  ) {
    this.lastPosition = options.fromPosition;
    this.retryDelay = options.retryDelayMs ?? 100;
    this.connect();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    if (this.iterated) throw new Error('A subscription can be iterated only once');
    this.iterated = true;
    return { next: () => this.next(), return: async () => (await this.close(), { done: true, value: undefined }) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    const subscription = this.current;
    this.current = undefined;
    this.queue.length = 0;
    this.wake?.();
    if (subscription) await this.end(subscription);
  }

  private async next(): Promise<IteratorResult<SubscriptionMessage>> {
    for (;;) {
      const message = this.queue.shift();
      if (message) {
        if (this.paused && this.queue.length <= this.lowWaterMark) {
          this.paused = false;
          this.current?.resume();
        }
        return { done: false, value: message };
      }
      if (this.failure) throw this.failure;
      if (this.closed) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  private get highWaterMark(): number {
    return this.options.highWaterMark ?? 1000;
  }

  private get lowWaterMark(): number {
    return Math.floor(this.highWaterMark / 2);
  }

  private push(message: SubscriptionMessage): void {
    this.queue.push(message);
    this.wake?.();
    if (!this.paused && this.queue.length >= this.highWaterMark) {
      this.paused = true;
      this.current?.pause();
    }
  }

  private connect(): void {
    if (this.closed) return;
    const subscription = this.open(this.lastPosition);
    this.current = subscription;
    this.paused = false;
    let dropped = false;
    // Events the client had buffered when it reported caught-up: pass them on first.
    let beforeCaughtUp: number | undefined;
    const caughtUpReached = () => {
      beforeCaughtUp = undefined;
      this.retryDelay = this.options.retryDelayMs ?? 100;
      this.push({ kind: 'caughtUp', position: this.lastPosition });
    };

    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      if (dropped || this.closed) return;
      this.receive(resolved);
      if (beforeCaughtUp !== undefined && --beforeCaughtUp === 0) caughtUpReached();
    });
    subscription.on('caughtUp', () => {
      if (dropped || this.closed) return;
      const buffered = subscription.readableLength;
      if (buffered === 0) caughtUpReached();
      else beforeCaughtUp = buffered;
    });
    const drop = (reason: string) => {
      if (dropped || this.closed) return;
      dropped = true;
      subscription.removeAllListeners('data');
      void this.end(subscription);
      const delay = this.retryDelay;
      this.retryDelay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 5_000);
      this.options.logger.warn(
        `$all subscription dropped (${reason}); resubscribing after position ${String(this.lastPosition ?? 'start')} in ${delay} ms`,
      );
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
    subscription.on('error', (error: Error) => {
      if (!isPermanentSubscriptionError(error)) return drop(error.message);
      // Resubscribing would meet the same refusal for ever: fail the consumer instead (a projection
      // then stops with this reason and /health reports it).
      dropped = true;
      void this.end(subscription);
      this.failure = new Error(
        `the $all subscription after position ${String(this.lastPosition ?? 'start')} was refused: ${error.message}`,
      );
      this.closed = true;
      this.wake?.();
    });
    subscription.on('end', () => drop('the server ended it'));
    subscription.on('close', () => drop('the stream closed'));
  }

  private receive(resolved: AllStreamResolvedEvent): void {
    const position = resolved.event?.position.commit ?? resolved.commitPosition;
    if (position === undefined) return;
    // Never hand on anything at or before what was already received (a resubscription starts strictly after it).
    if (this.lastPosition !== undefined && position <= this.lastPosition) return;
    this.lastPosition = position;
    const event = toRecordedEvent(resolved);
    if (event && matchesFilter(event.stream, event.type, this.options.filter)) this.push({ kind: 'event', event });
  }

  private async end(subscription: AllStreamSubscription): Promise<void> {
    subscription.removeAllListeners('data');
    subscription.removeAllListeners('caughtUp');
    // Swallow what the cancelled call still reports.
    subscription.on('error', () => undefined);
    try {
      await subscription.unsubscribe();
    } catch {
      // Already gone with its connection.
    }
  }
}
