import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Which replica runs a projection. With SQLite there is one process, so it always leads; with
 * PostgreSQL and several replicas, {@link PostgresAdvisoryLock} makes exactly one the leader.
 */
export interface Leadership {
  /**
   * Resolves once this process leads (`stopped` if `release()` came first). `onLost` is called if
   * the lead is lost without `release()` (the lock's connection died): stop writing at once.
   */
  acquire(onLost?: () => void): Promise<'leading' | 'stopped'>;
  /** Gives the lead up (or stops waiting for it). */
  release(): Promise<void>;
}

export class AlwaysLeader implements Leadership {
  async acquire(): Promise<'leading'> {
    return 'leading';
  }

  async release(): Promise<void> {}
}

/**
 * A session-level advisory lock held on one dedicated connection for as long as this replica
 * leads. If the replica dies, its connection closes and PostgreSQL frees the lock; a standby
 * polling `pg_try_advisory_lock` then takes over and resumes from the projection's checkpoint.
 */
export class PostgresAdvisoryLock implements Leadership {
  private readonly lockId: bigint;
  private stopped = false;
  private releaseHeld: (() => void) | undefined;
  private held: Promise<void> | undefined;
  private wakeStandby: (() => void) | undefined;

  constructor(
    private readonly db: Kysely<unknown>,
    key: string,
    private readonly pollMs = 1_000,
  ) {
    // A stable signed 64-bit id from the projection key.
    this.lockId = createHash('sha256').update(`sepakat:${key}`).digest().readBigInt64BE(0);
  }

  acquire(onLost: () => void = () => {}): Promise<'leading' | 'stopped'> {
    this.stopped = false;
    return new Promise((resolveAcquire, rejectAcquire) => {
      const attempt = async (): Promise<void> => {
        while (!this.stopped) {
          let leading = false;
          this.held = this.db
            .connection()
            .execute(async (connection) => {
              const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${this.lockId}) as locked`.execute(connection);
              if (!rows[0]?.locked) return;
              leading = true;
              resolveAcquire('leading');
              await new Promise<void>((resolve) => (this.releaseHeld = resolve));
              await sql`select pg_advisory_unlock(${this.lockId})`.execute(connection);
            })
            .catch((error: unknown) => {
              if (!leading) rejectAcquire(error);
              else if (!this.stopped) onLost();
            });
          if (leading) return;
          await this.held;
          if (leading) return;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.pollMs);
            this.wakeStandby = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        resolveAcquire('stopped');
      };
      void attempt();
    });
  }

  async release(): Promise<void> {
    this.stopped = true;
    this.wakeStandby?.();
    this.releaseHeld?.();
    await this.held;
  }
}
