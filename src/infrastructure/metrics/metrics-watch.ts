import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AGREEMENT_READ_MODEL, type AgreementReadModel } from '../../application/ports/agreement-read-model.port';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port';
import { DEADLINE_READ_MODEL, type DeadlineReadModel } from '../../application/ports/deadlines.port';
import { OUTBOX_STATUS, type OutboxStatus } from '../../application/ports/notifications.port';
import { PrometheusMetrics } from './prometheus-metrics';

/** Points the scrape-time gauges at the service's store and read model once both exist. */
@Injectable()
export class MetricsWatch implements OnModuleInit {
  constructor(
    private readonly metrics: PrometheusMetrics,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
    @Inject(DEADLINE_READ_MODEL) private readonly deadlines: DeadlineReadModel,
    @Inject(OUTBOX_STATUS) private readonly outbox: OutboxStatus,
  ) {}

  onModuleInit(): void {
    this.metrics.watch(this.store, [this.readModel, this.deadlines, this.outbox]);
  }
}
