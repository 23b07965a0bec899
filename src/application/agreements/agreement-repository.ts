import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import { lifecycleState, type AgreementState, type ParentAgreement } from '../../domain/agreements/agreement-decider';
import type { AgreementEvent } from '../../domain/agreements/agreement-events';
import type { EventEnvelope } from '../event-store/event-envelope';
import { EVENT_STORE, type EventStore, type ExpectedRevision, type RecordedEvent } from '../ports/event-store.port';
import { agreementStream, derivedUuid, foldRecorded, toNewEvent } from './agreement-stream';

/** An agreement folded from its stream, with where the stream stands. */
export interface LoadedAgreement {
  readonly id: string;
  readonly state: AgreementState;
  /** Revision of the stream's last event. */
  readonly revision: bigint;
  /** Global position of the stream's last event. */
  readonly position: bigint;
}

/** A replayed agreement and when its last replayed event was recorded. */
export interface ReplayedAgreement extends LoadedAgreement {
  readonly recordedAt: Date;
}

/** A command found in a stream by its id: the agreement as its first response described it. */
export interface EarlierCommand {
  readonly agreement: ReplayedAgreement;
  /** The envelope of its events (with `requestFingerprint` when it was sent with a key). */
  readonly metadata: RecordedEvent['metadata'];
}

/** Where to stop a replay: at a revision (inclusive), or at the last event recorded at or before an instant. */
export interface ReplayLimit {
  readonly revision?: bigint;
  readonly at?: Date;
}

const CACHE_LIMIT = 10_000;

/**
 * Loads agreements from the event store and appends their new events. Recently used agreements
 * stay folded in memory, so a command reads only the events appended since (the tail), not the
 * whole stream; a tail written by another replica is picked up the same way.
 */
@Injectable()
export class AgreementRepository {
  private readonly cache = new Map<string, LoadedAgreement>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The current agreement, or undefined when its stream does not exist. By default the events
   * appended since the cached state are read (the tail). `trustCache` skips that read when the
   * agreement is cached: for a decision whose append checks the revision anyway, so a state made
   * stale by another writer shows up as a conflict and is then read again.
   */
  async load(id: string, options: { readonly trustCache?: boolean } = {}): Promise<LoadedAgreement | undefined> {
    const cached = this.cache.get(id);
    if (cached && options.trustCache) return cached;
    let loaded = cached;
    for await (const recorded of this.store.readStream(agreementStream(id), { fromRevision: cached ? cached.revision + 1n : 0n })) {
      loaded = fold(id, loaded, recorded);
    }
    if (loaded) this.remember(loaded);
    return loaded;
  }

  /** Replays from the log, bypassing the cache: the agreement as of a revision or an instant. */
  async replay(id: string, limit: ReplayLimit = {}): Promise<ReplayedAgreement | undefined> {
    let replayed: ReplayedAgreement | undefined;
    for await (const recorded of this.store.readStream(agreementStream(id))) {
      if (limit.revision !== undefined && recorded.revision > limit.revision) break;
      if (limit.at !== undefined && recorded.recordedAt > limit.at) break;
      replayed = { ...fold(id, replayed, recorded), recordedAt: recorded.recordedAt };
    }
    return replayed;
  }

  /**
   * The parent a PKS names, as a decision of `actor` needs it; `null` when there is no such
   * agreement. Whether the actor may read it goes with it, so that a refusal about a parent hidden
   * from them reads as one about a parent that does not exist. `actingFor` are the agencies the
   * actor's own is a unit of (from the directory): a party among them makes the parent visible.
   */
  async describeParent(
    parentId: string | undefined,
    actor: Actor,
    actingFor: readonly string[] = [],
  ): Promise<ParentAgreement | null | undefined> {
    if (parentId === undefined) return undefined;
    const parent = await this.load(parentId);
    const { kind, term, parties } = parent?.state.snapshot.context ?? {};
    if (!parent || !kind || !term) return null;
    const partyIds = (parties ?? []).map((party) => party.agencyId);
    const visibleToActor = canReadAgreement(actor, partyIds) || partyIds.some((id) => actingFor.includes(id));
    return { id: parentId, kind, state: lifecycleState(parent.state), term, visibleToActor };
  }

  /**
   * Appends the events one command decided, each with the command's envelope and an id derived
   * from the command id (so a retried command is a no-op in the store). With a request fingerprint
   * the ids derive from it too: a racing retry with another body then lands as a conflict, not as
   * the store's "already appended".
   */
  async append(
    id: string,
    before: { readonly revision?: bigint },
    decision: { readonly events: readonly AgreementEvent[]; readonly next: AgreementState },
    envelope: EventEnvelope,
  ): Promise<LoadedAgreement> {
    const { events } = decision;
    const idParts = envelope.requestFingerprint === undefined ? [envelope.commandId] : [envelope.commandId, envelope.requestFingerprint];
    const newEvents = events.map((event, index) => toNewEvent(event, derivedUuid(...idParts, String(index)), envelope));
    const expectedRevision: ExpectedRevision = before.revision ?? 'no_stream';
    const result = await this.store.append(agreementStream(id), newEvents, { expectedRevision });
    const firstRevision = before.revision === undefined ? 0n : before.revision + 1n;
    if (result.nextRevision !== firstRevision + BigInt(events.length - 1)) {
      // The store answered for an earlier append of the same ids (a retry): read what is there.
      this.cache.delete(id);
      return (await this.load(id))!;
    }
    const after: LoadedAgreement = { id, state: decision.next, revision: result.nextRevision, position: result.position };
    this.remember(after);
    return after;
  }

  /**
   * Where the events of an earlier command ended, found by its command id in the stream's
   * metadata: the agreement as the first response described it, and the request it answered.
   * Undefined if it never landed.
   */
  async resultOfCommand(id: string, commandId: string, recordedSince?: Date): Promise<EarlierCommand | undefined> {
    let last: RecordedEvent | undefined;
    for await (const recorded of this.store.readStream(agreementStream(id), { direction: 'backwards' })) {
      if (recorded.metadata.commandId === commandId) {
        last = recorded;
        break;
      }
      // Older than the caller knows the command can be: it is not further back.
      const occurredAt = recorded.metadata.occurredAt;
      if (recordedSince && typeof occurredAt === 'string' && Date.parse(occurredAt) < recordedSince.getTime()) break;
    }
    if (!last) return undefined;
    const agreement = await this.replay(id, { revision: last.revision });
    return { agreement: agreement!, metadata: last.metadata };
  }

  private remember(loaded: LoadedAgreement): void {
    this.cache.delete(loaded.id);
    this.cache.set(loaded.id, loaded);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
  }
}

function fold(id: string, loaded: LoadedAgreement | undefined, recorded: RecordedEvent): LoadedAgreement {
  return { id, state: foldRecorded(loaded?.state, recorded), revision: recorded.revision, position: recorded.position };
}
