import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { calendarDate } from '../../domain/agreements/calendar';
import { CLOCK, type Clock } from '../ports/clock.port';
import { AGREEMENT_READ_MODEL, type AgreementReadModel, type DashboardSummary } from '../ports/agreement-read-model.port';
import { awaitPosition } from './read-your-writes';

/** Counts by state, kind and agency, agreements expiring soon, time in review and signing. */
export class GetDashboardSummaryQuery extends Query<DashboardSummary> {
  constructor(
    readonly actor: Actor,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

@QueryHandler(GetDashboardSummaryQuery)
export class GetDashboardSummaryHandler implements IQueryHandler<GetDashboardSummaryQuery> {
  constructor(
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actor, minPosition }: GetDashboardSummaryQuery): Promise<DashboardSummary> {
    await awaitPosition(this.readModel, minPosition);
    const seesAll = actor.roles.includes('AUDITOR') || actor.roles.includes('ADMIN');
    return this.readModel.summary(seesAll ? {} : { visibleToAgency: actor.agencyId }, calendarDate(this.clock.now()));
  }
}
