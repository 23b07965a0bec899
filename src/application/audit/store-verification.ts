import { AGREEMENT_STREAM_PREFIX, edgeAgreementEvent } from '../agreements/agreement-stream';
import { readDirectoryHistory, verifyDirectoryChains } from '../directory/directory-stream';
import type { EventFilter, EventStore } from '../ports/event-store.port';
import { AgreementVerifier } from './agreement-verifier';

/** A stream whose hash chain, replay or actors' rights fail, at its first invalid revision. */
export interface BrokenStream {
  readonly stream: string;
  readonly revision: bigint;
  readonly reason: string;
}

/** Where a whole-store check stands. */
export interface StoreVerificationProgress {
  /** Agreement events checked so far. */
  readonly events: number;
  /** Agreement streams seen so far. */
  readonly streams: number;
  /** Broken streams found so far, the directory's included. */
  readonly broken: number;
  /** 0..1: how far into the `$all` positions of the agreement events the check has read ({@link fractionOfSpan}). */
  readonly fraction: number;
}

/**
 * The `$all` positions of the first and last agreement event when the check began. Positions grow
 * with the log in every adapter (a row number in SQLite, a commit position in EventStoreDB), so
 * how far a position lies between them estimates how much of the check is done.
 */
export interface PositionSpan {
  readonly first: bigint;
  readonly last: bigint;
}

export type StoreVerificationOutcome = 'done' | 'cancelled' | 'failed';

export interface StoreVerification {
  /** `done`: read to the end; `cancelled`: the signal aborted it; `failed`: the store could not be read to the end. */
  readonly outcome: StoreVerificationOutcome;
  readonly streams: number;
  readonly events: number;
  /** Events of the directory's streams (agencies, delegations) checked besides the agreements'. */
  readonly directoryEvents: number;
  /** Directory streams first, then agreement streams in the order the check met them. */
  readonly broken: readonly BrokenStream[];
  /** Why the store could not be read past `events` (outcome `failed`). */
  readonly failure?: Error;
}

export interface StoreVerificationOptions {
  /** Aborting it stops reading the store at the next event; the result is `cancelled`. */
  readonly signal?: AbortSignal;
  /** Once the span to read is known, before the first agreement event is read (undefined: there is none). */
  readonly onStart?: (span: PositionSpan | undefined) => void;
  readonly onProgress?: (progress: StoreVerificationProgress) => void;
  /** Each broken stream, as soon as it is found. */
  readonly onBroken?: (broken: BrokenStream) => void;
  /** Agreement events between two `onProgress` calls (default {@link PAUSE_EVERY}). */
  readonly progressEvery?: number;
  /** Agreement events between two pauses (default {@link PAUSE_EVERY}). */
  readonly pauseEvery?: number;
  /** Lets the event loop serve others during a long check (default: until the next turn of the loop). */
  readonly pause?: (signal: AbortSignal | undefined) => Promise<void>;
}

/**
 * Reading a SQLite page and resuming an async generator never give the event loop a turn: without
 * a pause every so often, a long check would hold every other request of the process.
 */
export const PAUSE_EVERY = 500;

const AGREEMENTS: EventFilter = { streamPrefixes: [AGREEMENT_STREAM_PREFIX] };
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Checks the whole event store, streaming it once in `$all` order: the directory's hash chains,
 * then every agreement's hash chain, its replay through the pinned workflow, and its actors'
 * rights and delegations at the time, with one {@link AgreementVerifier} per agreement stream.
 * A read failure mid-way ends the check as `failed` with what was checked so far.
 */
export async function verifyStore(store: EventStore, options: StoreVerificationOptions = {}): Promise<StoreVerification> {
  const { signal, onProgress, onBroken } = options;
  const progressEvery = options.progressEvery ?? PAUSE_EVERY;
  const pauseEvery = options.pauseEvery ?? PAUSE_EVERY;
  const pause = options.pause ?? nextTurn;

  const { history: directory, agencyEvents, delegationEvents } = await readDirectoryHistory(store);
  const directoryEvents = agencyEvents.length + delegationEvents.length;
  const directoryBroken = verifyDirectoryChains(agencyEvents, delegationEvents).flatMap((chain) =>
    chain.firstInvalid ? [{ stream: chain.stream, ...chain.firstInvalid }] : [],
  );
  for (const broken of directoryBroken) onBroken?.(broken);
  const span = await agreementSpan(store);
  options.onStart?.(span);

  const verifiers = new Map<string, AgreementVerifier>();
  const brokenStreams = new Set<string>();
  let events = 0;
  let position: bigint | undefined;
  let outcome: StoreVerificationOutcome = 'done';
  let failure: Error | undefined;
  const progress = (): StoreVerificationProgress => ({
    events,
    streams: verifiers.size,
    broken: directoryBroken.length + brokenStreams.size,
    fraction: span && position !== undefined ? fractionOfSpan(span, position) : 0,
  });
  try {
    if (signal?.aborted) outcome = 'cancelled';
    else {
      for await (const event of store.readAll({ filter: AGREEMENTS })) {
        let verifier = verifiers.get(event.stream);
        if (!verifier) {
          verifier = new AgreementVerifier(event.stream, directory);
          verifiers.set(event.stream, verifier);
        }
        if (!verifier.push(event) && !brokenStreams.has(event.stream)) {
          brokenStreams.add(event.stream);
          onBroken?.({ stream: event.stream, ...verifier.result().firstInvalid! });
        }
        events += 1;
        position = event.position;
        if (events % progressEvery === 0) onProgress?.(progress());
        if (events % pauseEvery === 0) await pause(signal);
        if (signal?.aborted) {
          outcome = 'cancelled';
          break;
        }
      }
    }
  } catch (error) {
    outcome = 'failed';
    failure = error instanceof Error ? error : new Error(String(error));
  }
  const broken = [...verifiers.values()].flatMap((verifier) => {
    const { firstInvalid } = verifier.result();
    return firstInvalid ? [{ stream: verifier.stream, ...firstInvalid }] : [];
  });
  return {
    outcome,
    streams: verifiers.size,
    events,
    directoryEvents,
    broken: [...directoryBroken, ...broken],
    ...(failure ? { failure } : {}),
  };
}

/** The positions of the first and last agreement event in `$all`; undefined when there is none. */
async function agreementSpan(store: EventStore): Promise<PositionSpan | undefined> {
  const first = (await edgeAgreementEvent(store, 'forwards'))?.position;
  const last = (await edgeAgreementEvent(store, 'backwards'))?.position;
  return first === undefined || last === undefined ? undefined : { first, last };
}

/**
 * How far `position` lies from the first to the last position of the span, 0..1. Events appended
 * after the check began lie past the end: still 1.
 */
export function fractionOfSpan(span: PositionSpan, position: bigint): number {
  if (position >= span.last) return 1;
  if (position <= span.first) return 0;
  const PARTS = 1_000_000n;
  return Number(((position - span.first) * PARTS) / (span.last - span.first)) / Number(PARTS);
}

/** Speed so far and the time left at that speed, from the work done and the fraction it is of the whole. */
export function paceOf(events: number, fraction: number, elapsedSeconds: number): { eventsPerSecond: number; secondsLeft: number | null } {
  const eventsPerSecond = elapsedSeconds > 0 ? events / elapsedSeconds : 0;
  if (fraction >= 1) return { eventsPerSecond, secondsLeft: 0 };
  if (fraction <= 0 || elapsedSeconds <= 0) return { eventsPerSecond, secondsLeft: null };
  return { eventsPerSecond, secondsLeft: (elapsedSeconds * (1 - fraction)) / fraction };
}
