import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NotificationChannel } from '../../domain/notifications/notification-rules';
import type { Leadership } from '../projections/leadership';
import type { EmailSender } from './email-sender';
import type { AttemptOutcome, DueDelivery, KyselyNotificationStore } from './kysely-notification-store';
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

/** While attempts are in flight, how often their outcomes are recorded and free slots refilled at the latest. */
const BUSY_TICK_MS = 5;

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
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly perTarget = new Map<string, number>();
  /** The target of each attempt in flight. */
  private readonly targets = new Map<string, string>();
  private outcomes: AttemptOutcome[] = [];
  private leading = false;
  private stopped = false;
  private running: Promise<void> | undefined;
  private leadership: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Outcomes that make the loop record and refill at once: a quarter of the slots. */
  private readonly batch: number;

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

  get isLeading(): boolean {
    return this.leading;
  }

  /** Looks for due deliveries now rather than at the next poll. */
  poke(): void {
    this.wake?.();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.leading = false;
    this.wake?.();
    await this.running;
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
        this.logger.log(`leading: delivering notifications (${this.channels.join(', ')})`);
        this.running = this.run().catch((error: unknown) => this.logger.error('the delivery loop stopped', error));
      });
  }

  private get channels(): NotificationChannel[] {
    return this.senders.email ? ['webhook', 'email'] : ['webhook'];
  }

  private async run(): Promise<void> {
    while (this.leading && !this.stopped) {
      let dispatched = 0;
      try {
        await this.flush();
        dispatched = await this.dispatchDue();
      } catch (error) {
        this.logger.warn(`could not read or record deliveries: ${(error as Error).message}; retrying`);
      }
      // Idle: look again after the poll interval. Busy: record and refill in batches, once a quarter
      // of the slots are free or a few milliseconds have passed (one transaction and one query for
      // many attempts, not for each).
      const idle = dispatched === 0 && this.outcomes.length === 0 && this.inFlight.size === 0;
      const wait = idle ? this.options.pollMs : this.outcomes.length >= this.batch ? 0 : BUSY_TICK_MS;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    // Let the attempts in flight end (each is bounded by its timeout) and record them.
    await Promise.allSettled(this.inFlight.values());
    await this.flush().catch((error: Error) => this.logger.warn(`could not record the last outcomes: ${error.message}`));
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

  private async dispatchDue(): Promise<number> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    const busy = [...this.perTarget].filter(([, n]) => n >= this.options.perTarget).map(([target]) => target);
    const due = await this.store.due(new Date().toISOString(), this.channels, { targets: busy, ids: [...this.inFlight.keys()] }, free);
    let dispatched = 0;
    for (const delivery of due) {
      const held = this.perTarget.get(delivery.targetId) ?? 0;
      if (held >= this.options.perTarget || this.inFlight.has(delivery.id)) continue;
      this.perTarget.set(delivery.targetId, held + 1);
      this.inFlight.set(delivery.id, this.attempt(delivery));
      this.targets.set(delivery.id, delivery.targetId);
      dispatched += 1;
    }
    return dispatched;
  }

  /** Frees the slots of an attempt once its outcome is recorded (until then the row is still pending, so it is not fetched again). */
  private release(id: string): void {
    this.inFlight.delete(id);
    const target = this.targets.get(id);
    this.targets.delete(id);
    if (target === undefined) return;
    const held = (this.perTarget.get(target) ?? 1) - 1;
    if (held <= 0) this.perTarget.delete(target);
    else this.perTarget.set(target, held);
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    const started = performance.now();
    let result: SendResult & { readonly permanent?: boolean };
    try {
      result = await this.send(delivery);
    } catch (error) {
      result = { ok: false, status: null, error: (error as Error).message };
    }
    const at = new Date().toISOString();
    const seconds = (performance.now() - started) / 1000;
    if (result.ok) {
      this.outcomes.push({ id: delivery.id, kind: 'delivered', status: result.status, at });
      this.metrics.notificationAttempt(delivery.channel, 'delivered', seconds);
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
      this.metrics.notificationAttempt(delivery.channel, last ? 'dead' : 'retry', seconds);
    }
    if (this.outcomes.length >= this.batch) this.wake?.();
  }

  private send(delivery: DueDelivery): Promise<SendResult & { readonly permanent?: boolean }> {
    if (delivery.channel === 'email') {
      if (!this.senders.email || delivery.address === undefined)
        return Promise.resolve({ ok: false, status: null, error: 'its recipient is gone' });
      return this.senders.email.send(delivery.address, delivery.name!, delivery.payload, delivery.id);
    }
    if (delivery.url === undefined) return Promise.resolve({ ok: false, status: null, error: 'its webhook is gone' });
    return this.senders.webhook.send(delivery.url, delivery.secret!, {
      id: delivery.id,
      eventType: delivery.eventType,
      body: delivery.payload,
    });
  }
}
