import { Logger } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { foldRecorded } from '../../application/agreements/agreement-stream';
import type { StuckEvent } from '../../application/ports/agreement-read-model.port';
import type { EventStore, RecordedEvent, Subscription, SubscriptionMessage } from '../../application/ports/event-store.port';
import type { AgreementState } from '../../domain/agreements/agreement-decider';
import { projectionKey, type ProjectedChange, type Projection } from '../../projections/projection';
import { withVersionedTables } from '../../projections/versioned-tables';
import type { CheckpointTables } from '../read-models/read-model-database';
import { AlwaysLeader, type Leadership } from './leadership';
import { traceProjectionBatch } from '../tracing/otel-tracing';

/** Another replica leads now: this runner's batch is rolled back and it stands by. */
class LeadLostError extends Error {
  override readonly name = 'LeadLostError';
}

function isLeadLost(error: unknown): boolean {
  return error instanceof LeadLostError || (error as { cause?: unknown } | undefined)?.cause instanceof LeadLostError;
}

/** One stored event could not be applied (folded or written): the runner stops on it. */
class EventNotAppliedError extends Error {
  override readonly name = 'EventNotAppliedError';
  constructor(
    readonly event: RecordedEvent,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`event ${event.type} at position ${event.position} (${event.stream}@${event.revision}): ${reason}`, options);
  }

  get stuckAt(): StuckEvent {
    const { stream, revision, position, type } = this.event;
    return { stream, revision: revision.toString(), position: position.toString(), type, reason: this.reason };
  }
}

export type RunnerStatus = 'starting' | 'standby' | 'catching-up' | 'live' | 'stopped' | 'failed';

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction. */
  readonly batchSize?: number;
  /** Who runs the projection when several replicas share the read-model database (default: this one). */
  readonly leadership?: Leadership;
  /** While another replica leads, how often this one reads the shared checkpoint (read-your-writes, SSE). */
  readonly followPollMs?: number;
  /**
   * Once live, how long a batch waits for more events before it is applied (default 5 ms): under a
   * steady stream of commands, events that come close together share one transaction, whose cost
   * (every table and index a change touches, written once) is then paid once for all of them.
   */
  readonly lingerMs?: number;
  /**
   * How many agreements' folded states the runner keeps between batches (least recently used
   * dropped first; default 20,000). A miss folds the agreement from its stream, so this bounds the
   * memory of every projection at any size, at the cost of a stream read for a long-idle agreement.
   */
  readonly foldedStates?: number;
}

/**
 * Keeps one projection up to date: subscribes to `$all` after its checkpoint and applies events in
 * batches, each batch and the checkpoint in ONE transaction, so a crash can neither skip nor apply
 * an event twice. A batch ends when it is full, when the subscription has caught up, or when no
 * further event is ready right now. A projection that throws stops this runner (status `failed`,
 * logged with the event), never silently: it never skips an event. When a batch fails, its events
 * are applied again one per transaction, so that every event before the failing one is kept and
 * the runner stops on exactly that one (`stuckAt`: stream, revision, position, type, reason) until
 * a fixed version of the projection takes over (README, "When a projection is stuck").
 */
export class ProjectionRunner<Tables> {
  private readonly logger: Logger;
  private readonly key: string;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly leadership: Leadership;
  private readonly followPollMs: number;
  private followTimer: NodeJS.Timeout | undefined;
  /** The database with this version's tables in place of the projection's logical ones. */
  private readonly versionDb: Kysely<Tables & CheckpointTables>;
  /** Folded states by stream, least recently used first (a Map keeps insertion order). */
  private readonly folded = new Map<string, AgreementState>();
  private readonly foldedStates: number;
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private checkpoint: bigint | undefined;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];
  status: RunnerStatus = 'starting';
  private stopping = false;
  failure: string | undefined;
  /** The stored event this runner stopped on, when it failed on one. */
  stuckAt: StuckEvent | undefined;
  /** Waits for a position that end when the runner fails, instead of at their bound. */
  private readonly failureListeners = new Set<() => void>();

  constructor(
    private readonly store: EventStore,
    private readonly db: Kysely<Tables & CheckpointTables>,
    private readonly projection: Projection<Tables>,
    options: ProjectionRunnerOptions = {},
  ) {
    this.key = projectionKey(projection);
    this.logger = new Logger(`Projection ${this.key}`);
    this.batchSize = options.batchSize ?? 500;
    this.leadership = options.leadership ?? new AlwaysLeader();
    this.followPollMs = options.followPollMs ?? 250;
    this.lingerMs = options.lingerMs ?? 5;
    this.foldedStates = options.foldedStates ?? 20_000;
    this.versionDb = withVersionedTables(db, projection.tables, projection.version);
  }

  /** `agreements@v1`. */
  get name(): string {
    return this.key;
  }

  get version(): number {
    return this.projection.version;
  }

  /** The last position applied (undefined before the first event). */
  get position(): bigint | undefined {
    return this.checkpoint;
  }

  /**
   * Starts once this replica leads: at once with one replica; on a standby, in the background when
   * the leader goes away. Resolves when the runner is running or standing by.
   */
  async start(): Promise<void> {
    this.status = 'standby';
    this.followTimer = setInterval(() => void this.followLeader(), this.followPollMs);
    this.followTimer.unref();
    let resolveStarted!: () => void;
    const started = new Promise<void>((resolve) => (resolveStarted = resolve));
    let standby: NodeJS.Immediate | undefined;
    this.running = (async () => {
      try {
        // Every replica creates the tables (if missing), so a standby's queries find them too.
        await this.ensureTables();
        // Not leading by the next turn: standing by, which is started too.
        standby = setImmediate(resolveStarted);
        while (!this.stopping) {
          if ((await this.leadership.acquire(() => void this.subscription?.close())) === 'stopped' || this.stopping) return;
          clearImmediate(standby);
          this.checkpoint = await this.storedCheckpoint();
          // stop() came while the lead was being taken: it closed no subscription, so open none.
          if (this.stopping) return resolveStarted();
          this.wakeWaiters();
          this.status = 'catching-up';
          this.logger.log(`leading from position ${String(this.checkpoint ?? 'start')}`);
          this.subscription = this.store.subscribeToAll({
            ...(this.checkpoint === undefined ? {} : { fromPosition: this.checkpoint }),
            filter: this.projection.filter,
          });
          resolveStarted();
          await this.run(this.subscription);
          if (this.stopping || (this.status as RunnerStatus) === 'failed') return;
          // The lead was lost (its lock connection died): stand by until it can be taken again.
          this.logger.warn('lost the lead; standing by');
          await this.leadership.release();
          this.status = 'standby';
          this.folded.clear();
        }
      } catch (error) {
        this.fail(error, 'could not start');
        resolveStarted();
      }
    })();
    await started;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.followTimer);
    await this.subscription?.close();
    await this.leadership.release();
    await this.running;
    if (this.status !== 'failed') this.status = 'stopped';
  }

  /** Resolves once the projection has applied `position` (or anything after it). */
  waitFor(position: bigint): Promise<void> {
    if (this.checkpoint !== undefined && this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /**
   * Resolves true once the projection has applied `position`, false if it has not within
   * `timeoutMs`, or as soon as the runner has failed (it will not get there).
   */
  async reached(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.status === 'failed') return this.checkpoint !== undefined && this.checkpoint >= position;
    if (this.checkpoint !== undefined && this.checkpoint >= position) return true;
    let timer: NodeJS.Timeout | undefined;
    let onFailure: (() => void) | undefined;
    let waiter: { position: bigint; resolve: () => void } | undefined;
    const arrived = new Promise<true>((resolve) => {
      waiter = { position, resolve: () => resolve(true) };
      this.waiters.push(waiter);
    });
    const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const failed = new Promise<false>((resolve) => this.failureListeners.add((onFailure = () => resolve(false))));
    try {
      return await Promise.race([arrived, expired, failed]);
    } finally {
      clearTimeout(timer);
      this.failureListeners.delete(onFailure!);
      // A wait that timed out or failed leaves no waiter behind (a readiness probe asks every few seconds).
      this.waiters = this.waiters.filter((other) => other !== waiter);
    }
  }

  /**
   * Creates the projection's tables if missing. Replicas starting together race on PostgreSQL's
   * `CREATE TABLE IF NOT EXISTS` (one of them fails on the catalog's unique index): try again, the
   * tables are then there.
   */
  private async ensureTables(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.projection.createTables(this.versionDb as unknown as Kysely<Tables>);
        return;
      } catch (error) {
        if (attempt >= 5 || this.stopping) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  /**
   * On a standby replica, the leader moves the shared checkpoint: follow it, so that queries
   * waiting for a position (read-your-writes, live changes) are answered here too.
   */
  private async followLeader(): Promise<void> {
    if (this.status !== 'standby') return;
    try {
      const stored = await this.storedCheckpoint();
      if (this.status !== 'standby' || stored === undefined || (this.checkpoint !== undefined && stored <= this.checkpoint)) return;
      this.checkpoint = stored;
      this.wakeWaiters();
    } catch {
      // The leader has not created the checkpoint table yet; try again at the next tick.
    }
  }

  private async storedCheckpoint(): Promise<bigint | undefined> {
    const db = this.db as unknown as Kysely<CheckpointTables>;
    const row = await db.selectFrom('projection_checkpoints').select('position').where('projection', '=', this.key).executeTakeFirst();
    return row ? BigInt(row.position) : undefined;
  }

  private async run(subscription: Subscription): Promise<void> {
    const messages = subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<SubscriptionMessage>> | undefined;
    let batch: RecordedEvent[] = [];
    try {
      for (;;) {
        pending ??= messages.next();
        // Take what is ready now (once live, what comes within lingerMs); then apply the batch before waiting.
        const next =
          batch.length === 0 ? await pending : await Promise.race([pending, this.status === 'live' ? linger(this.lingerMs) : nextTurn()]);
        if (next === NOTHING_YET) {
          batch = await this.applyBatch(batch);
          continue;
        }
        pending = undefined;
        const result = next;
        if (result.done) break;
        if (result.value.kind === 'caughtUp') {
          batch = await this.applyBatch(batch);
          if (this.status === 'catching-up') this.logger.log(`caught up at position ${String(this.checkpoint ?? 'start')}`);
          this.status = 'live';
          continue;
        }
        batch.push(result.value.event);
        if (batch.length >= this.batchSize) batch = await this.applyBatch(batch);
      }
      await this.applyBatch(batch);
    } catch (error) {
      if (isLeadLost(error)) {
        this.logger.warn(`${(error as Error).message}: its batch is rolled back`);
        await subscription.close();
        return;
      }
      this.fail(error, 'stopped');
      await subscription.close();
    }
  }

  /**
   * Stops for good (until restarted): status `failed`, the reason and the event logged and kept for
   * health checks, and every wait for a position ended.
   */
  private fail(error: unknown, what: string): void {
    this.status = 'failed';
    this.failure = (error as Error)?.message ?? String(error);
    if (error instanceof EventNotAppliedError) {
      this.stuckAt = error.stuckAt;
      const { stream, revision, position, type, reason } = this.stuckAt;
      this.logger.error(
        `${what} on event ${type} ${stream}@${revision} (position ${position}): ${reason}. Nothing after it is applied until a fixed ` +
          `version of ${this.projection.name} takes over (README, "When a projection is stuck")`,
        (error.cause as Error | undefined)?.stack,
      );
    } else {
      this.logger.error(`${what}: ${this.failure}`, (error as Error)?.stack);
    }
    for (const listener of this.failureListeners) listener();
    this.failureListeners.clear();
  }

  /**
   * Applies the batch and its checkpoint in one transaction; returns a fresh, empty batch. If the
   * batch fails, it is rolled back and its events are applied one per transaction: those before
   * the failing event are kept, and the failure names that event.
   */
  private async applyBatch(batch: RecordedEvent[]): Promise<RecordedEvent[]> {
    if (batch.length > 1) {
      try {
        await this.commit(batch);
        return [];
      } catch (error) {
        if (isLeadLost(error)) throw error;
        this.logger.warn(
          `the batch of positions ${batch[0].position}..${batch[batch.length - 1].position} failed (${(error as Error).message}); applying its events one by one`,
        );
      }
    }
    for (const event of batch) {
      try {
        await this.commit([event]);
      } catch (error) {
        if (isLeadLost(error)) throw error;
        throw new EventNotAppliedError(event, (error as Error)?.message ?? String(error), { cause: error });
      }
    }
    return [];
  }

  /** Applies events and their checkpoint in one transaction; only once committed do the folded states and the checkpoint move. */
  private async commit(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1];
    const folded = new Map<string, AgreementState>();
    await traceProjectionBatch(this.key, batch, () =>
      this.versionDb.transaction().execute(async (trx) => {
        // The checkpoint first: a runner that no longer leads finds it moved before writing anything,
        // and on PostgreSQL the row lock makes a second writer wait here, then find it moved.
        await this.moveCheckpoint(trx as unknown as Kysely<CheckpointTables>, last.position);
        const changes: ProjectedChange[] = [];
        for (const event of batch) {
          const before = folded.has(event.stream) ? folded.get(event.stream) : await this.stateBefore(event);
          const after = foldRecorded(before, event);
          changes.push({ event, agreement: after, ...(before ? { before } : {}) });
          folded.set(event.stream, after);
        }
        await this.projection.apply(trx as never, changes);
      }),
    );
    for (const [stream, state] of folded) this.remember(stream, state);
    this.checkpoint = last.position;
    this.wakeWaiters();
    // A rebuild reads and writes through promises that never leave the microtask queue (SQLite is
    // synchronous): yield between batches so that requests and timers are served meanwhile.
    await nextTurn();
  }

  /**
   * Moves the checkpoint from where this runner left it to `position`, or finds that someone else
   * moved it (a replica that took the lead while this one still thought it led): then the batch is
   * rolled back and this runner stands by. A compare-and-set, so two leaders can never both write.
   */
  private async moveCheckpoint(trx: Kysely<CheckpointTables>, position: bigint): Promise<void> {
    const updatedAt = new Date().toISOString();
    const moved =
      this.checkpoint === undefined
        ? (
            await trx
              .insertInto('projection_checkpoints')
              .values({ projection: this.key, position: position.toString(), updated_at: updatedAt })
              .onConflict((conflict) => conflict.column('projection').doNothing())
              .executeTakeFirst()
          ).numInsertedOrUpdatedRows
        : (
            await trx
              .updateTable('projection_checkpoints')
              .set({ position: position.toString(), updated_at: updatedAt })
              .where('projection', '=', this.key)
              .where('position', '=', this.checkpoint.toString())
              .executeTakeFirst()
          ).numUpdatedRows;
    if (moved !== 1n) throw new LeadLostError(`the checkpoint of ${this.key} was moved by another replica`);
  }

  /** The agreement before this event (undefined before its first): from memory, or folded from the store after a restart. */
  private async stateBefore(event: RecordedEvent): Promise<AgreementState | undefined> {
    const known = this.folded.get(event.stream);
    if (known || event.revision === 0n) return known;
    let state: AgreementState | undefined;
    for await (const earlier of this.store.readStream(event.stream, { maxCount: Number(event.revision) }))
      state = foldRecorded(state, earlier);
    return state;
  }

  /** Keeps an agreement's latest folded state, as the most recently used; drops the least recently used past the bound. */
  private remember(stream: string, state: AgreementState): void {
    this.folded.delete(stream);
    this.folded.set(stream, state);
    while (this.folded.size > this.foldedStates) this.folded.delete(this.folded.keys().next().value!);
  }

  private wakeWaiters(): void {
    if (this.checkpoint === undefined) return;
    const reached = this.checkpoint;
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.position <= reached) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }
}

const NOTHING_YET = Symbol('nothing yet');

function linger(ms: number): Promise<typeof NOTHING_YET> {
  return ms <= 0 ? nextTurn() : new Promise((resolve) => setTimeout(() => resolve(NOTHING_YET), ms));
}

function nextTurn(): Promise<typeof NOTHING_YET> {
  return new Promise((resolve) => setImmediate(() => resolve(NOTHING_YET)));
}
