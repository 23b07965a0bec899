import { createHash } from 'node:crypto';
import { Client } from 'pg';

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

/** Where the lock is taken: the read models' PostgreSQL and schema (two deployments may share a database). */
export interface PostgresLockTarget {
  readonly url: string;
  readonly schema?: string;
}

export interface PostgresAdvisoryLockOptions {
  /** How often a standby tries to take the lock. */
  readonly pollMs?: number;
  /** How often the leader checks that its lock connection is alive. */
  readonly heartbeatMs?: number;
  readonly logger?: { warn(message: string): void };
}

/**
 * A session-level advisory lock held on a connection of its own (not one of the pool's) for as
 * long as this replica leads. If the replica dies, its connection closes and PostgreSQL frees the
 * lock; a standby polling `pg_try_advisory_lock` then takes over and resumes from the projection's
 * checkpoint. If the lock's connection breaks (PostgreSQL restarted, the network went), `onLost`
 * is called at once, and a heartbeat notices a connection that died silently; the runner's
 * checkpoint compare-and-set keeps a former leader's last batch out in any case.
 */
export class PostgresAdvisoryLock implements Leadership {
  private readonly lockId: bigint;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private stopped = false;
  private held: { client: Client; heartbeat: NodeJS.Timeout } | undefined;
  private wakeStandby: (() => void) | undefined;
  /** The standby's polling, while `acquire()` runs: `release()` waits for it to close its connection. */
  private standingBy: Promise<'leading' | 'stopped'> | undefined;
  private warned = false;

  constructor(
    private readonly target: PostgresLockTarget,
    key: string,
    private readonly options: PostgresAdvisoryLockOptions = {},
  ) {
    // A stable signed 64-bit id from the schema and the projection key: advisory locks are per database.
    this.lockId = createHash('sha256')
      .update(`sepakat:${target.schema ?? 'public'}:${key}`)
      .digest()
      .readBigInt64BE(0);
    this.pollMs = options.pollMs ?? 1_000;
    this.heartbeatMs = options.heartbeatMs ?? 2_000;
  }

  async acquire(onLost: () => void = () => {}): Promise<'leading' | 'stopped'> {
    this.stopped = false;
    const standingBy = this.standBy(onLost);
    this.standingBy = standingBy;
    try {
      return await standingBy;
    } finally {
      if (this.standingBy === standingBy) this.standingBy = undefined;
    }
  }

  private async standBy(onLost: () => void): Promise<'leading' | 'stopped'> {
    // A standby keeps one connection and asks for the lock on it every poll (a connection per poll
    // would make PostgreSQL start a backend process each time).
    let client: Client | undefined;
    while (!this.stopped) {
      try {
        client ??= await this.connect();
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [this.lockId.toString()]);
        if (rows[0]?.locked) {
          // release() may have come while the query was in flight: then give the lock back at once
          // (closing the session frees it).
          if (this.stopped) break;
          this.lead(client, onLost);
          return 'leading';
        }
      } catch (error) {
        if (!this.warned)
          this.options.logger?.warn(`cannot reach PostgreSQL for the projection lock: ${(error as Error).message}; retrying`);
        this.warned = true;
        await client?.end().catch(() => undefined);
        client = undefined;
      }
      // Checked in the same turn as the timer is set, so a release() either comes before (and no
      // timer is set) or finds wakeStandby to clear it.
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wakeStandby = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeStandby = undefined;
    }
    await client?.end().catch(() => undefined);
    return 'stopped';
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.target.url, keepAlive: true, connectionTimeoutMillis: 5_000, query_timeout: 5_000 });
    // Until it leads, an error on this connection only means "reconnect and try again".
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  /**
   * Gives the lead up, or stops standing by. Resolves once nothing of this lock is left running: no
   * poll timer, no connection (a standby's query in flight is awaited, then its connection closed).
   */
  async release(): Promise<void> {
    this.stopped = true;
    this.wakeStandby?.();
    await this.standingBy;
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    clearInterval(held.heartbeat);
    held.client.removeAllListeners('end');
    await held.client.query('select pg_advisory_unlock($1)', [this.lockId.toString()]).catch(() => undefined);
    await held.client.end().catch(() => undefined);
  }

  private lead(client: Client, onLost: () => void): void {
    this.warned = false;
    const lost = (why: string) => {
      if (this.held?.client !== client) return;
      clearInterval(this.held.heartbeat);
      this.held = undefined;
      void client.end().catch(() => undefined);
      this.options.logger?.warn(`lost the projection lock: ${why}`);
      if (!this.stopped) onLost();
    };
    client.removeAllListeners('error');
    client.on('error', (error: Error) => lost(error.message));
    client.on('end', () => lost('its connection ended'));
    const heartbeat = setInterval(() => void client.query('select 1').catch((error: Error) => lost(error.message)), this.heartbeatMs);
    heartbeat.unref();
    this.held = { client, heartbeat };
  }
}
