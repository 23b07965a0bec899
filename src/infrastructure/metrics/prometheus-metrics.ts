import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommandOutcome, Metrics } from '../../application/ports/metrics.port';
import type { AgreementReadModel } from '../../application/ports/agreement-read-model.port';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
} from '../../application/ports/event-store.port';
import { AGREEMENT_STREAM_PREFIX, edgeAgreementEvent } from '../../application/agreements/agreement-stream';

/** Events counted past a projection's position at each scrape, at most (a lag beyond it shows as this). */
export const LAG_COUNT_CAP = 10_000;

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's metrics in Prometheus' format (`prom-client`), one registry per service instance
 * (two services in one test process do not mix their figures). Families:
 * - `sepakat_http_requests_total`, `sepakat_http_request_duration_seconds` by method, route, status;
 * - `sepakat_commands_total` by workflow, action, outcome and refusing rule;
 * - `sepakat_event_store_append_duration_seconds`, `sepakat_event_store_appends_total` by outcome,
 *   `sepakat_event_store_group_commit_size` (embedded SQLite store: appends per fsync);
 * - at each scrape: `sepakat_event_store_up`, `sepakat_event_store_head_position`, per projection
 *   version `sepakat_projection_position`, `sepakat_projection_lag_events` (not applied yet),
 *   `sepakat_projection_lag_seconds` (how long the oldest of those has waited), `sepakat_projection_status` (one series per state, 1 for the
 *   current one), `sepakat_projection_rebuild_progress`;
 * - `sepakat_sse_clients`, `sepakat_sse_frames_sent_total`;
 * - the deadline scheduler: `sepakat_scheduler_leading` (1 on the replica that runs the passes),
 *   `sepakat_scheduler_passes_total` by outcome, `sepakat_scheduler_pass_duration_seconds`,
 *   `sepakat_scheduler_commands_total` by outcome (`fired` by kind: expire/terminate, remind,
 *   escalate; `overtaken`, `failed`), `sepakat_scheduler_not_yet_due` (due in the earliest zone,
 *   not yet in their own, at the last pass);
 * - notifications: `sepakat_notifications_leading` (1 on the replica that sends the outbox),
 *   `sepakat_notification_attempts_total` by channel and outcome (delivered, retry, dead),
 *   `sepakat_notification_attempt_duration_seconds` by channel;
 * - Node's runtime (`process_*`, `nodejs_*`).
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly httpRequests = new Counter({
    name: 'sepakat_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'sepakat_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: 'sepakat_commands_total',
    help: 'Commands (drafts and actions) answered, by workflow, action, outcome and the rule that refused them',
    labelNames: ['workflow', 'action', 'outcome', 'rule'],
    registers: [this.registry],
  });
  private readonly appendDuration = new Histogram({
    name: 'sepakat_event_store_append_duration_seconds',
    help: 'Time from an append to its acknowledgement',
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly appends = new Counter({
    name: 'sepakat_event_store_appends_total',
    help: 'Appends to the event store, by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly groupCommitSize = new Histogram({
    name: 'sepakat_event_store_group_commit_size',
    help: 'Appends committed together in one transaction (embedded SQLite store)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });
  private readonly sseClientsGauge = new Gauge({
    name: 'sepakat_sse_clients',
    help: 'Live-feed (GET /events) clients connected to this replica',
    registers: [this.registry],
  });
  private readonly sseFrames = new Counter({
    name: 'sepakat_sse_frames_sent_total',
    help: 'Change frames written to live-feed clients',
    registers: [this.registry],
  });

  private readonly schedulerLeadingGauge = new Gauge({
    name: 'sepakat_scheduler_leading',
    help: 'Whether this replica runs the deadline scheduler’s passes (1) or stands by (0)',
    registers: [this.registry],
  });
  private readonly schedulerPasses = new Counter({
    name: 'sepakat_scheduler_passes_total',
    help: 'Passes of the deadline scheduler, by outcome (ok, failed: the pass stopped on an error)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly schedulerPassDuration = new Histogram({
    name: 'sepakat_scheduler_pass_duration_seconds',
    help: 'Time of one pass of the deadline scheduler',
    buckets: [...SECONDS, 30, 60, 120, 300],
    registers: [this.registry],
  });
  private readonly schedulerCommands = new Counter({
    name: 'sepakat_scheduler_commands_total',
    help: 'Commands the scheduler issued, by outcome: fired (with their kind), overtaken (the agreement moved on), failed (retried next pass)',
    labelNames: ['outcome', 'kind'],
    registers: [this.registry],
  });
  private readonly schedulerNotYetDue = new Gauge({
    name: 'sepakat_scheduler_not_yet_due',
    help: 'Deadlines due in the zone furthest east but not yet in their agreement’s own, at the last pass',
    registers: [this.registry],
  });

  private readonly notificationsLeadingGauge = new Gauge({
    name: 'sepakat_notifications_leading',
    help: 'Whether this replica sends the notification outbox (1) or stands by (0)',
    registers: [this.registry],
  });
  private readonly notificationAttempts = new Counter({
    name: 'sepakat_notification_attempts_total',
    help: 'Attempts to deliver a notification, by channel (webhook, email) and outcome (delivered, retry: failed and due again, dead: failed for the last time)',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });
  private readonly notificationAttemptDuration = new Histogram({
    name: 'sepakat_notification_attempt_duration_seconds',
    help: 'Time of one attempt to deliver a notification, by channel',
    labelNames: ['channel'],
    buckets: [...SECONDS, 30, 60],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const channel of ['webhook', 'email'])
      for (const outcome of ['delivered', 'retry', 'dead']) this.notificationAttempts.inc({ channel, outcome }, 0);
    for (const outcome of ['ok', 'failed']) this.schedulerPasses.inc({ outcome }, 0);
  }

  /** Whether this replica leads the scheduler. */
  schedulerLeading(leading: boolean): void {
    this.schedulerLeadingGauge.set(leading ? 1 : 0);
  }

  /** One pass of the scheduler, as it ended (`undefined`: it failed). */
  schedulerPass(
    seconds: number,
    pass: { fired: number; reminded: number; escalated: number; notYet: number; overtaken: number; failed: number } | undefined,
  ): void {
    this.schedulerPassDuration.observe(seconds);
    this.schedulerPasses.inc({ outcome: pass ? 'ok' : 'failed' });
    if (!pass) return;
    const acted = pass.fired - pass.reminded - pass.escalated;
    if (acted > 0) this.schedulerCommands.inc({ outcome: 'fired', kind: 'act' }, acted);
    if (pass.reminded > 0) this.schedulerCommands.inc({ outcome: 'fired', kind: 'remind' }, pass.reminded);
    if (pass.escalated > 0) this.schedulerCommands.inc({ outcome: 'fired', kind: 'escalate' }, pass.escalated);
    if (pass.overtaken > 0) this.schedulerCommands.inc({ outcome: 'overtaken', kind: '' }, pass.overtaken);
    if (pass.failed > 0) this.schedulerCommands.inc({ outcome: 'failed', kind: '' }, pass.failed);
    this.schedulerNotYetDue.set(pass.notYet);
  }

  /** Whether this replica sends the outbox. */
  notificationsLeading(leading: boolean): void {
    this.notificationsLeadingGauge.set(leading ? 1 : 0);
  }

  notificationAttempt(channel: string, outcome: 'delivered' | 'retry' | 'dead', seconds: number): void {
    this.notificationAttempts.inc({ channel, outcome });
    this.notificationAttemptDuration.observe({ channel }, seconds);
  }

  async exposition() {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  command(workflow: string, action: string, outcome: CommandOutcome, rule: string | undefined): void {
    this.commands.inc({ workflow, action, outcome, rule: rule ?? '' });
  }

  sseClients(count: number): void {
    this.sseClientsGauge.set(count);
  }

  sseFramesSent(count: number): void {
    this.sseFrames.inc(count);
  }

  /** The SQLite store's report of a group it committed. */
  groupCommitted(appends: number): void {
    this.groupCommitSize.observe(appends);
  }

  /** The store with its appends timed and counted; reads and subscriptions pass through untouched. */
  instrument(store: EventStore): EventStore {
    return {
      append: async (stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> => {
        const end = this.appendDuration.startTimer();
        try {
          const result = await store.append(stream, events, options);
          this.appends.inc({ outcome: 'ok' });
          return result;
        } catch (error) {
          this.appends.inc({ outcome: (error as Error).name === 'StreamRevisionConflictError' ? 'conflict' : 'failed' });
          throw error;
        } finally {
          end();
        }
      },
      readStream: (stream: string, options?: ReadStreamOptions) => store.readStream(stream, options),
      readAll: (options?: ReadAllOptions) => store.readAll(options),
      subscribeToAll: (options?: SubscribeToAllOptions) => store.subscribeToAll(options),
      close: () => store.close(),
    };
  }

  /**
   * Gauges read at each scrape: whether the store answers and where its head is, and where each
   * projection version stands against it (events and seconds behind, its state, a rebuild's progress).
   */
  watch(store: EventStore, readModels: readonly Pick<AgreementReadModel, 'status'>[]): void {
    const filter = { streamPrefixes: [AGREEMENT_STREAM_PREFIX] };
    /** The store's head (agreement events) read once per scrape, shared by every gauge. */
    type Head = { readonly up: boolean; readonly head?: { readonly position: bigint; readonly recordedAt: Date } };
    let scrape: Promise<Head> | undefined;
    const head = (): Promise<Head> =>
      (scrape ??= edgeAgreementEvent(store, 'backwards')
        .then(
          (event): Head => (event ? { up: true, head: { position: event.position, recordedAt: event.recordedAt } } : { up: true }),
          (): Head => ({ up: false }),
        )
        .finally(() => setTimeout(() => (scrape = undefined), 0)));
    /** Per projection version and scrape: how many agreement events it has not applied, and how long the oldest has waited. */
    const lags = new Map<string, Promise<{ events: number; seconds: number }>>();
    const behind = (position: string | null) => {
      const key = position ?? 'start';
      let lag = lags.get(key);
      if (!lag) {
        lag = measureLag(position);
        lags.set(key, lag);
        void lag.finally(() => setTimeout(() => lags.delete(key), 0));
      }
      return lag;
    };
    const measureLag = async (position: string | null) => {
      const { head: top } = await head();
      if (!top) return { events: 0, seconds: 0 };
      if (position !== null && BigInt(position) >= top.position) return { events: 0, seconds: 0 };
      let events = 0;
      let oldest: Date | undefined;
      for await (const event of store.readAll({
        ...(position === null ? {} : { fromPosition: BigInt(position) }),
        filter,
        maxCount: LAG_COUNT_CAP + 1,
      })) {
        if (position !== null && event.position <= BigInt(position)) continue;
        oldest ??= event.recordedAt;
        events += 1;
        if (events >= LAG_COUNT_CAP) break;
      }
      // How long the oldest event not applied has waited: it grows while a projection stalls.
      return { events, seconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0 };
    };
    const versions = () =>
      readModels.flatMap((readModel) => {
        const { rebuilding, ...serving } = readModel.status();
        return rebuilding ? [serving, rebuilding] : [serving];
      });
    const registers = [this.registry];
    new Gauge({
      name: 'sepakat_event_store_up',
      help: '1 when the event store answered the scrape’s read of its head, 0 when it did not',
      registers,
      async collect() {
        this.set((await head()).up ? 1 : 0);
      },
    });
    new Gauge({
      name: 'sepakat_event_store_head_position',
      help: 'Position of the newest agreement event in the store ($all position: a sequence number in SQLite, a commit position in EventStoreDB)',
      registers,
      async collect() {
        const { head: top } = await head();
        this.set(top ? Number(top.position) : 0);
      },
    });
    new Gauge({
      name: 'sepakat_projection_position',
      help: 'The last position a projection version applied',
      labelNames: ['projection'],
      registers,
      collect() {
        this.reset();
        for (const version of versions())
          this.set({ projection: version.projection }, version.position === null ? 0 : Number(version.position));
      },
    });
    new Gauge({
      name: 'sepakat_projection_lag_events',
      help: `Agreement events in the store that a projection version has not applied yet (counted up to ${LAG_COUNT_CAP})`,
      labelNames: ['projection'],
      registers,
      async collect() {
        this.reset();
        for (const version of versions()) this.set({ projection: version.projection }, (await behind(version.position)).events);
      },
    });
    new Gauge({
      name: 'sepakat_projection_lag_seconds',
      help: 'How long the oldest agreement event a projection version has not applied has waited, in seconds (0 when caught up)',
      labelNames: ['projection'],
      registers,
      async collect() {
        this.reset();
        for (const version of versions()) this.set({ projection: version.projection }, (await behind(version.position)).seconds);
      },
    });
    const STATES = ['starting', 'standby', 'catching-up', 'live', 'stopped', 'failed'];
    new Gauge({
      name: 'sepakat_projection_status',
      help: 'The state of a projection version: 1 on the series of its current state (failed: stopped on an event it could not apply)',
      labelNames: ['projection', 'status'],
      registers,
      collect() {
        this.reset();
        for (const version of versions())
          for (const status of STATES) this.set({ projection: version.projection, status }, version.status === status ? 1 : 0);
      },
    });
    new Gauge({
      name: 'sepakat_projection_rebuild_progress',
      help: 'How far a projection version being rebuilt beside the serving one has got, from 0 to 1 (no series when none is rebuilt)',
      labelNames: ['projection'],
      registers,
      async collect() {
        this.reset();
        for (const readModel of readModels) {
          const { rebuilding } = readModel.status();
          if (!rebuilding) continue;
          const { head: top } = await head();
          const done = rebuilding.position === null || !top ? 0 : Math.min(1, Number(BigInt(rebuilding.position)) / Number(top.position));
          this.set({ projection: rebuilding.projection }, top ? done : 1);
        }
      },
    });
  }
}
