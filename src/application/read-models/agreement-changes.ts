import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import { AGREEMENT_STREAM_PREFIX } from '../agreements/agreement-stream';
import { AGREEMENT_READ_MODEL, type AgreementReadModel, type AgreementSummary } from '../ports/agreement-read-model.port';
import { EVENT_STORE, EventStoreUnavailableError, type EventStore, type Subscription } from '../ports/event-store.port';
import { assertReadModelServing } from './read-your-writes';

/** One change of the read model, as dashboards receive it. */
export interface AgreementChange {
  /** The event's position: the SSE `id`, and where to resume. */
  readonly position: bigint;
  /** What happened (the event type, e.g. `PartySigned`). */
  readonly kind: string;
  readonly agreement: AgreementSummary;
}

export interface ChangeFeed extends AsyncIterable<AgreementChange> {
  close(): Promise<void>;
}

/**
 * The changes of the agreements read model after a position, for one viewer: each is emitted once
 * the projection has committed it (so what the dashboard then reads agrees with it), and only if
 * the viewer may see the agreement. Pull-based, so a slow reader holds no backlog in memory.
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

  follow(viewer: Actor, after: bigint | undefined): ChangeFeed {
    const subscription: Subscription = this.store.subscribeToAll({
      ...(after === undefined ? {} : { fromPosition: after }),
      filter: { streamPrefixes: [AGREEMENT_STREAM_PREFIX] },
    });
    let closed = false;
    const readModel = this.readModel;
    async function* changes(): AsyncGenerator<AgreementChange> {
      for await (const message of subscription) {
        if (message.kind !== 'event') continue;
        const { event } = message;
        // Wait for the projection to commit this event (in steps, so that close() is honoured). A
        // projection that got stuck never will: the stream ends, and the client's reconnection is
        // answered 503 like every other read of it.
        while (!closed && !(await readModel.reached(event.position, 1_000))) {
          if (readModel.status().status === 'failed') return;
        }
        if (closed) return;
        const agreement = await readModel.get(event.stream.slice(AGREEMENT_STREAM_PREFIX.length));
        if (!agreement || !canReadAgreement(viewer, agreement.parties.map((party) => party.agencyId))) continue;
        const { agreement: _detail, children: _children, ...summary } = agreement;
        yield { position: event.position, kind: event.type, agreement: summary };
      }
    }
    const iterator = changes();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        await subscription.close();
      },
    };
  }
}
