import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { AGREEMENT_READ_MODEL, type AgreementReadModel } from '../../application/ports/agreement-read-model.port';
import { edgeAgreementEvent } from '../../application/agreements/agreement-stream';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port';
import { DEADLINE_READ_MODEL, type DeadlineReadModel } from '../../application/ports/deadlines.port';
import { OUTBOX_STATUS, type OutboxStatus } from '../../application/ports/notifications.port';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ type: 'integer', description: 'Seconds since this process started answering' })
  uptimeSeconds!: number;
}

/** Injection token of the readiness bound ({@link Readiness}). */
export const READINESS = Symbol('Readiness');

export interface Readiness {
  /** How long the read model may take to reach the store's head (`HEALTH_READY_MAX_LAG_MS`). */
  readonly maxLagMs: number;
}

/**
 * Health for orchestrators, load balancers and the compose health check; needs no token.
 * - `GET /health/live`: the process runs and answers (restart it when this fails);
 * - `GET /health/ready`: it can serve: the event store answers, no projection has failed, and the
 *   read model reaches the store's head within `HEALTH_READY_MAX_LAG_MS` (send it traffic only then);
 * - `GET /health`: the store and the projections, as before (kept for existing checks).
 */
@Controller('health')
export class HealthController {
  private readonly started = Date.now();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
    @Inject(READINESS) private readonly readiness: Readiness,
    @Inject(DEADLINE_READ_MODEL) private readonly deadlines: DeadlineReadModel,
    @Inject(OUTBOX_STATUS) private readonly outbox: OutboxStatus,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([() => this.eventStoreHealth(), () => this.projectionHealth()]);
  }

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process runs and answers (checks nothing else)' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok', uptimeSeconds: Math.floor((Date.now() - this.started) / 1000) };
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: the event store answers, no projection has failed, and the read model is within the bound of the store’s head',
  })
  async ready() {
    return this.health.check([() => this.eventStoreHealth(), () => this.projectionHealth(), () => this.caughtUp()]);
  }

  /**
   * Up when the read model has applied the newest agreement event (the events its projection
   * reads; the audit log's and the directory's are not its own), or does within the bound.
   */
  private async caughtUp() {
    const indicator = this.indicators.check('readModel');
    let head: bigint | null;
    try {
      head = (await edgeAgreementEvent(this.eventStore, 'backwards'))?.position ?? null;
    } catch {
      return indicator.down({ reason: 'the event store did not answer' });
    }
    if (head === null) return indicator.up({ headPosition: null, maxLagMs: this.readiness.maxLagMs });
    // The agreements read model (what officials read) only: the deadlines projection may still be
    // building from the log after an upgrade, and the replica can serve meanwhile (its lag is in the
    // metrics; a failed one makes /health and /health/ready down through the projections check).
    const reached = await this.readModel.reached(head, this.readiness.maxLagMs);
    const details = { headPosition: head.toString(), appliedPosition: this.readModel.status().position, maxLagMs: this.readiness.maxLagMs };
    return reached
      ? indicator.up(details)
      : indicator.down({ ...details, reason: `the read model did not reach the store's head within ${this.readiness.maxLagMs} ms` });
  }

  /** Down when a projection stopped on an event it could not apply (it needs attention). */
  private projectionHealth() {
    const indicator = this.indicators.check('projections');
    const { status, ...details } = this.readModel.status();
    const deadlines = this.deadlines.status();
    const outbox = this.outbox.status();
    const all = {
      ...details,
      runner: status,
      deadlines: { projection: deadlines.projection, runner: deadlines.status, position: deadlines.position },
      notifications: { projection: outbox.projection, runner: outbox.status, position: outbox.position },
    };
    const failed = [status, deadlines.status, outbox.status].includes('failed');
    return failed ? indicator.down(all) : indicator.up(all);
  }

  /** Up when the store answers a read of the head of `$all`; reports that position. */
  private async eventStoreHealth() {
    const indicator = this.indicators.check('eventStore');
    try {
      let headPosition: string | null = null;
      for await (const event of this.eventStore.readAll({ direction: 'backwards', maxCount: 1 })) {
        headPosition = event.position.toString();
      }
      return indicator.up({ headPosition });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
