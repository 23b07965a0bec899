import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import type { FastifyReply } from 'fastify';
import { METRICS, type Metrics } from '../../application/ports/metrics.port';
import { Public } from '../auth/public.decorator';

/** Injection token of who may scrape `GET /metrics` (`METRICS_TOKEN`). */
export const METRICS_ACCESS = Symbol('MetricsAccess');

export interface MetricsAccess {
  /** Unset: anyone who reaches the port; set: `Authorization: Bearer <token>` only. */
  readonly token?: string;
}

/**
 * Prometheus' scrape target. It needs no official's token (a scraper is not an official): open, or
 * behind the operator's own scrape token. It names no agreement, agency or person.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(METRICS_ACCESS) private readonly access: MetricsAccess,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Prometheus scrape target: the service’s metrics in the text exposition format; open, or behind `Authorization: Bearer <METRICS_TOKEN>`',
  })
  @ApiOkResponse({ description: 'The exposition', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiProblems(401)
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (this.access.token !== undefined && !matches(authorization, `Bearer ${this.access.token}`)) {
      throw new UnauthorizedException('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    const { contentType, body } = await this.metrics.exposition();
    await reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  }
}

/** Compared in constant time: the scrape token is a password. */
function matches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
