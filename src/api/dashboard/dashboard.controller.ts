import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetDashboardSummaryQuery } from '../../application/read-models/dashboard-summary.query';
import type { Actor } from '../../application/ports/token-verifier.port';
import { ReadYourWritesDto } from '../agreements/dto/agreement-queries.dto';
import { CurrentActor } from '../auth/current-actor.decorator';

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiOperation({ summary: 'Counts by state, kind and agency; agreements expiring in 30/90 days; average and p90 time in review and signing' })
  summary(@CurrentActor() actor: Actor, @Query() query: ReadYourWritesDto) {
    return this.queries.execute(new GetDashboardSummaryQuery(actor, query.position()));
  }
}
