import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { AGREEMENT_STREAM_PREFIX } from '../agreements/agreement-stream';
import { StoreVerificationRunningError } from '../errors';
import { CLOCK, type Clock } from '../ports/clock.port';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import { assertAuditorOrAdmin } from './audit-access';
import { AuditLog, EVERY_AGREEMENT } from './audit-log';
import {
  paceOf,
  PAUSE_EVERY,
  verifyStore,
  type BrokenStream,
  type StoreVerification,
  type StoreVerificationOutcome,
  type StoreVerificationProgress,
} from './store-verification';

/** Injection token of the {@link StoreVerificationPacing} of the service's whole-store runs. */
export const STORE_VERIFICATION_PACING = Symbol('StoreVerificationPacing');

/** How often a run reports and lets other requests in; tests slow it down to catch a run mid-way. */
export interface StoreVerificationPacing {
  /** The least time between two `progress` lines, in milliseconds. */
  readonly progressIntervalMs: number;
  /** Agreement events between two pauses (and two looks at whether a progress line is due). */
  readonly pauseEvery: number;
  /** The pause; by default until the next turn of the event loop. */
  readonly pause?: (signal: AbortSignal | undefined) => Promise<void>;
}

export const DEFAULT_STORE_VERIFICATION_PACING: StoreVerificationPacing = { progressIntervalMs: 250, pauseEvery: PAUSE_EVERY };

/** The lines of a whole-store verification report, in the order they come (see {@link StoreVerificationRun.execute}). */
export type StoreVerificationLine =
  | { readonly kind: 'started'; readonly startedAt: string; readonly totalEstimate: number }
  | {
      readonly kind: 'progress';
      readonly events: number;
      readonly streams: number;
      readonly broken: number;
      readonly fraction: number;
      readonly eventsPerSecond: number;
      readonly secondsLeft: number | null;
    }
  | {
      readonly kind: 'broken';
      readonly stream: string;
      readonly agreementId: string | null;
      readonly revision: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'done';
      readonly events: number;
      readonly streams: number;
      readonly directoryEvents: number;
      readonly broken: number;
      readonly seconds: number;
    }
  | { readonly kind: 'failed'; readonly detail: string; readonly events: number; readonly broken: number };

/** Who holds the process's one whole-store verification, and since when. */
export interface RunningStoreVerification {
  readonly startedBy: Actor;
  readonly startedAt: string;
}

/**
 * The whole-store verification as a service of the running process (`GET /audit/store-verification`):
 * for auditors and administrators, one at a time, reported line by line while it reads, stopped when
 * its reader goes away, and recorded in the audit log (`verify-store`) however it ended.
 */
@Injectable()
export class StoreVerificationRuns {
  private readonly logger = new Logger('StoreVerification');
  private current: RunningStoreVerification | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly auditLog: AuditLog,
    @Inject(STORE_VERIFICATION_PACING) private readonly pacing: StoreVerificationPacing,
  ) {}

  /** The run in progress in this process, if any. */
  get running(): RunningStoreVerification | undefined {
    return this.current;
  }

  /**
   * Claims the process's one whole-store verification for `actor`, before anything is read or
   * answered: refused to anyone but auditors and administrators ({@link AccessDeniedError}), and
   * while another run holds it ({@link StoreVerificationRunningError}). The claim is released when
   * the run's `execute` settles: call it.
   */
  begin(actor: Actor): StoreVerificationRun {
    assertAuditorOrAdmin(actor, 'Only auditors and administrators verify the whole store');
    if (this.current)
      throw new StoreVerificationRunningError({ id: this.current.startedBy.id, name: this.current.startedBy.name }, this.current.startedAt);
    const claim: RunningStoreVerification = { startedBy: actor, startedAt: this.clock.now().toISOString() };
    this.current = claim;
    let executed = false;
    return {
      claim,
      execute: async (signal, emit) => {
        if (executed) throw new Error('A whole-store verification run executes once');
        executed = true;
        try {
          return await this.run(claim, signal, emit);
        } finally {
          if (this.current === claim) this.current = undefined;
        }
      },
    };
  }

  private async run(
    claim: RunningStoreVerification,
    signal: AbortSignal,
    emit: (line: StoreVerificationLine) => void,
  ): Promise<StoreVerificationOutcome> {
    const unwritable = new AbortController();
    const stop = AbortSignal.any([signal, unwritable.signal]);
    const send = (line: StoreVerificationLine) => {
      if (stop.aborted) return;
      try {
        emit(line);
      } catch {
        // The reader cannot take more: as good as gone.
        unwritable.abort();
      }
    };
    const startedMs = performance.now();
    const elapsedSeconds = () => (performance.now() - startedMs) / 1000;
    let lastProgressMs = startedMs;
    let brokenSoFar = 0;
    const progressLine = (progress: StoreVerificationProgress): StoreVerificationLine => {
      const { eventsPerSecond, secondsLeft } = paceOf(progress.events, progress.fraction, elapsedSeconds());
      return {
        kind: 'progress',
        ...progress,
        eventsPerSecond: Math.round(eventsPerSecond),
        secondsLeft: secondsLeft === null ? null : Math.round(secondsLeft * 10) / 10,
      };
    };

    let result: StoreVerification | undefined;
    try {
      result = await verifyStore(this.store, {
        signal: stop,
        pauseEvery: this.pacing.pauseEvery,
        progressEvery: this.pacing.pauseEvery,
        ...(this.pacing.pause ? { pause: this.pacing.pause } : {}),
        onStart: (span) =>
          send({ kind: 'started', startedAt: claim.startedAt, totalEstimate: span ? Number(span.last - span.first) + 1 : 0 }),
        onBroken: (broken) => {
          brokenSoFar += 1;
          send(brokenLine(broken));
        },
        onProgress: (progress) => {
          const now = performance.now();
          if (now - lastProgressMs < this.pacing.progressIntervalMs) return;
          lastProgressMs = now;
          send(progressLine(progress));
        },
      });
      if (result.outcome === 'done') {
        send(progressLine({ events: result.events, streams: result.streams, broken: result.broken.length, fraction: 1 }));
        const seconds = Math.round(elapsedSeconds() * 1000) / 1000;
        send({
          kind: 'done',
          events: result.events,
          streams: result.streams,
          directoryEvents: result.directoryEvents,
          broken: result.broken.length,
          seconds,
        });
      } else if (result.outcome === 'failed') {
        this.logger.error(`The whole-store verification could not read the store past event ${result.events}`, result.failure?.stack);
        send(failedLine(result.events, result.broken.length));
      }
      return result.outcome;
    } catch (error) {
      this.logger.error('The whole-store verification could not begin reading the store', (error as Error)?.stack ?? String(error));
      send(failedLine(0, brokenSoFar));
      return 'failed';
    } finally {
      await this.record(claim.startedBy, result?.outcome ?? 'failed', result?.events ?? 0, result?.broken.length ?? brokenSoFar);
    }
  }

  /** The audit of the audit; a failure to record is logged, never thrown at a reader who has gone. */
  private async record(actor: Actor, outcome: StoreVerificationOutcome, events: number, broken: number): Promise<void> {
    try {
      await this.auditLog.recordRead(actor, EVERY_AGREEMENT, 'verify-store', { events, broken, outcome });
    } catch (error) {
      this.logger.error('The whole-store verification could not be recorded in the audit log', (error as Error)?.stack ?? String(error));
    }
  }
}

/** One claimed whole-store verification, not begun yet. */
export interface StoreVerificationRun {
  readonly claim: RunningStoreVerification;
  /**
   * Runs the check (once), giving `emit` one line after another: `started` first (or a lone
   * `failed` when the store cannot be read at all), `broken` as each broken stream is found,
   * `progress` now and then, and last either a final `progress` (fraction 1) and `done`, or
   * `failed`. When `signal` aborts, reading stops at the next event and nothing more is emitted.
   * Records the run in the audit log, then releases the claim.
   */
  execute(signal: AbortSignal, emit: (line: StoreVerificationLine) => void): Promise<StoreVerificationOutcome>;
}

function brokenLine(broken: BrokenStream): StoreVerificationLine {
  const agreementId = broken.stream.startsWith(AGREEMENT_STREAM_PREFIX) ? broken.stream.slice(AGREEMENT_STREAM_PREFIX.length) : null;
  return { kind: 'broken', stream: broken.stream, agreementId, revision: Number(broken.revision), reason: broken.reason };
}

function failedLine(events: number, broken: number): StoreVerificationLine {
  return {
    kind: 'failed',
    detail: `The event store could not be read past event ${events}; the check stopped. The service log says why.`,
    events,
    broken,
  };
}
