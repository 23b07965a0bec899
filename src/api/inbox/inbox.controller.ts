import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetInboxQuery } from '../../application/read-models/inbox.query';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ReadYourWritesDto } from '../agreements/dto/agreement-queries.dto';

@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The steps waiting for the caller’s agency and roles, oldest first' })
  inbox(@CurrentActor() actor: Actor, @Query() query: ReadYourWritesDto) {
    return this.queries.execute(new GetInboxQuery(actor, query.position()));
  }
}
