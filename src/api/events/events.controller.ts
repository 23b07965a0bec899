import { BadRequestException, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgreementChanges } from '../../application/read-models/agreement-changes';
import { StreamTickets } from '../../application/read-models/stream-tickets';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AcceptsStreamTicket } from '../auth/stream-auth.decorator';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import { SseHub } from './sse-hub';
import { StreamTicketDto } from './stream-ticket.dto';

/**
 * Server-Sent Events for dashboards: each read-model change after its transaction committed,
 * `id` = event position, `event` = what happened, `data` = the agreement's summary, only for
 * agreements the caller may see. `Last-Event-ID` resumes after a position with no gap and no repeat.
 * Every client of the process is served from one feed ({@link SseHub}).
 */
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly changes: AgreementChanges,
    private readonly tickets: StreamTickets,
    private readonly hub: SseHub,
  ) {}

  @Post('tickets')
  @HttpCode(201)
  @ApiOperation({ summary: 'A one-time ticket (valid 60 s) to open GET /events?ticket= from a browser EventSource' })
  @ApiCreatedResponse({ type: StreamTicketDto })
  @ApiProblems(400, 401, 403, 413, 415, 429, 503)
  ticket(@CurrentActor() actor: Actor) {
    return this.tickets.issue(actor);
  }

  @Get()
  @AcceptsStreamTicket()
  @ApiOperation({ summary: 'Live read-model changes as Server-Sent Events (bearer header, or ?ticket= from POST /events/tickets)' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (a position this stream sent)' })
  @ApiQuery({ name: 'lastEventId', required: false, type: String, description: 'Last-Event-ID for clients that cannot send the header' })
  @ApiQuery({
    name: 'ticket',
    required: false,
    type: String,
    description: 'A one-time ticket from POST /events/tickets, instead of the bearer header',
  })
  async stream(
    @CurrentActor() actor: Actor,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    this.changes.assertServing();
    const lastEventId = lastEventIdHeader ?? lastEventIdQuery;
    if (lastEventId !== undefined && !(/^\d{1,19}$/.test(lastEventId) && (await this.changes.isEventPosition(BigInt(lastEventId))))) {
      throw new BadRequestException('Last-Event-ID must be an event id of this stream');
    }

    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    await this.hub.serve(actor, lastEventId === undefined ? undefined : BigInt(lastEventId), reply.raw);
  }
}
