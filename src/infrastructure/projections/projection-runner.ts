import { Logger } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { toDomainEvent } from '../../application/agreements/agreement-stream';
import type { EventStore, RecordedEvent, Subscription, SubscriptionMessage } from '../../application/ports/event-store.port';
import { evolve, initialState, type AgreementState } from '../../domain/agreements/agreement-decider';
import { findWorkflow } from '../../domain/workflows/workflow-registry';
import { projectionKey, type Projection } from '../../projections/projection';
import type { CheckpointTables } from '../read-models/read-model-database';

export type RunnerStatus = 'starting' | 'catching-up' | 'live' | 'stopped' | 'failed';

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction. */
  readonly batchSize?: number;
}

/**
 * Keeps one projection up to date: subscribes to `$all` after its checkpoint and applies events in
 * batches, each batch and the checkpoint in ONE transaction, so a crash can neither skip nor apply
 * an event twice. A batch ends when it is full, when the subscription has caught up, or when no
 * further event is ready right now. A projection that throws stops this runner (status `failed`,
 * logged with the event), never silently.
 */
export class ProjectionRunner<Tables> {
  private readonly logger: Logger;
  private readonly key: string;
  private readonly batchSize: number;
  private readonly folded = new Map<string, AgreementState>();
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private checkpoint: bigint | undefined;
  private waiters: Array<{ position: bigint; resolve: () => void }> = [];
  status: RunnerStatus = 'starting';
  failure: string | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly db: Kysely<Tables & CheckpointTables>,
    private readonly projection: Projection<Tables>,
    options: ProjectionRunnerOptions = {},
  ) {
    this.key = projectionKey(projection);
    this.logger = new Logger(`Projection ${this.key}`);
    this.batchSize = options.batchSize ?? 500;
  }

  /** The last position applied (undefined before the first event). */
  get position(): bigint | undefined {
    return this.checkpoint;
  }

  async start(): Promise<void> {
    await this.projection.createTables(this.db as unknown as Kysely<Tables>);
    this.checkpoint = await this.storedCheckpoint();
    this.status = 'catching-up';
    this.subscription = this.store.subscribeToAll({
      ...(this.checkpoint === undefined ? {} : { fromPosition: this.checkpoint }),
      filter: this.projection.filter,
    });
    this.running = this.run(this.subscription);
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.running;
    if (this.status !== 'failed') this.status = 'stopped';
  }

  /** Resolves once the projection has applied `position` (or anything after it). */
  waitFor(position: bigint): Promise<void> {
    if (this.checkpoint !== undefined && this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
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
        // Take what is ready now; once nothing more is, apply the batch before waiting.
        const next = batch.length === 0 ? await pending : await Promise.race([pending, nextTurn()]);
        if (next === NOTHING_YET) {
          batch = await this.applyBatch(batch);
          continue;
        }
        pending = undefined;
        const result = next as IteratorResult<SubscriptionMessage>;
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
      this.status = 'failed';
      this.failure = (error as Error).message;
      this.logger.error(`stopped: ${this.failure}`, (error as Error).stack);
      await subscription.close();
    }
  }

  /** Applies the batch and its checkpoint in one transaction; returns a fresh, empty batch. */
  private async applyBatch(batch: RecordedEvent[]): Promise<RecordedEvent[]> {
    if (batch.length === 0) return batch;
    const last = batch[batch.length - 1]!;
    const folded = new Map<string, AgreementState>();
    await this.db.transaction().execute(async (trx) => {
      for (const event of batch) {
        const before = folded.get(event.stream) ?? (await this.stateBefore(event));
        let after: AgreementState;
        try {
          after = evolve(before, toDomainEvent(event));
          await this.projection.apply(trx as never, event, after);
        } catch (error) {
          throw new Error(`event ${event.type} at position ${event.position} (${event.stream}@${event.revision}): ${(error as Error).message}`);
        }
        folded.set(event.stream, after);
      }
      const checkpoints = trx as unknown as Kysely<CheckpointTables>;
      const values = { projection: this.key, position: last.position.toString(), updated_at: new Date().toISOString() };
      await checkpoints
        .insertInto('projection_checkpoints')
        .values(values)
        .onConflict((conflict) => conflict.column('projection').doUpdateSet({ position: values.position, updated_at: values.updated_at }))
        .execute();
    });
    // Only once committed do the folded states and the checkpoint move.
    for (const [stream, state] of folded) this.folded.set(stream, state);
    this.checkpoint = last.position;
    this.wakeWaiters();
    return [];
  }

  /** The agreement before this event: from memory, or folded from the store (after a restart). */
  private async stateBefore(event: RecordedEvent): Promise<AgreementState> {
    const known = this.folded.get(event.stream);
    if (known) return known;
    let state: AgreementState | undefined;
    if (event.revision > 0n) {
      for await (const earlier of this.store.readStream(event.stream, { maxCount: Number(event.revision) })) {
        state = evolve(state ?? initialStateOf(earlier), toDomainEvent(earlier));
      }
    }
    return state ?? initialStateOf(event);
  }

  private wakeWaiters(): void {
    const reached = this.checkpoint!;
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) (waiter.position <= reached ? waiter.resolve() : still.push(waiter));
    this.waiters = still;
  }
}

const NOTHING_YET = Symbol('nothing yet');

function nextTurn(): Promise<typeof NOTHING_YET> {
  return new Promise((resolve) => setImmediate(() => resolve(NOTHING_YET)));
}

function initialStateOf(event: RecordedEvent): AgreementState {
  const pinned = event.metadata.workflow as { name?: unknown; version?: unknown } | undefined;
  const workflow = findWorkflow(String(pinned?.name), Number(pinned?.version));
  if (!workflow) throw new Error(`${event.stream} pins an unknown workflow ${JSON.stringify(pinned)}`);
  return initialState(workflow);
}
