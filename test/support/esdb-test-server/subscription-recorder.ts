import type { AllStreamSubscription, Position, RecordedEvent, StreamSubscription } from '@eventstore/db-client';

/** What a client subscription reported, in the order it reported it. */
export type Recorded =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'caughtUp' }
  | { readonly kind: 'checkpoint'; readonly position: Position };

/**
 * Records a real client subscription for the test server's own tests: events, `caughtUp` and
 * filter checkpoints in order, and how it ended. `until` waits for a condition with a bound so a
 * message that never comes fails the test instead of hanging it.
 */
export class SubscriptionRecorder {
  readonly items: Recorded[] = [];
  error: Error | undefined;
  ended = false;
  private readonly waiters = new Set<() => void>();

  /** Pass as a filter's `checkpointReached` (before the subscription exists). */
  readonly checkpointReached = (_subscription: unknown, position: Position): void => {
    this.record({ kind: 'checkpoint', position });
  };

  attach(subscription: AllStreamSubscription | StreamSubscription): this {
    subscription.on('data', (resolved: { event?: RecordedEvent }) => {
      if (resolved.event) this.record({ kind: 'event', event: resolved.event });
    });
    subscription.on('caughtUp', () => this.record({ kind: 'caughtUp' }));
    subscription.on('error', (error: Error) => {
      this.error = error;
      this.changed();
    });
    subscription.on('close', () => {
      this.ended = true;
      this.changed();
    });
    return this;
  }

  events(): RecordedEvent[] {
    return this.items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
  }

  /** Event types, with `caughtUp` and checkpoints as markers: a compact picture of the order. */
  timeline(): string[] {
    return this.items.map((item) => (item.kind === 'event' ? item.event.type : item.kind === 'caughtUp' ? '|caughtUp|' : '|checkpoint|'));
  }

  checkpoints(): Position[] {
    return this.items.flatMap((item) => (item.kind === 'checkpoint' ? [item.position] : []));
  }

  async until(condition: (recorder: this) => boolean, what: string, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; saw ${JSON.stringify(this.timeline())}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
  }

  private record(item: Recorded): void {
    this.items.push(item);
    this.changed();
  }

  private changed(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

export { eventually } from '../async';
