import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import { AGREEMENT_STREAM_PREFIX } from '../agreements/agreement-stream';
import { AGREEMENT_READ_MODEL, type AgreementReadModel, type AgreementSummary } from '../ports/agreement-read-model.port';
import { EVENT_STORE, EventStoreUnavailableError, type EventStore, type RecordedEvent } from '../ports/event-store.port';
import { assertReadModelServing } from './read-your-writes';

/** One change of the read model, as dashboards receive it. */
export interface AgreementChange {
  /** The event's position: the SSE `id`, and where to resume. */
  readonly position: bigint;
  /** What happened (the event type, e.g. `PartySigned`). */
  readonly kind: string;
  readonly agreement: AgreementSummary;
}

/** Changes in order, a batch at a time: what the store had committed and the projection had applied when it was read. */
export interface ChangeBatches extends AsyncIterable<AgreementChange[]> {
  close(): Promise<void>;
}

export interface ChangeFeed extends AsyncIterable<AgreementChange> {
  close(): Promise<void>;
}

/** Events read ahead of the projection at most, before the reader waits for the batches to be taken. */
const READ_AHEAD = 5_000;
/**
 * Changes in one batch at most: what one read of summaries fetches, and what a hub hands a client
 * in one write (so a client that stops reading holds at most one batch beyond its queue's bound).
 */
const BATCH = 100;

/**
 * The changes of the agreements read model after a position: each is emitted once the projection
 * has committed it (so what a dashboard then reads agrees with it), with the agreement's summary
 * as the read model has it then. Read in batches: one wait for the projection and one read of the
 * summaries per batch, however many events it holds, so that one feed serves every dashboard of
 * a process (`SseHub`).
 */
@Injectable()
export class AgreementChanges {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
  ) {}

  /** Refuses to open a stream on a read model whose projection is stuck (503), as every read of it is. */
  assertServing(): void {
    assertReadModelServing(this.readModel);
  }

  /** The projection's current position: where a stream without `Last-Event-ID` starts. */
  currentPosition(): bigint | undefined {
    const { position } = this.readModel.status();
    return position === null ? undefined : BigInt(position);
  }

  /**
   * Whether an event is stored at exactly this position: a `Last-Event-ID` must be one this stream
   * sent, not a number from elsewhere (EventStoreDB refuses positions inside its records).
   */
  async isEventPosition(position: bigint): Promise<boolean> {
    try {
      for await (const event of this.store.readAll({ fromPosition: position, maxCount: 1 })) return event.position === position;
      return false;
    } catch (error) {
      if (error instanceof EventStoreUnavailableError) throw error;
      return false;
    }
  }

  /**
   * Who sees a change: `*` for those who see every agreement (auditors, administrators), else the
   * viewer's agency, which sees the changes of agreements it is a party to. Viewers with the same
   * audience see the same frames, so a hub renders them once per audience.
   */
  audienceOf(viewer: Actor): string {
    return canReadAgreement(viewer, []) ? '*' : viewer.agencyId;
  }

  /** Whether an audience (see {@link audienceOf}) sees this change. */
  reaches(audience: string, change: AgreementChange): boolean {
    return audience === '*' || change.agreement.parties.some((party) => party.agencyId === audience);
  }

  /**
   * The changes after `after` (from the start if undefined), in batches, up to and including
   * `until` if given (then the iteration ends there), else for as long as it is iterated. The
   * iteration ends early if the projection gets stuck (it will not reach the next change): a
   * client's reconnection is then answered 503 like every other read of it. `coalesceMs`: changes
   * that come within this long of the previous batch wait to go out with the next one.
   */
  batches(after: bigint | undefined, until?: bigint, options: { readonly coalesceMs?: number } = {}): ChangeBatches {
    const subscription = this.store.subscribeToAll({
      ...(after === undefined ? {} : { fromPosition: after }),
      filter: { streamPrefixes: [AGREEMENT_STREAM_PREFIX] },
    });
    const readModel = this.readModel;
    let closed = false;
    let wake: (() => void) | undefined;
    let taken: (() => void) | undefined;
    const buffer: RecordedEvent[] = [];
    let ended = false;
    let failure: Error | undefined;
    const done = after !== undefined && until !== undefined && after >= until;
    const reader = done
      ? Promise.resolve()
      : (async () => {
          try {
            for await (const message of subscription) {
              if (closed) break;
              if (message.kind !== 'event') continue;
              if (until !== undefined && message.event.position > until) break;
              buffer.push(message.event);
              wake?.();
              if (until !== undefined && message.event.position === until) break;
              while (buffer.length >= READ_AHEAD && !closed) await new Promise<void>((resolve) => (taken = resolve));
            }
          } catch (error) {
            failure = error instanceof Error ? error : new Error(String(error), { cause: error });
          } finally {
            ended = true;
            wake?.();
          }
        })();

    const coalesceMs = options.coalesceMs ?? 0;
    let lastYield = 0;
    async function* changes(): AsyncGenerator<AgreementChange[]> {
      while (!closed) {
        if (buffer.length === 0) {
          if (ended) break;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        // Changes that come close together go out together: fewer, larger writes to every client.
        const wait = lastYield + coalesceMs - Date.now();
        if (wait > 0 && buffer.length < BATCH) await new Promise((resolve) => setTimeout(resolve, wait));
        if (closed) return;
        const events = buffer.splice(0, BATCH);
        if (buffer.length < READ_AHEAD) taken?.();
        const last = events[events.length - 1].position;
        // Wait for the projection to commit the batch (in steps, so that close() is honoured).
        while (!closed && !(await readModel.reached(last, 1_000))) {
          if (readModel.status().status === 'failed') return;
        }
        if (closed) return;
        const ids = [...new Set(events.map((event) => event.stream.slice(AGREEMENT_STREAM_PREFIX.length)))];
        const summaries = await readModel.summariesOf(ids);
        const batch: AgreementChange[] = [];
        for (const event of events) {
          const agreement = summaries.get(event.stream.slice(AGREEMENT_STREAM_PREFIX.length));
          if (agreement) batch.push({ position: event.position, kind: event.type, agreement });
        }
        lastYield = Date.now();
        if (batch.length > 0) yield batch;
      }
      if (failure !== undefined && !closed) throw failure;
    }

    const iterator = changes();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        wake?.();
        taken?.();
        await subscription.close();
        await reader;
      },
    };
  }

  /** The changes one viewer may see, one at a time (a single stream's view of {@link batches}). */
  follow(viewer: Actor, after: bigint | undefined): ChangeFeed {
    const batches = this.batches(after);
    const audience = this.audienceOf(viewer);
    const reaches = (change: AgreementChange) => this.reaches(audience, change);
    async function* changes(): AsyncGenerator<AgreementChange> {
      for await (const batch of batches) for (const change of batch) if (reaches(change)) yield change;
    }
    const iterator = changes();
    return { [Symbol.asyncIterator]: () => iterator, close: () => batches.close() };
  }
}
