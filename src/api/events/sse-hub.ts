import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import { AgreementChanges, type AgreementChange, type ChangeBatches } from '../../application/read-models/agreement-changes';
import type { Actor } from '../../application/ports/token-verifier.port';
import { METRICS, type Metrics } from '../../application/ports/metrics.port';

/** The response side of an SSE stream: Node's `ServerResponse` (or any writable that reports drain and close). */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  /** Closes the connection without waiting for the client to read what is buffered. */
  destroy(): void;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

export interface SseOptions {
  /** A comment line this often keeps proxies from closing an idle stream. */
  readonly heartbeatMs: number;
  /** A client whose socket has not drained by then is dropped; it resumes with Last-Event-ID. */
  readonly slowClientMs: number;
  /** A client with more than this waiting to be written (its socket full) is dropped at once. */
  readonly maxQueuedBytes: number;
  /**
   * Changes this close together go out as one write per client: with a thousand dashboards, fewer
   * and larger writes keep the hub's work from taking the writers' CPU. It adds at most this much lag.
   */
  readonly coalesceMs: number;
}

export const SSE_DEFAULTS: SseOptions = { heartbeatMs: 15_000, slowClientMs: 10_000, maxQueuedBytes: 256 * 1024, coalesceMs: 25 };

/** Injection token of the hub's options (tests shorten the timings). */
export const SSE_OPTIONS = Symbol('SseOptions');

/** How a stream ended: the feed ended, the client went away, or the client was too slow and was dropped. */
export type SseEnd = 'feed-ended' | 'client-closed' | 'slow-client-dropped';

/** One change as it goes on the wire, rendered once for every client. */
export function sseFrame(change: AgreementChange): string {
  return `id: ${change.position}\nevent: ${change.kind}\ndata: ${JSON.stringify(change.agreement)}\n\n`;
}

/**
 * One client's stream. Frames are written as they come while its socket takes them; once the
 * socket is full they wait in a queue, and the client is dropped if the queue outgrows
 * `maxQueuedBytes` or the socket does not drain within `slowClientMs`. So a slow client holds a
 * bounded amount of memory and never holds up the hub, the other clients or the writers.
 */
class SseConnection {
  private readonly queue: string[] = [];
  private queuedBytes = 0;
  private waiting = false;
  private drainTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** While catching up from the log, live frames wait here (bounded like the queue). */
  private pending: string[] | undefined = [];
  private pendingBytes = 0;
  private resolveEnd!: (why: SseEnd) => void;
  private drainWaiters: Array<(ok: boolean) => void> = [];
  readonly ended = new Promise<SseEnd>((resolve) => (this.resolveEnd = resolve));
  /**
   * A client that resumes after a position the hub has not delivered yet (it came from a replica
   * further ahead) skips the live frames up to it.
   */
  skipThrough: bigint | undefined;

  constructor(
    readonly audience: string,
    private readonly sink: SseSink,
    private readonly options: SseOptions,
    private readonly onEnd: (connection: SseConnection) => void,
  ) {
    sink.on('close', this.onClose);
  }

  get open(): boolean {
    return !this.closed;
  }

  /** A live frame: written now, or held back while the client still catches up. */
  deliver(text: string): void {
    if (this.closed) return;
    if (this.pending) {
      this.pending.push(text);
      this.pendingBytes += text.length;
      if (this.pendingBytes > this.options.maxQueuedBytes) this.end('slow-client-dropped');
      return;
    }
    this.write(text);
  }

  /** Catch-up is over: the live frames held back follow. */
  goLive(): void {
    const held = this.pending ?? [];
    this.pending = undefined;
    this.pendingBytes = 0;
    if (held.length > 0) this.write(held.join(''));
  }

  write(text: string): void {
    if (this.closed) return;
    if (this.waiting) {
      this.queue.push(text);
      this.queuedBytes += text.length;
      if (this.queuedBytes > this.options.maxQueuedBytes) this.end('slow-client-dropped');
      return;
    }
    if (!this.sink.write(text)) {
      this.waiting = true;
      this.drainTimer = setTimeout(() => this.end('slow-client-dropped'), this.options.slowClientMs);
      this.sink.on('drain', this.onDrain);
    }
  }

  /** Resolves once what was written has drained (true), or the client was dropped or left (false). */
  drained(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (!this.waiting) return Promise.resolve(true);
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  heartbeat(): void {
    if (!this.waiting && !this.closed) this.write(': heartbeat\n\n');
  }

  end(why: SseEnd): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.drainTimer);
    this.sink.off('drain', this.onDrain);
    this.sink.off('close', this.onClose);
    this.queue.length = 0;
    this.pending = undefined;
    // A client too slow to read would never take what is buffered: end() would keep its socket open.
    if (why === 'slow-client-dropped') this.sink.destroy();
    else this.sink.end();
    for (const waiter of this.drainWaiters.splice(0)) waiter(false);
    this.onEnd(this);
    this.resolveEnd(why);
  }

  private readonly onDrain = () => {
    clearTimeout(this.drainTimer);
    this.sink.off('drain', this.onDrain);
    this.waiting = false;
    const text = this.queue.join('');
    this.queue.length = 0;
    this.queuedBytes = 0;
    if (text) this.write(text);
    if (!this.waiting) for (const waiter of this.drainWaiters.splice(0)) waiter(true);
  };

  private readonly onClose = () => this.end('client-closed');
}

/**
 * Server-Sent Events for every dashboard of this process from one feed: one subscription reads
 * each change once (one wait for the projection and one read of summaries per batch), each frame
 * is serialized once, and each batch is joined once per audience (all agreements, or one
 * agency's) and handed to that audience's clients. A client resuming from `Last-Event-ID` (or
 * behind the hub) first catches up from the log, its live frames held back meanwhile, so that it
 * gets every change once, in order. One heartbeat timer serves all clients. Each replica runs its
 * own hub; ids are event positions, the same on every replica.
 */
@Injectable()
export class SseHub implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('SseHub');
  private readonly connections = new Set<SseConnection>();
  private live: ChangeBatches | undefined;
  private running: Promise<void> | undefined;
  /** The last position the hub has delivered to its clients. */
  private published: bigint | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly options: SseOptions;

  constructor(
    private readonly changes: AgreementChanges,
    @Optional() @Inject(SSE_OPTIONS) options?: Partial<SseOptions>,
    @Optional() @Inject(METRICS) private readonly metrics?: Metrics,
  ) {
    this.options = { ...SSE_DEFAULTS, ...options };
  }

  private connected(connection: SseConnection): void {
    this.connections.add(connection);
    this.metrics?.sseClients(this.connections.size);
  }

  private disconnected(connection: SseConnection): void {
    this.connections.delete(connection);
    this.metrics?.sseClients(this.connections.size);
  }

  /** Clients connected now. */
  get clients(): number {
    return this.connections.size;
  }

  /**
   * Streams the changes `viewer` may see after `after` (the hub's present if undefined) to `sink`,
   * until the client leaves, is dropped, or the feed ends. Resolves with how it ended.
   */
  async serve(viewer: Actor, after: bigint | undefined, sink: SseSink): Promise<SseEnd> {
    this.start();
    const audience = this.changes.audienceOf(viewer);
    const from = after ?? this.published;
    // Read the hub's position and join its clients in one step: every live frame after `until`
    // reaches this client, every change up to it comes from the catch-up below.
    const until = this.published;
    const connection = new SseConnection(audience, sink, this.options, (ended) => this.disconnected(ended));
    this.connected(connection);
    connection.write(`retry: 2000\n: position ${from ?? 'start'}\n\n`);
    if (from !== undefined && (until === undefined || from > until)) connection.skipThrough = from;
    if (until !== undefined && (from === undefined || from < until)) await this.catchUp(connection, from, until);
    connection.goLive();
    if (!this.running) connection.end('feed-ended');
    return connection.ended;
  }

  private async catchUp(connection: SseConnection, from: bigint | undefined, until: bigint): Promise<void> {
    const batches = this.changes.batches(from, until);
    try {
      for await (const batch of batches) {
        if (!connection.open) break;
        const frames = batch.filter((change) => this.changes.reaches(connection.audience, change)).map(sseFrame);
        if (frames.length > 0) {
          connection.write(frames.join(''));
          this.metrics?.sseFramesSent(frames.length);
        }
        if (!(await connection.drained())) break;
      }
    } catch (error) {
      this.logger.warn(`a client's catch-up failed: ${(error as Error).message}`);
      connection.end('feed-ended');
    } finally {
      await batches.close();
    }
  }

  /** Starts the one live feed, from the projection's present, with the first client. */
  private start(): void {
    if (this.running) return;
    this.published = this.changes.currentPosition();
    const live = this.changes.batches(this.published, undefined, { coalesceMs: this.options.coalesceMs });
    this.live = live;
    this.heartbeatTimer = setInterval(() => {
      for (const connection of this.connections) connection.heartbeat();
    }, this.options.heartbeatMs);
    this.heartbeatTimer.unref();
    this.running = this.run(live);
  }

  private async run(live: ChangeBatches): Promise<void> {
    try {
      for await (const batch of live) {
        this.published = batch[batch.length - 1].position;
        this.fanOut(batch);
      }
    } catch (error) {
      this.logger.warn(`the live feed stopped: ${(error as Error).message}`);
    } finally {
      // The feed ended (a stuck projection, the store gone): every client reconnects, and is
      // answered as every read is (503 while stuck); the next client starts a new feed.
      clearInterval(this.heartbeatTimer);
      this.live = undefined;
      this.running = undefined;
      for (const connection of [...this.connections]) connection.end('feed-ended');
    }
  }

  /** Renders each frame once and each audience's share of the batch once, then hands it to that audience's clients. */
  private fanOut(batch: readonly AgreementChange[]): void {
    if (this.connections.size === 0) return;
    const frames = batch.map((change) => ({ change, text: sseFrame(change) }));
    const byAudience = new Map<string, { text: string; count: number }>();
    let sent = 0;
    const last = batch[batch.length - 1].position;
    for (const connection of this.connections) {
      const skip = connection.skipThrough;
      if (skip !== undefined) {
        if (last >= skip) connection.skipThrough = undefined;
        const own = frames.filter(({ change }) => change.position > skip && this.changes.reaches(connection.audience, change));
        if (own.length > 0) connection.deliver(own.map((frame) => frame.text).join(''));
        sent += own.length;
        continue;
      }
      let share = byAudience.get(connection.audience);
      if (share === undefined) {
        const reaching = frames.filter(({ change }) => this.changes.reaches(connection.audience, change));
        share = { text: reaching.map((frame) => frame.text).join(''), count: reaching.length };
        byAudience.set(connection.audience, share);
      }
      if (share.count > 0) connection.deliver(share.text);
      sent += share.count;
    }
    if (sent > 0) this.metrics?.sseFramesSent(sent);
  }

  /**
   * Ends every client's stream now (a replica leaving the balancer before it stops). Each client
   * reconnects with the id of the last change it got, here or on another replica, and misses nothing.
   */
  disconnectAll(): number {
    const ended = this.connections.size;
    // (Each connection's end removes it, through `disconnected`.)
    for (const connection of [...this.connections]) connection.end('feed-ended');
    return ended;
  }

  /** Before the HTTP server closes (it waits for open connections): every stream ends, its client reconnects elsewhere. */
  beforeApplicationShutdown(): void {
    this.disconnectAll();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.live?.close();
    await this.running;
    for (const connection of [...this.connections]) connection.end('feed-ended');
  }
}
