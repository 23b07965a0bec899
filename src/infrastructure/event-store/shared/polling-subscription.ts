import type { EventFilter, RecordedEvent, Subscription, SubscriptionMessage } from '../../../application/ports/event-store.port';
import { CommitSignal } from './commit-signal';
import { matchesFilter } from './event-filter';

/** Reads up to `limit` events of `$all` strictly after `after` (from the start when undefined). */
export type ReadAllAfter = (after: bigint | undefined, limit: number) => Promise<RecordedEvent[]> | RecordedEvent[];

export interface PollingSubscriptionOptions {
  readonly fromPosition?: bigint;
  readonly filter?: EventFilter;
  readonly pageSize?: number;
  /** Re-read even without a commit signal this often (another process may write the same file). */
  readonly idlePollMs?: number;
}

/**
 * A `$all` subscription for stores living in this process: it pages through history, reports
 * `caughtUp`, then sleeps until the store signals a commit and reads on from its last position.
 * Pull-based, so a slow consumer holds at most one page in memory.
 */
export class PollingSubscription implements Subscription {
  private closed = false;
  private readonly cancelled: Promise<void>;
  private cancel!: () => void;
  private iterated = false;

  constructor(
    private readonly readAfter: ReadAllAfter,
    private readonly signal: CommitSignal,
    private readonly options: PollingSubscriptionOptions = {},
  ) {
    this.cancelled = new Promise((resolve) => (this.cancel = resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancel();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    if (this.iterated) throw new Error('A subscription can be iterated only once');
    this.iterated = true;
    return this.messages();
  }

  private async *messages(): AsyncGenerator<SubscriptionMessage> {
    const pageSize = this.options.pageSize ?? 500;
    let last = this.options.fromPosition;
    let caughtUp = false;
    while (!this.closed) {
      const seen = this.signal.current;
      const page = await this.readAfter(last, pageSize);
      for (const event of page) {
        if (this.closed) return;
        last = event.position;
        if (matchesFilter(event.stream, event.type, this.options.filter)) yield { kind: 'event', event };
      }
      if (page.length < pageSize) {
        if (!caughtUp) {
          caughtUp = true;
          if (this.closed) return;
          yield { kind: 'caughtUp', position: last };
        }
        await this.signal.waitForCommit(seen, this.cancelled, this.options.idlePollMs);
      }
    }
  }
}
