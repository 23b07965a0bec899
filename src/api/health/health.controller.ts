import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { AGREEMENT_READ_MODEL, type AgreementReadModel } from '../../application/ports/agreement-read-model.port';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port';
import { Public } from '../auth/public.decorator';

/** Liveness and readiness for load balancers and the compose health check; needs no token. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([() => this.eventStoreHealth(), () => this.projectionHealth()]);
  }

  /** Down when a projection stopped on an event it could not apply (it needs attention). */
  private projectionHealth() {
    const indicator = this.indicators.check('projections');
    const { status, ...details } = this.readModel.status();
    return status === 'failed' ? indicator.down({ ...details, runner: status }) : indicator.up({ ...details, runner: status });
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
