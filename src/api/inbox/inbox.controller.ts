import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { GetInboxCountsQuery, GetInboxQuery } from '../../application/read-models/inbox.query';
import type { InboxCounts, InboxPage } from '../../application/ports/agreement-read-model.port';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ReadYourWritesDto } from '../agreements/dto/agreement-queries.dto';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import { InboxCountsDto, InboxItemDto, InboxPageDto } from './inbox.dto';

@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(private readonly queries: QueryBus) {}

  /**
   * The body stays the list of items it always was; the next page is in the `Link` header
   * (RFC 8288, `rel="next"`), as GitHub's API pages, and is absent on the last page.
   */
  @Get()
  @ApiOperation({
    summary:
      'The steps waiting for the caller’s agency and roles, oldest first; paged with `limit` and `after` (the next page is in the Link header)',
  })
  @ApiOkResponse({
    type: InboxItemDto,
    isArray: true,
    description: 'The items of this page, oldest wait first',
    headers: {
      Link: {
        description: '`</inbox?limit=N&after=…>; rel="next"` while more items wait; absent on the last page',
        schema: { type: 'string' },
      },
    },
  })
  @ApiProblems(400, 401, 403, 429, 503)
  async inbox(@CurrentActor() actor: Actor, @Query() query: InboxPageDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const page: InboxPage = await this.queries.execute(
      new GetInboxQuery(actor, { limit: query.limit, ...(query.after ? { after: query.after } : {}) }, query.position()),
    );
    if (page.next !== undefined) reply.header('link', `</inbox?limit=${query.limit}&after=${page.next}>; rel="next"`);
    return page.items;
  }

  @Get('counts')
  @ApiOperation({ summary: 'How many agreements wait for the caller: in all (a badge) and per action' })
  @ApiOkResponse({ type: InboxCountsDto })
  @ApiProblems(400, 401, 403, 429, 503)
  counts(@CurrentActor() actor: Actor, @Query() query: ReadYourWritesDto): Promise<InboxCounts> {
    return this.queries.execute(new GetInboxCountsQuery(actor, query.position()));
  }
}
