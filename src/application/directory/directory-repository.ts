import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { agencyChain, EMPTY_DIRECTORY, evolveDirectory, type Directory, type DirectoryEvent } from '../../domain/directory/agency';
import { evolveDelegations, type Delegation, type DelegationEvent, type Delegations } from '../../domain/directory/delegation';
import { derivedUuid } from '../agreements/agreement-stream';
import { buildEventEnvelope } from '../event-store/event-envelope';
import { CLOCK, type Clock } from '../ports/clock.port';
import { EVENT_STORE, StreamRevisionConflictError, type EventStore, type RecordedEvent } from '../ports/event-store.port';
import {
  AGENCIES_STREAM,
  DELEGATIONS_STREAM,
  DIRECTORY_SCHEMA,
  type DirectoryHistory,
  occurredAt,
  readDirectoryHistory,
  verifyDirectoryChains,
  toDirectoryEvent,
  toNewDirectoryEvent,
} from './directory-stream';

/** One of the directory's streams folded: its state, and the revision and position of its last event. */
interface Folded<T> {
  readonly state: T;
  readonly revision: bigint | undefined;
  readonly position: bigint | undefined;
}

/** What a change to the directory answers: the stream's revision and global position after it. */
export interface DirectoryChange {
  readonly revision: bigint;
  readonly position: bigint | undefined;
  /** Whether anything was recorded (a change that repeats what the directory holds records nothing). */
  readonly recorded: boolean;
}

const MAX_ATTEMPTS = 5;

/**
 * The directory of agencies and the delegations, folded from their streams and kept in memory:
 * each read first reads what was appended since (the tail, usually nothing), so every replica
 * and every decision sees each change as soon as it is acknowledged. The directory is small
 * (agencies and their letters of delegation, not agreements), so holding it whole is cheap.
 */
@Injectable()
export class DirectoryRepository {
  private agencies: Folded<Directory> = { state: EMPTY_DIRECTORY, revision: undefined, position: undefined };
  private delegationsFolded: Folded<Delegations> = { state: new Map(), revision: undefined, position: undefined };

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Every agency, as of the last acknowledged change. */
  async directory(): Promise<Directory> {
    return (await this.currentAgencies()).state;
  }

  async delegations(): Promise<Delegations> {
    return (await this.currentDelegations()).state;
  }

  /**
   * The agencies a decision of an official of `agencyIds` concerns: each named agency and the
   * agencies it is a unit of. Agencies the directory does not know are simply absent.
   */
  async agenciesAround(agencyIds: readonly string[]): Promise<Directory> {
    const directory = await this.directory();
    return new Map(agencyIds.flatMap((id) => agencyChain(directory, id)).map((agency) => [agency.id, agency]));
  }

  /**
   * The delegation a signature names: by id, or else by its reference number among those granted
   * to the signatory's agency (the newest first). `null` when none is recorded.
   */
  async delegationNamed(reference: string, granteeAgencyId: string): Promise<Delegation | null> {
    const delegations = await this.delegations();
    const byId = delegations.get(reference);
    if (byId) return byId;
    const candidates = [...delegations.values()].filter((d) => d.referenceNumber === reference && d.grantee.agencyId === granteeAgencyId);
    return candidates.at(-1) ?? null;
  }

  /** Decides on the current agencies and appends; decides again if another writer got there first. */
  changeAgencies(actor: Actor, decide: (directory: Directory) => DirectoryEvent[]): Promise<DirectoryChange> {
    return this.change(AGENCIES_STREAM, actor, () => this.currentAgencies(), decide);
  }

  changeDelegations(actor: Actor, decide: (directory: Directory, delegations: Delegations) => DelegationEvent[]): Promise<DirectoryChange> {
    return this.change(
      DELEGATIONS_STREAM,
      actor,
      () => this.currentDelegations(),
      async (delegations) => decide(await this.directory(), delegations),
    );
  }

  /** Both streams' events, for checking signatures against the directory as it stood when they were given. */
  async history(): Promise<DirectoryHistory> {
    return (await readDirectoryHistory(this.store)).history;
  }

  /** Both streams' hash chains, recomputed from the store. */
  async verify(): Promise<ReturnType<typeof verifyDirectoryChains>> {
    const { agencyEvents, delegationEvents } = await readDirectoryHistory(this.store);
    return verifyDirectoryChains(agencyEvents, delegationEvents);
  }

  private async change<T>(
    stream: string,
    actor: Actor,
    current: () => Promise<Folded<T>>,
    decide: (state: T) => (DirectoryEvent | DelegationEvent)[] | Promise<(DirectoryEvent | DelegationEvent)[]>,
  ): Promise<DirectoryChange> {
    for (let attempt = 1; ; attempt += 1) {
      const before = await current();
      const events = await decide(before.state);
      if (events.length === 0) return { revision: before.revision ?? -1n, position: before.position, recorded: false };
      const commandId = randomUUID();
      const envelope = buildEventEnvelope({ commandId, actor, workflow: DIRECTORY_SCHEMA, occurredAt: this.clock.now() });
      const newEvents = events.map((event, index) => toNewDirectoryEvent(event, derivedUuid(commandId, String(index)), envelope));
      try {
        const result = await this.store.append(stream, newEvents, { expectedRevision: before.revision ?? 'no_stream' });
        await current();
        return { revision: result.nextRevision, position: result.position, recorded: true };
      } catch (error) {
        if (!(error instanceof StreamRevisionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async currentAgencies(): Promise<Folded<Directory>> {
    const next = await this.tail(AGENCIES_STREAM, this.agencies, (state, recorded) =>
      evolveDirectory(state, toDirectoryEvent(recorded) as DirectoryEvent),
    );
    // Reads that overlap may finish out of order: keep the furthest.
    if (isFurther(next, this.agencies)) this.agencies = next;
    return next;
  }

  private async currentDelegations(): Promise<Folded<Delegations>> {
    const next = await this.tail(DELEGATIONS_STREAM, this.delegationsFolded, (state, recorded) =>
      evolveDelegations(state, toDirectoryEvent(recorded) as DelegationEvent, occurredAt(recorded)),
    );
    if (isFurther(next, this.delegationsFolded)) this.delegationsFolded = next;
    return next;
  }

  private async tail<T>(stream: string, folded: Folded<T>, fold: (state: T, recorded: RecordedEvent) => T): Promise<Folded<T>> {
    let next = folded;
    for await (const recorded of this.store.readStream(stream, {
      fromRevision: folded.revision === undefined ? 0n : folded.revision + 1n,
    })) {
      next = { state: fold(next.state, recorded), revision: recorded.revision, position: recorded.position };
    }
    return next;
  }
}

function isFurther(next: Folded<unknown>, known: Folded<unknown>): boolean {
  return known.revision === undefined || (next.revision !== undefined && next.revision > known.revision);
}
