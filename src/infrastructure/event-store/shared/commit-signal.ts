/**
 * Wakes subscriptions when a store has committed something. A waiter passes the sequence it last
 * saw, so a commit that lands between its read and its wait is never missed.
 */
export class CommitSignal {
  private sequence = 0;
  private waiters = new Set<() => void>();

  get current(): number {
    return this.sequence;
  }

  notify(): void {
    this.sequence += 1;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /**
   * Resolves when a commit after `seenSequence` happened, when `timeoutMs` passed (a fallback for
   * writers this process cannot hear, such as another process on the same SQLite file), or when
   * `cancelled` resolves.
   */
  async waitForCommit(seenSequence: number, cancelled: Promise<void>, timeoutMs?: number): Promise<void> {
    if (this.sequence !== seenSequence) return;
    let wake!: () => void;
    const committed = new Promise<void>((resolve) => {
      wake = resolve;
      this.waiters.add(resolve);
    });
    const timer = timeoutMs === undefined ? undefined : setTimeout(wake, timeoutMs);
    try {
      await Promise.race([committed, cancelled]);
    } finally {
      if (timer) clearTimeout(timer);
      this.waiters.delete(wake);
    }
  }
}
