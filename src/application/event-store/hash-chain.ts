import { hash as digest } from 'node:crypto';
import type { ChainFields, NewEvent } from '../ports/event-store.port';
import { canonicalJson } from './canonical-json';
import type { JsonObject } from './json';

/** `prevHash` of every stream's first event (revision 0). */
export const GENESIS_HASH = '0'.repeat(64);

/** The part of an event the chain covers. `metadata` carries `prevHash` and may carry `hash` (ignored). */
export interface ChainedEventContent {
  readonly stream: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject & { readonly prevHash: string };
}

/**
 * The hash rule, documented in the README so anyone holding an export can recompute it:
 * `hash = sha256_hex(prevHash ‖ canonicalJson({ stream, revision, type, data, metadata }))`,
 * where `metadata` is the stored metadata without its `hash` member (it keeps `prevHash`),
 * `revision` is a JSON number, `‖` is string concatenation and the text is hashed as UTF-8.
 */
export function computeEventHash(event: ChainedEventContent): string {
  const metadata = 'hash' in event.metadata ? withoutHash(event.metadata) : event.metadata;
  const body = canonicalJson({
    stream: event.stream,
    revision: Number(event.revision),
    type: event.type,
    data: event.data,
    metadata,
  });
  return digest('sha256', event.metadata.prevHash + body, 'hex');
}

function withoutHash(metadata: JsonObject): JsonObject {
  const { hash: _hash, ...rest } = metadata;
  return rest;
}

/** An event ready to store: its revision assigned and its metadata sealed with the chain fields. */
export interface SealedEvent extends NewEvent {
  readonly revision: bigint;
  readonly metadata: JsonObject & ChainFields;
}

/**
 * Seals events appended at `firstRevision` after a stream tail whose hash is `prevHash`
 * ({@link GENESIS_HASH} for a new stream). Every event store calls this, inside whatever makes its
 * append atomic, so that the chain is built in one place.
 */
export function sealEvents(stream: string, firstRevision: bigint, prevHash: string, events: readonly NewEvent[]): SealedEvent[] {
  const sealed: SealedEvent[] = [];
  let previous = prevHash;
  events.forEach((event, index) => {
    const revision = firstRevision + BigInt(index);
    const metadata = { ...event.metadata, prevHash: previous };
    const hash = computeEventHash({ stream, revision, type: event.type, data: event.data, metadata });
    sealed.push({ ...event, revision, metadata: { ...metadata, hash } });
    previous = hash;
  });
  return sealed;
}

export interface ChainBreak {
  /** The first revision that is missing, out of place, or whose content does not match its hash. */
  readonly revision: bigint;
  readonly reason: string;
}

export interface ChainVerification {
  readonly valid: boolean;
  readonly checkedEvents: number;
  readonly firstInvalid?: ChainBreak;
}

/** An event as read back for verification; `metadata` may lack the chain fields if tampered with. */
export interface VerifiableEvent {
  readonly stream: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/**
 * Checks one stream's events, fed in revision order, one at a time (so a whole store can be
 * checked as a stream of events). Stops judging at the first break: later events are not counted.
 */
export class HashChainVerifier {
  private expectedRevision = 0n;
  private expectedPrevHash = GENESIS_HASH;
  private checked = 0;
  private broken: ChainBreak | undefined;

  constructor(readonly stream: string) {}

  /** Returns false once the chain is broken (at this event or before). */
  push(event: VerifiableEvent): boolean {
    if (this.broken) return false;
    this.broken = this.check(event);
    if (this.broken) return false;
    this.checked += 1;
    this.expectedRevision += 1n;
    this.expectedPrevHash = event.metadata.hash as string;
    return true;
  }

  result(): ChainVerification {
    return this.broken
      ? { valid: false, checkedEvents: this.checked, firstInvalid: this.broken }
      : { valid: true, checkedEvents: this.checked };
  }

  private check(event: VerifiableEvent): ChainBreak | undefined {
    const revision = this.expectedRevision;
    if (event.stream !== this.stream) {
      return { revision, reason: `event of stream ${event.stream} found in ${this.stream}` };
    }
    if (event.revision !== revision) {
      return event.revision > revision
        ? { revision, reason: `revision ${revision} is missing (found ${event.revision} next)` }
        : { revision, reason: `revision ${event.revision} appears again or out of order` };
    }
    const { prevHash, hash } = event.metadata;
    if (typeof prevHash !== 'string' || typeof hash !== 'string') {
      return { revision, reason: 'the chain fields prevHash/hash are missing' };
    }
    if (prevHash !== this.expectedPrevHash) {
      return { revision, reason: 'prevHash does not match the hash of the previous event' };
    }
    let recomputed: string;
    try {
      recomputed = computeEventHash({ ...event, metadata: { ...event.metadata, prevHash } });
    } catch {
      return { revision, reason: 'the event content is not canonical JSON' };
    }
    if (recomputed !== hash) {
      return { revision, reason: 'the content does not match its hash (altered after it was recorded)' };
    }
    return undefined;
  }
}

/** Verifies a whole stream read in revision order; names the first broken revision. */
export function verifyHashChain(stream: string, events: Iterable<VerifiableEvent>): ChainVerification {
  const verifier = new HashChainVerifier(stream);
  for (const event of events) {
    if (!verifier.push(event)) break;
  }
  return verifier.result();
}
