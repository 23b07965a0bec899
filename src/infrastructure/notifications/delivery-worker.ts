import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NotificationChannel } from '../../domain/notifications/notification-rules';
import type { Leadership } from '../projections/leadership';
import type { EmailSender } from './email-sender';
import type { AttemptOutcome, DeliveryTarget, DueDelivery, KyselyNotificationStore } from './kysely-notification-store';
import type { SendResult, WebhookSender } from './webhook-sender';

/** The leadership key of the delivery worker: one replica of a deployment sends. */
export const NOTIFICATIONS_LEADERSHIP_KEY = 'notifications';

export interface DeliveryWorkerOptions {
  /** How often an idle worker looks for due deliveries (`NOTIFICATION_POLL_MS`; 0: never, in this replica). */
  readonly pollMs: number;
  /** Attempts in flight at once, over all receivers. */
  readonly concurrency: number;
  /** Attempts in flight at once to one webhook or recipient: a receiver that hangs holds no more than these. */
  readonly perTarget: number;
  /** Attempts before a delivery is given up (dead letter). */
  readonly maxAttempts: number;
  /** Wait before the second attempt; each further one waits twice as long, up to `retryMaxMs`, less up to half of it at random. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/** What the worker reports for operators (`GET /metrics`). */
export interface NotificationMetrics {
  notificationsLeading(leading: boolean): void;
  notificationAttempt(channel: NotificationChannel, outcome: 'delivered' | 'retry' | 'dead', seconds: number): void;
}

/** Once an attempt has ended, how long the loop waits for more before it records them and refills the slots. */
const BUSY_TICK_MS = 5;
/** After the database refused a read or a write: the wait before the loop tries again. */
const ERROR_BACKOFF_MS = 1_000;
/** At shutdown: how long attempts in flight may go on before they are abandoned (and sent again after the restart). */
const SHUTDOWN_GRACE_MS = 5_000;

const UNMEASURED: NotificationMetrics = { notificationsLeading: () => undefined, notificationAttempt: () => undefined };

/** The wait before attempt `attempt + 1` after `attempt` failed ones: exponential, capped, with jitter. */
export function retryDelayMs(
  attempt: number,
  options: Pick<DeliveryWorkerOptions, 'retryBaseMs' | 'retryMaxMs'>,
  random = Math.random,
): number {
  const full = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full * (0.5 + random() * 0.5));
}

/**
 * Sends the outbox while this replica leads (alone with SQLite; by a PostgreSQL advisory lock
 * among replicas, like the projections and the scheduler). Each delivery is attempted until its
 * receiver acknowledges it (2xx, or an SMTP server accepting the mail), retried with exponential
 * backoff and jitter, and given up after `maxAttempts` (`dead`, visible over the API, sent again
 * on request). An acknowledged delivery is recorded as such before any further attempt could be
 * made, so it is not sent again; one in flight when the process dies is sent again after the
 * restart (receivers deduplicate by `Sepakat-Delivery`). Receivers are isolated: each holds at
 * most `perTarget` attempts in flight, each attempt is bounded in time, so one that hangs or fails
 * delays only its own deliveries.
 */
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  /** Attempts in flight, by delivery id. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** The deliveries in flight of each target. */
  private readonly inFlightOf = new Map<string, Set<string>>();
  /** The target of each attempt in flight. */
  private readonly targetOfAttempt = new Map<string, string>();
  private outcomes: AttemptOutcome[] = [];
  /** The targets with pending deliveries and where they go, as last read, and when. */
  private pendingTargets: string[] = [];
  private targetDetails = new Map<string, DeliveryTarget>();
  private targetsReadAt = 0;
  /** Where the round over the targets goes on at the next refill, so that each gets its turn. */
  private turn = 0;
  private leading = false;
  private stopped = false;
  private running: Promise<void> | undefined;
  private leadership: Promise<void> | undefined;
  private wake: ((within?: number) => void) | undefined;
  /** Outcomes that make the loop record and refill at once: a quarter of the slots. */
  private readonly batch: number;
  /** Aborts the attempts in flight when the grace at shutdown is over. */
  private readonly abandon = new AbortController();

  constructor(
    private readonly store: KyselyNotificationStore,
    private readonly lead: Leadership,
    private readonly senders: { readonly webhook: WebhookSender; readonly email?: EmailSender },
    private readonly options: DeliveryWorkerOptions,
    private readonly metrics: NotificationMetrics = UNMEASURED,
  ) {
    this.batch = Math.max(1, Math.floor(options.concurrency / 4));
  }

  onApplicationBootstrap(): void {
    if (this.options.pollMs === 0) {
      this.logger.log('delivery off in this replica (NOTIFICATION_POLL_MS=0)');
      return;
    }
    this.leadership = this.contend();
  }

  /**
   * Stops taking new deliveries, lets the attempts in flight end for up to a few seconds (recording
   * each outcome as it comes), then abandons the rest: they stay pending and are sent again later.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.leading = false;
    this.wake?.();
    const grace = setTimeout(() => this.abandon.abort(), SHUTDOWN_GRACE_MS);
    await this.running;
    clearTimeout(grace);
    await this.lead.release();
    await this.leadership;
    this.senders.webhook.close();
    this.senders.email?.close();
  }

  private contend(): Promise<void> {
    return this.lead
      .acquire(() => {
        this.logger.warn('lost the lead; standing by');
        this.leading = false;
        this.metrics.notificationsLeading(false);
        this.wake?.();
        if (!this.stopped) this.leadership = this.running!.then(() => this.contend());
      })
      .then((outcome) => {
        if (outcome !== 'leading' || this.stopped) return;
        this.leading = true;
        this.metrics.notificationsLeading(true);
        this.logger.log(`leading: delivering notifications (${this.senders.email ? 'webhook, email' : 'webhook'})`);
        this.running = this.run().catch((error: unknown) => this.logger.error('the delivery loop stopped', error));
      });
  }

  private async run(): Promise<void> {
    while (this.leading && !this.stopped) {
      let failed = false;
      try {
        await this.flush();
        await this.dispatchDue();
      } catch (error) {
        failed = true;
        this.logger.warn(`could not read or record deliveries: ${(error as Error).message}; retrying in ${ERROR_BACKOFF_MS} ms`);
      }
      await this.pause(failed ? ERROR_BACKOFF_MS : this.waitAfter());
    }
    // Let the attempts in flight end (each bounded by its timeout; at shutdown, by the grace),
    // recording their outcomes as they come rather than all at the end.
    while (this.inFlight.size > 0) {
      await Promise.race([Promise.allSettled(this.inFlight.values()), this.pause(BUSY_TICK_MS * 20)]);
      await this.flush().catch((error: Error) => this.logger.warn(`could not record outcomes: ${error.message}`));
    }
    await this.flush().catch((error: Error) => this.logger.warn(`could not record the last outcomes: ${error.message}`));
  }

  /**
   * How long to wait before the next round: at once when a quarter of the slots have ended; a few
   * milliseconds when some have (to record them together); until the next outcome when attempts
   * are in flight and none has ended (no polling while receivers answer); the poll interval when
   * there is nothing at all to do.
   */
  private waitAfter(): number {
    if (this.outcomes.length >= this.batch) return 0;
    if (this.outcomes.length > 0) return BUSY_TICK_MS;
    // Attempts in flight and none ended: the first outcome wakes the loop (free slots found no more due rows).
    return this.options.pollMs;
  }

  /** Waits `ms`, or less: `wake(within)` ends the wait within that many milliseconds (at once by default). */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const endsAt = Date.now() + ms;
      let timer = setTimeout(resolve, ms);
      this.wake = (within = 0) => {
        if (Date.now() + within >= endsAt) return;
        clearTimeout(timer);
        timer = setTimeout(resolve, within);
      };
    }).finally(() => (this.wake = undefined));
  }

  /** Records the attempts that ended: one transaction for all of them. */
  private async flush(): Promise<void> {
    if (this.outcomes.length === 0) return;
    const outcomes = this.outcomes;
    this.outcomes = [];
    try {
      await this.store.record(outcomes);
    } catch (error) {
      this.outcomes = [...outcomes, ...this.outcomes];
      throw error;
    }
    for (const outcome of outcomes) this.release(outcome.id);
  }

  /** The targets with pending deliveries and where they go: read again once per poll interval. */
  private async refreshTargets(): Promise<void> {
    if (Date.now() - this.targetsReadAt < this.options.pollMs && this.pendingTargets.length > 0) return;
    const pending = await this.store.pendingTargets();
    const details = await this.store.targets(pending);
    for (const targetId of pending) {
      // A target removed while the projection was adding to it: what it was owed is cancelled.
      if (!details.has(targetId)) await this.store.cancelPendingOf(targetId);
    }
    this.pendingTargets = pending.filter((targetId) => details.has(targetId));
    this.targetDetails = details;
    this.targetsReadAt = Date.now();
  }

  /**
   * Fills the free slots, a target at a time in turn, each up to its own limit: one indexed read
   * per target visited, so a target's backlog (a receiver that hangs, with thousands waiting) costs
   * the others nothing.
   */
  private async dispatchDue(): Promise<number> {
    let free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    await this.refreshTargets();
    const targets = this.pendingTargets;
    const now = new Date().toISOString();
    let dispatched = 0;
    for (let visited = 0; visited < targets.length && free > 0; visited += 1) {
      const targetId = targets[this.turn++ % targets.length];
      const target = this.targetDetails.get(targetId);
      if (!target || (target.channel === 'email' && !this.senders.email)) continue;
      const held = this.inFlightOf.get(targetId) ?? new Set<string>();
      const room = Math.min(this.options.perTarget - held.size, free);
      if (room <= 0) continue;
      for (const delivery of await this.store.dueFor(targetId, now, [...held], room)) {
        held.add(delivery.id);
        this.inFlightOf.set(targetId, held);
        this.targetOfAttempt.set(delivery.id, targetId);
        this.inFlight.set(delivery.id, this.attempt(delivery, target));
        dispatched += 1;
        free -= 1;
      }
    }
    return dispatched;
  }

  /** Frees the slots of an attempt once its outcome is recorded (until then the row is still pending, so it is not fetched again). */
  private release(id: string): void {
    this.inFlight.delete(id);
    const targetId = this.targetOfAttempt.get(id);
    this.targetOfAttempt.delete(id);
    if (targetId === undefined) return;
    const held = this.inFlightOf.get(targetId);
    held?.delete(id);
    if (held?.size === 0) this.inFlightOf.delete(targetId);
  }

  private async attempt(delivery: DueDelivery, target: DeliveryTarget): Promise<void> {
    const started = performance.now();
    const channel = target.channel;
    let result: SendResult & { readonly permanent?: boolean };
    try {
      result = await this.send(delivery, target);
    } catch (error) {
      result = { ok: false, status: null, error: (error as Error).message };
    }
    const at = new Date().toISOString();
    const seconds = (performance.now() - started) / 1000;
    if (result.ok) {
      this.outcomes.push({ id: delivery.id, kind: 'delivered', status: result.status, at });
      this.metrics.notificationAttempt(channel, 'delivered', seconds);
    } else {
      const attempts = delivery.attempts + 1;
      const last = attempts >= this.options.maxAttempts || result.permanent === true;
      const retryAt = last ? undefined : new Date(Date.now() + retryDelayMs(attempts, this.options)).toISOString();
      this.outcomes.push({
        id: delivery.id,
        kind: 'failed',
        status: result.status,
        error: result.error,
        at,
        ...(retryAt ? { retryAt } : {}),
      });
      this.metrics.notificationAttempt(channel, last ? 'dead' : 'retry', seconds);
    }
    // A quarter of the slots ended: record and refill now. Fewer: within a few milliseconds, with
    // whatever else ends meanwhile (one transaction and one refill for many attempts, not for each).
    this.wake?.(this.outcomes.length >= this.batch ? 0 : BUSY_TICK_MS);
  }

  private send(delivery: DueDelivery, target: DeliveryTarget): Promise<SendResult & { readonly permanent?: boolean }> {
    if (target.channel === 'email') {
      if (!this.senders.email) return Promise.resolve({ ok: false, status: null, error: 'this deployment sends no email (SMTP_URL)' });
      return this.senders.email.send(target.address, target.name, delivery.payload, delivery.id);
    }
    return this.senders.webhook.send(
      target.url,
      target.secret,
      { id: delivery.id, eventType: delivery.eventType, body: delivery.payload },
      new Date(),
      this.abandon.signal,
    );
  }
}
