import type { Directory, DirectoryEvent } from '../../domain/directory/agency';
import { EMPTY_DIRECTORY, evolveDirectory } from '../../domain/directory/agency';
import type { DelegationEvent, Delegations } from '../../domain/directory/delegation';
import { evolveDelegations } from '../../domain/directory/delegation';
import { verifyHashChain, type ChainVerification } from '../event-store/hash-chain';
import type { JsonObject } from '../event-store/json';
import type { NewEvent, RecordedEvent } from '../ports/event-store.port';

/**
 * The directory lives in two streams of the category `directory`: every agency's registration and
 * change in `directory-agencies`, every delegation's grant and revocation in
 * `directory-delegations`. Each is one aggregate (rules span its entries: a parent agency exists,
 * a delegation id is recorded once), hash-chained by the store like every stream.
 */
export const AGENCIES_STREAM = 'directory-agencies';
export const DELEGATIONS_STREAM = 'directory-delegations';
export const DIRECTORY_STREAM_PREFIX = 'directory-';

/** The schema the directory's events follow, named in their envelope where agreements name their workflow. */
export const DIRECTORY_SCHEMA = { name: 'directory', version: 1 } as const;

export function toDirectoryEvent(recorded: Pick<RecordedEvent, 'type' | 'data'>): DirectoryEvent | DelegationEvent {
  return { ...recorded.data, type: recorded.type } as unknown as DirectoryEvent | DelegationEvent;
}

export function toNewDirectoryEvent(event: DirectoryEvent | DelegationEvent, id: string, metadata: JsonObject): NewEvent {
  const { type, ...data } = event;
  return { id, type, data: data as unknown as JsonObject, metadata };
}

/** When a directory event took effect: its envelope's business time. */
export function occurredAt(recorded: Pick<RecordedEvent, 'metadata' | 'recordedAt'>): string {
  const at = recorded.metadata.occurredAt;
  return typeof at === 'string' ? at : recorded.recordedAt.toISOString();
}

/**
 * The directory and delegations as they stood at an instant, from their recorded events: what
 * `verify` checks a signature under delegation against, at the moment it was given.
 */
export class DirectoryHistory {
  constructor(
    private readonly agencyEvents: readonly RecordedEvent[],
    private readonly delegationEvents: readonly RecordedEvent[],
  ) {}

  asOf(at: Date): { readonly directory: Directory; readonly delegations: Delegations } {
    let directory = EMPTY_DIRECTORY;
    for (const recorded of this.agencyEvents) {
      if (Date.parse(occurredAt(recorded)) > at.getTime()) break;
      directory = evolveDirectory(directory, toDirectoryEvent(recorded) as DirectoryEvent);
    }
    let delegations: Delegations = new Map();
    for (const recorded of this.delegationEvents) {
      if (Date.parse(occurredAt(recorded)) > at.getTime()) break;
      delegations = evolveDelegations(delegations, toDirectoryEvent(recorded) as DelegationEvent, occurredAt(recorded));
    }
    return { directory, delegations };
  }
}

/** Reads both directory streams whole, in order. */
export async function readDirectoryHistory(store: {
  readStream(stream: string): AsyncIterable<RecordedEvent>;
}): Promise<{ history: DirectoryHistory; agencyEvents: RecordedEvent[]; delegationEvents: RecordedEvent[] }> {
  const read = async (stream: string) => {
    const events: RecordedEvent[] = [];
    for await (const recorded of store.readStream(stream)) events.push(recorded);
    return events;
  };
  const agencyEvents = await read(AGENCIES_STREAM);
  const delegationEvents = await read(DELEGATIONS_STREAM);
  return { history: new DirectoryHistory(agencyEvents, delegationEvents), agencyEvents, delegationEvents };
}

/** The hash chain of each directory stream, recomputed. */
export function verifyDirectoryChains(
  agencyEvents: readonly RecordedEvent[],
  delegationEvents: readonly RecordedEvent[],
): Array<{ stream: string } & ChainVerification> {
  return [
    { stream: AGENCIES_STREAM, ...verifyHashChain(AGENCIES_STREAM, agencyEvents) },
    { stream: DELEGATIONS_STREAM, ...verifyHashChain(DELEGATIONS_STREAM, delegationEvents) },
  ];
}
