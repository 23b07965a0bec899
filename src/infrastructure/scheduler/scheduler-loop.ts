import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DeadlineScheduler, SchedulerPass } from '../../application/scheduler/deadline-scheduler';

/** What the loop reports for operators (`GET /metrics`). */
export interface SchedulerMetrics {
  schedulerLeading(leading: boolean): void;
  schedulerPass(seconds: number, pass: SchedulerPass | undefined): void;
}

const UNMEASURED: SchedulerMetrics = { schedulerLeading: () => undefined, schedulerPass: () => undefined };
import type { Leadership } from '../projections/leadership';

/** The leadership key of the scheduler: one replica of a deployment runs its passes. */
export const SCHEDULER_LEADERSHIP_KEY = 'scheduler';

/**
 * Runs the scheduler's passes every `intervalMs` while this replica leads (alone with SQLite; by a
 * PostgreSQL advisory lock among replicas, like the projections). The first pass runs as soon as
 * it leads, so a deadline that fell due while the service was down is acted on at start. A pass
 * never overlaps the next; one that fails is logged and the next comes at its time. At shutdown
 * the pass in flight finishes before the lead is given up.
 */
export class SchedulerLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private leading = false;
  private leadership: Promise<void> | undefined;

  constructor(
    private readonly scheduler: DeadlineScheduler,
    private readonly lead: Leadership,
    private readonly intervalMs: number,
    private readonly metrics: SchedulerMetrics = UNMEASURED,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) {
      this.logger.log('off in this replica (SCHEDULER_INTERVAL_MS=0)');
      return;
    }
    this.leadership = this.contend();
  }

  /** Whether this replica runs the deployment's passes now (for health checks and tests). */
  get isLeading(): boolean {
    return this.leading;
  }

  /** A pass now, outside the timer (and never beside another); what the timer runs. */
  async runOnce(): Promise<void> {
    if (this.running) return this.running;
    const started = performance.now();
    this.running = this.scheduler
      .runDue()
      .then((pass) => this.metrics.schedulerPass((performance.now() - started) / 1000, pass))
      .catch((error: unknown) => {
        this.metrics.schedulerPass((performance.now() - started) / 1000, undefined);
        this.logger.error('a scheduler pass failed; the next one comes at its time', error);
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Before the stores and read models close: the pass in flight still needs them. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.lead.release();
    await this.leadership;
  }

  /** Waits for the lead (a standby polls for it), then runs passes; a lost lead makes it wait again. */
  private contend(): Promise<void> {
    return this.lead
      .acquire(() => {
        this.logger.warn('lost the lead; standing by');
        this.leading = false;
        this.metrics.schedulerLeading(false);
        clearTimeout(this.timer);
        if (!this.stopped) this.leadership = this.contend();
      })
      .then((outcome) => this.onLead(outcome));
  }

  private onLead(outcome: 'leading' | 'stopped'): void {
    if (outcome !== 'leading' || this.stopped) return;
    this.leading = true;
    this.metrics.schedulerLeading(true);
    this.logger.log(`leading: a pass every ${this.intervalMs} ms`);
    const tick = () => {
      if (!this.leading || this.stopped) return;
      void this.runOnce().finally(() => {
        if (this.leading && !this.stopped) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    tick();
  }
}
