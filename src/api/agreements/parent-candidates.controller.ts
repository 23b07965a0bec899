import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListParentCandidatesQuery } from '../../application/read-models/parent-candidates.query';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import { ReadYourWritesDto } from './dto/agreement-queries.dto';
import { AgreementSummaryDto } from './dto/agreement-views.dto';

/** What a drafting form offers as the parent of a new PKS. */
@ApiTags('agreements')
@Controller('agreements')
export class ParentCandidatesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('parent-candidates')
  @ApiOperation({
    summary: 'The MoUs in force under which the caller’s agency may draft a PKS: its own, and those of every agency it is a unit of',
  })
  @ApiOkResponse({ type: [AgreementSummaryDto] })
  @ApiProblems(400, 401, 403, 429, 503)
  candidates(@CurrentActor() actor: Actor, @Query() query: ReadYourWritesDto) {
    return this.queries.execute(new ListParentCandidatesQuery(actor, query.position()));
  }
}
