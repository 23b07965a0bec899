import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetDashboardSummaryQuery } from '../../application/read-models/dashboard-summary.query';
import type { Actor } from '../../application/ports/token-verifier.port';
import { ReadYourWritesDto } from '../agreements/dto/agreement-queries.dto';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import { DashboardSummaryDto } from './dashboard-summary.dto';

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiOperation({
    summary: 'Counts by state, kind and agency; agreements expiring in 30/90 days; average and p90 time in review and signing',
  })
  @ApiOkResponse({ type: DashboardSummaryDto })
  @ApiProblems(400, 401, 403, 429, 503)
  summary(@CurrentActor() actor: Actor, @Query() query: ReadYourWritesDto) {
    return this.queries.execute(new GetDashboardSummaryQuery(actor, query.position()));
  }
}
