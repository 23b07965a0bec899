import { createHash } from 'node:crypto';
import { evolve, initialState, type AgreementState } from '../../domain/agreements/agreement-decider';
import type { AgreementEvent } from '../../domain/agreements/agreement-events';
import { CorruptStreamError } from '../../domain/errors';
import type { WorkflowDefinition } from '../../domain/workflows/workflow-definition';
import { findWorkflow } from '../../domain/workflows/workflow-registry';
import type { JsonObject } from '../event-store/json';
import type { EventStore, NewEvent, RecordedEvent } from '../ports/event-store.port';

/** Streams of agreements are `agreement-<uuid>`: EventStoreDB's category `agreement`. */
export const AGREEMENT_STREAM_PREFIX = 'agreement-';

/** The first (`forwards`) or newest (`backwards`) agreement event in `$all`; undefined when there is none. */
export async function edgeAgreementEvent(store: EventStore, direction: 'forwards' | 'backwards'): Promise<RecordedEvent | undefined> {
  for await (const event of store.readAll({ filter: { streamPrefixes: [AGREEMENT_STREAM_PREFIX] }, direction, maxCount: 1 })) return event;
  return undefined;
}

export function agreementStream(agreementId: string): string {
  return `${AGREEMENT_STREAM_PREFIX}${agreementId}`;
}

/** The domain event a stored event holds: its data with its type. */
export function toDomainEvent(recorded: Pick<RecordedEvent, 'type' | 'data'>): AgreementEvent {
  return { ...recorded.data, type: recorded.type } as unknown as AgreementEvent;
}

/** The workflow version a stream's first event pinned, or undefined when it names none this code knows. */
export function pinnedWorkflow(first: { readonly metadata: JsonObject }): WorkflowDefinition | undefined {
  const pinned = first.metadata.workflow as { name?: unknown; version?: unknown } | undefined;
  return findWorkflow(String(pinned?.name), Number(pinned?.version));
}

/**
 * Folds one stored event onto the agreement so far (`undefined` before the first event, which
 * pins the workflow version the agreement replays with for ever).
 */
export function foldRecorded(state: AgreementState | undefined, recorded: RecordedEvent): AgreementState {
  let current = state;
  if (!current) {
    const workflow = pinnedWorkflow(recorded);
    if (!workflow)
      throw new CorruptStreamError(`${recorded.stream} pins an unknown workflow ${JSON.stringify(recorded.metadata.workflow)}`);
    current = initialState(workflow);
  }
  return evolve(current, toDomainEvent(recorded));
}

/** A domain event as the store keeps it: the type apart, the rest as data. */
export function toNewEvent(event: AgreementEvent, id: string, metadata: JsonObject): NewEvent {
  const { type, ...data } = event;
  return { id, type, data: data as unknown as JsonObject, metadata };
}

/**
 * A name-based UUID (RFC 9562 version 8, SHA-256): the same command id gives the same event ids,
 * so a retried command is recognised by the store's idempotent append.
 */
export function derivedUuid(...parts: string[]): string {
  const bytes = createHash('sha256').update(parts.join('\u0000')).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
