import type { Subscription, SubscriptionMessage } from '../../src/application/ports/event-store.port';
import { within } from './async';

/**
 * Reads a subscription in the background and lets a test wait for the next messages, with a bound
 * so a message that never comes fails the test instead of hanging it.
 */
export class SubscriptionProbe {
  private readonly buffered: SubscriptionMessage[] = [];
  private wake: (() => void) | undefined;
  private finished = false;
  readonly done: Promise<void>;

  constructor(readonly subscription: Subscription) {
    this.done = (async () => {
      try {
        for await (const message of subscription) {
          this.buffered.push(message);
          this.wake?.();
        }
      } finally {
        this.finished = true;
        this.wake?.();
      }
    })();
  }

  /** The next `count` messages. */
  async take(count: number, timeoutMs = 5000): Promise<SubscriptionMessage[]> {
    const wait = async (): Promise<SubscriptionMessage[]> => {
      while (this.buffered.length < count) {
        if (this.finished) throw new Error(`Subscription ended after ${this.buffered.length} of ${count} messages`);
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      return this.buffered.splice(0, count);
    };
    return within(wait(), timeoutMs, `${count} subscription messages`);
  }

  /** Messages read but not yet taken. */
  pending(): SubscriptionMessage[] {
    return [...this.buffered];
  }

  async close(): Promise<void> {
    await this.subscription.close();
    await within(this.done, 5000, 'the subscription to end after close()');
  }
}
