import { BadRequestException, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgreementChanges, type AgreementChange } from '../../application/read-models/agreement-changes';
import { StreamTickets } from '../../application/read-models/stream-tickets';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { AcceptsStreamTicket } from '../auth/stream-auth.decorator';

const HEARTBEAT_MS = 15_000;
/** A client that has not drained its buffer by then is dropped; it resumes with Last-Event-ID. */
const SLOW_CLIENT_MS = 10_000;

/**
 * Server-Sent Events for dashboards: each read-model change after its transaction committed,
 * `id` = event position, `event` = what happened, `data` = the agreement's summary, only for
 * agreements the caller may see. `Last-Event-ID` resumes after a position with no gap and no repeat.
 */
@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly changes: AgreementChanges,
    private readonly tickets: StreamTickets,
  ) {}

  @Post('tickets')
  @HttpCode(201)
  @ApiOperation({ summary: 'A one-time ticket (valid 60 s) to open GET /events?ticket= from a browser EventSource' })
  ticket(@CurrentActor() actor: Actor) {
    return this.tickets.issue(actor);
  }

  @Get()
  @AcceptsStreamTicket()
  @ApiOperation({ summary: 'Live read-model changes as Server-Sent Events (bearer header, or ?ticket= from POST /events/tickets)' })
  async stream(
    @CurrentActor() actor: Actor,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const lastEventId = lastEventIdHeader ?? lastEventIdQuery;
    if (lastEventId !== undefined && !/^\d{1,19}$/.test(lastEventId)) throw new BadRequestException('Last-Event-ID must be an event id of this stream');
    const after = lastEventId === undefined ? this.changes.currentPosition() : BigInt(lastEventId);
    const feed = this.changes.follow(actor, after);

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    raw.write(`retry: 2000\n: position ${after ?? 'start'}\n\n`);
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      void feed.close();
      raw.end();
    };
    raw.on('close', end);
    try {
      for await (const change of feed) {
        if (ended) break;
        if (!raw.write(frame(change)) && !(await drained(raw))) break;
      }
    } finally {
      end();
    }
  }
}

function frame(change: AgreementChange): string {
  return `id: ${change.position}\nevent: ${change.kind}\ndata: ${JSON.stringify(change.agreement)}\n\n`;
}

/** Resolves true once the socket drained, false if the client stayed too slow (or went away). */
function drained(raw: NodeJS.WritableStream): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), SLOW_CLIENT_MS);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      raw.off('drain', onDrain);
      raw.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    raw.on('drain', onDrain);
    raw.on('close', onClose);
  });
}
